import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  arrived, createGroup, createInvitation, expectNoSeriousAxeViolations, joinByLink, launch, mainText, PASSWORD, signUp,
  startInquiry, takeStance, uniqueEmail, visit, waitForHydration, moveOnTogether as moveOn, type Browsing,
} from './helpers'

// The validity issue in a real browser: a member raises a challenge on a theme and another
// answers it; the cycle cannot close before its validity review is adopted; an anonymous
// block shows as a count with its reason and no name, and the database holds no author for it.

const TEMPLATE = JSON.parse(readFileSync(fileURLToPath(new URL('../../inquiry-templates/cooperative-inquiry.json', import.meta.url)), 'utf8')) as {
  validityProcedures: { key: string; name: string; required: boolean }[]
}
const REQUIRED = TEMPLATE.validityProcedures.filter((p) => p.required)

/** The SQLite file the e2e server writes, opened beside it (the server keeps it in WAL mode). */
function openServerDb() {
  const sqlite = new Database(inject('databaseURL'))
  sqlite.pragma('busy_timeout = 5000')
  return sqlite
}

/** Element ids that occur more than once on the page: a label or aria reference to one of them reaches the wrong control. */
async function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id)
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]
  })
}

/** Browser errors with the path of the page they came from, so a test can say which page failed. */
function trackErrors(page: Page): { path: string; message: string }[] {
  const seen: { path: string; message: string }[] = []
  const path = () => new URL(page.url()).pathname
  page.on('pageerror', (error) => seen.push({ path: path(), message: `uncaught: ${error.message}` }))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) seen.push({ path: path(), message: `console.error: ${message.text()}` })
  })
  return seen
}

const VALIDITY_PAGE = /\/cycles\/\d+\/validity$/

