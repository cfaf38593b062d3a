import { closeDueDecisions } from '~/features/decisions/closer.server'
import { describe, expect, test } from 'vitest'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import { adoptValidityReview, agreeUntilClosed, moveOn, type TestPerson } from '../factories'
import { bodyOf, get, idFrom, post, tableCounts } from './harness'
import { db, inquiryPage, inquiryRow, phasesOf, proposeMove, stance, withInquiry } from './support-inquiries'

// Moving through the Cycle: each move to the next Phase is a Decision, with Stances kept.

async function decisionView(person: TestPerson, decisionId: string) {
  const response = await get(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

describe('moving through the cycle', () => {
  test('a proposal to move to the action phase stays open past its quorum, takes effect at its closing time, and the stances are kept', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben] = people as [TestPerson, TestPerson, TestPerson]
    const response = await proposeMove(ada, inquiryId, { step: 'next', reason: 'We have a plan' })
    expect(response.status).toBe(302)
    const decisionId = idFrom(response, '/decisions')
    const decision = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    expect(decision).toMatchObject({ kind: 'phase_change', status: 'open', title: 'Move to Action – experience', body: 'We have a plan' })

    expect((await stance(ada, decisionId, 'agree', 'Ready')).status).toBe(302)
    expect((await phasesOf(inquiryId))[0]!.status).toBe('current')
    expect((await inquiryRow(inquiryId)).status).toBe('forming')

    expect((await stance(ben, decisionId, 'agree')).status).toBe(302)
    // Two of three is the quorum, but Cy has not spoken: it stays open for her.
    expect((await phasesOf(inquiryId))[0]!.status).toBe('current')
    expect((await decisionView(ada, decisionId)).decision.status).toBe('open')
    // Its closing time comes: it is counted, and passes on the quorum.
    await db()
      .updateTable('decisions')
      .set({ closesAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', decisionId)
      .execute()
    expect(await closeDueDecisions(db())).toBe(1)
    expect(await closeDueDecisions(db())).toBe(0)
    const phases = await phasesOf(inquiryId)
    expect(phases.map((p) => p.status)).toEqual(['done', 'current', 'upcoming', 'upcoming'])
    expect((await inquiryRow(inquiryId)).status).toBe('cycling')
    const page = await inquiryPage(ada, inquiryId)
    expect(page.current).toMatchObject({ name: 'Action – experience', kind: 'action', role: 'co-subject' })
    expect(page.members.every((m: { roleNow: string }) => m.roleNow === 'co-subject')).toBe(true)

    const view = await decisionView(ada, decisionId)
    expect(view.decision.status).toBe('passed')
    expect(view.stances.map((s: { stance: string | null; reason: string | null }) => [s.stance, s.reason])).toEqual([
      ['agree', 'Ready'],
      ['agree', null],
      [null, null],
    ])
    expect(await db().selectFrom('stances').select('id').where('decisionId', '=', decisionId).execute()).toHaveLength(2)
  })

  test('a second proposal to move on while one is open answers 409 and writes nothing', async () => {
    const { people, inquiryId } = await withInquiry()
    expect((await proposeMove(people[0]!, inquiryId)).status).toBe(302)
    const before = await tableCounts(db())
    for (const form of [{ step: 'next' }, { step: 'conclude' }]) {
      const response = await proposeMove(people[1]!, inquiryId, form)
      expect(response.status).toBe(409)
      expect((await bodyOf(response)).formError).toMatch(/already open/)
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('an unknown step answers 400 on step', async () => {
    const { people, inquiryId } = await withInquiry()
    const response = await proposeMove(people[0]!, inquiryId, { step: 'leap' })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.step).toBe('Choose what to propose.')
  })

  test('skipping the optional immersion phase marks it skipped and moves to sense-making', async () => {
    const { people, inquiryId } = await withInquiry()
    await moveOn(db(), inquiryId, people)
    const response = await proposeMove(people[0]!, inquiryId, { step: 'next', skipOptional: 'on', reason: '' })
    expect(response.status).toBe(302)
    const decisionId = idFrom(response, '/decisions')
    expect((await db().selectFrom('decisions').select('title').where('id', '=', decisionId).executeTakeFirstOrThrow()).title).toBe(
      'Move to Reflection – sense-making (skipping Action – immersion)',
    )
    await agreeUntilClosed(db(), decisionId, people)
    const phases = await phasesOf(inquiryId)
    expect(phases.map((p) => [p.templateKey, p.status])).toEqual([
      ['reflection-planning', 'done'],
      ['action-experience', 'done'],
      ['action-immersion', 'skipped'],
      ['reflection-sense-making', 'current'],
    ])
  })

  test('without skipping, the optional immersion phase comes next', async () => {
    const { people, inquiryId } = await withInquiry()
    await moveOn(db(), inquiryId, people)
    await moveOn(db(), inquiryId, people)
    expect((await phasesOf(inquiryId)).map((p) => p.status)).toEqual(['done', 'done', 'current', 'upcoming'])
  })

  test('moving on from the last phase starts cycle 2 in its first phase', async () => {
    const { people, inquiryId } = await withInquiry()
    await moveOn(db(), inquiryId, people)
    await moveOn(db(), inquiryId, people, { skipOptional: true })
    // A cycle closes only once the group has adopted its validity review.
    await adoptValidityReview(db(), inquiryId, people)
    const response = await proposeMove(people[2]!, inquiryId)
    const decisionId = idFrom(response, '/decisions')
    const decision = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    expect(decision).toMatchObject({ kind: 'next_cycle', title: 'Begin cycle 2' })
    expect(await agreeUntilClosed(db(), decisionId, people)).toBe('passed')

    const cycles = await db().selectFrom('cycles').selectAll().where('inquiryId', '=', inquiryId).orderBy('number').execute()
    expect(cycles.map((c) => c.number)).toEqual([1, 2])
    expect(cycles[0]!.endedAt).not.toBeNull()
    expect(cycles[1]!.endedAt).toBeNull()
    const phases = await phasesOf(inquiryId)
    expect(phases.filter((p) => p.cycle === 1).map((p) => p.status)).toEqual(['done', 'done', 'skipped', 'done'])
    expect(phases.filter((p) => p.cycle === 2).map((p) => p.status)).toEqual(['current', 'upcoming', 'upcoming', 'upcoming'])
    const page = await inquiryPage(people[0]!, inquiryId)
    expect(page.current).toMatchObject({ cycleNumber: 2, name: 'Reflection – framing and planning' })
    expect(page.timeline).toHaveLength(2)
  })

  test('a block holds the decision open for an answer, even once everyone has spoken, and a changed stance is recorded with its history', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben, cy] = people as [TestPerson, TestPerson, TestPerson]
    const decisionId = idFrom(await proposeMove(ada, inquiryId), '/decisions')

    await stance(ben, decisionId, 'block', 'We have not agreed how to record yet')
    await stance(cy, decisionId, 'agree')
    await stance(ada, decisionId, 'agree')
    let view = await decisionView(ada, decisionId)
    expect(view.decision.status).toBe('open')
    expect(view.evaluation.explanation).toBe(
      'Open: everyone has taken a stance and 1 member blocks it. A block holds the proposal open for an answer until its closing time.',
    )
    expect((await phasesOf(inquiryId))[0]!.status).toBe('current')

    await stance(ben, decisionId, 'abstain', 'Still unsure')
    view = await decisionView(ada, decisionId)
    expect(view.decision.status).toBe('passed')
    const benRow = view.stances.find((s: { personId: string }) => s.personId === ben.id)
    expect(benRow).toMatchObject({ stance: 'abstain', reason: 'Still unsure' })
    expect(benRow.earlier).toEqual([expect.objectContaining({ stance: 'block', reason: 'We have not agreed how to record yet' })])
    const rows = await db()
      .selectFrom('stances')
      .select(['stance', 'seq'])
      .where('decisionId', '=', decisionId)
      .where('personId', '=', ben.id)
      .orderBy('seq')
      .execute()
    expect(rows).toEqual([
      { stance: 'block', seq: 1 },
      { stance: 'abstain', seq: 2 },
    ])
    expect((await phasesOf(inquiryId))[1]!.status).toBe('current')
  })

  test('a stance from a non-member is a 404 and writes no stance row', async () => {
    const { people, inquiryId, outsider } = await withInquiry()
    const decisionId = idFrom(await proposeMove(people[0]!, inquiryId), '/decisions')
    const before = await tableCounts(db())
    const response = await stance(outsider, decisionId, 'block', 'I should not be able to stop this')
    expect(response.status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
    expect((await get(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: outsider.cookie })).status).toBe(
      404,
    )
  })

  test('a stance on a closed decision answers 409 and is not recorded', async () => {
    const { people, inquiryId } = await withInquiry()
    const decisionId = idFrom(await proposeMove(people[0]!, inquiryId), '/decisions')
    await agreeUntilClosed(db(), decisionId, people)
    const before = await tableCounts(db())
    const response = await stance(people[2]!, decisionId, 'block')
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toMatch(/closed/)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('only the proposer can withdraw a proposal; others get 403', async () => {
    const { people, inquiryId } = await withInquiry()
    const decisionId = idFrom(await proposeMove(people[0]!, inquiryId), '/decisions')
    const refused = await post(decisionRoute, {
      path: `/decisions/${decisionId}`,
      params: { decisionId },
      cookie: people[1]!.cookie,
      form: { intent: 'withdraw', confirmed: 'yes' },
    })
    expect(refused.status).toBe(403)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe('open')
    const withdrawn = await post(decisionRoute, {
      path: `/decisions/${decisionId}`,
      params: { decisionId },
      cookie: people[0]!.cookie,
      form: { intent: 'withdraw', confirmed: 'yes' },
    })
    expect(withdrawn.status).toBe(302)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe(
      'withdrawn',
    )
    expect((await proposeMove(people[1]!, inquiryId)).status).toBe(302)
  })
})
