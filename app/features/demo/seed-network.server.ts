import type { Db } from '~db/connection'
import { demoGroup, type DemoPersonKey } from '~db/demo-content'
import { listLinksOf } from '~db/queries/network-links'
import { listFederalProposals, listGatherings } from '~db/queries/network-federation'
import { createAccount } from '~/features/accounts/accounts.server'
import { everyoneAgrees } from '~/features/decisions/stance-round.server'
import { createGroup, createInvitation, joinByInvitation } from '~/features/groups/groups.server'
import { addGathering, contribute, publishIssue } from '~/features/network/gatherings.server'
import { addMeetingNote, raiseLinkChallenge, scheduleJointMeeting } from '~/features/network/links.server'
import * as proposals from '~/features/network/proposals.server'
import type { SessionUser } from '~/utils/session.server'

// The demo's network of groups (issue 18 item 8), told through the services like the rest of
// the demo: every move is a group's own decision, agreed by all its members. The Thursday group
// becomes a full member through two link groups; Canal Side is a member group whose two link
// groups are mid-validation (one has validated, one has challenged and waits for an answer);
// Valley is forming; a federal proposal is open; a Gathering is on the calendar.

const DAY = 86_400_000

type NetworkGroup = { name: string; members: SessionUser[]; id: string }
/** The demo's story clock (`at` sets it to so many days ago) and the demo's password. */
type Story = { db: Db; at: (daysAgo: number) => void; passwordHash: string }

/** What a group publishes on its way to membership. */
type MemberPath = { route: string; account: string; statement: string; description: string }
type GroupStory = { name: string; people: string[]; route: string }

/** A day relative to today, as a date field takes it; negative days are in the past. */
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10)

const PAST_GATHERING = 'Gathering: what a link group is for'

const THURSDAY: MemberPath = {
  route: 'Monthly self and peer assessment, alongside the co-operative inquiry we have begun into our own practice.',
  account:
    'Three rounds of self and peer assessment: each of us presented a piece of work and heard the others. Our inquiry showed us how we handle disagreement, and that we can. We stand by each other.',
  statement: [
    'We are six counsellors who meet each Thursday to stand by one another’s practice. Our first loyalty is to the people who come to us for help.',
    'We hold that a client is the authority on their own experience: we offer understanding, not verdicts, and we do not steer anyone toward ends we would choose for them.',
    'What a client tells us stays with us. When we bring our work to this group we describe it only as far as we need, never in a way that could identify anyone.',
    'We name our limits and refer on when the work asks more than we can give.',
    'We take any concern about one of us seriously and openly, and we expect to be challenged, by each other and by our link groups, when we fall short.',
  ].join(' '),
  description: 'Six counsellors who meet on Thursdays, inquiring together into what happens when a session falls silent.',
}

const STORIES = {
  riverside: {
    name: 'Riverside Co-counselling Circle',
    people: ['Hana S.', 'Tomasz W.', 'Grace L.'],
    route: 'Co-counselling in pairs, then self and peer assessment over eight evenings.',
    account: 'Eight evenings of self and peer assessment, each of us presenting a piece of work twice. We stand by each other.',
    statement:
      'We take turns as client and counsellor with each other, and bring that to our paid work. People are the experts on their own distress and on what helps them: we do not diagnose, we do not advise, and we do not keep anyone in work that has stopped serving them. We tell clients plainly what we charge, how to reach us, and how to raise a complaint about any of us with the whole circle.',
    description: 'Three co-counsellors and counsellors by the river in York.',
  },
  northfield: {
    name: 'Northfield Psychotherapy Peer Group',
    people: ['Idris B.', 'Maeve C.', 'Oskar N.', 'Priya D.'],
    route: 'Peer supervision, then a year of self and peer assessment of our practice.',
    account: 'A year of self and peer assessment, with an outside facilitator for the first three months. We stand by each other.',
    statement:
      'We are psychotherapists in independent practice, accountable to our clients first and to each other second. We keep the frame of the work clear: time, fees, endings and confidentiality are agreed at the start and changed only in the open. We do not work with people we know socially. When one of us cannot practise safely, the others will say so, and help.',
    description: 'Four psychotherapists in Sheffield who have met fortnightly for eight years.',
  },
  canal: {
    name: 'Canal Side Practitioners',
    people: ['Rosa F.', 'Samuel A.', 'Yusuf H.'],
    route: 'Five meetings of self and peer assessment, each of us presenting our work with one client.',
    account:
      'Five meetings of self and peer assessment; each of us presented our work with one client and heard the others. We stand by each other.',
    statement:
      'We are a counsellor, an art therapist and a bodywork practitioner working with people who live with long-term illness. We respect each client’s own pace and own account of what is happening to them, and we promise no cures. What clients tell us stays confidential unless a life is at risk, and we say so at the start. A client may bring a concern about any of us to the whole group.',
    description: 'Three practitioners in Manchester working with people who live with long-term illness.',
  },
  valley: {
    name: 'Valley Arts Therapists',
    people: ['Lena V.', 'Kofi M.'],
    route: 'We mean to meet monthly for a year, presenting our work in turn, before we ask whether we stand by each other.',
  },
} satisfies Record<string, GroupStory | (GroupStory & MemberPath)>

