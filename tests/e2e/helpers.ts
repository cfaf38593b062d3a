// The one setup of the e2e suite, with global-setup.ts (which starts the server once for every
// file): Debian's Chromium, one browser context per person, their browser errors, the axe scan
// of every page they arrive on, and the steps people take (sign up, log in, start a group…).
import { AxeBuilder } from '@axe-core/playwright'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject } from 'vitest'

export const baseURL = inject('baseURL')

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Contexts whose pages run JavaScript; pages without it have nothing to hydrate. */
const scripted = new WeakMap<BrowserContext, boolean>()

/** An uncaught exception or console error, with the path of the page that produced it. */
export type BrowserError = { path: string; message: string }

const pageErrors = new WeakMap<Page, BrowserError[]>()

/** Every uncaught exception and console error the page has produced so far (hydration errors among them), as it happens. */
export function errorsOf(page: Page): BrowserError[] {
  return pageErrors.get(page) ?? []
}

/** The page's browser errors so far, each as "path: message". */
export function browserErrors(page: Page): string[] {
  return errorsOf(page).map((e) => `${e.path}: ${e.message.slice(0, 300)}`)
}

/**
 * The browser errors these pages produce from now on: call the returned function to read them,
 * on pages whose path matches `where` (every page by default).
 */
export function errorsSince(...pages: Page[]): (where?: (path: string) => boolean) => string[] {
  const from = pages.map((page) => errorsOf(page).length)
  return (where = () => true) =>
    pages
      .flatMap((page, i) => errorsOf(page).slice(from[i]))
      .filter((e) => where(e.path))
      .map((e) => `${e.path}: ${e.message.slice(0, 300)}`)
}

export type Browsing = {
  browser: Browser
  /** A fresh browser context (own cookies) and a page in it, for one person. */
  newPerson(): Promise<Page>
  close(): Promise<void>
}

/** Launches Debian's Chromium; every person gets a separate context with the same JavaScript setting. */
export async function launch(options: { javaScriptEnabled: boolean }): Promise<Browsing> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 })
  const contexts: BrowserContext[] = []
  return {
    browser,
    async newPerson() {
      const context = await browser.newContext({ baseURL, javaScriptEnabled: options.javaScriptEnabled, locale: 'en-GB' })
      context.setDefaultTimeout(10_000)
      context.setDefaultNavigationTimeout(15_000)
      scripted.set(context, options.javaScriptEnabled)
      contexts.push(context)
      const page = await context.newPage()
      const errors: BrowserError[] = []
      pageErrors.set(page, errors)
      const path = () => new URL(page.url()).pathname
      page.on('pageerror', (error) => errors.push({ path: path(), message: `uncaught: ${error.message}` }))
      page.on('console', (message) => {
        // A 404 page is meant to answer 404; the browser logs every such response.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          errors.push({ path: path(), message: `console.error: ${message.text()}` })
        }
      })
      return page
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined)
      await browser.close()
    },
  }
}

/**
 * The browser of a describe block (call it in the block's body): launched before the block's
 * tests and closed after them, whatever happens in between. Open people in a beforeAll of the
 * block, after this call.
 */
export function useBrowser(options: { javaScriptEnabled: boolean }): Omit<Browsing, 'close'> {
  let browsing: Browsing | undefined
  beforeAll(async () => {
    browsing = await launch(options)
  })
  afterAll(async () => {
    await browsing?.close()
  })
  const launched = () => {
    if (!browsing) throw new Error('The browser is launched in beforeAll: open people in a beforeAll or a test, after useBrowser().')
    return browsing
  }
  return {
    get browser() {
      return launched().browser
    },
    newPerson: () => launched().newPerson(),
  }
}

/**
 * With JavaScript on, waits until Remix has hydrated the page (the router is initialised and
 * React owns every form), so that a click is handled by the app rather than racing it.
 */