describe('the validity review in Chromium', () => {
  let browsing: Browsing
  let ann: Page
  let ben: Page
  const title = 'Holding silence together'
  const theme = 'Waiting lets the client lead'
  const answer = 'Three of Ben’s records show clients who waited for us; we keep the theme and note the exceptions.'
  const benEmail = uniqueEmail('ben')
  let inquiryPath = ''
  let annErrors: { path: string; message: string }[] = []
  let benErrors: { path: string; message: string }[] = []
  /** Errors each person's page produced from here on, on pages matching `where` (all pages by default). */
  const errorsSince = () => {
    const [a, b] = [annErrors.length, benErrors.length]
    return (where: (path: string) => boolean = () => true) =>
      [...annErrors.slice(a), ...benErrors.slice(b)].filter((e) => where(e.path)).map((e) => `${e.path}: ${e.message.slice(0, 300)}`)
  }

  beforeAll(async () => {
    browsing = await launch({ javaScriptEnabled: true })
    ann = await browsing.newPerson()
    ben = await browsing.newPerson()
    annErrors = trackErrors(ann)
    benErrors = trackErrors(ben)
  })

  afterAll(async () => {
    await browsing?.close()
  })

  it('a member raises a challenge on a theme from its page, and another member answers it', async () => {
    const challengeText = 'We all like this theme because it flatters us; which records show a client who did not want to lead?'
    const errors = errorsSince()
    await signUp(ann, 'Ann Example', uniqueEmail('ann'), PASSWORD)
    await signUp(ben, 'Ben Example', benEmail, PASSWORD)
    const groupPath = await createGroup(ann, 'Validity circle')
    await joinByLink(ben, await createInvitation(ann), 'Validity circle')
    await visit(ann, groupPath, 'Validity circle')
    inquiryPath = await startInquiry(ann, title, 'What does holding a silence do for our clients?', /^Co-operative inquiry \(Heron/)

    // Planning → experience, then skip immersion straight to sense-making.
    await moveOn(ann, ben, inquiryPath, title, /^Propose: move to Action – experience$/, 'Move to Action – experience')
    await moveOn(ann, ben, inquiryPath, title, /^Propose: skip Action – immersion/, /^Move to Reflection – sense-making/)

    // Ann names a theme, then challenges it from the theme page.
    await visit(ann, `${inquiryPath}/themes`, 'Themes')
    await ann.getByLabel('Name', { exact: true }).fill(theme)
    await ann.getByRole('button', { name: 'Propose theme' }).click()
    await ann.waitForURL(/\/themes\/[A-Za-z0-9_-]+$/)
    await arrived(ann, theme)
    const themePath = new URL(ann.url()).pathname
    await ann.getByRole('link', { name: /^Challenge this/ }).click()
    await ann.waitForURL(/\/challenges\?target=theme%3A|\/challenges\?target=theme:/)
    await arrived(ann, 'Challenges')
    const target = ann.getByLabel('What are you challenging?')
    expect(await target.locator('option:checked').innerText()).toBe(`Theme: ${theme}`)
    await ann.getByRole('radio', { name: /^Consensus collusion/ }).check()
    await ann.getByLabel('Your challenge').fill(challengeText)
    await ann.getByRole('button', { name: 'Raise challenge' }).click()
    await ann.waitForURL(/\/challenges\/[A-Za-z0-9_-]+$/)
    await arrived(ann, 'Challenge: Consensus collusion')
    const challengePath = new URL(ann.url()).pathname
    expect(await mainText(ann)).toContain('Raised by Ann Example')
    expect(await mainText(ann)).toContain(`on Theme: ${theme}`)
    expect(await mainText(ann)).toContain('Not yet resolved.')
    expect(await duplicateIds(ann)).toEqual([])

    // Ben sees it on the theme, opens it, and may only answer it.
    await visit(ben, themePath, theme)
    const onTheme = ben.getByRole('region', { name: /^Challenges \(1\)/ })
    expect(await onTheme.innerText()).toContain(challengeText)
    await onTheme.getByRole('link', { name: 'Consensus collusion' }).click()
    await ben.waitForURL(`**${challengePath}`)
    await arrived(ben, 'Challenge: Consensus collusion')
    const choices = ben.getByRole('group', { name: 'Answer this challenge' }).getByRole('radio')
    expect(await choices.count()).toBe(1)
    expect(await choices.first().isChecked()).toBe(true)
    await ben.getByLabel('What changed, or the answer').fill(answer)
    await ben.getByRole('button', { name: 'Save' }).click()
    await ben.getByText(`: ${answer}`).waitFor()
    await waitForHydration(ben)
    await expectNoSeriousAxeViolations(ben)
    expect(await mainText(ben)).toMatch(/Answered — the answer \(Ben Example, [^)]+\): /)
    // Once answered, nobody can resolve it again from the page.
    expect(await ben.getByRole('button', { name: 'Save' }).count()).toBe(0)
    await visit(ann, themePath, theme)
    expect(await mainText(ann)).toContain(`Answered — the answer: ${answer}`)
    expect(errors()).toEqual([])
  })

  it('the inquiry page refuses to begin the next cycle before the validity review is adopted, saying why', async () => {
    const errors = errorsSince()
    // The cycle cannot close before its review is adopted: a 409 shown as the form's error.
    await visit(ann, inquiryPath, title)
    await ann.getByRole('button', { name: 'Propose: begin Cycle 2' }).click()
    const refusal = ann.getByRole('alert')
    await refusal.waitFor()
    expect(await refusal.innerText()).toBe('Cycle 1 cannot close until the group adopts its validity review, which is held in the sense-making phase.')
    expect(new URL(ann.url()).pathname).toBe(inquiryPath)
    await waitForHydration(ann)
    await expectNoSeriousAxeViolations(ann)
    expect(await mainText(ann)).toContain('Now: cycle 1, Reflection – sense-making')
    expect(errors()).toEqual([])
  })

  it('the validity page renders the same in the browser as on the server: it hydrates without errors', async () => {
    const errors = errorsSince()
    await visit(ann, inquiryPath, title)
    await ann.getByRole('link', { name: 'Validity review', exact: true }).click()
    await ann.waitForURL(`**${inquiryPath}/cycles/1/validity`)
    await arrived(ann, 'Validity review — cycle 1')
    // Following the link renders in the browser only; a full load renders on the server, then hydrates.
    await visit(ann, `${inquiryPath}/cycles/1/validity`, 'Validity review — cycle 1')
    // The indicator history chart is drawn on the page with its table beside it.
    expect(await ann.getByRole('table', { name: 'Status of each indicator per cycle' }).count()).toBe(1)
    expect(errors()).toEqual([])
  })

  it('on the validity page each procedure\'s judgement controls are labelled within that procedure', async () => {
    await visit(ann, `${inquiryPath}/cycles/1/validity`, 'Validity review — cycle 1')
    for (const procedure of TEMPLATE.validityProcedures) {
      const section = ann.getByRole('region', { name: `${procedure.name}${procedure.required ? ' (required)' : ''}` })
      expect(await section.getByRole('radio', { name: 'Met', exact: true }).count(), procedure.name).toBe(1)
      expect(await section.getByRole('radio', { name: 'Not met', exact: true }).count(), procedure.name).toBe(1)
      expect(await section.getByLabel('Note', { exact: true }).count(), procedure.name).toBe(1)
    }
    // Clicking a label checks its own procedure's radio, not the first procedure's.
    const second = ann.getByRole('region', { name: `${TEMPLATE.validityProcedures[1]!.name} (required)` })
    await second.locator('label', { hasText: /^Partly$/ }).click()
    expect(await second.locator('input[type=radio][value=partly]').isChecked()).toBe(true)
    expect(await ann.locator('#procedure-research-cycling input[type=radio][value=partly]').isChecked()).toBe(false)
    expect(await duplicateIds(ann)).toEqual([])
  })

  it('the group judges the required procedures, adopts the review by decision, and can then begin cycle 2', async () => {
    // On the validity page they judge the required procedures; the challenge is part of the review.
    // (The controls are reached by name and value within each procedure's section, and the validity
    // page's own browser errors are left to the two tests above, which check its hydration and labels.)
    const errors = errorsSince()
    await visit(ann, `${inquiryPath}/cycles/1/validity`, 'Validity review — cycle 1')
    const challenges = ann.getByRole('region', { name: /^Challenges this cycle/ })
    expect(await challenges.getByRole('heading').first().innerText()).toBe('Challenges this cycle (1; 0 open)')
    expect(await challenges.innerText()).toContain(answer)
    for (const [i, procedure] of REQUIRED.entries()) {
      const page = i % 2 === 0 ? ann : ben
      if (page === ben) await visit(ben, `${inquiryPath}/cycles/1/validity`, 'Validity review — cycle 1')
      const section = page.getByRole('region', { name: `${procedure.name} (required)` })
      await section.locator('input[type=radio][name=status][value=met]').check()
      await section.locator('textarea[name=note]').fill(`Looked at ${procedure.name.toLowerCase()} together.`)
      await section.getByRole('button', { name: 'Save judgement' }).click()
      const who = page === ann ? 'Ann Example' : 'Ben Example'
      await section.getByText(`Judged Met by ${who}: Looked at ${procedure.name.toLowerCase()} together.`).waitFor()
      await waitForHydration(page)
      await expectNoSeriousAxeViolations(page)
      if (page === ben) await visit(ann, `${inquiryPath}/cycles/1/validity`, 'Validity review — cycle 1')
    }
    expect(await mainText(ann)).not.toContain('Still to judge (required)')
    await ann.getByRole('button', { name: 'Propose adopting this review' }).click()
    await ann.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await arrived(ann, 'Adopt the validity review of cycle 1')
    const adoptPath = new URL(ann.url()).pathname
    await takeStance(ann, 'Ann Example', 'Agree')
    await visit(ben, adoptPath, 'Adopt the validity review of cycle 1')
    await takeStance(ben, 'Ben Example', 'Agree')
    expect(await ben.locator('main p.muted').first().innerText()).toMatch(/· passed$/)
    await visit(ann, `${inquiryPath}/cycles/1/validity`, 'Validity review — cycle 1')
    expect(await mainText(ann)).toMatch(/The group adopted this review on /)

    // Now the group can begin cycle 2.
    await moveOn(ann, ben, inquiryPath, title, /^Propose: begin Cycle 2$/, 'Begin cycle 2')
    await visit(ann, inquiryPath, title)
    expect(await mainText(ann)).toContain('Now: cycle 2, Reflection – framing and planning')
    expect(errors((path) => !VALIDITY_PAGE.test(path))).toEqual([])
  })

  it('an anonymous block shows as a count with its reason and no name, and the database holds no author for it', async () => {
    const errors = errorsSince()
    const inquiryId = inquiryPath.split('/').pop()!
    // "Our forms" revises prompts, procedures and thresholds, not the decision rule: nothing there allows anonymous dissent.
    await ann.getByRole('link', { name: 'Our forms' }).click()
    await ann.waitForURL(`**${inquiryPath}/template`)
    await arrived(ann, 'Our forms')
    expect(await duplicateIds(ann)).toEqual([])
    expect(await ann.getByLabel(/anonym/i).count()).toBe(0)
    expect(await mainText(ann)).not.toMatch(/anonym/i)

    // So the test gives this inquiry's own template a rule that allows it, as such a template would.
    const sqlite = openServerDb()
    try {
      const row = sqlite.prepare('select template_json from inquiries where id = ?').get(inquiryId) as { template_json: string }
      const template = JSON.parse(row.template_json)
      template.decisionRule.allowAnonymousDissent = true
      expect(sqlite.prepare('update inquiries set template_json = ? where id = ?').run(JSON.stringify(template), inquiryId).changes).toBe(1)
    } finally {
      sqlite.close()
    }

    // Ann proposes moving on; Ben blocks anonymously, with a reason.
    const blockReason = 'I am not ready to try this with my clients yet, and I find that hard to say in the room.'
    await visit(ann, inquiryPath, title)
    await ann.getByRole('button', { name: 'Propose: move to Action – experience' }).click()
    await ann.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await arrived(ann, 'Move to Action – experience')
    const decisionPath = new URL(ann.url()).pathname
    const decisionId = decisionPath.split('/').pop()!
    await visit(ben, decisionPath, 'Move to Action – experience')
    await ben.getByRole('radio', { name: /^Block\b/ }).check()
    await ben.getByLabel('Your reason (optional)').fill(blockReason)
    await ben.getByLabel('Give my disagree or block anonymously').check()
    await ben.getByRole('button', { name: 'Take my stance' }).click()
    await ben.getByText('You took an anonymous stance on this decision.', { exact: false }).waitFor()
    await waitForHydration(ben)
    await expectNoSeriousAxeViolations(ben)

    // Ann sees the count and the reason, and no name beside them.
    await visit(ann, decisionPath, 'Move to Action – experience')
    const anonymous = ann.getByTestId('anonymous-stances')
    const anonymousText = (await anonymous.innerText()).replace(/\s+/g, ' ')
    expect(anonymousText).toContain('Anonymous: 0 disagrees, 1 block')
    expect(anonymousText).toContain(`Block: ${blockReason}`)
    expect(anonymousText).not.toContain('Ben')
    const benRow = ann.getByRole('row').filter({ has: ann.getByRole('cell', { name: 'Ben Example', exact: true }) })
    expect((await benRow.innerText()).replace(/\s+/g, ' ').trim()).toBe('Ben Example no named stance')
    expect(await mainText(ann)).toContain('Open: 1 member blocks it.')
    expect((await mainText(ann)).split(blockReason).length - 1).toBe(1)

    // The database holds no author for it.
    const db = openServerDb()
    try {
      const benId = (db.prepare('select id from people where email = ?').get(benEmail) as { id: string }).id
      expect(db.prepare('select * from stances where decision_id = ? and person_id = ?').all(decisionId, benId)).toEqual([])
      const decision = db.prepare('select * from decisions where id = ?').get(decisionId) as Record<string, string>
      expect(JSON.stringify(decision)).not.toContain(benId)
      expect(JSON.parse(decision.anonymous_json!)).toEqual([{ stance: 'block', reason: blockReason }])
      const ballots = db.prepare('select * from anonymous_ballots where decision_id = ?').all(decisionId) as { voter_hash: string }[]
      expect(ballots).toHaveLength(1)
      expect(ballots[0]!.voter_hash).not.toContain(benId)
    } finally {
      db.close()
    }
    expect(errors()).toEqual([])
  })
})
