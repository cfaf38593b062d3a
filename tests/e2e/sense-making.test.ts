import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  arrived,
  browserErrors,
  createGroup,
  createInvitation,
  expectNoSeriousAxeViolations,
  joinByLink,
  useBrowser,
  mainText,
  PASSWORD,
  signUp,
  startInquiry,
  uniqueEmail,
  visit,
  waitForHydration,
  moveOnTogether as moveOn,
} from './helpers'

async function proposeTheme(page: Page, inquiryPath: string, name: string) {
  await visit(page, `${inquiryPath}/themes`, 'Themes')
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByRole('button', { name: 'Propose theme' }).click()
  await page.waitForURL(/\/themes\/[A-Za-z0-9_-]+$/)
  await arrived(page, name)
}

/** Rates each named theme in the blind round form and saves. */
async function rateBlind(page: Page, inquiryPath: string, ratings: Record<string, number>) {
  await visit(page, `${inquiryPath}/ratings`, /^Ratings/)
  for (const [theme, value] of Object.entries(ratings)) {
    const group = page.getByRole('group', { name: theme })
    await group.getByRole('radio', { name: new RegExp(`^${value}\\b`) }).check()
  }
  await page.getByRole('button', { name: 'Save my blind ratings' }).click()
  await page.waitForURL(/\/ratings\?saved=blind$/)
  await arrived(page, /^Ratings/)
  await waitForHydration(page)
  await expectNoSeriousAxeViolations(page)
}

async function checkedValue(page: Page, theme: string): Promise<string | null> {
  const checked = page.getByRole('group', { name: theme }).locator('input[type=radio]:checked')
  return (await checked.count()) ? checked.getAttribute('value') : null
}

describe('blind-first ratings in Chromium', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })
  let ann: Page
  let ben: Page

  beforeAll(async () => {
    ann = await browsing.newPerson()
    ben = await browsing.newPerson()
  })

  it('keeps each blind rating private until both have rated, then classifies the themes', async () => {
    const title = 'Waiting in sessions'
    const agreed = 'Waiting lets the client lead'
    const contested = 'Silence feels unsafe'
    await signUp(ann, 'Ann Example', uniqueEmail('ann'), PASSWORD)
    await signUp(ben, 'Ben Example', uniqueEmail('ben'), PASSWORD)
    const groupPath = await createGroup(ann, 'Sense-making circle')
    await joinByLink(ben, await createInvitation(ann), 'Sense-making circle')
    await visit(ann, groupPath, 'Sense-making circle')
    const inquiryPath = await startInquiry(ann, title, 'What does waiting in silence do for our clients?', /^Co-operative inquiry \(Heron/)

    // Planning → experience, then skip immersion straight to sense-making.
    await moveOn(ann, ben, inquiryPath, title, /^Propose: move to Action – experience$/, 'Move to Action – experience')
    await moveOn(ann, ben, inquiryPath, title, /^Propose: skip Action – immersion/, /^Move to Reflection – sense-making/)
    await visit(ann, inquiryPath, title)
    expect(await mainText(ann)).toContain('Now: cycle 1, Reflection – sense-making')

    await proposeTheme(ann, inquiryPath, agreed)
    await proposeTheme(ben, inquiryPath, contested)

    // Ann rates blind. Ben's form shows nothing of hers, and there is no analysis yet.
    await rateBlind(ann, inquiryPath, { [agreed]: 5, [contested]: 1 })
    expect(await mainText(ann)).toContain('1 of 2 members have rated every theme')
    await visit(ben, `${inquiryPath}/ratings`, /^Ratings/)
    expect(await checkedValue(ben, agreed)).toBeNull()
    expect(await checkedValue(ben, contested)).toBeNull()
    await visit(ben, `${inquiryPath}/analysis`, /^Convergence and divergence/)
    expect(await mainText(ben)).toContain('No cycle has revealed ratings yet.')
    // Only the facilitation chart, which reads no rating, is drawn before a reveal.
    expect(await ben.locator('figure:not(#facilitation figure)').count()).toBe(0)
    const early = await ben.request.get(`${inquiryPath}/analysis.json?cycle=1`)
    expect(early.status()).toBe(404)
    expect(await early.text()).not.toMatch(/"value"|Ann Example/)
    const data = await ben.request.get(`${inquiryPath}/ratings?_data=${encodeURIComponent('routes/inquiries.$inquiryId.ratings')}`)
    expect(data.status()).toBe(200)
    const loaderData = (await data.json()) as { themes: { blind: number | null }[] }
    expect(loaderData.themes.map((t) => t.blind)).toEqual([null, null])

    // Ann, too, sees only her own ratings while Ben has not rated.
    await visit(ann, `${inquiryPath}/ratings`, /^Ratings/)
    expect(await checkedValue(ann, agreed)).toBe('5')

    // Ben rates; the round is revealed and the analysis classifies both themes.
    await rateBlind(ben, inquiryPath, { [agreed]: 4, [contested]: 5 })
    expect(await mainText(ben)).toContain('Open round: re-rate after discussion')
    await visit(ann, `${inquiryPath}/analysis`, /^Convergence and divergence — cycle 1/)
    const map = ann.locator('figure').filter({ has: ann.getByRole('heading', { name: 'Where the group converges and diverges' }) })
    // The map is an SVG image, drawn on the server once per data version: it loads, and has a text alternative.
    const image = map.locator('img.chart-svg')
    await image.waitFor()
    expect(await image.getAttribute('alt')).toMatch(/^Scatter chart of 2 rated themes/)
    await expect
      .poll(() => image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0)
    const row = (theme: string) => map.getByRole('row').filter({ hasText: theme })
    expect(await row(agreed).innerText()).toMatch(/convergent, endorsed/)
    expect(await row(contested).innerText()).toMatch(/divergent/)
    await waitForHydration(ann)
    await expectNoSeriousAxeViolations(ann)

    expect(browserErrors(ann)).toEqual([])
    expect(browserErrors(ben)).toEqual([])
  })
})
