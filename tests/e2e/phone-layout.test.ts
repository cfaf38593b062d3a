import { sql } from 'kysely'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createDb, parseDatabaseUrl } from '~db/connection'
import { demoGroup, demoInquiry, demoPair, demoPeople } from '~db/demo-content'
import { seedDemo } from '~/features/demo/seed-demo.server'
// The demo is seeded with the suite's one password, so any file may sign in as its people.
import { baseURL, expectNoSeriousAxeViolations, PASSWORD, useBrowser } from './helpers'

// Issue 16 §7, pages that fit a phone: at 390 × 844 (a phone held upright) no page scrolls
// sideways, every form can be used with a thumb (tap targets at least 44 px high, fields the
// width of their form, text in fields at least 16 px so iOS does not zoom in), and axe finds
// nothing serious. The demo inquiry and pair are seeded into the e2e server's database; their
// members follow every link from "My groups" (a few pages of each kind), then reach what a
// crawl cannot: a record written on the phone, an open proposal, an invitation link, a
// question asked first, an export, a peer review in progress and the sense-making phase.

const PHONE = { width: 390, height: 844 }
/** Pages of one kind (a record, a theme, a decision…) checked per crawl: the kinds differ, their instances mostly by text. */
const PER_KIND = 3
const RUN = Date.now().toString(36)
/** An address too long for a phone's line, as people paste them into what they write. */
const LONG_URL = 'https://example.org/notes/2024/the-silence-before-the-client-speaks-again-and-what-it-asks-of-us?session=4&part=two'

const demo = (key: string) => demoPeople.find((p) => p.key === key)!
/** The seeded demo's people log in under addresses of this run (see beforeAll). */
const runEmail = (email: string) => email.replace('@', `+phone-${RUN}@`)

/** Waits until Remix has hydrated the page, as the helpers' waitForHydration does for their own contexts. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const router = (window as unknown as { __remixRouter?: { state: { initialized: boolean; navigation: { state: string } } } })
      .__remixRouter
    if (!router?.state.initialized || router.state.navigation.state !== 'idle') return false
    return [...document.querySelectorAll('form')].every((form) => Object.keys(form).some((k) => k.startsWith('__reactProps')))
  })
}

/** A page's kind: its path with every id in it replaced, so records, themes and decisions count as one kind each. */
const kindOf = (path: string) =>
  path
    .replace(/\?.*$/, '')
    .replace(/\/(groups|inquiries|decisions|records|themes|challenges|reviews|join)\/[A-Za-z0-9_-]+/g, (match, segment: string) =>
      /\/(inquiries\/new|themes\/import)$/.test(match) ? match : `/${segment}/:id`,
    )

type Overflow = { scrollWidth: number; width: number; culprits: string[] }

/**
 * How wide the page is against the viewport, and the outermost elements that stick out past
 * its right edge (furthest first), leaving out anything inside an element that scrolls or
 * clips sideways on its own: those move inside their box, not the page.
 */
function measureOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    // The layout viewport. With a phone's viewport meta the window itself (innerWidth) grows to
    // take in whatever is wider, as a phone zooms out to show it.
    const limit = document.documentElement.clientWidth
    const contained = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true
      }
      return false
    }
    // An element sticks out, or its text does (a long word overflows the box it is in).
    const textRight = (el: Element) =>
      Math.max(
        0,
        ...[...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim())
          .map((n) => {
            const range = document.createRange()
            range.selectNodeContents(n)
            return range.getBoundingClientRect().right
          }),
      )
    const right = (el: Element) => Math.max(el.getBoundingClientRect().right, textRight(el))
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : ''
      const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : ''
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50)
      return `<${el.tagName.toLowerCase()}${id}${classes}> ${Math.round(el.getBoundingClientRect().width)}px wide, reaching ${Math.round(right(el))}px${text ? ` (“${text}”)` : ''}`
    }
    const sticksOut = (el: Element) => right(el) > limit + 1 && !contained(el)
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => sticksOut(el) && !(el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)))
      .sort((a, b) => right(b) - right(a))
      .slice(0, 6)
      .map(describe)
    return { scrollWidth: document.documentElement.scrollWidth, width: limit, culprits }
  })
}

/**
 * What a thumb meets on the page: every visible button, field and choice, and the links of the
 * header. Buttons, links styled as buttons and fields are at least 44 px high; a radio button
 * or checkbox has a label at least 44 px high to tap; text in a field is at least 16 px; a
 * field is as wide as its form lets it be (up to the 40rem a line of text reads well at).
 * Text buttons within a sentence (link-button) read as links and are exempt, as WCAG 2.5.8
 * exempts inline targets.
 */
function thumbProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const name = (el: Element) => {
      const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? ''
      const type = el.getAttribute('type')
      return `<${el.tagName.toLowerCase()}${type ? ` type=${type}` : ''}> “${label.replace(/\s+/g, ' ').trim().slice(0, 40)}”`
    }
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
    }
    const controls = document.querySelectorAll(
      'main input:not([type=hidden]), main select, main textarea, main button, main a.button, dialog[open] button, .site-header nav a, .site-header nav button',
    )
    for (const el of controls) {
      if (!shown(el) || (el.classList.contains('link-button') && !el.closest('.site-header'))) continue
      const r = el.getBoundingClientRect()
      const type = (el.getAttribute('type') ?? '').toLowerCase()
      if (type === 'radio' || type === 'checkbox') {
        const label = (el as HTMLInputElement).labels?.[0]
        const height = label ? label.getBoundingClientRect().height : r.height
        if (height < 43.5) problems.push(`${name(el)}: its label is ${Math.round(height)}px high to tap`)
        continue
      }
      if (r.height < 43.5) problems.push(`${name(el)}: ${Math.round(r.height)}px high`)
      const isField =
        el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && !['submit', 'button', 'file'].includes(type))
      if (!isField) continue
      const fontSize = getComputedStyle(el).fontSize
      if (parseFloat(fontSize) < 16) problems.push(`${name(el)}: text ${fontSize}, which iOS zooms into`)
      const form = el.closest('form') ?? el.parentElement!
      const style = getComputedStyle(form)
      const room = Math.min(form.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight), 640)
      if (r.width < room - 1) problems.push(`${name(el)}: ${Math.round(r.width)}px wide in a form ${Math.round(room)}px wide`)
    }
    return problems
  })
}

/** Problems found on every page, each as "page: what"; the last test fails listing them all. */
const problems: string[] = []
/** Every kind of page checked. */
const checkedKinds = new Set<string>()

/** Checks the page the phone is on (`state` says which, where the address does not): sideways overflow, thumbs, axe. */
async function check(page: Page, state = ''): Promise<void> {
  await page.locator('h1').first().waitFor()
  await hydrated(page)
  const url = new URL(page.url())
  const where = url.pathname + url.search + (state ? ` (${state})` : '')
  checkedKinds.add(kindOf(url.pathname))
  // What a closed <details> holds is on the page too: open them all.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)))
  const overflow = await measureOverflow(page)
  if (overflow.scrollWidth > overflow.width) {
    problems.push(`${where}: ${overflow.scrollWidth}px wide in a ${overflow.width}px window\n      ${overflow.culprits.join('\n      ')}`)
  }
  for (const p of await thumbProblems(page)) problems.push(`${where}: ${p}`)
  try {
    await expectNoSeriousAxeViolations(page)
  } catch (error) {
    problems.push(`${where}: ${(error as Error).message}`)
  }
}

/** Follows same-origin links from My groups, checking at most PER_KIND pages of each kind; returns every address it found. */
async function crawl(page: Page, state = ''): Promise<string[]> {
  const seen = new Set<string>()
  const perKind = new Map<string, number>()
  const queue = ['/groups']
  while (queue.length) {
    const path = queue.shift()!
    if (seen.has(path)) continue
    seen.add(path)
    const kind = kindOf(path)
    if ((perKind.get(kind) ?? 0) >= PER_KIND) continue
    perKind.set(kind, (perKind.get(kind) ?? 0) + 1)
    await page.goto(path)
    await check(page, state)
    // A link marked for download (a group's network record) is a file, not a page.
    const links = await page.$$eval('a[href]:not([download])', (as) => as.map((a) => (a as HTMLAnchorElement).href))
    for (const href of links) {
      const url = new URL(href)
      // Not pages: signing out, the JSON twins of the analysis and validity pages, downloads.
      if (url.origin !== new URL(baseURL).origin || /^\/(logout|login|signup)|\.json$|\/download$/.test(url.pathname)) continue
      const next = url.pathname + url.search
      if (!seen.has(next) && !queue.includes(next)) queue.push(next)
    }
  }
  return [...seen]
}

async function logIn(page: Page, email: string): Promise<void> {
  await page.goto('/login')
  await check(page)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).tap()
  await page.waitForURL('**/groups')
}

/** Opens a group from My groups; returns its path. */
async function openGroup(page: Page, name: string): Promise<string> {
  await page.goto('/groups')
  await page.getByRole('link', { name, exact: true }).click()
  await page.waitForURL(/\/groups\/[A-Za-z0-9_-]+$/)
  return new URL(page.url()).pathname
}

