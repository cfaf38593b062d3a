import { describe, expect, test } from 'vitest'
import {
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  linkTestRecord,
  moveOn,
  toSenseMaking,
} from '../factories'
import { bodyOf } from './harness'
import { circle, db, themeAction, themePageResponse, themeState } from './support-themes'

// A Theme of another group cannot be reached through one's own Inquiry, nor a Record of another
// Inquiry linked.

describe('themes and records of other inquiries', () => {
  test("a theme of another group cannot be seen or changed through one's own inquiry, and a record of another inquiry cannot be linked", async () => {
    const c = await circle()
    const own = await createTestTheme(db(), c.ada, c.inquiryId, 'Ours')
    // Another group, without Ada, in sense-making with a theme and a record.
    const [dan, eve, fay] = [await createPerson(db(), 'Dan'), await createPerson(db(), 'Eve'), await createPerson(db(), 'Fay')]
    const otherGroup = await createGroupWith(db(), [dan, eve, fay], { name: "Not Ada's circle" })
    const foreignInquiry = await createTestInquiry(db(), dan, otherGroup)
    await moveOn(db(), foreignInquiry, [dan, eve, fay])
    const foreignRecord = await createTestRecord(db(), dan, foreignInquiry, { text: "Dan's record, not for Ada." })
    await toSenseMaking(db(), foreignInquiry, [dan, eve, fay])
    const foreignTheme = await createTestTheme(db(), dan, foreignInquiry, 'Their theme')
    await linkTestRecord(db(), dan, foreignInquiry, foreignTheme, foreignRecord)

    const before = await themeState()
    const page = await themePageResponse(c.ada, c.inquiryId, foreignTheme)
    expect(page.status).toBe(404)
    expect(await page.text()).not.toContain('Their theme')
    const forms: Record<string, string>[] = [
      { intent: 'rename', name: 'Taken over', description: '' },
      { intent: 'link', recordId: c.adaRecord },
      { intent: 'merge', intoThemeId: own, confirmed: 'yes' },
      { intent: 'split', name: 'Part of theirs', description: '' },
    ]
    for (const form of forms) {
      expect((await themeAction(c.ada, c.inquiryId, foreignTheme, form)).status).toBe(404)
    }
    const link = await themeAction(c.ada, c.inquiryId, own, { intent: 'link', recordId: foreignRecord })
    expect(link.status).toBe(400)
    expect(JSON.stringify(await bodyOf(link))).not.toContain('not for Ada')
    expect(await themeState()).toEqual(before)
  })
})
