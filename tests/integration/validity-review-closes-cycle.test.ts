import { describe, expect, test } from 'vitest'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import { agreeUntilClosed, judgeRequired } from '../factories'
import { bodyOf, idFrom, post, tableCounts } from './harness'
import { circle, cycleRow, db, proposeMove, validityAction } from './support-validity-review'

// A Cycle cannot close until its ValidityReview is adopted; moving between phases inside it
// does not need the review.

describe('closing a cycle', () => {
  test('next cycle and conclude are refused with 409 naming the validity review until it is adopted, then allowed', async () => {
    const c = await circle()
    const message = 'Cycle 1 cannot close until the group adopts its validity review, which is held in the sense-making phase.'
    const before = await tableCounts(db())
    for (const form of [
      { step: 'next', reason: '' },
      { step: 'conclude', reason: 'We have enough' },
    ]) {
      const response = await proposeMove(c.ben, c.inquiryId, form)
      expect(response.status).toBe(409)
      expect((await bodyOf(response)).formError).toBe(message)
    }
    expect(await tableCounts(db())).toEqual(before)

    // An open proposal to adopt is not yet adoption.
    await judgeRequired(db(), c.inquiryId, c.ada)
    const adoptId = idFrom(await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' }), '/decisions')
    expect((await proposeMove(c.ben, c.inquiryId, { step: 'next', reason: '' })).status).toBe(409)
    expect(await agreeUntilClosed(db(), adoptId, c.people)).toBe('passed')

    // Once adopted, the group may conclude or begin the next cycle.
    const conclude = await proposeMove(c.ben, c.inquiryId, { step: 'conclude', reason: 'We have enough' })
    const concludeId = idFrom(conclude, '/decisions')
    expect((await db().selectFrom('decisions').select('kind').where('id', '=', concludeId).executeTakeFirstOrThrow()).kind).toBe('conclude')
    expect(
      (
        await post(decisionRoute, {
          path: `/decisions/${concludeId}`,
          params: { decisionId: concludeId },
          cookie: c.ben.cookie,
          form: { intent: 'withdraw', confirmed: 'yes' },
        })
      ).status,
    ).toBe(302)
    const next = await proposeMove(c.ben, c.inquiryId, { step: 'next', reason: '' })
    const nextId = idFrom(next, '/decisions')
    expect(await agreeUntilClosed(db(), nextId, c.people)).toBe('passed')
    expect((await cycleRow(c.inquiryId, 1)).endedAt).not.toBeNull()
    expect((await cycleRow(c.inquiryId, 2)).reviewAdoptedAt).toBeNull()

    // Cycle 2's review is its own: concluding from cycle 2's planning is refused again, naming cycle 2.
    const refused = await proposeMove(c.ada, c.inquiryId, { step: 'conclude', reason: '' })
    expect(refused.status).toBe(409)
    expect((await bodyOf(refused)).formError).toBe(message.replace('Cycle 1', 'Cycle 2'))
  })

  test('moving between phases inside a cycle does not need the review', async () => {
    const c = await circle({ stopIn: 'planning' })
    const response = await proposeMove(c.ada, c.inquiryId, { step: 'next', reason: '' })
    expect(response.status).toBe(302)
    expect(await agreeUntilClosed(db(), idFrom(response, '/decisions'), c.people)).toBe('passed')
  })
})