/** A group of new demo people, each with the demo's password, the first founding it and inviting the rest. */
async function createStoryGroup({ db, passwordHash }: Story, story: GroupStory): Promise<NetworkGroup> {
  const members: SessionUser[] = []
  for (const displayName of story.people) {
    const email = `${displayName.split(' ')[0]!.toLowerCase()}@demo.inquiry.local`
    members.push({ id: await createAccount(db, { email, displayName, passwordHash, isDemo: true }), email, displayName })
  }
  const [founder, ...others] = members
  const id = await createGroup(db, founder!, { kind: 'inquiry_group', name: story.name, facilitate: 'on' })
  const { token } = await createInvitation(db, founder!, id, { expiresInDays: 7 })
  for (const person of others) await joinByInvitation(db, person, token)
  return { name: story.name, members, id }
}

/** A group's own decision: proposed by its first member, agreed by all; it must pass. */
async function decided(db: Db, group: NetworkGroup, propose: (by: SessionUser) => Promise<string>) {
  const id = await propose(group.members[0]!)
  const status = await everyoneAgrees(db, id, group.members)
  if (status !== 'passed') throw new Error(`${group.name}'s decision ${id} did not pass (${status}).`)
}

/**
 * The group's way to membership, each step its own decision on its own day: it enters as a
 * forming group, decides by consensus that its members stand by each other, then publishes its
 * statement and says what the directory shows of it.
 */
async function becomeMember({ db, at }: Story, group: NetworkGroup, story: MemberPath, days: [number, number, number]) {
  at(days[0])
  await decided(db, group, (by) => proposals.proposeEnterNetwork(db, by, group.id, story.route))
  at(days[1])
  await decided(db, group, (by) => proposals.proposeStoodBy(db, by, group.id, story.account))
  at(days[2])
  await decided(db, group, (by) => proposals.proposeStatement(db, by, group.id, story.statement))
  await decided(db, group, (by) => proposals.proposeProfile(db, by, group.id, { description: story.description, showMemberCount: 'on' }))
}

/** `asking` asks `answering` to be its link group, and `answering` accepts; returns the link's id. */
async function link(db: Db, asking: NetworkGroup, answering: NetworkGroup, reason = '') {
  await decided(db, asking, (by) => proposals.proposeAskLink(db, by, asking.id, { toGroupId: answering.id }))
  const asked = (await listLinksOf(db, [asking.id])).find((l) => l.answeringGroupId === answering.id && l.status === 'asked')
  if (!asked) throw new Error(`${asking.name}'s request for a link with ${answering.name} was not made.`)
  await decided(db, answering, (by) => proposals.proposeAnswerLink(db, by, answering.id, { linkId: asked.id, answer: 'accept', reason }))
  return asked.id
}

/** `by` validates the process of the group on the other side of the link. */
const validate = (db: Db, by: NetworkGroup, linkId: string, reasons: string) =>
  decided(db, by, (p) => proposals.proposeValidation(db, p, by.id, { linkId, verdict: 'validated', reasons }))

