import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import {
  arrived,
  browserErrors,
  createGroup,
  createInvitation,
  expectNoSeriousAxeViolations,
  joinByLink,
  useBrowser,
  mainText,
  PASSWORD,
  signUp,
  startInquiry,
  takeStance,
  uniqueEmail,
  visit,
  waitForHydration,
  errorsSince,
  moveOnTogether as moveOn,
} from './helpers'

// The validity issue in a real browser: a member raises a challenge on a theme and another
// answers it; the cycle cannot close before its validity review is adopted; the group makes its
// stances anonymous by decision, and an anonymous block then shows only as a count until the
// decision closes, with its reason and no name, and the database holds no author for it.

const TEMPLATE = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../inquiry-templates/cooperative-inquiry.json', import.meta.url)), 'utf8'),
) as {
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

const VALIDITY_PAGE = /\/cycles\/\d+\/validity$/

describe('the validity review in Chromium', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })
  let ann: Page
  let ben: Page
  const title = 'Holding silence together'
  const theme = 'Waiting lets the client lead'
  const answer = 'Three of Ben’s records show clients who waited for us; we keep the theme and note the exceptions.'
  const benEmail = uniqueEmail('ben')
  let inquiryPath = ''

  beforeAll(async () => {
    ann = await browsing.newPerson()
    ben = await browsing.newPerson()
  })

  it('a member raises a challenge on a theme from its page, and another member answers it', async () => {
    const challengeText = 'We all like this theme because it flatters us; which records show a client who did not want to lead?'
    const errors = errorsSince(ann, ben)
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

  it('the inquiry page does not offer to begin the next cycle before the validity review is adopted, and says why', async () => {
    const errors = errorsSince(ann, ben)
    // The cycle cannot close before its review is adopted: instead of a button the server would refuse (409), the reason and where to go.
    await visit(ann, inquiryPath, title)
    expect(await ann.getByRole('button', { name: 'Propose: begin Cycle 2' }).count()).toBe(0)
    expect(await ann.getByRole('button', { name: 'Propose concluding' }).count()).toBe(0)
    const why = ann.getByTestId('close-block')
    expect(await why.innerText()).toBe(
      'Cycle 1 cannot close until the group adopts its validity review, which is held in the sense-making phase. Go to the validity review',
    )
    expect(await why.getByRole('link', { name: 'Go to the validity review' }).getAttribute('href')).toBe(`${inquiryPath}/cycles/1/validity`)
    expect(await mainText(ann)).toContain('Now: cycle 1, Reflection – sense-making')
    expect(errors()).toEqual([])
  })

  it('the validity page renders the same in the browser as on the server: it hydrates without errors', async () => {
    const errors = errorsSince(ann, ben)
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

  it("on the validity page each procedure's judgement controls are labelled within that procedure", async () => {
    await visit(ann, `${inquiryPath}/cycles/1/validity`, 'Validity review — cycle 1')
    for (const procedure of TEMPLATE.validityProcedures) {
      const section = ann.getByRole('region', { name: `${procedure.name}${procedure.required ? ' (required)' : ''}` })
      expect(await section.getByRole('radio', { name: 'Met', exact: true }).count(), procedure.name).toBe(1)
      expect(await section.getByRole('radio', { name: 'Not met', exact: true }).count(), procedure.name).toBe(1)
      expect(await section.getByLabel('Your note', { exact: true }).count(), procedure.name).toBe(1)
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
    const errors = errorsSince(ann, ben)
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
      await section.getByRole('button', { name: 'Save my judgement' }).click()
      const who = page === ann ? 'Ann Example' : 'Ben Example'
      // Each member's own judgement is listed by name under the spread; the viewer's is marked as theirs.
      await section.getByText(`${who} (you): Met — Looked at ${procedure.name.toLowerCase()} together.`).waitFor()
      await section.getByRole('button', { name: 'Change my judgement' }).waitFor()
      await waitForHydration(page)
      await expectNoSeriousAxeViolations(page)
      if (page === ben) await visit(ann, `${inquiryPath}/cycles/1/validity`, 'Validity review — cycle 1')
    }
    expect(await mainText(ann)).not.toContain('Still to judge (required')
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

  it('the group makes its stances anonymous by decision on "Our forms"; then every stance shows only as a count until the decision closes, and the database holds no author', async () => {
    const errors = errorsSince(ann, ben)
    const inquiryId = inquiryPath.split('/').pop()!
    // In a group of two, "Our forms" says anonymity would hide nothing, and offers no box that could only be refused.
    await visit(ann, inquiryPath, title)
    await ann.getByRole('link', { name: 'Our forms' }).click()
    await ann.waitForURL(`**${inquiryPath}/template`)
    await arrived(ann, 'Our forms')
    expect(await duplicateIds(ann)).toEqual([])
    expect(await ann.getByLabel(/^Stances on our proposals are anonymous/).count()).toBe(0)
    expect((await ann.getByTestId('anonymity-unavailable').innerText()).replace(/\s+/g, ' ')).toContain(
      'only 2 members can take a stance here, and in a group of two anonymity hides nothing',
    )
    expect(await mainText(ann)).toContain('In a group of two it hides nothing')

    // Cy joins: three members can take a stance.
    const cy = await browsing.newPerson()
    await signUp(cy, 'Cy Example', uniqueEmail('cy'), PASSWORD)
    await visit(ann, inquiryPath, title)
    await ann.getByRole('link', { name: '← Validity circle' }).click()
    await arrived(ann, 'Validity circle')
    await joinByLink(cy, await createInvitation(ann), 'Validity circle')

    // Ann proposes, on "Our forms", that stances be anonymous; the page says what that hides and what it does not.
    await visit(ann, `${inquiryPath}/template`, 'Our forms')
    expect(await duplicateIds(ann)).toEqual([])
    const limits = (await ann.locator('.anonymity-limits').innerText()).replace(/\s+/g, ' ')
    expect(limits).toContain('It hides who took which stance, who gave which reason, when each stance was taken and in what order')
    expect(limits).toContain('It does not hide')
    expect(limits).toContain('With 3 members who can take a stance, anonymity hides little')
    await ann.getByLabel(/^Stances on our proposals are anonymous/).check()
    await ann.getByLabel('Why revise? (shown with the proposal)').fill('Some of us find it hard to block in the room.')
    await ann.getByRole('button', { name: 'Propose these forms to the group' }).click()
    await ann.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await arrived(ann, 'Revise our forms')
    const amendPath = new URL(ann.url()).pathname
    // That decision is itself taken by name, as the inquiry's rule still says; it waits for all three.
    await visit(ben, amendPath, 'Revise our forms')
    await takeStance(ben, 'Ben Example', 'Agree')
    await visit(cy, amendPath, 'Revise our forms')
    await takeStance(cy, 'Cy Example', 'Agree')
    expect(await cy.locator('main p.muted').first().innerText()).toMatch(/· open$/)
    await visit(ann, amendPath, 'Revise our forms')
    await takeStance(ann, 'Ann Example', 'Agree')
    await visit(ann, `${inquiryPath}/template`, 'Our forms')
    expect(await mainText(ann)).toContain('Stances on this inquiry’s proposals are anonymous.')

    // Ann proposes moving on: its stances are anonymous without a box to tick.
    const blockReason = 'I am not ready to try this with my clients yet, and I find that hard to say in the room.'
    await visit(ann, inquiryPath, title)
    expect(await mainText(ann)).toContain('Stances on this inquiry’s proposals are anonymous: the group decided so.')
    await ann.getByRole('button', { name: 'Propose: move to Action – experience' }).click()
    await ann.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await arrived(ann, 'Move to Action – experience')
    const decisionPath = new URL(ann.url()).pathname
    const decisionId = decisionPath.split('/').pop()!
    expect(await ann.getByTestId('anonymous-progress').innerText()).toContain('0 of 3 members have taken a stance.')

    // Ben blocks, with a reason; every stance here is anonymous.
    await visit(ben, decisionPath, 'Move to Action – experience')
    await ben.getByRole('radio', { name: /^Block\b/ }).check()
    await ben.getByLabel('Your reason (optional)').fill(blockReason)
    await ben.getByRole('button', { name: 'Take my stance anonymously' }).click()
    await ben.getByText('You have taken your stance on this decision anonymously.', { exact: false }).waitFor()
    await waitForHydration(ben)
    await expectNoSeriousAxeViolations(ben)

    // While it is open, the others see how many have taken a stance: no stance, no reason, no name.
    await visit(cy, decisionPath, 'Move to Action – experience')
    expect(await cy.getByTestId('anonymous-progress').innerText()).toContain('1 of 3 members have taken a stance.')
    const openText = await mainText(cy)
    expect(openText).not.toContain(blockReason)
    expect(openText).not.toContain('Ben Example')
    expect(openText).not.toMatch(/blocks? it/)
    expect(openText).toContain('The tally and the reasons show when the decision closes.')
    expect(await cy.getByRole('table').count()).toBe(0)
    await cy.getByRole('radio', { name: /^Agree\b/ }).check()
    await cy.getByRole('button', { name: 'Take my stance anonymously' }).click()
    await cy.getByText('You have taken your stance on this decision anonymously.', { exact: false }).waitFor()

    // Ann's is the last: the decision is counted, and the tally and the reason show, with no name and no time.
    await visit(ann, decisionPath, 'Move to Action – experience')
    expect(await ann.getByTestId('anonymous-progress').innerText()).toContain('2 of 3 members have taken a stance.')
    await ann.getByRole('radio', { name: /^Agree\b/ }).check()
    await ann.getByRole('button', { name: 'Take my stance anonymously' }).click()
    const tally = ann.getByTestId('anonymous-stances')
    await tally.waitFor()
    await waitForHydration(ann)
    await expectNoSeriousAxeViolations(ann)
    const tallyText = (await tally.innerText()).replace(/\s+/g, ' ')
    expect(tallyText).toContain('Agree Abstain Disagree Block 2 0 0 1')
    expect(tallyText).toContain(`Block: ${blockReason}`)
    expect(tallyText).not.toMatch(/Ben|Cy|Ann/)
    const closedText = await mainText(ann)
    expect(closedText).toContain('Not passed: everyone has taken a stance and 1 member blocks it.')
    expect(closedText.split(blockReason).length - 1).toBe(1)
    expect(closedText).not.toContain('Ben Example')

    // The database holds no author for any of the three stances, and the ballots went when it closed.
    const db = openServerDb()
    try {
      expect(db.prepare('select * from stances where decision_id = ?').all(decisionId)).toEqual([])
      expect(db.prepare('select * from anonymous_ballots where decision_id = ?').all(decisionId)).toEqual([])
      const decision = db.prepare('select * from decisions where id = ?').get(decisionId) as Record<string, string>
      const members = db
        .prepare('select person_id from members m join inquiries i on i.group_id = m.group_id where i.id = ? and m.left_at is null')
        .all(inquiryId) as { person_id: string }[]
      expect(members).toHaveLength(3)
      for (const { person_id: personId } of members) {
        if (personId !== decision.proposed_by) expect(JSON.stringify(decision)).not.toContain(personId)
      }
      expect(JSON.parse(decision.anonymous_json!)).toEqual([
        { stance: 'agree', reason: null },
        { stance: 'agree', reason: null },
        { stance: 'block', reason: blockReason },
      ])
    } finally {
      db.close()
    }
    expect(errors()).toEqual([])
    expect(browserErrors(cy)).toEqual([])
  }, 180_000)
})
