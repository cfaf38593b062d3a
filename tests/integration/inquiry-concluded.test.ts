import { describe, expect, test } from 'vitest'
import * as plansRoute from '~/routes/inquiries.$inquiryId.plans'
import * as recordsRoute from '~/routes/inquiries.$inquiryId.records._index'
import { adoptValidityReview, agreeUntilClosed, conclude, toSenseMaking, type TestPerson } from '../factories'
import { bodyOf, idFrom, post, tableCounts } from './harness'
import { db, inquiryPage, inquiryRow, phasesOf, proposeMove, stance, withInquiry } from './support-inquiries'

// A concluded Inquiry: no Phase is current, and nothing more can be proposed or recorded.

describe('a concluded inquiry', () => {
  /** Concluding closes the current cycle, so it happens from sense-making once the cycle's validity review is adopted. */
  async function concluded() {
    const world = await withInquiry()
    await toSenseMaking(db(), world.inquiryId, world.people)
    await adoptValidityReview(db(), world.inquiryId, world.people)
    const response = await proposeMove(world.people[0]!, world.inquiryId, { step: 'conclude', reason: 'We have enough' })
    const decisionId = idFrom(response, '/decisions')
    expect((await db().selectFrom('decisions').select('kind').where('id', '=', decisionId).executeTakeFirstOrThrow()).kind).toBe('conclude')
    expect(await agreeUntilClosed(db(), decisionId, world.people)).toBe('passed')
    return world
  }

  test('concluding closes the current phase and leaves no phase current', async () => {
    const { people, inquiryId } = await concluded()
    const inquiry = await inquiryRow(inquiryId)
    expect(inquiry.status).toBe('concluded')
    expect(inquiry.concludedAt).not.toBeNull()
    // Planning and experience were done, immersion skipped, and sense-making, the current phase, is closed.
    expect((await phasesOf(inquiryId)).map((p) => p.status)).toEqual(['done', 'done', 'skipped', 'done'])
    const page = await inquiryPage(people[0]!, inquiryId)
    expect(page.current).toBeNull()
  })

  test('proposing anything or adding a record afterwards answers 409 and writes nothing', async () => {
    const { people, inquiryId } = await concluded()
    const [ada] = people as [TestPerson]
    const before = await tableCounts(db())
    const attempts = [
      proposeMove(ada, inquiryId, { step: 'next' }),
      proposeMove(ada, inquiryId, { step: 'conclude' }),
      post(plansRoute, {
        path: `/inquiries/${inquiryId}/plans`,
        params: { inquiryId },
        cookie: ada.cookie,
        form: { intent: 'focus', focus: 'Something new to look at' },
      }),
      post(plansRoute, {
        path: `/inquiries/${inquiryId}/plans`,
        params: { inquiryId },
        cookie: ada.cookie,
        form: { intent: 'plan', action: 'Keep going anyway', recording: 'A journal' },
      }),
      post(recordsRoute, {
        path: `/inquiries/${inquiryId}/records`,
        params: { inquiryId },
        cookie: ada.cookie,
        form: { text: 'One more thing', wayOfKnowing: 'experiential', occurredAt: '2024-05-01', visibility: 'group' },
      }),
    ]
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(409)
      expect((await bodyOf(response)).formError).toBe('This inquiry has concluded; nothing more can be proposed or recorded in it.')
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a focus proposal left open when the inquiry concluded can no longer change it', async () => {
    const world = await withInquiry()
    const [ada, ben] = world.people as [TestPerson, TestPerson, TestPerson]
    const focusDecision = idFrom(
      await post(plansRoute, {
        path: `/inquiries/${world.inquiryId}/plans`,
        params: { inquiryId: world.inquiryId },
        cookie: ada.cookie,
        form: { intent: 'focus', focus: 'Silence as invitation' },
      }),
      '/decisions',
    )
    await conclude(db(), world.inquiryId, world.people)
    expect((await inquiryRow(world.inquiryId)).status).toBe('concluded')

    await stance(ada, focusDecision, 'agree')
    await stance(ben, focusDecision, 'agree')
    const cycle = await db().selectFrom('cycles').select('focus').where('inquiryId', '=', world.inquiryId).executeTakeFirstOrThrow()
    expect(cycle.focus).toBeNull()
    const decision = await db().selectFrom('decisions').select('status').where('id', '=', focusDecision).executeTakeFirstOrThrow()
    expect(decision.status).not.toBe('passed')
  })
})
