import { readFileSync } from 'node:fs'
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
  PASSWORD,
  signUp,
  startInquiry,
  takeStance,
  uniqueEmail,
  visit,
} from './helpers'

// Issue 6 in a real browser: the facilitator previews an export, sees what is left out and
// why, proposes publishing, and downloads the findings report; what leaves holds the quote
// its author consented to and not the words of a record without consent.

describe('exporting findings in Chromium', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })
  let ann: Page
  let ben: Page
  const title = 'Silence in the room'
  const consented = 'I counted to ten before speaking and the client went on, more slowly.'
  const unconsented = 'Ben’s words about a client that must never leave the group.'

  beforeAll(async () => {
    ann = await browsing.newPerson()
    ben = await browsing.newPerson()
  })

  it('previews what is left out and why, then downloads a report that holds only consented words', async () => {
    await signUp(ann, 'Ann Example', uniqueEmail('ann'), PASSWORD)
    await signUp(ben, 'Ben Example', uniqueEmail('ben'), PASSWORD)
    const groupPath = await createGroup(ann, 'Export circle')
    await joinByLink(ben, await createInvitation(ann), 'Export circle')
    await visit(ann, groupPath, 'Export circle')
    const inquiryPath = await startInquiry(ann, title, 'What does a silence ask of us?', /^Co-operative inquiry \(Heron/)

    // Ann records and allows an anonymous quote; Ben records without giving consent.
    await visit(ann, `${inquiryPath}/records`, 'Records')
    const annRecord = await addRecord(ann, consented, 'The group')
    await ann.getByRole('radio', { name: /^May be quoted anonymously/ }).check()
    await ann.getByRole('button', { name: 'Save my choice' }).click()
    await ann.waitForURL(`**${annRecord}#export-consent`)
    await visit(ben, `${inquiryPath}/records`, 'Records')
    await addRecord(ben, unconsented, 'The group')

    // The export page: a preview that names what is left out, and why.
    await visit(ann, inquiryPath, title)
    await ann.getByRole('link', { name: 'Export findings' }).click()
    await ann.waitForURL(`**${inquiryPath}/export`)
    await arrived(ann, 'Export findings')
    const preview = await mainText(ann)
    expect(preview).toContain('1 record left out: no consent')
    expect(preview).toContain('Private records: never exported')
    expect(preview).toMatch(/Findings of cycle 1 .*: not published/)
    expect(preview).toContain('1 record quoted with their author’s consent')

    // Choosing the Markdown format and previewing keeps the choice.
    await ann.getByRole('radio', { name: /^Findings report \(Markdown\)/ }).check()
    await ann.getByRole('button', { name: 'Preview' }).click()
    await ann.getByRole('heading', { name: /^Preview: Findings report \(Markdown\)/ }).waitFor()
    await ann.getByRole('radio', { name: /^Findings report \(HTML\)/ }).check()
    await ann.getByRole('button', { name: 'Preview' }).click()
    await arrived(ann, 'Export findings')

    // Download the HTML report.
    const [download] = await Promise.all([
      ann.waitForEvent('download'),
      ann.getByRole('button', { name: /^Download Findings report \(HTML\)/ }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^silence-in-the-room-\d{4}-\d{2}-\d{2}\.html$/)
    const report = readFileSync((await download.path())!, 'utf8')
    expect(report).toContain('<!doctype html>'.slice(0, 9))
    expect(report).toContain('What does a silence ask of us?')
    expect(report).toContain(consented.replace('’', '’'))
    expect(report).not.toContain(unconsented)
    expect(report).not.toContain('Ben Example')
    expect(report).not.toContain('Ann Example')

    // The export is in the group's record of exports, which Ben can read too.
    await visit(ben, `${inquiryPath}/export`, 'Export findings')
    const history = ben.getByRole('table').filter({ hasText: 'Ann Example' })
    await history.getByRole('cell', { name: 'html', exact: true }).waitFor()

    // Publishing is the group's decision: Ann proposes, both agree, and the preview changes.
    await visit(ann, `${inquiryPath}/export`, 'Export findings')
    await ann.getByRole('button', { name: 'Propose to the group' }).click()
    await ann.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await arrived(ann, 'Publish the findings of cycle 1')
    const decisionPath = new URL(ann.url()).pathname
    await takeStance(ann, 'Ann Example', 'Agree')
    await visit(ben, decisionPath, 'Publish the findings of cycle 1')
    await takeStance(ben, 'Ben Example', 'Agree')
    await visit(ann, `${inquiryPath}/export`, 'Export findings')
    expect(await mainText(ann)).toContain('The group has agreed to publish the findings of cycle 1.')
    expect(await mainText(ann)).not.toMatch(/Findings of cycle 1 .*: not published/)

    expect(browserErrors(ann)).toEqual([])
    expect(browserErrors(ben)).toEqual([])
  })
})
