import { describe, expect, test } from 'vitest'
import { everyoneAgrees } from '~/features/decisions/stance-round.server'
import { addGathering, contribute, getCalendarAndNewsletter, getNewsletterIssue, publishIssue } from '~/features/network/gatherings.server'
import * as proposals from '~/features/network/proposals.server'
import { readNetworkSettings } from '~/features/network/settings.server'
import { DomainError } from '~/utils/errors.server'
import { createPair, createPerson, type TestPerson } from '../factories'
import { decided, linkGroups, validateLink } from '../factories/network'
import { everyOtherMemberGroupCasts, memberTestGroup, networkTestGroup } from './support-network'
import { tableCounts } from './harness'
import { db } from './support-inquiries'

// What the network's decisions do when they pass, and what they do when the world has moved on
// between proposing and passing (the decision closes as superseded and changes nothing); what
// each federal kind changes; the Gatherings and the newsletter; and the refusals that keep a
// proposal that could never take effect from being written at all.

type G = { id: string; name: string; members: TestPerson[] }

const group = (label: string, size = 2): Promise<G> => networkTestGroup(db(), label, size)
const memberGroup = (label: string): Promise<G> => memberTestGroup(db(), label)
const everyOtherGroupCasts = (proposalId: string, except: readonly string[], stance: 'agree' | 'stand_aside' = 'stand_aside') =>
  everyOtherMemberGroupCasts(db(), proposalId, except, stance)

