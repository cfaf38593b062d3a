import { describe, expect, test } from 'vitest'
import { createTestRecord, createTestTheme, linkTestRecord } from '../factories'
import { bodyOf, locationOf, tableCounts } from './harness'
import {
  circle,
  db,
  linksOf,
  sorted,
  themeAction,
  themePage,
  themePageResponse,
  themePath,
  themesList,
  type ThemePage,
} from './support-themes'

// Linking Records to a Theme: a member's own, and group-visible ones; who linked each is kept.

describe('linking records to a theme', () => {
  test("a member links their own private record and another member's shared record; who linked each is kept", async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    const benPrivate = await createTestRecord(db(), c.ben, c.inquiryId, { text: 'Ben, privately: I was afraid.', visibility: 'private' })
    for (const recordId of [benPrivate, c.adaRecord]) {
      const response = await themeAction(c.ben, c.inquiryId, themeId, { intent: 'link', recordId })
      expect(response.status).toBe(302)
      expect(locationOf(response)).toBe(themePath(c.inquiryId, themeId))
    }
    expect(await linksOf(themeId)).toEqual(
      sorted([
        { recordId: benPrivate, linkedBy: c.ben.id },
        { recordId: c.adaRecord, linkedBy: c.ben.id },
      ]),
    )
    const asBen = await themePage(c.ben, c.inquiryId, themeId)
    expect(asBen.links.map((l) => [l.recordId, l.linkedByName]).sort()).toEqual(
      [
        [benPrivate, c.ben.displayName],
        [c.adaRecord, c.ben.displayName],
      ].sort(),
    )
    // Ada sees the link to her record and who made it; she can undo it as the record's author.
    const asAda = await themePage(c.ada, c.inquiryId, themeId)
    expect(asAda.links).toHaveLength(1)
    expect(asAda.links[0]).toMatchObject({ recordId: c.adaRecord, linkedByName: c.ben.displayName, canUnlink: true })
    // The list counts only what the viewer may see.
    expect((await themesList(c.ben, c.inquiryId)).themes[0]!.links).toBe(2)
    expect((await themesList(c.ada, c.inquiryId)).themes[0]!.links).toBe(1)
  })

  test("linking someone else's private record is a 400 beside recordId, writes nothing, and that record never reaches others' theme pages", async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    const secret = 'Ben, privately: I nearly left the room.'
    const benPrivate = await createTestRecord(db(), c.ben, c.inquiryId, { text: secret, visibility: 'private' })

    const before = await tableCounts(db())
    const refused = await themeAction(c.ada, c.inquiryId, themeId, { intent: 'link', recordId: benPrivate })
    expect(refused.status).toBe(400)
    const body = await bodyOf(refused)
    expect(body.errors.recordId).toBe('Choose one of the records you can see in this inquiry.')
    expect(JSON.stringify(body)).not.toContain(secret)
    expect(await tableCounts(db())).toEqual(before)

    // Ben links it himself; it is still his alone.
    expect((await themeAction(c.ben, c.inquiryId, themeId, { intent: 'link', recordId: benPrivate })).status).toBe(302)
    expect((await themePage(c.ben, c.inquiryId, themeId)).links.map((l) => l.text)).toContain(secret)
    for (const other of [c.ada, c.cy]) {
      const response = await themePageResponse(other, c.inquiryId, themeId)
      expect(response.status).toBe(200)
      const text = await response.text()
      expect(text).not.toContain(secret)
      expect(text).not.toContain(benPrivate)
      const page = JSON.parse(text) as ThemePage
      expect(page.links).toEqual([])
      expect(page.linkable!.records.map((r) => r.id)).not.toContain(benPrivate)
      expect((await themesList(other, c.inquiryId)).themes[0]!.links).toBe(0)
    }
  })

  test("a link can be undone by whoever made it or by the record's author, not by anyone else", async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    await linkTestRecord(db(), c.cy, c.inquiryId, themeId, c.benRecord)
    const refused = await themeAction(c.ada, c.inquiryId, themeId, { intent: 'unlink', recordId: c.benRecord })
    expect(refused.status).toBe(403)
    expect((await bodyOf(refused)).formError).toMatch(/Only the person who made a link/)
    expect(await linksOf(themeId)).toHaveLength(1)
    expect((await themeAction(c.ben, c.inquiryId, themeId, { intent: 'unlink', recordId: c.benRecord })).status).toBe(302)
    expect(await linksOf(themeId)).toEqual([])
  })

  test('linking the same record twice is a 409 and keeps one link', async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    await linkTestRecord(db(), c.ada, c.inquiryId, themeId, c.adaRecord)
    const again = await themeAction(c.ben, c.inquiryId, themeId, { intent: 'link', recordId: c.adaRecord })
    expect(again.status).toBe(409)
    expect(await linksOf(themeId)).toEqual([{ recordId: c.adaRecord, linkedBy: c.ada.id }])
  })
})
