import { describe, expect, test } from 'vitest'
import * as groupNetworkRoute from '~/routes/groups.$groupId.network'
import * as linkRoute from '~/routes/network.links.$linkId'
import * as publicationRoute from '~/routes/network.groups.$groupId.publication[.json]'
import * as directoryRoute from '~/routes/network._index'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import { takeStancesInTurn } from '~/features/decisions/stance-round.server'
import { withdrawFromGroup } from '~/features/accounts/withdrawal.server'
import { getFederalProposal } from '~/features/network/federal.server'
import { getLinkPage } from '~/features/network/links.server'
import { chooseAccreditation, getDirectoryGroups, getGroupPublication, getParticipantProfile } from '~/features/network/network.server'
import * as proposals from '~/features/network/proposals.server'
import { readNetworkSettings } from '~/features/network/settings.server'
import { createPerson, createTestInquiry, createTestRecord, type TestPerson } from '../factories'
import { decided, linkGroups, validateLink } from '../factories/network'
import { everyOtherMemberGroupCasts, memberTestGroup, networkTestGroup } from './support-network'
import { bodyOf, get, post, tableCounts } from './harness'
import { db } from './support-inquiries'

// The network of groups (issue 18): a group's stages are moved only by its own decisions, full
// membership follows from the rule (two links, each validating), links lapse without silently
// stripping a group, federal decisions are weighed by each group's decided stance, and nothing
// but what a group decided to publish crosses its boundary.

type G = { id: string; name: string; members: TestPerson[] }

const group = (label: string, size = 2): Promise<G> => networkTestGroup(db(), label, size)
const memberGroup = (label: string): Promise<G> => memberTestGroup(db(), label)
const everyOtherGroupCasts = (proposalId: string, except: readonly string[], stance: 'agree' | 'stand_aside' = 'stand_aside') =>
  everyOtherMemberGroupCasts(db(), proposalId, except, stance)

const standingOf = async (g: G) => (await getDirectoryGroups(db())).find((d) => d.id === g.id)?.standing

describe('a group in the network', () => {
  test('moves from forming to full member only by its own decisions and its link groups’ validations', async () => {
    const a = await group('Ash', 3)
    const [ada] = a.members
    expect(await standingOf(a)).toBeUndefined()
    await decided(db(), a.members, (by) => proposals.proposeEnterNetwork(db(), by, a.id, 'Self and peer assessment.'))
    expect(await standingOf(a)).toBe('forming')

    // Standing by is decided by consensus: one member's block stops it.
    const stood = await proposals.proposeStoodBy(db(), ada!, a.id, 'We met eight times.')
    const rule = JSON.parse(
      (await db().selectFrom('decisions').select('ruleJson').where('id', '=', stood).executeTakeFirstOrThrow()).ruleJson,
    )
    expect(rule).toMatchObject({ quorum: 1, blockVetoes: true })
    await takeStancesInTurn(db(), stood, [
      { person: a.members[0]!, stance: 'agree' },
      { person: a.members[1]!, stance: 'agree' },
      { person: a.members[2]!, stance: 'block', reason: 'Not yet.' },
    ])
    expect(await standingOf(a)).toBe('forming')
    await takeStancesInTurn(db(), stood, [{ person: a.members[2]!, stance: 'agree', reason: 'We talked it through.' }])
    expect(await standingOf(a)).toBe('standing_by')

    await decided(db(), a.members, (by) => proposals.proposeStatement(db(), by, a.id, 'Our ethical stance toward clients.'))
    expect(await standingOf(a)).toBe('member')

    const b = await memberGroup('Birch')
    const c = await memberGroup('Cedar')
    const ab = await linkGroups(db(), a, b)
    const ac = await linkGroups(db(), a, c)
    await validateLink(db(), b, ab)
    expect(await standingOf(a)).toBe('member')
    await validateLink(db(), c, ac, 'withheld')
    expect(await standingOf(a)).toBe('member')
    await validateLink(db(), c, ac)
    expect(await standingOf(a)).toBe('full_member')

    const history = (await getGroupPublication(db(), ada!, a.id)).history.map((h) => h.standing)
    expect(history).toEqual(['forming', 'standing_by', 'member', 'full_member'])
    const publication = await getGroupPublication(db(), b.members[0]!, a.id)
    expect(publication.validations.filter((v) => v.verdict === 'withheld')[0]?.reasons).toContain('not yet met them twice')

    // Accreditation shows on a member's profile only when they choose it.
    expect((await getParticipantProfile(db(), b.members[0]!, ada!.id)).accreditations).toEqual([])
    await chooseAccreditation(db(), ada!, a.id, true)
    expect((await getParticipantProfile(db(), b.members[0]!, ada!.id)).accreditations.map((x) => x.name)).toEqual([a.name])
    expect((await getParticipantProfile(db(), b.members[0]!, a.members[1]!.id)).accreditations).toEqual([])
    await expect(chooseAccreditation(db(), b.members[0]!, b.id, true)).rejects.toThrow(/full member group only/)
    // Someone the network does not show has no profile there: their name is not the network's to show.
    const stranger = await createPerson(db(), 'Stranger to the network')
    await expect(getParticipantProfile(db(), ada!, stranger.id)).rejects.toThrow(/not found/)
  })

  test('a full member that loses a link is seeking a link for the grace period, never silently stripped', async () => {
    const a = await memberGroup('Elm')
    const b = await memberGroup('Fir')
    const c = await memberGroup('Gum')
    const ab = await linkGroups(db(), a, b)
    const ac = await linkGroups(db(), a, c)
    await validateLink(db(), b, ab)
    await validateLink(db(), c, ac)
    expect(await standingOf(a)).toBe('full_member')
    // C lays itself down: its links end, and A is seeking a link, with the grace period stated.
    await decided(db(), c.members, (by) => proposals.proposeLayDown(db(), by, c.id, 'We are dissolving.'))
    expect(await standingOf(c)).toBe('laid_down')
    const row = (await getDirectoryGroups(db())).find((d) => d.id === a.id)!
    expect(row.standing).toBe('seeking_link')
    const { graceDays } = await readNetworkSettings(db())
    expect(Date.parse(row.graceEndsAt!) - Date.now()).toBeGreaterThan((graceDays - 1) * 86_400_000)
    const notes = (await getGroupPublication(db(), a.members[0]!, a.id)).history.map((h) => h.note).join('\n')
    expect(notes).toMatch(/link with .* ended: .* laid itself down/)
    expect(notes).toMatch(/seeking a link, with a grace period of \d+ days/)
  })
})

