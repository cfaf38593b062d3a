import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  arrived,
  browserErrors,
  createGroup,
  createInvitation,
  joinByLink,
  mainText,
  PASSWORD,
  signUp,
  startInquiry,
  takeStance,
  uniqueEmail,
  useBrowser,
  visit,
} from './helpers'

// Time to deliberate (issue 16): a proposal stays open after its quorum is met, until the last
// member takes a stance or its closing time passes; and the dashboard's "This phase" tells each
// member what the phase asks of them, changing as they act, while naming no one.

const sqlite = new Database(inject('databaseURL'))
sqlite.pragma('busy_timeout = 5000')
afterAll(() => sqlite.close())

async function thisPhase(page: Page): Promise<string> {
  return (await page.getByRole('region', { name: 'This phase' }).innerText()).replace(/\s+/g, ' ')
}

async function status(page: Page): Promise<string> {
  return page.locator('main p.muted').first().innerText()
}

describe('three members deliberate, in Chromium with JavaScript', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })
  let ann: Page
  let ben: Page
  let cy: Page

  beforeAll(async () => {
    ann = await browsing.newPerson()
    ben = await browsing.newPerson()
    cy = await browsing.newPerson()
  })

  it('stays open past the quorum until the last member speaks, and the guidance follows each member', async () => {
    const groupName = `Deliberation circle ${Date.now().toString(36)}`
    const title = 'Taking our time'
    await signUp(ann, 'Ann Example', uniqueEmail('ann'), PASSWORD)
    await signUp(ben, 'Ben Example', uniqueEmail('ben'), PASSWORD)
    await signUp(cy, 'Cy Example', uniqueEmail('cy'), PASSWORD)
    const groupPath = await createGroup(ann, groupName)
    const link = await createInvitation(ann)
    await joinByLink(ben, link, groupName)
    await joinByLink(cy, link, groupName)
    await visit(ann, groupPath, groupName)
    const inquiryPath = await startInquiry(ann, title, 'What changes when we do not hurry?', /^Co-operative inquiry \(Heron/)

    // Ann proposes moving on; Ben's dashboard asks for his stance, and names no one.
    await ann.getByRole('button', { name: 'Propose: move to Action – experience' }).click()
    await ann.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await arrived(ann, 'Move to Action – experience')
    const decisionPath = new URL(ann.url()).pathname
    expect(await mainText(ann)).toMatch(
      /It stays open until every member has taken a stance, or until it closes on \w{3}, \d+ \w{3} \d{4}, \d\d:\d\d \(UTC\)/,
    )
    await takeStance(ann, 'Ann Example', 'Agree')

    await visit(ben, inquiryPath, title)
    const before = await thisPhase(ben)
    expect(before).toContain('What it asks of you')
    expect(before).toContain('To do: 1 open proposal awaits your stance.')
    expect(before).toMatch(/1 of 3 has taken a stance on “Move to Action – experience”/)
    for (const name of ['Ann Example', 'Cy Example']) expect(before).not.toContain(name)

    // Ben agrees: two of three is the quorum, and still it stays open for Cy.
    await visit(ben, decisionPath, 'Move to Action – experience')
    await takeStance(ben, 'Ben Example', 'Agree')
    expect(await status(ben)).toMatch(/· open$/)
    expect(await mainText(ben)).toContain('Open: 2 of 3 members have taken a stance. It closes when everyone has, or at its closing time.')
    await visit(ben, inquiryPath, title)
    const after = await thisPhase(ben)
    expect(after).not.toContain('awaits your stance')
    expect(after).toContain('Done: You have taken a stance on every open proposal.')
    expect(after).toContain('2 of 3 have taken a stance on “Move to Action – experience”.')
    expect(await ben.getByRole('heading', { level: 2, name: /^Now:/ }).innerText()).toMatch(/Reflection – framing and planning/)

    // Cy, the last, takes her stance: now it passes and the phase moves.
    await visit(cy, decisionPath, 'Move to Action – experience')
    await takeStance(cy, 'Cy Example', 'Abstain')
    expect(await status(cy)).toMatch(/· passed$/)
    await visit(ann, inquiryPath, title)
    expect(await ann.getByRole('heading', { level: 2, name: /^Now:/ }).innerText()).toMatch(/^Now: cycle 1, Action – experience/)
    expect(await thisPhase(ann)).toMatch(/record/i)

    // A second proposal: only Ann takes a stance, and its closing time passes. The next page
    // anyone opens finds it counted (no cron): one of three is short of the quorum.
    await ann
      .getByRole('button', { name: /^Propose: move to / })
      .first()
      .click()
    await ann.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    const second = new URL(ann.url()).pathname
    await takeStance(ann, 'Ann Example', 'Agree')
    sqlite
      .prepare('update decisions set closes_at = ? where id = ?')
      .run(new Date(Date.now() - 1000).toISOString(), second.split('/').pop())
    await new Promise((resolve) => setTimeout(resolve, 2100)) // the server checks at most every 2 seconds on requests
    await visit(ben, second, /^Move to /)
    expect(await status(ben)).toMatch(/· not passed$|· rejected$/)
    expect(await mainText(ben)).toContain('Not passed when counted: 1 of 3 members had taken a stance')
    expect(browserErrors(ann)).toEqual([])
    expect(browserErrors(ben)).toEqual([])
    expect(browserErrors(cy)).toEqual([])
  })
})