export async function waitForHydration(page: Page): Promise<void> {
  if (!scripted.get(page.context())) return
  await page.waitForFunction(() => {
    const router = (window as unknown as { __remixRouter?: { state: { initialized: boolean; navigation: { state: string } } } })
      .__remixRouter
    if (!router?.state.initialized || router.state.navigation.state !== 'idle') return false
    return [...document.querySelectorAll('form')].every((form) => Object.keys(form).some((k) => k.startsWith('__reactProps')))
  })
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/**
 * axe cannot run in a page without JavaScript (its timers never fire there), so a no-JS page
 * is audited as a faithful copy: its current DOM, served at the same address (so the same
 * stylesheets load) into a scripted page of its own, with the app's scripts left out so
 * nothing hydrates or changes it.
 */
async function auditCopyOf(page: Page): Promise<{ audited: Page; done: () => Promise<void> }> {
  const browser = page.context().browser()
  if (!browser) throw new Error('The page has no browser to open an audit copy in.')
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, '')
  const url = page.url()
  let context = auditContexts.get(browser)
  if (!context) {
    context = await browser.newContext({ baseURL, javaScriptEnabled: true, locale: 'en-GB' })
    auditContexts.set(browser, context)
  }
  const audited = await context.newPage()
  await audited.route(
    (u) => u.href === url,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  )
  await audited.goto(url, { waitUntil: 'load' })
  return { audited, done: () => audited.close() }
}

/** One scripted context per browser for audit copies; it never holds anyone's cookies. */
const auditContexts = new WeakMap<Browser, BrowserContext>()

/** Runs axe (WCAG 2.1 A and AA) on the page; fails listing every serious or critical violation. */
export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const copy = scripted.get(page.context()) === false ? await auditCopyOf(page) : null
  try {
    // The copy is a single frame in a context of its own: legacy mode runs axe right in it
    // instead of opening one more page to merge per-frame results.
    const results = await new AxeBuilder({ page: copy?.audited ?? page })
      .withTags(AXE_TAGS)
      .setLegacyMode(copy !== null)
      .analyze()
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    if (serious.length === 0) return
    const lines = serious.flatMap((v) =>
      v.nodes.map(
        (node) => `  - ${v.id} (${v.impact}): ${v.help}\n    at ${node.target.map(String).join(' ')}: ${node.html.slice(0, 200)}`,
      ),
    )
    throw new Error(`axe found ${lines.length} serious or critical violation(s) on ${new URL(page.url()).pathname}:\n${lines.join('\n')}`)
  } finally {
    await copy?.done()
  }
}

/**
 * After a navigation: waits for the page's main heading, lets it hydrate, and checks its
 * accessibility. Every page the tests visit goes through here.
 */
export async function arrived(page: Page, heading: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  await waitForHydration(page)
  await expectNoSeriousAxeViolations(page)
}

/** Opens a path (relative to baseURL) and checks the page like arrived(). */
export async function visit(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path)
  await arrived(page, heading)
}

/** The text of the page's <main>, for "shows / does not show" checks. */
export async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ')
}

/** Creates an account through the sign-up form and lands, signed in, on "My groups". */
export async function signUp(page: Page, name: string, email: string, password: string): Promise<void> {
  await visit(page, '/signup', 'Create an account')
  await page.getByLabel('Your name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/groups')
  await arrived(page, 'My groups')
  // Signed in as this person: the main navigation links to their account under their name.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).waitFor()
}

/** Logs in through the login form and lands on "My groups". */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await visit(page, '/login', 'Log in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL('**/groups')
  await arrived(page, 'My groups')
}

/** An email address unique to this run, so test files never collide on the shared server. */
export function uniqueEmail(who: string): string {
  return `${who}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.org`
}

export const PASSWORD = 'a long enough pass phrase'

/** Starts an inquiry group as the signed-in person; returns its path (/groups/:id). */
export async function createGroup(page: Page, name: string): Promise<string> {
  await page.getByRole('radio', { name: /^Inquiry group/ }).check()
  await page.getByLabel('Group name').fill(name)
  await page.getByLabel(/I will facilitate/).check()
  await page.getByRole('button', { name: 'Create group' }).click()
  await page.waitForURL(/\/groups\/[A-Za-z0-9_-]+$/)
  await arrived(page, name)
  return new URL(page.url()).pathname
}

/** From any of a group's pages, follows the group's navigation to one of its pages (by the link's text). */
export async function openGroupPage(page: Page, link: string, heading: string | RegExp = link): Promise<void> {
  await page.getByRole('navigation', { name: 'This group' }).getByRole('link', { name: link, exact: true }).click()
  await arrived(page, heading)
}