describe('refused, with nothing written', () => {
  test('a link to oneself, a third link while two validate, a statement before standing by, a stance from a forming group', async () => {
    const a = await memberGroup('Hazel')
    const b = await memberGroup('Ivy')
    const c = await memberGroup('Juniper')
    const d = await memberGroup('Kauri')
    const forming = await group('Larch')
    await decided(db(), forming.members, (by) => proposals.proposeEnterNetwork(db(), by, forming.id, 'Peer assessment.'))
    const ab = await linkGroups(db(), a, b)
    const ac = await linkGroups(db(), a, c)
    await validateLink(db(), b, ab)
    await validateLink(db(), c, ac)
    await decided(db(), d.members, (by) =>
      proposals.proposeFederal(db(), by, d.id, { kind: 'general', title: 'A question', body: 'For all.' }),
    )
    const proposalId = (
      await db().selectFrom('federalProposals').select('id').where('proposedByGroupId', '=', d.id).executeTakeFirstOrThrow()
    ).id

    const cases: [string, string, Record<string, string>, RegExp, string][] = [
      [a.id, 'a link to oneself', { intent: 'ask-link', toGroupId: a.id }, /cannot link with itself/, 'toGroupId'],
      [
        a.id,
        'a third link while two validate',
        { intent: 'ask-link', toGroupId: d.id },
        /already has 2 links that validate it/,
        'toGroupId',
      ],
      [
        forming.id,
        'a statement before standing by',
        { intent: 'statement', statement: 'Too soon.' },
        /once the group has decided, by consensus/,
        '',
      ],
      [
        forming.id,
        'a federal stance from a forming group',
        { intent: 'federal-stance', proposalId, stance: 'agree', reason: '' },
        /Member groups cast stances/,
        '',
      ],
      [
        b.id,
        'validating a link it is not on',
        { intent: 'validate', linkId: ac, verdict: 'validated', reasons: '' },
        /not one of this group/,
        '',
      ],
      [
        a.id,
        'withholding without reasons',
        { intent: 'validate', linkId: ab, verdict: 'withheld', reasons: '' },
        /needs its reasons/,
        'reasons',
      ],
    ]
    for (const [groupId, what, form, message, field] of cases) {
      const g = [a, b, c, d, forming].find((x) => x.id === groupId)!
      const before = await tableCounts(db())
      const response = await post(groupNetworkRoute, {
        path: `/groups/${groupId}/network`,
        params: { groupId },
        cookie: g.members[0]!.cookie,
        form,
      })
      expect(response.status, what).toBeGreaterThanOrEqual(400)
      expect(response.status, what).toBeLessThan(500)
      const body = await bodyOf(response)
      const said = field ? body.errors?.[field] : (body.formError ?? body.errors?.[Object.keys(body.errors ?? {})[0] ?? ''])
      expect(said, what).toMatch(message)
      expect(body.values, what).toMatchObject(form)
      expect(await tableCounts(db()), what).toEqual(before)
    }
  })
})

