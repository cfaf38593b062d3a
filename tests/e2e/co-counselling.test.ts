import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  arrived,
  browserErrors,
  createGroup,
  createInvitation,
  joinByLink,
  PASSWORD,
  signUp,
  uniqueEmail,
  useBrowser,
  visit,
} from './helpers'

// Co-counselling (issue 19) on a phone held upright, 390 × 844, with JavaScript: two members of a
// group book a session, each takes a turn as client with the contract they chose (one changes it
// during the turn), the counsellor's timer measures each turn and gives the time when asked, and
// both ledgers show equal time. No page of a session has a field for what a client works on: the
// one text field is the person's own private note.

const PHONE = { width: 390, height: 844 }
const run = Date.now().toString(36)
/** Each turn is timed to one minute on the timer page's clock (set with Playwright's clock). */
const TURN_SECONDS = 60

/** The page fits the phone's width: nothing scrolls sideways. */
async function fitsThePhone(page: Page) {
  const { scrollWidth, width } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }))
  expect(scrollWidth, new URL(page.url()).pathname).toBeLessThanOrEqual(width)
}

/** Every field on the page a person could type words into: only the private note may be one. */
async function typedFields(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...[...document.querySelectorAll('textarea')].map((t) => `textarea:${t.name}`),
    ...[...document.querySelectorAll('input')]
      .filter((i) => !['hidden', 'radio', 'checkbox', 'number', 'submit'].includes(i.type))
      .map((i) => `input:${i.type}:${i.name}`),
  ])
}

/** As counsellor: opens the session on a clock held still, lets the turn run to one minute on it, asks the time, and stops. */
async function timeTheTurn(page: Page, sessionPath: string) {
  const t0 = Date.now()
  await page.clock.setFixedTime(t0)
  await visit(page, sessionPath, /^Session on /)
  const timer = page.getByRole('timer')
  const shown = (await timer.innerText()).match(/^(\d+):(\d{2}) gone/)!
  const gone = Number(shown[1]) * 60 + Number(shown[2])
  await page.clock.setFixedTime(t0 + (TURN_SECONDS - gone) * 1000 + 200)
  await expect.poll(() => timer.innerText()).toMatch(/^1:0[01] gone · (4:00|3:5\d) left$/)
  // "Tell the time", as the client asks: a visible note (and a tone and vibration where the phone allows).
  await page.getByRole('button', { name: 'Tell the time' }).click()
  await expect.poll(() => page.getByTestId('time-signal').innerText()).toMatch(/^1:0[01] gone, (4:00|3:5\d) left\.$/)
  expect(await typedFields(page)).toEqual(['textarea:text'])
  await fitsThePhone(page)
  await page.getByRole('button', { name: 'Stop the turn' }).click()
  await page.getByRole('timer').waitFor({ state: 'detached' })
  await arrived(page, /^Session on /)
}

describe('co-counselling on a phone', () => {
  const { newPerson } = useBrowser({ javaScriptEnabled: true })

  it('two members run a session: both turns timed, contracts chosen and one changed, and the ledger shows equal time', async () => {
    const ann = await newPerson()
    const ben = await newPerson()
    for (const page of [ann, ben]) await page.setViewportSize(PHONE)
    await signUp(ann, `Ann ${run}`, uniqueEmail('co-ann'), PASSWORD)
    await signUp(ben, `Ben ${run}`, uniqueEmail('co-ben'), PASSWORD)
    const groupName = `Co-counselling circle ${run}`
    await createGroup(ann, groupName)
    await joinByLink(ben, await createInvitation(ann), groupName)

    // Ann books a session with Ben, now, five minutes each.
    await ann.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Co-counselling' }).click()
    await arrived(ann, 'Co-counselling')
    await fitsThePhone(ann)
    expect(await typedFields(ann)).toEqual(['input:datetime-local:startsAt'])
    await ann.getByLabel(`Ben ${run}`).check()
    await ann.getByLabel('When').fill(new Date().toISOString().slice(0, 16))
    await ann.getByLabel('Minutes each as client').fill('5')
    await ann.getByRole('button', { name: 'Book the session' }).click()
    await ann.waitForURL(/\/co-counselling\/sessions\/[A-Za-z0-9_-]+$/)
    await arrived(ann, /^Session on /)
    const sessionPath = new URL(ann.url()).pathname
    await fitsThePhone(ann)
    expect(await typedFields(ann)).toEqual(['textarea:text'])

    // Ann's turn first: she chooses the normal contract and starts.
    await ann.getByRole('heading', { name: 'Your turn as client is next' }).waitFor()
    await ann.getByRole('radio', { name: /^Normal/ }).check()
    await ann.getByRole('button', { name: 'Start the turn' }).click()
    await ann.getByTestId('contract-now').filter({ hasText: 'Normal' }).waitFor()
    // During her turn she changes it to intensive; the change is noted with its time.
    await ann.getByRole('radio', { name: /^Intensive/ }).check()
    await ann.getByRole('button', { name: 'Change the contract' }).click()
    await ann.getByTestId('contract-now').filter({ hasText: 'Intensive' }).waitFor()
    await arrived(ann, /^Session on /)
    expect(await typedFields(ann)).toEqual(['textarea:text'])

    // Ben keeps time on his phone, and stops the turn at a minute.
    await timeTheTurn(ben, sessionPath)

    // Ben's turn: he chooses free attention; Ann keeps time.
    await ben.getByRole('heading', { name: 'Your turn as client is next' }).waitFor()
    await ben.getByRole('radio', { name: /^Free attention/ }).check()
    await ben.getByRole('button', { name: 'Start the turn' }).click()
    await ben.getByTestId('contract-now').filter({ hasText: 'Free attention' }).waitFor()
    await timeTheTurn(ann, sessionPath)

    // The session shows each one's time as client, and the turns with their contracts.
    const main = (await ann.locator('main').innerText()).replace(/\s+/g, ' ')
    expect(main).toContain('Everyone has had their turn.')
    expect(main).toMatch(/Contract: Normal; changed to Intensive at /)
    expect(main).toMatch(/Contract: Free attention\./)

    // Ann keeps a private note; Ben never sees it.
    const note = `Only for me ${run}`
    await ann.getByRole('textbox', { name: 'Your private note' }).fill(note)
    await ann.getByRole('button', { name: 'Keep my note' }).click()
    await expect.poll(() => ann.getByRole('textbox', { name: 'Your private note' }).inputValue()).toBe(note)
    await visit(ben, sessionPath, /^Session on /)
    expect(await ben.locator('main').innerText()).not.toContain(note)
    expect(await typedFields(ben)).toEqual(['textarea:text'])

    // Both ledgers: the same time given and received, and even.
    for (const [page, other] of [
      [ann, `Ben ${run}`],
      [ben, `Ann ${run}`],
    ] as const) {
      await visit(page, '/co-counselling', 'Co-counselling')
      await fitsThePhone(page)
      const row = page.getByTestId('ledger-partners').getByRole('row', { name: new RegExp(other) })
      const cells = await row.getByRole('cell').allInnerTexts()
      expect(cells[0]).toMatch(/^1 min( 1 s)?$/)
      expect(cells[1]).toMatch(/^1 min( 1 s)?$/)
      expect(cells[2]).toBe('even')
    }
    expect(browserErrors(ann)).toEqual([])
    expect(browserErrors(ben)).toEqual([])
  })
})
