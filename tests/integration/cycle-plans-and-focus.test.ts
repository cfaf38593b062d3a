import { describe, expect, test } from 'vitest'
import * as plansRoute from '~/routes/inquiries.$inquiryId.plans'
import { moveOn, type TestPerson } from '../factories'
import { bodyOf, get, idFrom, post, tableCounts } from './harness'
import { db, inquiryPage, stance, withInquiry } from './support-inquiries'

// Plans in the planning Phase, one per member per Cycle, and the Cycle's focus by Decision.

describe('plans and focus', () => {
  function plan(person: TestPerson, inquiryId: string, action: string, recording = 'Notes straight after each session') {
    return post(plansRoute, {
      path: `/inquiries/${inquiryId}/plans`,
      params: { inquiryId },
      cookie: person.cookie,
      form: { intent: 'plan', action, recording },
    })
  }

  test('plans can be saved and updated in the planning phase, one per member per cycle', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben] = people as [TestPerson, TestPerson]
    expect((await plan(ada, inquiryId, 'Stay with silences for ten breaths')).status).toBe(302)
    expect((await plan(ada, inquiryId, 'Stay with silences for twenty breaths')).status).toBe(302)
    expect((await plan(ben, inquiryId, 'Notice my urge to fill silences')).status).toBe(302)
    const page = await bodyOf(await get(plansRoute, { path: `/inquiries/${inquiryId}/plans`, params: { inquiryId }, cookie: ada.cookie }))
    expect(page.canPlan).toBe(true)
    expect(page.myPlan.action).toBe('Stay with silences for twenty breaths')
    expect(page.plans).toHaveLength(2)
    expect(await db().selectFrom('plans').select('id').where('personId', '=', ada.id).execute()).toHaveLength(1)
  })

  test('plans are refused with 409 once the cycle is in its action phase, and the saved plan is unchanged', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada] = people as [TestPerson]
    await plan(ada, inquiryId, 'Stay with silences for ten breaths')
    await moveOn(db(), inquiryId, people)
    const before = await tableCounts(db())
    const response = await plan(ada, inquiryId, 'Rewrite the plan after the fact')
    expect(response.status).toBe(409)
    const { formError } = await bodyOf(response)
    expect(formError).toMatch(/planning phase/)
    expect(await tableCounts(db())).toEqual(before)
    const saved = await db().selectFrom('plans').select('action').where('personId', '=', ada.id).executeTakeFirstOrThrow()
    expect(saved.action).toBe('Stay with silences for ten breaths')
    const page = await bodyOf(await get(plansRoute, { path: `/inquiries/${inquiryId}/plans`, params: { inquiryId }, cookie: ada.cookie }))
    expect(page.canPlan).toBe(false)
    // The page says what the refusal says, and when plans can be made again, instead of offering the form.
    expect(page.planBlock).toBe(formError)
    expect(page.planBlock).toMatch(/The next chance is Reflection – framing and planning, when cycle 2 begins\.$/)
  })

  test('a plan too short to act on answers 400 beside its fields', async () => {
    const { people, inquiryId } = await withInquiry()
    const response = await post(plansRoute, {
      path: `/inquiries/${inquiryId}/plans`,
      params: { inquiryId },
      cookie: people[0]!.cookie,
      form: { intent: 'plan', action: 'x', recording: '' },
    })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.action).toBeTruthy()
    expect(body.errors.recording).toBeTruthy()
    expect(body.values.action).toBe('x')
  })

  test("a focus proposal sets the cycle's focus only when it passes", async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben, cy] = people as [TestPerson, TestPerson, TestPerson]
    const response = await post(plansRoute, {
      path: `/inquiries/${inquiryId}/plans`,
      params: { inquiryId },
      cookie: ada.cookie,
      form: { intent: 'focus', focus: 'Silence as invitation, not absence' },
    })
    expect(response.status).toBe(302)
    const decisionId = idFrom(response, '/decisions')
    const focus = async () =>
      (await db().selectFrom('cycles').select('focus').where('inquiryId', '=', inquiryId).executeTakeFirstOrThrow()).focus

    await stance(ada, decisionId, 'agree')
    expect(await focus()).toBeNull()
    await stance(ben, decisionId, 'agree')
    // The quorum has spoken, but not everyone: still open.
    expect(await focus()).toBeNull()
    await stance(cy, decisionId, 'abstain')
    expect(await focus()).toBe('Silence as invitation, not absence')
    expect((await inquiryPage(ada, inquiryId)).current.focus).toBe('Silence as invitation, not absence')
  })

  test('a focus cannot be proposed once the cycle has moved on to action', async () => {
    const { people, inquiryId } = await withInquiry()
    await moveOn(db(), inquiryId, people)
    const before = await tableCounts(db())
    const response = await post(plansRoute, {
      path: `/inquiries/${inquiryId}/plans`,
      params: { inquiryId },
      cookie: people[0]!.cookie,
      form: { intent: 'focus', focus: 'Too late for this' },
    })
    expect(response.status).toBe(409)
    expect(await tableCounts(db())).toEqual(before)
  })
})