describe('federal decisions', () => {
  test('each group decides its stance inside itself; a block from one group holds the proposal open', async () => {
    const groups = [await memberGroup('Maple'), await memberGroup('Nettle'), await memberGroup('Oak')]
    const [m, n, o] = groups as [G, G, G]
    await decided(db(), m.members, (by) =>
      proposals.proposeFederal(db(), by, m.id, {
        kind: 'grace_period',
        title: 'A year of grace',
        body: 'Links take time.',
        graceDays: '365',
      }),
    )
    const proposalId = (
      await db().selectFrom('federalProposals').select('id').where('proposedByGroupId', '=', m.id).executeTakeFirstOrThrow()
    ).id
    const stance = (g: G, s: 'agree' | 'block' | 'stand_aside', reason = '') =>
      decided(db(), g.members, (by) => proposals.proposeFederalStance(db(), by, g.id, { proposalId, stance: s, reason }))
    // Inside the group, a stance is only proposed: until the group decides, nothing crosses.
    const internal = await proposals.proposeFederalStance(db(), n.members[0]!, n.id, {
      proposalId,
      stance: 'block',
      reason: 'Internal musing',
    })
    expect((await getFederalProposal(db(), o.members[0]!, proposalId)).stances.find((s) => s.groupId === n.id)?.stance).toBeNull()
    await takeStancesInTurn(db(), internal, [{ person: n.members[1]!, stance: 'block', reason: 'We have not discussed it' }])

    await everyOtherGroupCasts(proposalId, [m.id, n.id, o.id])
    await stance(m, 'agree')
    await stance(n, 'block', 'Some of us cannot travel.')
    await stance(o, 'agree')
    // Every member group has cast; the block holds it open, and every group reads why.
    const held = await getFederalProposal(db(), o.members[0]!, proposalId)
    expect(held.proposal.status).toBe('open')
    expect(held.explanation).toMatch(/Held open for dialogue: 1 group blocks it/)
    expect(held.stances.find((s) => s.groupId === n.id)).toMatchObject({ stance: 'Blocks', reason: 'Some of us cannot travel.' })
    // Only the decided stance and reason crossed: not the internal proposal's reasons.
    expect(JSON.stringify(held)).not.toContain('We have not discussed it')
    expect(JSON.stringify(held)).not.toContain('Internal musing')
    expect((await readNetworkSettings(db())).graceDays).not.toBe(365)

    await stance(n, 'stand_aside', 'We will not stand in the way.')
    const passed = await getFederalProposal(db(), o.members[0]!, proposalId)
    expect(passed.proposal.status).toBe('passed')
    expect((await readNetworkSettings(db())).graceDays).toBe(365)
  })

  test('an officer is elected by federal decision, and offices rotate', async () => {
    const g = await memberGroup('Pine')
    const candidate = g.members[1]!
    const elect = async () => {
      await decided(db(), g.members, (by) =>
        proposals.proposeFederal(db(), by, g.id, {
          kind: 'elect_officer',
          title: 'A convenor',
          body: 'For the Gatherings.',
          office: 'Convenor of Gatherings',
          personId: candidate.id,
          termMonths: '1',
        }),
      )
      const { id } = await db()
        .selectFrom('federalProposals')
        .select('id')
        .where('proposedByGroupId', '=', g.id)
        .where('status', '=', 'open')
        .executeTakeFirstOrThrow()
      await everyOtherGroupCasts(id, [g.id], 'agree')
      await decided(db(), g.members, (by) =>
        proposals.proposeFederalStance(db(), by, g.id, { proposalId: id, stance: 'agree', reason: '' }),
      )
      return getFederalProposal(db(), candidate, id)
    }
    const first = await elect()
    expect(first.proposal.status).toBe('passed')
    expect(first.details).toContain('Convenor of Gatherings')
    const serving = () =>
      db().selectFrom('networkOffices').selectAll().where('personId', '=', candidate.id).where('endedAt', 'is', null).execute()
    expect((await serving()).map((o) => o.office)).toEqual(['Convenor of Gatherings'])
    // A second term follows the first (the first ends as the second begins); a third in a row is refused.
    expect((await elect()).proposal.status).toBe('passed')
    expect(await serving()).toHaveLength(1)
    await expect(
      proposals.proposeFederal(db(), g.members[0]!, g.id, {
        kind: 'elect_officer',
        title: 'Again',
        body: 'Once more.',
        office: 'convenor of gatherings',
        personId: candidate.id,
        termMonths: '1',
      }),
    ).rejects.toThrow(/Offices rotate: this person has served 2 terms in a row/)
    // Nor can a group propose someone who is not one of its members.
    const outsider = await createPerson(db(), 'Not of Pine')
    await expect(
      proposals.proposeFederal(db(), g.members[0]!, g.id, {
        kind: 'elect_officer',
        title: 'x',
        body: 'y',
        office: 'Editor',
        personId: outsider.id,
        termMonths: '6',
      }),
    ).rejects.toThrow(/one of its own current members/)
  })
})