/**
 * Seeds the network around the demo group on the demo's story clock, each step after the one
 * before. The Thursday group enters well after it was founded, so its network decisions fall
 * inside its own history; nothing is left open but the federal proposal.
 */
export async function seedNetwork(
  db: Db,
  demo: { people: Map<DemoPersonKey, SessionUser>; groupId: string; passwordHash: string; at: (daysAgo: number) => void },
) {
  const s: Story = { db, at: demo.at, passwordHash: demo.passwordHash }
  const thursday: NetworkGroup = { name: demoGroup.name, members: [...demo.people.values()], id: demo.groupId }
  const cast = await growNetwork(s, thursday, demo.people.get('amara')!)
  s.at(33)
  await addGathering(db, cast.riverside.members[0]!, {
    title: PAST_GATHERING,
    startsOn: dayFromNow(-13),
    endsOn: dayFromNow(-12),
    place: 'Friends Meeting House, Hebden Bridge',
    description: 'Two days for everyone in the network, newcomers welcome.',
  })
  await meetAndValidate(s, cast)
  s.at(14)
  await becomeForming(s)
  await writeNewsletter(s, cast)
  await leaveCanalMidValidation(s, cast)
  await putToNetwork(s, cast)
  s.at(2)
  await addGathering(db, cast.northfield.members[0]!, {
    title: 'Gathering: standing by under pressure',
    startsOn: dayFromNow(40),
    endsOn: dayFromNow(41),
    place: 'Quaker Meeting House, Sheffield',
    description: 'Forming groups especially welcome. Bring a question from your practice that your group has not been able to settle.',
  })
  // One member of each other group, for the login list: the challenge awaiting Canal Side's answer is theirs and Northfield's to read.
  return [cast.canal, cast.northfield, cast.riverside].map((g) => ({ ...g.members[0]!, group: g.name }))
}

/** Riverside and Northfield become member groups first, then Canal Side, then the Thursday group; Thursday and Canal Side each ask both for links. */
async function growNetwork(s: Story, thursday: NetworkGroup, amara: SessionUser) {
  s.at(150)
  const riverside = await createStoryGroup(s, STORIES.riverside)
  const northfield = await createStoryGroup(s, STORIES.northfield)
  await becomeMember(s, riverside, STORIES.riverside, [148, 128, 124])
  await becomeMember(s, northfield, STORIES.northfield, [120, 106, 102])
  s.at(100)
  const canal = await createStoryGroup(s, STORIES.canal)
  await becomeMember(s, canal, STORIES.canal, [96, 75, 72])
  await becomeMember(s, thursday, THURSDAY, [65, 45, 42])
  s.at(38)
  const thursdayRiverside = await link(s.db, thursday, riverside, 'We accept, and look forward to meeting the group.')
  const thursdayNorthfield = await link(s.db, thursday, northfield)
  s.at(35)
  const canalRiverside = await link(s.db, canal, riverside)
  const canalNorthfield = await link(s.db, canal, northfield, 'We accept, and will want to visit one of your meetings.')
  return {
    amara,
    thursday,
    riverside,
    northfield,
    canal,
    links: { thursdayRiverside, thursdayNorthfield, canalRiverside, canalNorthfield },
  }
}

type Cast = Awaited<ReturnType<typeof growNetwork>>

/** A joint meeting of Thursday and Riverside, with Amara's note, then both link groups validate Thursday: a full member group. */
async function meetAndValidate({ db, at }: Story, { amara, riverside, northfield, links }: Cast) {
  at(27)
  const meetingId = await scheduleJointMeeting(db, amara, links.thursdayRiverside, {
    startsAt: `${dayFromNow(-24)} 18:30`,
    place: 'Riverside’s room at the Friends Meeting House, York',
  })
  // After the meeting whatever the hour now: its 18:30 falls between 23.3 and 24.3 days ago.
  at(22.5)
  await addMeetingNote(db, amara, links.thursdayRiverside, {
    meetingId,
    note: 'Each group told how it came to stand by each other. Riverside asked how we hear a member who disagrees with the rest; we told them about the devil’s advocate in our inquiry, and they asked to sit in on one of our sense-making meetings. Next: their visit in a fortnight.',
  })
  at(20)
  await validate(
    db,
    riverside,
    links.thursdayRiverside,
    'We met the group twice and sat in on one of its meetings. Dissent was raised and taken up, not smoothed over.',
  )
  at(16)
  await validate(
    db,
    northfield,
    links.thursdayNorthfield,
    'Their self and peer assessment was thorough, and their inquiry keeps it honest.',
  )
}