describe('every page on a 390 px phone', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })
  /** A scripted phone: the viewport of a 390 px wide phone at 3× density, with touch. */
  const newPhone = async () => {
    const context = await browsing.browser.newContext({
      baseURL,
      viewport: PHONE,
      deviceScaleFactor: 3,
      hasTouch: true,
      isMobile: true,
      locale: 'en-GB',
    })
    context.setDefaultTimeout(10_000)
    context.setDefaultNavigationTimeout(15_000)
    return context.newPage()
  }
  const phones = new Map<string, Page>()
  /** The demo person's phone, logged in the first time it is asked for. */
  const phoneOf = async (key: string, email: string) => {
    if (!phones.has(key)) {
      const page = await newPhone()
      await logIn(page, runEmail(email))
      phones.set(key, page)
    }
    return phones.get(key)!
  }
  const member = (key: string) => phoneOf(key, demo(key).email)
  let inquiryPath = ''

  beforeAll(async () => {
    // The demo's addresses are fixed and another file of the suite seeds it too: this copy moves
    // an earlier one's people aside first, and its own to addresses of this run afterwards.
    const db = createDb(parseDatabaseUrl(inject('databaseURL')))
    const emails = [...demoPeople.map((p) => p.email), demoPair.client.email]
    for (const email of emails) {
      await db
        .updateTable('people')
        .set({ email: email.replace('@', `+earlier-${RUN}@`) })
        .where('email', '=', email)
        .execute()
    }
    // The network's demo groups have fixed addresses too: any earlier copy's are moved aside as well.
    await sql`update people set email = replace(email, '@demo.inquiry.local', ${`+earlier-${RUN}@demo.inquiry.local`}) where email like '%@demo.inquiry.local' and email not like '%+earlier-%'`.execute(
      db,
    )
    await seedDemo(db, { password: PASSWORD })
    for (const email of emails)
      await db
        .updateTable('people')
        .set({ email: runEmail(email) })
        .where('email', '=', email)
        .execute()
    await db.destroy()
  })

  it('the pages before signing in', async () => {
    const page = await newPhone()
    for (const path of ['/', '/login', '/signup', '/no-such-page']) {
      await page.goto(path)
      await check(page)
    }
  })

  it('every page Carys (a group member, and a practitioner in a pair) and Jo (her client) reach from My groups', async () => {
    const carys = await member('carys')
    const pages = await crawl(carys)
    expect(pages.length).toBeGreaterThan(30)
    await openGroup(carys, demoGroup.name)
    await carys.getByRole('link', { name: demoInquiry.title, exact: true }).click()
    await carys.waitForURL(/\/inquiries\/[A-Za-z0-9_-]+$/)
    inquiryPath = new URL(carys.url()).pathname
    const jo = await phoneOf('jo', demoPair.client.email)
    const joPages = await crawl(jo)
    expect(joPages.some((p) => kindOf(p) === '/groups/:id/reviews/:id')).toBe(true)
  }, 300_000)

  it('what a crawl does not reach: writing a record, proposing, inviting, being asked first, exporting', async () => {
    const carys = await member('carys')

    // A record written on the phone, with an address in it, tapped through the form.
    await carys.goto(`${inquiryPath}/records`)
    await hydrated(carys)
    await carys.getByLabel('What happened, and what you noticed').fill(`On the bus home I kept thinking of the article ${LONG_URL}`)
    await carys.locator('label', { hasText: /^Only me/ }).tap()
    await carys.locator('label', { hasText: /^The group/ }).tap()
    await carys.getByRole('button', { name: 'Add record' }).tap()
    await carys.waitForURL(/\/records\/[A-Za-z0-9_-]+$/)
    await check(carys, 'her own, just written')
    const recordPath = new URL(carys.url()).pathname

    // Deleting it asks first, in a dialog that must fit the phone too; cancelled.
    await carys.getByRole('button', { name: 'Delete this record' }).tap()
    await carys.getByRole('dialog').waitFor()
    await check(carys, 'asking before deleting')
    await carys.getByRole('button', { name: 'Cancel' }).tap()
    await carys.getByRole('dialog').waitFor({ state: 'hidden' })

    // An open proposal with an address in its title, and the form to take a stance.
    const groupPath = await openGroup(carys, demoGroup.name)
    await hydrated(carys)
    await carys.getByText('Propose something else to the group').tap()
    await carys.getByLabel('Proposal', { exact: true }).fill(`Read ${LONG_URL} before we meet`)
    await carys.getByLabel('Details (optional)').fill(`The notes are at ${LONG_URL}`)
    await carys.getByRole('button', { name: 'Propose', exact: true }).tap()
    await carys.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await check(carys, 'open')
    await carys.goto(groupPath)
    await check(carys, 'with the open proposal')

    // An invitation link as shown once on the members page, then opened by someone outside the group.
    await carys.goto(`${groupPath}/members`)
    await hydrated(carys)
    await carys.getByRole('button', { name: 'Create invitation link' }).tap()
    const link = (await carys.getByTestId('invite-link').innerText()).trim()
    await check(carys, 'with a new invitation link')
    const jo = await phoneOf('jo', demoPair.client.email)
    await jo.goto(link)
    await check(jo)

    // An export downloaded, so that the page lists it.
    await carys.goto(`${inquiryPath}/export`)
    await hydrated(carys)
    const download = carys.waitForEvent('download')
    await carys.getByRole('button', { name: /^Download / }).tap()
    await (await download).path()
    await carys.goto(`${inquiryPath}/export`)
    await check(carys, 'after an export')

    // The group's pages as its facilitator sees them (the settings page offers to hand the role
    // on), and the record as another member reads it.
    const amara = await member('amara')
    const amaraGroup = await openGroup(amara, demoGroup.name)
    for (const page of ['', '/members', '/settings']) {
      await amara.goto(`${amaraGroup}${page}`)
      await check(amara, 'as facilitator')
    }
    await amara.goto(recordPath)
    await check(amara)
  }, 300_000)

  it('a peer review in progress, from both sides', async () => {
    const carys = await member('carys')
    const jo = await phoneOf('jo', demoPair.client.email)
    await openGroup(carys, demoPair.name)
    await carys.getByRole('link', { name: 'Principles, consent and peer reviews' }).tap()
    await hydrated(carys)
    await carys.getByRole('button', { name: 'Open a peer review now' }).tap()
    await carys.waitForURL(/\/reviews\/[A-Za-z0-9_-]+$/)
    await check(carys, 'in progress')
    await jo.goto(carys.url())
    await check(jo, 'in progress, the client’s turn')
  }, 120_000)

  it('the sense-making phase, whose forms the action phase does not show', async () => {
    const carys = await member('carys')
    await carys.goto(inquiryPath)
    await hydrated(carys)
    await carys.getByRole('button', { name: /^Propose: skip .*sense-making/ }).tap()
    await carys.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    const decisionPath = new URL(carys.url()).pathname
    for (const key of ['carys', 'amara', 'bernard', 'dev', 'elena', 'finn']) {
      const page = await member(key)
      await page.goto(decisionPath)
      await hydrated(page)
      const agree = page.getByRole('radio', { name: /^Agree\b/ })
      if (!(await agree.isVisible())) break
      await agree.check()
      await page.getByRole('button', { name: 'Take my stance' }).tap()
      const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: demo(key).displayName, exact: true }) })
      await row.getByRole('cell', { name: 'Agree', exact: true }).waitFor()
    }
    await carys.goto(inquiryPath)
    const now = await carys.getByText(/Now: cycle \d+, Reflection – sense-making/).innerText()
    const cycle = /cycle (\d+)/.exec(now)![1]
    for (const section of ['', '/themes', '/ratings', '/records', '/challenges', '/plans']) {
      await carys.goto(`${inquiryPath}${section}`)
      await check(carys, 'sense-making')
    }
    await carys.goto(`${inquiryPath}/themes`)
    await carys.locator('table a').first().click()
    await carys.waitForURL(/\/themes\/[A-Za-z0-9_-]+$/)
    await check(carys, 'sense-making')
    await carys.goto(`${inquiryPath}/cycles/${cycle}/validity`)
    await check(carys, 'sense-making')
  }, 300_000)

  it('no page scrolls sideways or is hard to use with a thumb, and axe finds nothing serious on any', () => {
    // Every page of app/routes/ a member can reach (the resource routes aside: JSON, downloads, logout, healthz).
    for (const kind of [
      '/groups',
      '/groups/:id',
      '/groups/:id/members',
      '/groups/:id/ground-rules',
      '/groups/:id/settings',
      '/groups/:id/leave',
      '/groups/:id/inquiries/new',
      '/groups/:id/pair',
      '/groups/:id/reviews/:id',
      '/import',
      '/account',
      '/inquiries/:id',
      '/inquiries/:id/records',
      '/inquiries/:id/records/:id',
      '/inquiries/:id/plans',
      '/inquiries/:id/themes',
      '/inquiries/:id/themes/:id',
      '/inquiries/:id/themes/import',
      '/inquiries/:id/ratings',
      '/inquiries/:id/analysis',
      '/inquiries/:id/challenges',
      '/inquiries/:id/challenges/:id',
      '/inquiries/:id/cycles/1/validity',
      '/inquiries/:id/template',
      '/inquiries/:id/export',
      '/decisions/:id',
      '/join/:id',
    ]) {
      expect(checkedKinds, kind).toContain(kind)
    }
    if (problems.length) expect.fail(`${problems.length} problem(s) on a 390 px phone:\n${problems.join('\n')}`)
  })
})
