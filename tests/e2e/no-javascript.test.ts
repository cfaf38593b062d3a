import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  addRecord,
  arrived,
  createGroup,
  createInvitation,
  joinByLink,
  useBrowser,
  mainText,
  PASSWORD,
  signUp,
  startInquiry,
  takeStance,
  uniqueEmail,
  visit,
} from './helpers'

/** True when the app's client code has run in the page (it never should here). */
async function appScriptsRan(page: Page): Promise<boolean> {
  return page.evaluate(() => '__remixRouter' in window || '__remixContext' in window)
}

describe('without JavaScript, in Chromium', () => {
  const browsing = useBrowser({ javaScriptEnabled: false })
  let ann: Page
  let ben: Page

  beforeAll(async () => {
    ann = await browsing.newPerson()
    ben = await browsing.newPerson()
  })

  it('runs the core flow with plain form submissions: sign up, group, invitation, inquiry, decision, record', async () => {
    const groupName = 'No-script peer group'
    const title = 'Noticing our first words'

    await signUp(ann, 'Ann Plain', uniqueEmail('ann-nojs'), PASSWORD)
    await signUp(ben, 'Ben Plain', uniqueEmail('ben-nojs'), PASSWORD)
    expect(await appScriptsRan(ann)).toBe(false)

    const groupPath = await createGroup(ann, groupName)
    const link = await createInvitation(ann)
    await joinByLink(ben, link, groupName)
    expect(new URL(ben.url()).pathname).toBe(groupPath)

    await visit(ann, groupPath, groupName)
    const inquiryPath = await startInquiry(
      ann,
      title,
      'What do we notice in the first words of a session?',
      /^Co-operative inquiry \(Heron/,
    )
    const now = ann.getByRole('heading', { level: 2, name: /^Now:/ })
    expect(await now.innerText()).toMatch(/^Now: cycle 1, Reflection – framing and planning/)

    await ann.getByRole('button', { name: 'Propose: move to Action – experience' }).click()
    await ann.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await arrived(ann, 'Move to Action – experience')
    const decisionPath = new URL(ann.url()).pathname
    await takeStance(ann, 'Ann Plain', 'Agree')

    await visit(ben, inquiryPath, title)
    await ben.getByRole('region', { name: 'Open decisions' }).getByRole('link', { name: 'Move to Action – experience' }).first().click()
    await ben.waitForURL(`**${decisionPath}`)
    await arrived(ben, 'Move to Action – experience')
    await takeStance(ben, 'Ben Plain', 'Agree')
    expect(await ben.locator('main p.muted').first().innerText()).toMatch(/· passed$/)

    await visit(ann, inquiryPath, title)
    expect(await now.innerText()).toMatch(/^Now: cycle 1, Action – experience/)
    expect(await mainText(ann)).toContain('You are all co-subjects')

    await visit(ann, `${inquiryPath}/records`, 'Records')
    const text = 'I wrote down my first sentence after each session, before anything else.'
    await addRecord(ann, text, 'The group')
    await visit(ann, `${inquiryPath}/records`, 'Records')
    expect(await ann.getByTestId('record').allInnerTexts()).toEqual([expect.stringContaining(text)])
    expect(await appScriptsRan(ann)).toBe(false)
    expect(await appScriptsRan(ben)).toBe(false)
  })

  it('shows a sign-up error beside the password field and keeps the name and email typed', async () => {
    const email = uniqueEmail('short-password')
    const page = await browsing.newPerson()
    await visit(page, '/signup', 'Create an account')
    await page.getByLabel('Your name').fill('Cleo Short')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill('abc')
    await page.getByRole('button', { name: 'Create account' }).click()
    await arrived(page, 'Create an account')

    const password = page.getByLabel('Password')
    expect(await password.getAttribute('aria-invalid')).toBe('true')
    expect(await password.inputValue()).toBe('')
    const error = page.locator('#field-password-error')
    expect(await error.innerText()).toMatch(/^Use at least 10 characters/)
    expect((await password.getAttribute('aria-describedby'))?.split(' ')).toContain('field-password-error')
    // Beside the field: the message sits in the password field's own group, right after the input.
    expect(await error.evaluate((el) => el.previousElementSibling?.id)).toBe('field-password')

    expect(await page.getByLabel('Your name').inputValue()).toBe('Cleo Short')
    expect(await page.getByLabel('Email').inputValue()).toBe(email)
    expect(await page.getByLabel('Your name').getAttribute('aria-invalid')).toBeNull()
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBeNull()
    expect(await page.context().cookies()).toEqual([])
  })
})