describe('what crosses a group’s boundary', () => {
  test('a member of group A reads nothing of B’s internal deliberation, its inquiries or its link’s shared pages', async () => {
    const a = await memberGroup('Quince')
    const b = await memberGroup('Rowan')
    const c = await memberGroup('Sorrel')
    const bc = await linkGroups(db(), b, c)
    // B's inquiry content, and its internal decision's words.
    const inquiryId = await createTestInquiry(db(), b.members[0]!, b.id)
    await createTestRecord(db(), b.members[0]!, inquiryId, { text: 'B record never to cross', visibility: 'group' })
    const internal = await proposals.proposeStatement(db(), b.members[0]!, b.id, 'B draft never to cross')
    const reader = a.members[0]!.cookie

    expect((await get(groupNetworkRoute, { path: `/groups/${b.id}/network`, params: { groupId: b.id }, cookie: reader })).status).toBe(404)
    expect((await get(linkRoute, { path: `/network/links/${bc}`, params: { linkId: bc }, cookie: reader })).status).toBe(404)
    expect((await get(decisionRoute, { path: `/decisions/${internal}`, params: { decisionId: internal }, cookie: reader })).status).toBe(
      404,
    )
    const forms: Record<string, string>[] = [
      { intent: 'statement', statement: 'Written for B by an outsider' },
      { intent: 'lay-down', reason: 'Not ours to say' },
    ]
    for (const form of forms) {
      const before = await tableCounts(db())
      expect(
        (await post(groupNetworkRoute, { path: `/groups/${b.id}/network`, params: { groupId: b.id }, cookie: reader, form })).status,
      ).toBe(404)
      expect(await tableCounts(db())).toEqual(before)
    }
    expect(
      (
        await post(linkRoute, {
          path: `/network/links/${bc}`,
          params: { linkId: bc },
          cookie: reader,
          form: { intent: 'challenge', text: 'x' },
        })
      ).status,
    ).toBe(404)

    const seen = [
      await (
        await get(publicationRoute, { path: `/network/groups/${b.id}/publication.json`, params: { groupId: b.id }, cookie: reader })
      ).text(),
      await (await get(directoryRoute, { path: '/network', cookie: reader })).text(),
    ].join('\n')
    expect(seen).toContain(b.name)
    for (const secret of ['B record never to cross', 'B draft never to cross']) expect(seen).not.toContain(secret)
  })

  test('a member who withdraws takes their words between groups with them', async () => {
    const a = await memberGroup('Tansy')
    const b = await memberGroup('Umber')
    const ab = await linkGroups(db(), a, b)
    const [tara] = b.members
    const { raiseLinkChallenge, addMeetingNote, scheduleJointMeeting } = await import('~/features/network/links.server')
    await raiseLinkChallenge(db(), tara!, ab, { text: 'Tara asks how you hold dissent' })
    const meetingId = await scheduleJointMeeting(db(), a.members[0]!, ab, { startsAt: '2027-03-01 10:00', place: 'Online' })
    await addMeetingNote(db(), tara!, ab, { meetingId, note: 'Tara noted the silences' })
    const before = JSON.stringify(await getLinkPage(db(), a.members[0]!, ab))
    expect(before).toContain('Tara asks how you hold dissent')
    await withdrawFromGroup(db(), tara!, b.id, { confirm: 'withdraw' })
    const after = JSON.stringify(await getLinkPage(db(), a.members[0]!, ab))
    expect(after).not.toContain('Tara asks how you hold dissent')
    expect(after).not.toContain('Tara noted the silences')
    expect(after).not.toContain(tara!.displayName)
  })
})
