import type { Db } from '~db/connection'
import { everyoneAgrees } from '~/features/decisions/stance-round.server'
import { addGathering, contribute, publishIssue } from '~/features/network/gatherings.server'
import { addMeetingNote, raiseLinkChallenge, scheduleJointMeeting } from '~/features/network/links.server'
import * as proposals from '~/features/network/proposals.server'
import type { TestPerson } from './index'

// Groups in the network, moved there through the services people use: each step is the group's
// own proposal, agreed by everyone in it.

/** A group's own decision: proposed by its first member, agreed by all. */
export async function decided(db: Db, members: readonly TestPerson[], propose: (by: TestPerson) => Promise<string>): Promise<string> {
  const id = await propose(members[0]!)
  const status = await everyoneAgrees(db, id, members)
  if (status !== 'passed') throw new Error(`The group's decision ${id} did not pass (${status}).`)
  return id
}

/** Takes a group from outside the network to a member group with a published statement. */
export async function makeMemberGroup(db: Db, groupId: string, members: readonly TestPerson[], statement: string) {
  await decided(db, members, (by) => proposals.proposeEnterNetwork(db, by, groupId, 'Self and peer assessment over six meetings.'))
  await decided(db, members, (by) => proposals.proposeStoodBy(db, by, groupId, 'Six meetings of self and peer assessment.'))
  await decided(db, members, (by) => proposals.proposeStatement(db, by, groupId, statement))
}

/** Links two member groups: `a` asks, `b` accepts. Returns the link's id. */
export async function linkGroups(
  db: Db,
  a: { id: string; members: readonly TestPerson[] },
  b: { id: string; members: readonly TestPerson[] },
) {
  await decided(db, a.members, (by) => proposals.proposeAskLink(db, by, a.id, { toGroupId: b.id }))
  const link = await db
    .selectFrom('networkLinks')
    .select('id')
    .where('askingGroupId', '=', a.id)
    .where('answeringGroupId', '=', b.id)
    .where('status', '=', 'asked')
    .executeTakeFirstOrThrow()
  await decided(db, b.members, (by) => proposals.proposeAnswerLink(db, by, b.id, { linkId: link.id, answer: 'accept', reason: '' }))
  return link.id
}

/** `by` validates the group on the other side of the link. */
export function validateLink(
  db: Db,
  by: { id: string; members: readonly TestPerson[] },
  linkId: string,
  verdict: 'validated' | 'withheld' = 'validated',
) {
  return decided(db, by.members, (p) =>
    proposals.proposeValidation(db, p, by.id, {
      linkId,
      verdict,
      reasons: verdict === 'withheld' ? 'We have not yet met them twice.' : '',
    }),
  )
}

/**
 * The network part of a world: two member groups, A (Alice and Bob) and B (Carol and Beth, who
 * is in no other group of the world, so that Dana, the pair's practitioner, stays outside),
 * linked; B has raised a challenge to A's process, and Alice has noted a joint meeting (both
 * shared between the two groups only: `secrets`); A has put a federal proposal to the network;
 * there is a Gathering, one newsletter issue, and one contribution waiting for the next.
 */
export async function networkWorld(
  db: Db,
  tag: string,
  people: { alice: TestPerson; bob: TestPerson; carol: TestPerson; beth: TestPerson },
  createGroupWith: (db: Db, members: TestPerson[], options: { name: string }) => Promise<string>,
) {
  const a = { id: '', name: `Linked circle A ${tag}`, members: [people.alice, people.bob] }
  const b = { id: '', name: `Linked circle B ${tag}`, members: [people.carol, people.beth] }
  a.id = await createGroupWith(db, a.members, { name: a.name })
  b.id = await createGroupWith(db, b.members, { name: b.name })
  const statementA = `We hold each other to account for the client's experience, ${tag}.`
  await makeMemberGroup(db, a.id, a.members, statementA)
  await makeMemberGroup(db, b.id, b.members, `Civic accountability is ours to hold, ${tag}.`)
  const linkId = await linkGroups(db, a, b)
  const challengeText = `Do you hear each other's dissent, ${tag}?`
  await raiseLinkChallenge(db, people.carol, linkId, { text: challengeText })
  const meetingId = await scheduleJointMeeting(db, people.alice, linkId, { startsAt: '2027-01-15 14:00', place: 'The river room' })
  const noteText = `Joint meeting notes, ${tag}`
  await addMeetingNote(db, people.alice, linkId, { meetingId, note: noteText })
  const proposalTitle = `Meet at every Gathering, ${tag}`
  await decided(db, a.members, (by) =>
    proposals.proposeFederal(db, by, a.id, { kind: 'general', title: proposalTitle, body: 'Every group sends someone to each Gathering.' }),
  )
  const proposal = await db.selectFrom('federalProposals').select('id').where('title', '=', proposalTitle).executeTakeFirstOrThrow()
  await addGathering(db, people.alice, {
    title: `Spring Gathering ${tag}`,
    startsOn: '2027-04-10',
    endsOn: '2027-04-12',
    place: 'Hebden Bridge',
    description: '',
  })
  await contribute(db, people.bob, { title: `On standing by, ${tag}`, body: 'What it asks of us.' })
  const issue = await publishIssue(db, people.alice, { title: `After the winter Gathering, ${tag}` })
  await contribute(db, people.beth, { title: `Waiting, ${tag}`, body: 'For the next issue.' })
  return {
    network: {
      a: { id: a.id, name: a.name },
      b: { id: b.id, name: b.name },
      statementA,
      linkId,
      meetingId,
      proposalId: proposal.id,
      proposalTitle,
      issue,
    },
    secrets: [challengeText, noteText],
  }
}
