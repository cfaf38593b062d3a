import type { Locator, Page } from 'playwright-core'
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
  tabTo,
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

  it("reaches each of a group's pages from its navigation with Tab and Enter, and sends a form on each", async () => {
    const groupName = 'Keyboard circle'
    const page = await browsing.newPerson()
    await signUp(page, 'Kit Keys', uniqueEmail('kit-keys'), PASSWORD)
    const groupPath = await createGroup(page, groupName)
    const nav = page.getByRole('navigation', { name: 'This group' })
    expect(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page')

    /** From the overview, Tab to the navigation's link and press Enter: the sub-page opens, marked as the current one. */
    async function reach(link: string, path: string, heading: string) {
      await visit(page, groupPath, groupName)
      await tabTo(page, nav.getByRole('link', { name: link, exact: true }))
      await page.keyboard.press('Enter')
      await page.waitForURL(`**${groupPath}${path}`)
      await arrived(page, heading)
      expect(await nav.getByRole('link', { name: link, exact: true }).getAttribute('aria-current')).toBe('page')
      expect(await nav.locator('[aria-current]').count()).toBe(1)
    }
    /** Tab to a field and type into it, then Tab to the button and press Enter. */
    async function send(field: Locator | null, text: string, button: Locator) {
      if (field) {
        await tabTo(page, field)
        await page.keyboard.press('ControlOrMeta+A')
        await page.keyboard.type(text)
      }
      await tabTo(page, button)
      await page.keyboard.press('Enter')
    }

    // Members: a link valid for no days is refused beside the field, keeping what was typed; 7 makes one.
    await reach('Members and invitations', '/members', 'Members and invitations')
    const days = page.getByLabel('Link valid for (days)')
    const create = page.getByRole('button', { name: 'Create invitation link' })
    await send(days, '0', create)
    await arrived(page, 'Members and invitations')
    expect(await days.inputValue()).toBe('0')
    expect(await days.getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#field-expiresInDays-error').innerText()).toBe('A link must be valid for at least one day.')
    await send(days, '7', create)
    await page.getByTestId('invite-link').waitFor()
    expect(await page.getByTestId('invite-link').innerText()).toMatch(/\/join\/[A-Za-z0-9_-]{20,100}$/)

    // Ground rules: proposing them opens the decision.
    await reach('Ground rules', '/ground-rules', 'Ground rules')
    await send(
      page.getByLabel('Propose ground rules'),
      'We keep what is said here in the room.',
      page.getByRole('button', { name: 'Propose to the group' }),
    )
    await page.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await arrived(page, 'Adopt ground rules')

    // Settings: exports may show Kit's name; the choice is kept.
    await reach('Settings', '/settings', 'Settings')
    const byName = page.getByRole('radio', { name: 'By my name' })
    await tabTo(page, page.getByRole('radio', { name: /^As Member A/ }))
    await page.keyboard.press('ArrowDown')
    expect(await byName.isChecked()).toBe(true)
    await send(null, '', page.getByRole('button', { name: 'Save' }))
    await page.waitForURL(`**${groupPath}/settings#exports-heading`)
    await arrived(page, 'Settings')
    expect(await byName.isChecked()).toBe(true)

    // Leave or withdraw: a withdrawal not confirmed is refused beside the field, keeping what was typed; then Kit leaves.
    await reach('Leave or withdraw', '/leave', 'Leave or withdraw')
    const confirm = page.getByLabel('Type “withdraw” to confirm')
    await send(confirm, 'not sure', page.getByRole('button', { name: 'Withdraw and delete my contributions' }))
    await arrived(page, 'Leave or withdraw')
    expect(await confirm.inputValue()).toBe('not sure')
    expect(await confirm.getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#withdraw-confirm-error').innerText()).toMatch(/^Type “withdraw” to confirm/)
    await send(null, '', page.getByRole('button', { name: 'Leave this group' }))
    await arrived(page, `Leave ${groupName}?`)
    await send(null, '', page.getByRole('button', { name: 'Yes, leave the group' }))
    await page.waitForURL('**/groups')
    await arrived(page, 'My groups')
    expect(await mainText(page)).not.toContain(groupName)
    expect(await appScriptsRan(page)).toBe(false)
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
