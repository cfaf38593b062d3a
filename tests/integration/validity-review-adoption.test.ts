import { describe, expect, test } from 'vitest'
import { agreeUntilClosed, judgeRequired, moveOn, setInquiryTemplate, toSenseMaking } from '../factories'
import { bodyOf, idFrom, locationOf, tableCounts } from './harness'
import { circle, cycleRow, db, judge, proposeMove, REQUIRED, review, stance, TEMPLATE, validityAction } from './support-validity-review'

// Adopting the ValidityReview is a group Decision, refused until the required procedures are
// judged and, where the template asks, a devil's advocate is confirmed.

const OPTIONAL = TEMPLATE.validityProcedures.filter((p) => !p.required)

describe('adopting the review', () => {
  test('is refused with 409 while a required procedure is unjudged, naming what is missing', async () => {
    const c = await circle()
    let before = await tableCounts(db())
    let response = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toBe(`Judge the required procedures first: ${REQUIRED.map((p) => p.name).join('; ')}.`)
    expect(await tableCounts(db())).toEqual(before)

    // Optional procedures are not needed; all the required ones but one are not enough.
    const [last, ...rest] = [...REQUIRED].reverse()
    for (const p of rest) expect((await judge(c.ben, c.inquiryId, 1, p.key)).status).toBe(302)
    expect(OPTIONAL.length).toBeGreaterThan(0)
    before = await tableCounts(db())
    response = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toBe(`Judge the required procedures first: ${last!.name}.`)
    expect(await tableCounts(db())).toEqual(before)
    expect((await review(c.ada, c.inquiryId, 1)).missingRequired).toEqual([last!.name])

    expect((await judge(c.cy, c.inquiryId, 1, last!.key, 'n_a')).status).toBe(302)
    response = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toMatch(/^\/decisions\//)
  })

  test('is a group decision: the cycle records its adoption only when the decision passes', async () => {
    const c = await circle()
    await judgeRequired(db(), c.inquiryId, c.ben)
    const response = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    const decisionId = idFrom(response, '/decisions')
    const decision = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    const cycle = await cycleRow(c.inquiryId, 1)
    expect(decision).toMatchObject({
      kind: 'adopt_review',
      status: 'open',
      title: 'Adopt the validity review of cycle 1',
      cycleId: cycle.id,
      inquiryId: c.inquiryId,
    })
    expect(cycle.reviewAdoptedAt).toBeNull()
    expect((await review(c.cy, c.inquiryId, 1)).adoptDecisionId).toBe(decisionId)

    // A second proposal while one is open is refused.
    const before = await tableCounts(db())
    const again = await validityAction(c.ben, c.inquiryId, 1, { intent: 'adopt' })
    expect(again.status).toBe(409)
    expect((await bodyOf(again)).formError).toBe('A proposal to adopt this review is already open.')
    expect(await tableCounts(db())).toEqual(before)

    // A block keeps it open and the review unadopted.
    expect((await stance(c.ben, decisionId, 'block', 'We have not looked at the dissent yet')).status).toBe(302)
    expect((await stance(c.cy, decisionId, 'agree')).status).toBe(302)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe('open')
    expect((await cycleRow(c.inquiryId, 1)).reviewAdoptedAt).toBeNull()
    expect((await proposeMove(c.cy, c.inquiryId, { step: 'next', reason: '' })).status).toBe(409)
    // Lifting the block, and Ada (who proposed it) taking her stance, pass it; the cycle records when its review was adopted.
    expect((await stance(c.ben, decisionId, 'agree', 'We have now')).status).toBe(302)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe('open')
    expect((await stance(c.ada, decisionId, 'agree')).status).toBe(302)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe(
      'passed',
    )
    const adopted = (await cycleRow(c.inquiryId, 1)).reviewAdoptedAt
    expect(adopted).not.toBeNull()
    expect(Date.parse(adopted!)).toBeGreaterThan(Date.now() - 60_000)
    const view = await review(c.ada, c.inquiryId, 1)
    expect(view.cycle).toMatchObject({ number: 1, reviewAdoptedAt: adopted, inSenseMaking: true, closed: false })
    expect(view).toMatchObject({ canJudge: false, adoptDecisionId: null })

    // Once adopted it cannot be proposed again.
    const late = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(late.status).toBe(409)
  })

  test("where the template requires a devil's advocate, adoption is refused until one is confirmed by decision", async () => {
    const c = await circle({ stopIn: 'planning' })
    await setInquiryTemplate(db(), c.inquiryId, (t) => (t.devilsAdvocate = { required: true, rotating: true }))
    await moveOn(db(), c.inquiryId, c.people)
    await toSenseMaking(db(), c.inquiryId, c.people)
    await judgeRequired(db(), c.inquiryId, c.ada)
    const before = await tableCounts(db())
    const refused = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(refused.status).toBe(409)
    expect((await bodyOf(refused)).formError).toBe('This inquiry’s template asks for a devil’s advocate each cycle; confirm one first.')
    expect(await tableCounts(db())).toEqual(before)
    expect((await review(c.ada, c.inquiryId, 1)).devilsAdvocate.required).toBe(true)

    const proposed = await validityAction(c.ada, c.inquiryId, 1, { intent: 'devils-advocate', personId: c.cy.id })
    const decisionId = idFrom(proposed, '/decisions')
    expect(await db().selectFrom('decisions').select(['kind', 'title']).where('id', '=', decisionId).executeTakeFirstOrThrow()).toEqual({
      kind: 'devils_advocate',
      title: 'Cy as devil’s advocate for cycle 1',
    })
    // Proposed is not confirmed.
    expect((await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })).status).toBe(409)
    expect(await agreeUntilClosed(db(), decisionId, c.people)).toBe('passed')
    expect((await cycleRow(c.inquiryId, 1)).devilsAdvocateId).toBe(c.cy.id)
    expect((await review(c.ben, c.inquiryId, 1)).cycle.devilsAdvocate).toBe('Cy')

    const adopt = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(await agreeUntilClosed(db(), idFrom(adopt, '/decisions'), c.people)).toBe('passed')
    expect((await cycleRow(c.inquiryId, 1)).reviewAdoptedAt).not.toBeNull()
  })
})
