import { describe, expect, test } from 'vitest'
import * as challengesRoute from '~/routes/inquiries.$inquiryId.challenges._index'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import * as importRoute from '~/routes/inquiries.$inquiryId.themes.import'
import * as themeRoute from '~/routes/inquiries.$inquiryId.themes.$themeId'
import * as themesRoute from '~/routes/inquiries.$inquiryId.themes._index'
import { getDb } from '~/utils/db.server'
import {
  adoptValidityReview,
  conclude,
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestTheme,
  moveOn,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get, post, tableCounts, type RouteModule } from './harness'

// Issue 13 §6, item 2: a page does not offer an action the server would refuse with 409. The
// loader exposes the service's own reason (the same text the action refuses with), and the
// page shows it, with when the action becomes possible, instead of the button.

const db = () => getDb()

async function circle() {
  const people = [await createPerson(db(), 'Ada'), await createPerson(db(), 'Ben'), await createPerson(db(), 'Cy')]
  const groupId = await createGroupWith(db(), people, { name: 'Offer circle' })
  const inquiryId = await createTestInquiry(db(), people[0]!, groupId)
  return { people, ada: people[0]!, groupId, inquiryId }
}

async function page(route: RouteModule, path: string, params: Record<string, string>, person: TestPerson) {
  const response = await get(route, { path, params, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

const CLOSE_BLOCK = 'Cycle 1 cannot close until the group adopts its validity review, which is held in the sense-making phase.'

describe('moving on past the end of a cycle', () => {
  test("before the review is adopted the page says why the cycle cannot close, with the refusal's own words; afterwards it offers it", async () => {
    const c = await circle()
    await toSenseMaking(db(), c.inquiryId, c.people)
    const path = `/inquiries/${c.inquiryId}`
    const before = await page(inquiryRoute, path, { inquiryId: c.inquiryId }, c.ada)
    expect(before.nextStep).toMatchObject({ type: 'next_cycle' })
    expect(before.closeBlock).toBe(CLOSE_BLOCK)

    const counts = await tableCounts(db())
    for (const form of [
      { step: 'next', reason: '' },
      { step: 'conclude', reason: '' },
    ]) {
      const refused = await post(inquiryRoute, { path, params: { inquiryId: c.inquiryId }, cookie: c.ada.cookie, form })
      expect(refused.status).toBe(409)
      expect((await bodyOf(refused)).formError).toBe(before.closeBlock)
    }
    expect(await tableCounts(db())).toEqual(counts)

    await adoptValidityReview(db(), c.inquiryId, c.people)
    expect((await page(inquiryRoute, path, { inquiryId: c.inquiryId }, c.ada)).closeBlock).toBeNull()
  })

  test('a phase move within the cycle is still offered while the review is not adopted, without the skip that would close the cycle', async () => {
    const c = await circle()
    await moveOn(db(), c.inquiryId, c.people)
    // In Action – experience: the next step is Action – immersion (optional); skipping it leads to sense-making, not past the cycle.
    const data = await page(inquiryRoute, `/inquiries/${c.inquiryId}`, { inquiryId: c.inquiryId }, c.ada)
    expect(data.nextStep).toMatchObject({ type: 'phase' })
    expect(data.skippable).toMatchObject({ closesCycle: false })
    expect(data.closeBlock).toBe(CLOSE_BLOCK)
  })
})

describe('naming and reshaping themes', () => {
  test('in an action phase the pages say why, and in which phase it becomes possible again; the refusal says the same', async () => {
    const c = await circle()
    await toSenseMaking(db(), c.inquiryId, c.people)
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    await adoptValidityReview(db(), c.inquiryId, c.people)
    await moveOn(db(), c.inquiryId, c.people) // cycle 2, planning
    await moveOn(db(), c.inquiryId, c.people) // cycle 2, action

    const reason =
      'Themes are named and reshaped in reflection phases; the inquiry is in an action phase now. That becomes possible again in Reflection – sense-making, later in this cycle.'
    const params = { inquiryId: c.inquiryId }
    const list = await page(themesRoute, `/inquiries/${c.inquiryId}/themes`, params, c.ada)
    expect(list).toMatchObject({ canEdit: false, editBlock: reason })
    expect(await page(themeRoute, `/inquiries/${c.inquiryId}/themes/${themeId}`, { ...params, themeId }, c.ada)).toMatchObject({
      canEdit: false,
      editBlock: reason,
    })
    expect(await page(importRoute, `/inquiries/${c.inquiryId}/themes/import`, params, c.ada)).toMatchObject({ editBlock: reason })

    const counts = await tableCounts(db())
    const refused = await post(themesRoute, {
      path: `/inquiries/${c.inquiryId}/themes`,
      params,
      cookie: c.ada.cookie,
      form: { name: 'Rushing', description: '' },
    })
    expect(refused.status).toBe(409)
    expect((await bodyOf(refused)).formError).toBe(reason)
    expect(await tableCounts(db())).toEqual(counts)
  })

  test("when no reflection phase is left in the cycle, the next one named is the next cycle's first", async () => {
    const c = await circle()
    await moveOn(db(), c.inquiryId, c.people) // cycle 1, Action – experience
    // No template ends a cycle in action; a cycle whose remaining reflection phase is skipped stands in for one.
    const cycle = await db().selectFrom('cycles').select('id').where('inquiryId', '=', c.inquiryId).executeTakeFirstOrThrow()
    await db()
      .updateTable('phases')
      .set({ status: 'skipped' })
      .where('cycleId', '=', cycle.id)
      .where('kind', '=', 'reflection')
      .where('status', '=', 'upcoming')
      .execute()
    const list = await page(themesRoute, `/inquiries/${c.inquiryId}/themes`, { inquiryId: c.inquiryId }, c.ada)
    expect(list.editBlock).toMatch(/That becomes possible again in Reflection – framing and planning, when cycle 2 begins\.$/)
  })

  test('in a reflection phase nothing blocks, and once concluded the pages say so', async () => {
    const c = await circle()
    const params = { inquiryId: c.inquiryId }
    expect(await page(themesRoute, `/inquiries/${c.inquiryId}/themes`, params, c.ada)).toMatchObject({ canEdit: true, editBlock: null })
    await conclude(db(), c.inquiryId, c.people)
    expect((await page(importRoute, `/inquiries/${c.inquiryId}/themes/import`, params, c.ada)).editBlock).toBe(
      'This inquiry has concluded; nothing more can be proposed or recorded in it.',
    )
  })
})

describe('raising a challenge', () => {
  test('once the inquiry has concluded the page says so instead of offering the form, and raising is refused with the same words', async () => {
    const c = await circle()
    const params = { inquiryId: c.inquiryId }
    const path = `/inquiries/${c.inquiryId}/challenges`
    expect((await page(challengesRoute, path, params, c.ada)).raiseBlock).toBeNull()
    await conclude(db(), c.inquiryId, c.people)
    const data = await page(challengesRoute, path, params, c.ada)
    expect(data.raiseBlock).toBe('This inquiry has concluded; nothing more can be proposed or recorded in it.')
    const counts = await tableCounts(db())
    const refused = await post(challengesRoute, {
      path,
      params,
      cookie: c.ada.cookie,
      form: { target: 'process', hazard: 'consensus_collusion', text: 'We agreed too quickly.' },
    })
    expect(refused.status).toBe(409)
    expect((await bodyOf(refused)).formError).toBe(data.raiseBlock)
    expect(await tableCounts(db())).toEqual(counts)
  })
})
