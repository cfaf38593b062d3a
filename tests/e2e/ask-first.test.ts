import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  addRecord,
  arrived,
  browserErrors,
  createGroup,
  expectNoSeriousAxeViolations,
  useBrowser,
  mainText,
  openGroupPage,
  PASSWORD,
  signUp,
  startInquiry,
  uniqueEmail,
  visit,
  waitForHydration,
} from './helpers'

// Issue 13 §6: deleting, leaving (and merging, revoking, withdrawing) ask first. With
// JavaScript the button opens a modal dialog (Cancel has the focus, Escape closes it, the
// button gets the focus back); without it the first post answers with a confirmation page
// whose "Yes, …" posts again with confirmed=yes and whose Cancel links back.

async function inquiryWithRecord(page: Page, who: string, text: string) {
  await signUp(page, who, uniqueEmail(who.toLowerCase().replace(/\W+/g, '-')), PASSWORD)
  const groupPath = await createGroup(page, `${who}’s circle`)
  const inquiryPath = await startInquiry(page, 'Asking first', 'What do we lose when we act at once?', /^Co-operative inquiry \(Heron/)
  await visit(page, `${inquiryPath}/records`, 'Records')
  const recordPath = await addRecord(page, text, 'The group')
  return { groupPath, inquiryPath, recordPath }
}

describe('with JavaScript, a destructive button asks in a dialog', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })
  let ann: Page

  beforeAll(async () => {
    ann = await browsing.newPerson()
  })

  it('deleting a record: Escape and Cancel change nothing, "Yes, delete it" deletes', async () => {
    const text = 'Ann noticed she answered before the question ended.'
    const { inquiryPath, recordPath } = await inquiryWithRecord(ann, 'Ann Dialog', text)
    const button = ann.getByRole('button', { name: 'Delete this record' })

    await button.click()
    const dialog = ann.getByRole('dialog', { name: 'Delete this record?' })
    await dialog.waitFor()
    expect(await dialog.innerText()).toMatch(/is deleted for good\. .*This cannot be undone\./s)
    // The safe answer has the focus; the page behind is inert (a modal dialog).
    expect(await ann.evaluate(() => document.activeElement?.textContent)).toBe('Cancel')
    await expectNoSeriousAxeViolations(ann)
    await ann.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await ann.evaluate(() => document.activeElement?.textContent)).toBe('Delete this record')
    expect(new URL(ann.url()).pathname).toBe(recordPath)

    await button.click()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await mainText(ann)).toContain(text)

    await button.click()
    await dialog.getByRole('button', { name: 'Yes, delete it' }).click()
    await ann.waitForURL(`**${inquiryPath}/records`)
    await arrived(ann, 'Records')
    expect(await mainText(ann)).not.toContain(text)
    expect(browserErrors(ann)).toEqual([])
  })
})

describe('without JavaScript, the first post answers with a confirmation page', () => {
  const browsing = useBrowser({ javaScriptEnabled: false })
  let ben: Page

  beforeAll(async () => {
    ben = await browsing.newPerson()
  })

  it('deleting a record: Cancel goes back with the record kept; "Yes, delete it" deletes it', async () => {
    const text = 'Ben noticed the pause before anyone spoke.'
    const { inquiryPath, recordPath } = await inquiryWithRecord(ben, 'Ben Plain', text)

    await ben.getByRole('button', { name: 'Delete this record' }).click()
    await arrived(ben, 'Delete this record?')
    expect(await mainText(ben)).toMatch(/is deleted for good\. .*This cannot be undone\./)
    expect(await mainText(ben)).not.toContain(text)
    await ben.getByRole('link', { name: 'Cancel' }).click()
    await ben.waitForURL(`**${recordPath}`)
    await arrived(ben, /^Record by /)
    expect(await mainText(ben)).toContain(text)

    await ben.getByRole('button', { name: 'Delete this record' }).click()
    await arrived(ben, 'Delete this record?')
    await ben.getByRole('button', { name: 'Yes, delete it' }).click()
    await ben.waitForURL(`**${inquiryPath}/records`)
    await arrived(ben, 'Records')
    expect(await mainText(ben)).not.toContain(text)
  })

  it('leaving a group: the page says what will happen and how to come back; only "Yes" leaves', async () => {
    await visit(ben, '/groups', 'My groups')
    await ben.getByRole('link', { name: 'Ben Plain’s circle' }).click()
    await arrived(ben, 'Ben Plain’s circle')
    await openGroupPage(ben, 'Leave or withdraw')
    const leavePath = new URL(ben.url()).pathname

    await ben.getByRole('button', { name: 'Leave this group' }).click()
    await arrived(ben, 'Leave Ben Plain’s circle?')
    const asked = await mainText(ben)
    expect(asked).toContain('you lay down the facilitator role')
    expect(asked).toContain('To come back, you need a new invitation link from a member.')
    await ben.getByRole('link', { name: 'Cancel' }).click()
    await ben.waitForURL(`**${leavePath}`)
    await arrived(ben, 'Leave or withdraw')

    await ben.getByRole('button', { name: 'Leave this group' }).click()
    await arrived(ben, 'Leave Ben Plain’s circle?')
    await ben.getByRole('button', { name: 'Yes, leave the group' }).click()
    await ben.waitForURL('**/groups')
    await arrived(ben, 'My groups')
    expect(await mainText(ben)).not.toContain('Ben Plain’s circle')
    await waitForHydration(ben)
  })
})
