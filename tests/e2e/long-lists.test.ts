import { randomBytes } from 'node:crypto'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createDb, parseDatabaseUrl } from '~db/connection'
import { raiseChallenge } from '~/features/challenges/challenges.server'
import {
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  linkTestRecord,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { arrived, logIn, mainText, useBrowser, visit } from './helpers'

// Issue 17 in Chromium without JavaScript: the long lists of the records, themes, theme,
// ratings and challenges pages go page by page through plain links (and the ratings form page
// by page through plain posts), each page with its headings and no serious axe violation.

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

/** Clicks a pager link and waits for the page it leads to. */
async function follow(page: Page, pager: string, link: RegExp, heading: string | RegExp) {
  const before = page.url()
  await page.getByRole('navigation', { name: pager }).getByRole('link', { name: link }).click()
  await page.waitForURL((url) => url.href !== before)
  await arrived(page, heading)
}

const h2 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 2, name }).innerText()

describe('long lists, a page at a time, without JavaScript', () => {
  const plain = useBrowser({ javaScriptEnabled: false })
  let ada: TestPerson
  let inquiryPath: string
  let themeId: string
  let page: Page

  beforeAll(async () => {
    // The services run here, in the test process, on the e2e server's database; they need
    // secrets of their own (never the server's), and sign nothing the browser uses.
    process.env.SESSION_SECRET ??= randomBytes(36).toString('base64url')
    process.env.BALLOT_KEY ??= randomBytes(36).toString('base64url')
    const db = createDb(parseDatabaseUrl(inject('databaseURL')))
    const suffix = randomBytes(3).toString('hex')
    ada = await createPerson(db, `Ada Pager ${suffix}`)
    const ben = await createPerson(db, `Ben Pager ${suffix}`)
    const groupId = await createGroupWith(db, [ada, ben], { name: `Long lists ${suffix}` })
    const inquiryId = await createTestInquiry(db, ada, groupId)
    inquiryPath = `/inquiries/${inquiryId}`
    const records: string[] = []
    for (let i = 0; i < 53; i++)
      records.push(await createTestRecord(db, ada, inquiryId, { text: `Record number ${i}`, occurredAt: daysAgo(i + 1) }))
    await toSenseMaking(db, inquiryId, [ada, ben])
    const themes: string[] = []
    for (let i = 0; i < 52; i++) themes.push(await createTestTheme(db, ada, inquiryId, `Paged theme ${String(i).padStart(2, '0')}`))
    themeId = themes[0]!
    for (const recordId of records.slice(0, 52)) await linkTestRecord(db, ada, inquiryId, themeId, recordId)
    for (let i = 0; i < 51; i++)
      await raiseChallenge(db, ben, inquiryId, { target: 'process', hazard: 'other', text: `Challenge number ${i} to our process.` })
    await db.destroy()
    page = await plain.newPerson()
    await logIn(page, ada.email, ada.password)
  }, 180_000)

  it('records: 50 a page, newest first, and older ones behind a plain link', async () => {
    await visit(page, `${inquiryPath}/records`, 'Records')
    expect(await h2(page, /^Records /)).toBe('Records 1–50 of 53')
    expect(await page.getByTestId('record').count()).toBe(50)
    expect(await page.getByTestId('record').first().innerText()).toContain('Record number 0')
    await follow(page, 'Pages of records', /Older/, 'Records')
    expect(new URL(page.url()).search).toBe('?page=2')
    expect(await h2(page, /^Records /)).toBe('Records 51–53 of 53')
    expect(await page.getByTestId('record').allInnerTexts()).toEqual([
      expect.stringContaining('Record number 50'),
      expect.stringContaining('Record number 51'),
      expect.stringContaining('Record number 52'),
    ])
    await follow(page, 'Pages of records', /Newer/, 'Records')
    expect(await page.getByTestId('record').count()).toBe(50)
  })

  it('themes: 50 a page in the order they were proposed', async () => {
    await visit(page, `${inquiryPath}/themes`, 'Themes')
    expect(await page.locator('caption').innerText()).toMatch(/^Active themes 1–50 of 52/)
    await follow(page, 'Pages of themes', /Next/, 'Themes')
    expect(await page.locator('tbody tr').count()).toBe(2)
  })

  it('a theme: its linked records 50 a page, and the records it could link', async () => {
    await visit(page, `${inquiryPath}/themes/${themeId}`, 'Paged theme 00')
    expect(await h2(page, /^Linked records/)).toBe('Linked records (52)')
    await follow(page, 'Pages of linked records', /Next/, 'Paged theme 00')
    expect(await mainText(page)).toContain('Records 51–52 of 52, in the order they happened.')
    expect(await page.getByRole('button', { name: 'Link record' }).count()).toBe(1)
  })

  it('ratings: a page of themes is rated and saved, then the next, by plain posts', async () => {
    await visit(page, `${inquiryPath}/ratings`, /^Ratings/)
    expect(await mainText(page)).toContain('You have 52 of 52 themes still to rate.')
    const groups = page.locator('fieldset.rating-scale')
    expect(await groups.count()).toBe(50)
    for (let i = 0; i < 50; i++) await groups.nth(i).getByRole('radio', { name: /^3\b/ }).check()
    await page.getByRole('button', { name: 'Save and go to the next page' }).click()
    await page.waitForURL(/\/ratings\?saved=blind&page=2$/)
    await arrived(page, /^Ratings/)
    expect(await mainText(page)).toContain('You have 2 of 52 themes still to rate.')
    expect(await groups.count()).toBe(2)
    for (let i = 0; i < 2; i++) await groups.nth(i).getByRole('radio', { name: /^4\b/ }).check()
    await page.getByRole('button', { name: 'Save my blind ratings' }).click()
    await page.waitForURL(/\/ratings\?saved=blind&page=2$/)
    await arrived(page, /^Ratings/)
    expect(await mainText(page)).toContain('You have rated every theme.')
    await follow(page, 'Pages of themes to rate', /Previous/, /^Ratings/)
    expect(await groups.first().locator('input[type=radio]:checked').getAttribute('value')).toBe('3')
  })

  it('challenges: 50 a page, newest first', async () => {
    await visit(page, `${inquiryPath}/challenges`, 'Challenges')
    expect(await h2(page, /^All challenges/)).toBe('All challenges (51)')
    expect(await page.locator('tbody tr').count()).toBe(50)
    await follow(page, 'Pages of challenges', /Older/, 'Challenges')
    expect(await page.locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining('Challenge number 0 to our process.')])
  })
})
