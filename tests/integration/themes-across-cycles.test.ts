import { describe, expect, test } from 'vitest'
import * as ratingsRoute from '~/routes/inquiries.$inquiryId.ratings'
import { createTestRecord, createTestTheme, linkTestRecord, moveOn, nextCycleToSenseMaking, toSenseMaking } from '../factories'
import { bodyOf, get } from './harness'
import { circle, db, sorted, themeAction, themeRow, themesList } from './support-themes'

// Themes carry over into later Cycles as emergent, persisting or fading.

describe('themes across cycles', () => {
  test('themes carry over: emergent in their first cycle, then persisting with new shared records, fading without', async () => {
    const c = await circle()
    const persisting = await createTestTheme(db(), c.ada, c.inquiryId, 'Persists')
    const fading = await createTestTheme(db(), c.ben, c.inquiryId, 'Fades')
    await linkTestRecord(db(), c.ada, c.inquiryId, persisting, c.adaRecord)
    await linkTestRecord(db(), c.ben, c.inquiryId, fading, c.benRecord)

    const first = await themesList(c.cy, c.inquiryId)
    expect(first.trajectoryCycle).toBe(1)
    expect(sorted(first.themes.map((t) => [t.name, t.firstCycleNumber, t.trajectory]))).toEqual(
      sorted([
        ['Persists', 1, 'emergent'],
        ['Fades', 1, 'emergent'],
      ]),
    )

    // Cycle 2: while it is under way, trajectories are still read against cycle 1.
    await moveOn(db(), c.inquiryId, c.people)
    const planning = await themesList(c.cy, c.inquiryId)
    expect(planning.trajectoryCycle).toBe(1)
    expect(planning.themes.map((t) => t.trajectory)).toEqual(['emergent', 'emergent'])

    await moveOn(db(), c.inquiryId, c.people)
    const shared = await createTestRecord(db(), c.ada, c.inquiryId, { text: 'Cycle 2: again I waited.' })
    const hidden = await createTestRecord(db(), c.ben, c.inquiryId, { text: 'Cycle 2, private: I filled it again.', visibility: 'private' })
    await toSenseMaking(db(), c.inquiryId, c.people)
    await linkTestRecord(db(), c.cy, c.inquiryId, persisting, shared)
    // A link to a private record is not evidence the others can see, so it does not keep a theme alive in the shared list.
    await linkTestRecord(db(), c.ben, c.inquiryId, fading, hidden)
    const emergent = await createTestTheme(db(), c.cy, c.inquiryId, 'New in cycle 2')

    for (const viewer of c.people) {
      const second = await themesList(viewer, c.inquiryId)
      expect(second.trajectoryCycle).toBe(2)
      expect(sorted(second.themes.map((t) => [t.name, t.firstCycleNumber, t.trajectory]))).toEqual(
        sorted([
          ['Persists', 1, 'persisting'],
          ['Fades', 1, 'fading'],
          ['New in cycle 2', 2, 'emergent'],
        ]),
      )
    }
    // The carried-over themes are rated again in cycle 2's blind round.
    const ratings = await bodyOf(
      await get(ratingsRoute, { path: `/inquiries/${c.inquiryId}/ratings`, params: { inquiryId: c.inquiryId }, cookie: c.ada.cookie }),
    )
    expect(ratings).toMatchObject({ state: 'blind', cycleNumber: 2 })
    expect(sorted(ratings.themes.map((t: { id: string }) => t.id))).toEqual(sorted([persisting, fading, emergent]))
  })

  test("a theme from cycle 1 can still be reshaped in cycle 2's sense-making", async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Old name')
    await nextCycleToSenseMaking(db(), c.inquiryId, c.people)
    expect((await themeAction(c.ben, c.inquiryId, themeId, { intent: 'rename', name: 'New name', description: '' })).status).toBe(302)
    expect((await themeRow(themeId)).name).toBe('New name')
  })
})