/** Valley Arts Therapists found their group and enter the network as a forming group. */
async function becomeForming(s: Story) {
  const valley = await createStoryGroup(s, STORIES.valley)
  s.at(13)
  await decided(s.db, valley, (by) => proposals.proposeEnterNetwork(s.db, by, valley.id, STORIES.valley.route))
}

/** After the Gathering, two contributions and the newsletter's first issue. */
async function writeNewsletter({ db, at }: Story, { amara, riverside }: Cast) {
  at(10)
  await contribute(db, riverside.members[0]!, {
    title: 'Validating is not inspecting',
    body: 'At the Gathering we caught ourselves talking about validation as if it were an inspection. It is not. A link group does not check a group against a standard; it asks whether the group’s own way of standing by each other is real: whether dissent is heard, whether a complaint would be taken up. We can only find that out by meeting, more than once.',
  })
  await contribute(db, amara, {
    title: 'Standing by each other in the middle of an inquiry',
    body: 'We came to stand by each other while running a co-operative inquiry into our own practice. The inquiry gave us a habit of naming disagreement out loud, and a devil’s advocate whose job is to doubt us. Our link groups asked about both. We recommend it to any forming group: do something together that is hard, and see how you hold it.',
  })
  at(9)
  const gatheringId = (await listGatherings(db)).find((g) => g.title === PAST_GATHERING)?.id
  await publishIssue(db, riverside.members[1]!, { title: 'After the Gathering: what links are for', gatheringId })
}

/** Riverside validates Canal Side; Northfield challenges Canal Side's process, and waits for the answer before it decides. */
async function leaveCanalMidValidation({ db, at }: Story, { riverside, northfield, links }: Cast) {
  at(8)
  await validate(
    db,
    riverside,
    links.canalRiverside,
    'We visited one of their meetings and heard each of them present work. We validate their process.',
  )
  at(6)
  await raiseLinkChallenge(db, northfield.members[1]!, links.canalNorthfield, {
    text: 'Your account says you came to stand by each other in five meetings. Two of you share a clinic and refer clients to each other. How does the group notice when a referral serves the practice more than the client, and who outside that working relationship hears a complaint? We would like your answer before we decide.',
  })
}

/** Riverside puts a longer grace period to the network; Riverside and Thursday agree, Northfield and Canal Side have yet to decide. */
async function putToNetwork({ db, at }: Story, { riverside, thursday }: Cast) {
  at(5)
  await decided(db, riverside, (by) =>
    proposals.proposeFederal(db, by, riverside.id, {
      kind: 'grace_period',
      graceDays: '270',
      title: 'Lengthen the grace period to nine months',
      body: 'A group that loses a link through no fault of its own, when a link group lays itself down, needs time to find and get to know another. Groups outside the cities tell us six months is too short to meet a new group often enough to be validated by it.',
    }),
  )
  const proposal = (await listFederalProposals(db, 'open'))[0]!
  at(4)
  await decided(db, riverside, (by) =>
    proposals.proposeFederalStance(db, by, riverside.id, { proposalId: proposal.id, stance: 'agree', reason: 'We put it forward.' }),
  )
  at(3)
  await decided(db, thursday, (by) =>
    proposals.proposeFederalStance(db, by, thursday.id, {
      proposalId: proposal.id,
      stance: 'agree',
      reason: 'Any of our link groups could lay itself down; nine months is fairer to the group left seeking.',
    }),
  )
}