/**
 * From a group's page, opens its members page and makes an invitation link there; returns it
 * as shown (data-testid="invite-link"). The person stays on the members page.
 */
export async function createInvitation(page: Page): Promise<string> {
  await openGroupPage(page, 'Members and invitations')
  await page.getByRole('button', { name: 'Create invitation link' }).click()
  const shown = page.getByTestId('invite-link')
  await shown.waitFor()
  await waitForHydration(page)
  await expectNoSeriousAxeViolations(page)
  const link = (await shown.innerText()).trim()
  expect(link).toMatch(/\/join\/[A-Za-z0-9_-]{20,100}$/)
  return link
}

/**
 * Presses Tab until the element has the focus, as a keyboard user moves through a page; fails
 * when it is not reached within `most` presses.
 */
export async function tabTo(page: Page, target: Locator, most = 80): Promise<void> {
  for (let i = 0; i < most; i += 1) {
    await page.keyboard.press('Tab')
    if (await target.evaluate((el) => el === document.activeElement)) return
  }
  throw new Error(`Tab did not reach ${String(target)} within ${most} presses`)
}

/** Opens an invitation link as the signed-in person and joins the group. */
export async function joinByLink(page: Page, link: string, groupName: string): Promise<void> {
  await visit(page, link, `Join ${groupName}`)
  await page.getByRole('button', { name: 'Join the group' }).click()
  await page.waitForURL(/\/groups\/[A-Za-z0-9_-]+$/)
  await arrived(page, groupName)
}

/** Starts an inquiry from a template on the group page; returns the inquiry's path. */
export async function startInquiry(page: Page, title: string, question: string, templateName: RegExp): Promise<string> {
  await page.getByRole('link', { name: 'Start an inquiry' }).click()
  await page.waitForURL(/\/inquiries\/new$/)
  await arrived(page, 'Start an inquiry')
  await page.getByLabel('Title').fill(title)
  await page.getByLabel('Question or focus').fill(question)
  await page.getByRole('radio', { name: templateName }).check()
  await page.getByRole('button', { name: 'Start the inquiry' }).click()
  await page.waitForURL(/\/inquiries\/[A-Za-z0-9_-]+$/)
  await arrived(page, title)
  return new URL(page.url()).pathname
}

/** Takes a stance on the open decision page and waits until the stances table shows it as this person's. */
export async function takeStance(page: Page, who: string, stance: 'Agree' | 'Abstain' | 'Disagree' | 'Block'): Promise<void> {
  await page.getByRole('radio', { name: new RegExp(`^${stance}\\b`) }).check()
  await page.getByRole('button', { name: 'Take my stance' }).click()
  const myRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: who, exact: true }) })
  await myRow.getByRole('cell', { name: stance, exact: true }).waitFor()
  await waitForHydration(page)
  await expectNoSeriousAxeViolations(page)
}

/** Adds a record on the records page; returns the new record's path. */
export async function addRecord(page: Page, text: string, visibility: 'The group' | 'Only me'): Promise<string> {
  await page.getByLabel('What happened, and what you noticed').fill(text)
  await page.getByRole('radio', { name: new RegExp(`^${visibility}`) }).check()
  await page.getByRole('button', { name: 'Add record' }).click()
  await page.waitForURL(/\/records\/[A-Za-z0-9_-]+$/)
  await arrived(page, /^Record by /)
  expect(await page.locator('main .record-text').first().innerText()).toBe(text)
  return new URL(page.url()).pathname
}

/** Proposes the next move from the inquiry page (by button label) and has Ann and Ben agree to it. */
export async function moveOnTogether(
  proposer: Page,
  other: Page,
  inquiryPath: string,
  title: string,
  button: RegExp,
  decision: string | RegExp,
) {
  await visit(proposer, inquiryPath, title)
  await proposer.getByRole('button', { name: button }).click()
  await proposer.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
  await arrived(proposer, decision)
  const decisionPath = new URL(proposer.url()).pathname
  await takeStance(proposer, 'Ann Example', 'Agree')
  await visit(other, decisionPath, decision)
  await takeStance(other, 'Ben Example', 'Agree')
}