const decisionStatus = async (id: string) =>
  (await db().selectFrom('decisions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status

const stageOf = async (g: G) =>
  (await db().selectFrom('networkGroups').select('stage').where('groupId', '=', g.id).executeTakeFirst())?.stage

const linksBetween = (a: G, b: G) =>
  db().selectFrom('networkLinks').selectAll().where('askingGroupId', '=', a.id).where('answeringGroupId', '=', b.id).execute()

const federalProposal = (title: string) =>
  db().selectFrom('federalProposals').selectAll().where('title', '=', title).executeTakeFirstOrThrow()

/** Puts a federal proposal by `g`'s own decision; returns its row. */
async function putToNetwork(g: G, form: Parameters<typeof proposals.proposeFederal>[3]) {
  await decided(db(), g.members, (by) => proposals.proposeFederal(db(), by, g.id, form))
  return federalProposal(form.title)
}

const groupStance = (g: G, proposalId: string, stance: 'agree' | 'stand_aside' | 'block') =>
  decided(db(), g.members, (by) => proposals.proposeFederalStance(db(), by, g.id, { proposalId, stance, reason: '' }))

/** A federal proposal by `g`, agreed by every member group. */
async function passFederal(g: G, form: Parameters<typeof proposals.proposeFederal>[3]) {
  const proposal = await putToNetwork(g, form)
  await everyOtherGroupCasts(proposal.id, [g.id], 'agree')
  await groupStance(g, proposal.id, 'agree')
  return federalProposal(form.title)
}

describe('a decision that passes after the world moved on closes as superseded and changes nothing', () => {
  test('a second request for the same link', async () => {
    const a = await memberGroup('Alder')
    const b = await memberGroup('Beech')
    const first = await proposals.proposeAskLink(db(), a.members[0]!, a.id, { toGroupId: b.id })
    const second = await proposals.proposeAskLink(db(), a.members[1]!, a.id, { toGroupId: b.id })
    expect(await everyoneAgrees(db(), first, a.members)).toBe('passed')
    expect(await everyoneAgrees(db(), second, a.members)).toBe('superseded')
    expect(await decisionStatus(second)).toBe('superseded')
    expect(await linksBetween(a, b)).toHaveLength(1)
  })

  test('a statement, when the group lays itself down before it passes', async () => {
    const g = await group('Catalpa')
    await decided(db(), g.members, (by) => proposals.proposeEnterNetwork(db(), by, g.id, 'Peer assessment.'))
    await decided(db(), g.members, (by) => proposals.proposeStoodBy(db(), by, g.id, 'We met.'))
    const statement = await proposals.proposeStatement(db(), g.members[0]!, g.id, 'Never published.')
    await decided(db(), g.members, (by) => proposals.proposeLayDown(db(), by, g.id, 'We part.'))
    await everyoneAgrees(db(), statement, g.members)
    expect(await decisionStatus(statement)).toBe('superseded')
    expect(await stageOf(g)).toBe('laid_down')
    expect(await db().selectFrom('networkStatements').select('id').where('groupId', '=', g.id).execute()).toEqual([])
  })

  test('an answer to a request from a group that has since laid itself down', async () => {
    const a = await memberGroup('Damson')
    const b = await memberGroup('Elder')
    await decided(db(), a.members, (by) => proposals.proposeAskLink(db(), by, a.id, { toGroupId: b.id }))
    const [link] = await linksBetween(a, b)
    const answer = await proposals.proposeAnswerLink(db(), b.members[0]!, b.id, { linkId: link!.id, answer: 'accept', reason: '' })
    await decided(db(), a.members, (by) => proposals.proposeLayDown(db(), by, a.id, 'We part.'))
    await everyoneAgrees(db(), answer, b.members)
    expect(await decisionStatus(answer)).toBe('superseded')
    expect((await linksBetween(a, b)).map((l) => l.status)).toEqual(['ended'])
  })

  test('a validation, when the link ends before it passes', async () => {
    const a = await memberGroup('Fig')
    const b = await memberGroup('Ginkgo')
    const ab = await linkGroups(db(), a, b)
    await validateLink(db(), a, ab)
    const validation = await proposals.proposeValidation(db(), b.members[0]!, b.id, { linkId: ab, verdict: 'validated', reasons: '' })
    await decided(db(), a.members, (by) => proposals.proposeEndLink(db(), by, a.id, { linkId: ab, reason: 'We drifted apart.' }))
    await everyoneAgrees(db(), validation, b.members)
    expect(await decisionStatus(validation)).toBe('superseded')
    const validations = await db().selectFrom('networkValidations').select('byGroupId').where('linkId', '=', ab).execute()
    expect(validations).toEqual([{ byGroupId: a.id }])
  })

  test('a federal stance, when the proposal has passed before it', async () => {
    const g = await memberGroup('Holly')
    const proposal = await putToNetwork(g, { kind: 'general', title: 'Meet twice a year', body: 'Spring and autumn.' })
    await everyOtherGroupCasts(proposal.id, [g.id], 'agree')
    const first = await proposals.proposeFederalStance(db(), g.members[0]!, g.id, { proposalId: proposal.id, stance: 'agree', reason: '' })
    const second = await proposals.proposeFederalStance(db(), g.members[1]!, g.id, { proposalId: proposal.id, stance: 'block', reason: '' })
    await everyoneAgrees(db(), first, g.members)
    expect((await federalProposal('Meet twice a year')).status).toBe('passed')
    await everyoneAgrees(db(), second, g.members)
    expect(await decisionStatus(second)).toBe('superseded')
    const stances = await db().selectFrom('federalStances').select('stance').where('groupId', '=', g.id).execute()
    expect(stances.map((s) => s.stance)).toEqual(['agree'])
  })
})

describe('refused when proposed, with nothing written', () => {
  const refused = async (what: string, attempt: () => Promise<unknown>, message: RegExp) => {
    const before = await tableCounts(db())
    await expect(attempt(), what).rejects.toThrow(message)
    expect(await tableCounts(db()), what).toEqual(before)
  }

  test('entering, standing by and the profile', async () => {
    const client = await createPerson(db(), 'Client')
    const pair = await createPair(db(), client, await createPerson(db(), 'Practitioner'))
    const outside = await group('Ironwood')
    const member = await memberGroup('Jacaranda')
    const [m] = member.members
    await refused('a pair', () => proposals.proposeEnterNetwork(db(), client, pair, 'x'), /Only a practitioner group can join/)
    await refused('entering again', () => proposals.proposeEnterNetwork(db(), m!, member.id, 'x'), /already in the network/)
    await refused('stood by, not forming', () => proposals.proposeStoodBy(db(), m!, member.id, 'x'), /Only a forming group/)
    await refused(
      'stood by, outside',
      () => proposals.proposeStoodBy(db(), outside.members[0]!, outside.id, 'x'),
      /not entered the network yet/,
    )
    await refused(
      'a profile, outside',
      () => proposals.proposeProfile(db(), outside.members[0]!, outside.id, { description: 'Hello' }),
      /not in the network/,
    )
  })

  test('answering, ending and validating links, and recalling an office', async () => {
    const a = await memberGroup('Kowhai')
    const b = await memberGroup('Lime')
    const c = await memberGroup('Mulberry')
    const ab = await linkGroups(db(), a, b)
    await decided(db(), a.members, (by) => proposals.proposeAskLink(db(), by, a.id, { toGroupId: c.id }))
    const ac = (await linksBetween(a, c))[0]!.id
    const [an, bn, cn] = [a.members[0]!, b.members[0]!, c.members[0]!]
    const answer = { answer: 'accept' as const, reason: '' }
    await refused(
      'an answer by another',
      () => proposals.proposeAnswerLink(db(), bn, b.id, { linkId: ac, ...answer }),
      /not made to this group/,
    )
    await refused('an answer again', () => proposals.proposeAnswerLink(db(), bn, b.id, { linkId: ab, ...answer }), /already been answered/)
    await refused(
      'ending another’s',
      () => proposals.proposeEndLink(db(), cn, c.id, { linkId: ab, reason: 'x' }),
      /not one of this group’s/,
    )
    const validation = { verdict: 'validated' as const, reasons: '' }
    await refused(
      'validating an ask',
      () => proposals.proposeValidation(db(), an, a.id, { linkId: ac, ...validation }),
      /this one is not active/,
    )
    await decided(db(), a.members, (by) => proposals.proposeEndLink(db(), by, a.id, { linkId: ab, reason: 'Parting.' }))
    await refused('ending again', () => proposals.proposeEndLink(db(), bn, b.id, { linkId: ab, reason: 'x' }), /already ended/)
    await refused(
      'a recall of no office',
      () => proposals.proposeFederal(db(), an, a.id, { kind: 'recall_officer', title: 'Recall', body: 'x', officeId: 'no-such-office' }),
      /not serving now/,
    )
  })

  test('a federal proposal’s fields, each refused beside the field', () => {
    const base = { title: 'T', body: 'B' }
    const cases: [Parameters<typeof proposals.federalPayloadOf>[0], string, RegExp][] = [
      [{ ...base, kind: 'amend_principles', principles: '  ' }, 'principles', /Write the principles/],
      [{ ...base, kind: 'grace_period', graceDays: '3' }, 'graceDays', /from 7 to 730/],
      [{ ...base, kind: 'grace_period', graceDays: 'abc' }, 'graceDays', /from 7 to 730/],
      [{ ...base, kind: 'amend_rule', quorumPercent: '0' }, 'quorumPercent', /above 0 and at most 100/],
      [{ ...base, kind: 'amend_rule', quorumPercent: '150' }, 'quorumPercent', /above 0 and at most 100/],
      [{ ...base, kind: 'elect_officer', office: '', personId: 'p', termMonths: '6' }, 'office', /Name the office/],
      [{ ...base, kind: 'elect_officer', office: 'Editor', personId: '', termMonths: '6' }, 'personId', /Choose the member/],
      [{ ...base, kind: 'elect_officer', office: 'Editor', personId: 'p', termMonths: '0' }, 'termMonths', /from 1 to 36/],
      [{ ...base, kind: 'recall_officer', officeId: '' }, 'officeId', /Choose the officer/],
    ]
    for (const [form, field, message] of cases) {
      const error = (() => {
        try {
          proposals.federalPayloadOf(form)
        } catch (e) {
          return e
        }
      })()
      expect(error, `${form.kind} ${field}`).toBeInstanceOf(DomainError)
      expect(error, `${form.kind} ${field}`).toMatchObject({ status: 400, field, message: expect.stringMatching(message) })
    }
    expect(proposals.federalPayloadOf({ ...base, kind: 'amend_rule', quorumPercent: '50' })).toEqual({
      kind: 'amend_rule',
      rule: { quorum: 0.5, blocksHoldOpen: false },
    })
  })
})

describe('Gatherings and the newsletter', () => {
  const gathering = (title: string, startsOn: string, endsOn: string) => ({ title, startsOn, endsOn, place: 'Online', description: '' })

  test('only participants of a group in the network add, contribute and publish; an issue needs contributions', async () => {
    const outsider = (await group('Nutmeg')).members[0]!
    const g = await memberGroup('Olive')
    const [me, other] = g.members as [TestPerson, TestPerson]
    const attempts = [
      () => addGathering(db(), outsider, gathering('Not mine', '2030-01-01', '2030-01-02')),
      () => contribute(db(), outsider, { title: 'Not mine', body: 'x' }),
      () => publishIssue(db(), outsider, { title: 'Not mine' }),
    ]
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({
        status: 403,
        message: expect.stringMatching(/Participants of a group in the network/),
      })
    }
    await expect(publishIssue(db(), me, { title: 'Empty' })).rejects.toMatchObject({ status: 409, field: 'title' })

    await addGathering(db(), me, gathering('Winter Gathering past', '2001-01-10', '2001-01-12'))
    await addGathering(db(), me, gathering('Summer Gathering ahead', '2099-07-01', '2099-07-03'))
    await contribute(db(), me, { title: 'Mine', body: 'On silence.' })
    await contribute(db(), other, { title: 'Theirs', body: 'On noise.' })
    const page = await getCalendarAndNewsletter(db(), me)
    expect(page.upcoming.map((x) => x.title)).toContain('Summer Gathering ahead')
    expect(page.upcoming.map((x) => x.title)).not.toContain('Winter Gathering past')
    expect(page.past.map((x) => x.title)).toContain('Winter Gathering past')
    expect(page.waitingCount).toBe(2)
    expect(page.waiting.map((c) => c.title)).toEqual(['Mine'])
    expect(page.mayPublish).toBe(true)

    const number = await publishIssue(db(), other, { title: 'After winter' })
    const issue = await getNewsletterIssue(db(), me, number)
    expect(issue.issue.title).toBe('After winter')
    expect(issue.contributions.map((c) => c.title).sort()).toEqual(['Mine', 'Theirs'])
    expect((await getCalendarAndNewsletter(db(), me)).waitingCount).toBe(0)
    await expect(getNewsletterIssue(db(), me, number + 100)).rejects.toMatchObject({ status: 404 })
  })

  test('while an editor serves only the editor publishes; a recall ends the office, and a second recall is superseded', async () => {
    const g = await memberGroup('Poplar')
    const [editor, other] = g.members as [TestPerson, TestPerson]
    const elected = await passFederal(g, {
      kind: 'elect_officer',
      title: 'An editor',
      body: 'For the newsletter.',
      office: 'Newsletter editor',
      personId: editor.id,
      termMonths: '6',
    })
    expect(elected.status).toBe('passed')
    const office = await db().selectFrom('networkOffices').selectAll().where('electedBy', '=', elected.id).executeTakeFirstOrThrow()
    expect(office).toMatchObject({ personId: editor.id, office: 'Newsletter editor', endedAt: null })

    await contribute(db(), other, { title: 'For the editor', body: 'x' })
    expect((await getCalendarAndNewsletter(db(), other)).mayPublish).toBe(false)
    await expect(publishIssue(db(), other, { title: 'Not theirs' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(/elected editor/),
    })
    expect(await publishIssue(db(), editor, { title: 'By the editor' })).toBeGreaterThan(0)

    const recall = { kind: 'recall_officer' as const, body: 'Time for someone else.', officeId: office.id }
    const first = await putToNetwork(g, { ...recall, title: 'Recall the editor' })
    const second = await putToNetwork(g, { ...recall, title: 'Recall the editor again' })
    await everyOtherGroupCasts(first.id, [g.id], 'agree')
    await groupStance(g, first.id, 'agree')
    expect((await federalProposal('Recall the editor')).status).toBe('passed')
    const ended = await db().selectFrom('networkOffices').selectAll().where('id', '=', office.id).executeTakeFirstOrThrow()
    expect(ended.endedNote).toBe('Recalled by federal decision.')
    expect((await getCalendarAndNewsletter(db(), other)).mayPublish).toBe(true)

    await everyOtherGroupCasts(second.id, [g.id], 'agree')
    await groupStance(g, second.id, 'agree')
    const superseded = await federalProposal('Recall the editor again')
    expect(superseded.status).toBe('superseded')
    expect(superseded.outcomeNote).toMatch(/took no effect/)
  })
})

describe('what each federal kind changes when it passes', () => {
  test('principles are amended; a general proposal passes and changes nothing', async () => {
    const g = await memberGroup('Quandong')
    const settings = await readNetworkSettings(db())
    const general = await passFederal(g, { kind: 'general', title: 'Say hello', body: 'Hello.' })
    expect(general.status).toBe('passed')
    expect(await readNetworkSettings(db())).toEqual(settings)

    const amended = await passFederal(g, {
      kind: 'amend_principles',
      title: 'New principles',
      body: 'Shorter.',
      principles: '  We stand by each other.  ',
    })
    expect(amended.status).toBe('passed')
    expect((await readNetworkSettings(db())).principles).toBe('We stand by each other.')
  })

  test('the rule is amended; a proposal put before keeps the old rule, one put after is closed by the new', async () => {
    const [x, y, z] = [await memberGroup('Rimu'), await memberGroup('Sassafras'), await memberGroup('Tamarind')] as [G, G, G]
    const before = await putToNetwork(x, { kind: 'general', title: 'Put before', body: 'x' })
    const amended = await passFederal(x, { kind: 'amend_rule', title: 'Blocks do not hold open', body: 'x', quorumPercent: '50' })
    expect(amended.status).toBe('passed')
    expect((await readNetworkSettings(db())).rule).toEqual({ quorum: 0.5, blocksHoldOpen: false })
    const after = await putToNetwork(x, { kind: 'general', title: 'Put after', body: 'x' })
    expect(JSON.parse(before.ruleJson)).toEqual({ quorum: 1, blocksHoldOpen: true })
    expect(JSON.parse(after.ruleJson)).toEqual({ quorum: 0.5, blocksHoldOpen: false })

    // The same stances on both: two groups agree and one blocks, every other stands aside.
    for (const proposal of [before, after]) {
      await everyOtherGroupCasts(proposal.id, [x.id, y.id, z.id])
      await groupStance(y, proposal.id, 'block')
      await groupStance(x, proposal.id, 'agree')
      await groupStance(z, proposal.id, 'agree')
    }
    expect((await federalProposal('Put before')).status).toBe('open')
    expect((await federalProposal('Put after')).status).toBe('passed')
  })
})
