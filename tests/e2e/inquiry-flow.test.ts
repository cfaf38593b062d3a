import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  addRecord,
  arrived,
  browserErrors,
  createGroup,
  createInvitation,
  joinByLink,
  useBrowser,
  mainText,
  openGroupPage,
  PASSWORD,
  signUp,
  startInquiry,
  takeStance,
  uniqueEmail,
  visit,
} from './helpers'

/** The role column of the inquiry page's members table, one entry per member. */
async function rolesNow(page: Page): Promise<string[]> {
  const table = page.getByRole('region', { name: 'Members and their role now' }).getByRole('table')
  return table.locator('tbody tr td:nth-child(2)').allInnerTexts()
}

describe('a two-person inquiry, in Chromium with JavaScript', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })
  let ann: Page
  let ben: Page

  beforeAll(async () => {
    ann = await browsing.newPerson()
    ben = await browsing.newPerson()
  })

  it('takes two people from sign-up through a group decision to private and shared records', async () => {
    const groupName = 'Listening practice circle'
    const title = 'Staying with silence'
    const annRecord = 'In supervision I waited before answering, and the client went on to name what mattered.'
    const benPrivate = 'Private note: I felt impatient during the silences and hid it.'

    // Two people sign up, each in their own browser context.
    await signUp(ann, 'Ann Example', uniqueEmail('ann'), PASSWORD)
    await signUp(ben, 'Ben Example', uniqueEmail('ben'), PASSWORD)

    // Ann starts a group and makes an invitation link; Ben opens it and joins.
    const groupPath = await createGroup(ann, groupName)
    const link = await createInvitation(ann)
    expect(new URL(link).origin).toBe(new URL(ann.url()).origin)
    await joinByLink(ben, link, groupName)
    expect(new URL(ben.url()).pathname).toBe(groupPath)
    await openGroupPage(ben, 'Members and invitations')
    expect(await mainText(ben)).toContain('Ben Example (you)')
    expect(await mainText(ben)).toContain('Ann Example')

    // Ann starts an inquiry from the co-operative inquiry template: cycle 1, planning, co-researchers.
    await visit(ann, groupPath, groupName)
    expect(await mainText(ann)).toContain('2 members')
    const inquiryPath = await startInquiry(
      ann,
      title,
      'What happens when we stay with silence in our sessions?',
      /^Co-operative inquiry \(Heron/,
    )
    const now = ann.getByRole('heading', { level: 2, name: /^Now:/ })
    expect(await now.innerText()).toMatch(/^Now: cycle 1, Reflection – framing and planning/)
    expect(await mainText(ann)).toContain('You are all co-researchers')
    expect(await rolesNow(ann)).toEqual(['co-researcher', 'co-researcher'])

    // Ann proposes moving on and agrees; the decision stays open until Ben takes a stance.
    await ann.getByRole('button', { name: 'Propose: move to Action – experience' }).click()
    await ann.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await arrived(ann, 'Move to Action – experience')
    const decisionPath = new URL(ann.url()).pathname
    await takeStance(ann, 'Ann Example', 'Agree')
    expect(await ann.locator('main p.muted').first().innerText()).toMatch(/· open$/)

    // Ben finds the decision among the inquiry's open decisions and agrees too.
    await visit(ben, inquiryPath, title)
    const openDecisions = ben.getByRole('region', { name: 'Open decisions' })
    await openDecisions.getByRole('link', { name: 'Move to Action – experience' }).first().click()
    await ben.waitForURL(`**${decisionPath}`)
    await arrived(ben, 'Move to Action – experience')
    await takeStance(ben, 'Ben Example', 'Agree')
    expect(await ben.locator('main p.muted').first().innerText()).toMatch(/· passed$/)
    expect(await ben.getByRole('heading', { name: /Your stance|Change your stance/ }).count()).toBe(0)

    // The inquiry has moved to the action phase, where everyone is a co-subject.
    await visit(ann, inquiryPath, title)
    expect(await now.innerText()).toMatch(/^Now: cycle 1, Action – experience/)
    expect(await mainText(ann)).toContain('You are all co-subjects')
    expect(await rolesNow(ann)).toEqual(['co-subject', 'co-subject'])
    expect(await mainText(ann)).not.toContain('Propose: move to Action – experience')

    // Both add a record: Ann's is shared with the group, Ben's is private.
    await ann.getByRole('link', { name: 'Records', exact: true }).click()
    await ann.waitForURL(`**${inquiryPath}/records`)
    await arrived(ann, 'Records')
    expect(await mainText(ann)).toContain('It will belong to cycle 1, Action – experience.')
    await addRecord(ann, annRecord, 'The group')
    expect(await mainText(ann)).toContain('shared with the group')

    await visit(ben, `${inquiryPath}/records`, 'Records')
    const benRecordPath = await addRecord(ben, benPrivate, 'Only me')
    expect(await mainText(ben)).toContain('private: only you')

    // Ann's list shows her own record and nothing of Ben's private one.
    await visit(ann, `${inquiryPath}/records`, 'Records')
    const annList = ann.getByTestId('record')
    expect(await annList.count()).toBe(1)
    expect(await annList.first().innerText()).toContain(annRecord)
    expect(await annList.first().innerText()).toContain('Ann Example (you)')
    expect(await mainText(ann)).not.toContain(benPrivate)

    // Opening the private record's address directly shows Ann the not-found page.
    const response = await ann.goto(benRecordPath)
    expect(response?.status()).toBe(404)
    await arrived(ann, 'Not found')
    expect(await mainText(ann)).not.toContain(benPrivate)

    // Ben still sees his private record, and Ann's shared one in the list.
    await visit(ben, benRecordPath, 'Record by Ben Example (you)')
    expect(await mainText(ben)).toContain(benPrivate)
    await visit(ben, `${inquiryPath}/records`, 'Records')
    const benList = await ben.getByTestId('record').allInnerTexts()
    expect(benList).toHaveLength(2)
    expect(benList.join('\n')).toContain(annRecord)
    expect(benList.join('\n')).toContain(benPrivate)

    expect(browserErrors(ann)).toEqual([])
    expect(browserErrors(ben)).toEqual([])
  })
})
