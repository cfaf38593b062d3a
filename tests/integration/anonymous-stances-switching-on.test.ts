import { describe, expect, test } from 'vitest'
import { findTemplate } from '~/features/templates/templates.server'
import * as groupRoute from '~/routes/groups.$groupId._index'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import * as plansRoute from '~/routes/inquiries.$inquiryId.plans'
import * as templateRoute from '~/routes/inquiries.$inquiryId.template'
import { type TestPerson } from '../factories'
import { bodyOf, get, idFrom, post, tableCounts } from './harness'
import { circle, db, decisionRow, proposeMoveOn, REASON, stance, view } from './support-anonymous-stances'

// Switching anonymous stances on: the group for its inquiry by a Decision (revising its forms),
// or a proposer for one proposal; only where at least three members can take a Stance, and
// placeholder seats do not count toward them.

function proposeToGroup(person: TestPerson, groupId: string, extra: Record<string, string> = {}) {
  return post(groupRoute, {
    path: `/groups/${groupId}`,
    params: { groupId },
    cookie: person.cookie,
    form: { intent: 'propose', title: 'Meet fortnightly', body: '', ...extra },
  })
}

async function inquiryRule(inquiryId: string) {
  const row = await db().selectFrom('inquiries').select('templateJson').where('id', '=', inquiryId).executeTakeFirstOrThrow()
  return JSON.parse(row.templateJson).decisionRule as { allowAnonymousDissent: boolean }
}

/** The "Our forms" page's form as it shows the inquiry's template, with the anonymity box as given. */
function formsForm(anonymous: boolean, summary = 'We want to be able to disagree without being seen to.'): Record<string, string> {
  const template = findTemplate('cooperative-inquiry')!
  const form: Record<string, string> = {}
  for (const phase of template.phases) form[`prompts.${phase.key}`] = phase.prompts.join('\n')
  for (const procedure of template.validityProcedures) {
    form[`question.${procedure.key}`] = procedure.question
    if (procedure.required) form[`required.${procedure.key}`] = 'on'
  }
  for (const [key, threshold] of Object.entries(template.indicatorThresholds)) {
    form[`threshold.${key}.warn`] = String(threshold.warn)
    form[`threshold.${key}.alert`] = String(threshold.alert)
  }
  if (anonymous) form['decisionRule.anonymous'] = 'on'
  form.summary = summary
  return form
}

function proposeForms(person: TestPerson, inquiryId: string, form: Record<string, string>) {
  return post(templateRoute, { path: `/inquiries/${inquiryId}/template`, params: { inquiryId }, cookie: person.cookie, form })
}

describe('switching anonymous stances on', () => {
  test('by decision: the group revises its forms; proposals made afterwards are anonymous, those already open keep their way', async () => {
    const c = await circle()
    const formsPage = await bodyOf(
      await get(templateRoute, { path: `/inquiries/${c.inquiryId}/template`, params: { inquiryId: c.inquiryId }, cookie: c.ben.cookie }),
    )
    expect(formsPage.template.decisionRule.allowAnonymousDissent).toBe(false)
    expect(formsPage.anonymity).toEqual({
      closing: expect.stringContaining('Left empty, it closes 3 days from now.'),
      inquiryAnonymous: false,
      possible: true,
      voters: 3,
      warning:
        'With 3 members who can take a stance, anonymity hides little: a tally with one dissent leaves each of the others only 2 people it could be.',
    })
    // A named proposal is already open when the group decides.
    const before = idFrom(await proposeMoveOn(c.ada, c.inquiryId), '/decisions')

    const amend = idFrom(await proposeForms(c.ben, c.inquiryId, formsForm(true)), '/decisions')
    expect(await decisionRow(amend)).toMatchObject({
      kind: 'amend_template',
      status: 'open',
      body: 'We want to be able to disagree without being seen to. (Changes: stances on proposals become anonymous.)',
    })
    // Proposed is not adopted; the amendment itself is decided by name, as the inquiry's rule still says.
    expect((await inquiryRule(c.inquiryId)).allowAnonymousDissent).toBe(false)
    expect((await view(c.cy, amend)).anonymous.on).toBe(false)
    for (const person of [c.ada, c.cy]) expect((await stance(person, amend, 'agree')).status).toBe(302)
    // Two of three is the quorum; it waits for Ben, who proposed it, to take his stance too.
    expect((await decisionRow(amend)).status).toBe('open')
    expect((await stance(c.ben, amend, 'agree')).status).toBe(302)
    expect((await decisionRow(amend)).status).toBe('passed')
    expect((await inquiryRule(c.inquiryId)).allowAnonymousDissent).toBe(true)
    const versions = await db()
      .selectFrom('templateVersions')
      .select(['version', 'decisionId'])
      .where('inquiryId', '=', c.inquiryId)
      .orderBy('version')
      .execute()
    expect(versions).toEqual([
      { version: 1, decisionId: null },
      { version: 2, decisionId: amend },
    ])

    // The proposal open before keeps its named stances.
    expect((await view(c.ada, before)).anonymous.on).toBe(false)
    // Every proposal made afterwards is anonymous, with no box to tick; the forms say so.
    const dashboard = await bodyOf(
      await get(inquiryRoute, { path: `/inquiries/${c.inquiryId}`, params: { inquiryId: c.inquiryId }, cookie: c.cy.cookie }),
    )
    expect(dashboard.anonymity).toMatchObject({ inquiryAnonymous: true, possible: true, voters: 3 })
    const focus = idFrom(
      await post(plansRoute, {
        path: `/inquiries/${c.inquiryId}/plans`,
        params: { inquiryId: c.inquiryId },
        cookie: c.cy.cookie,
        form: { intent: 'focus', focus: 'What we leave unsaid in supervision.' },
      }),
      '/decisions',
    )
    const page = await view(c.ben, focus)
    expect(page.anonymous).toMatchObject({ on: true, given: 0, voters: 3, tally: null, reasons: [] })
    expect(JSON.parse((await decisionRow(focus)).ruleJson).allowAnonymousDissent).toBe(true)

    // And it can be switched off the same way (here the amendment is itself anonymous).
    const off = idFrom(
      await proposeForms(c.ada, c.inquiryId, formsForm(false, 'We would rather stand by our stances again.')),
      '/decisions',
    )
    expect((await decisionRow(off)).body).toBe(
      'We would rather stand by our stances again. (Changes: stances on proposals are named again.)',
    )
    for (const person of c.people) expect((await stance(person, off, 'agree')).status).toBe(302)
    expect((await decisionRow(off)).status).toBe('passed')
    expect((await inquiryRule(c.inquiryId)).allowAnonymousDissent).toBe(false)
  })

  test('by decision, refused where fewer than three members can take a stance: anonymity would hide nothing (400, nothing written)', async () => {
    const c = await circle({ size: 2 })
    const before = await tableCounts(db())
    const response = await proposeForms(c.ada, c.inquiryId, formsForm(true))
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors['decisionRule.anonymous']).toBe(
      'Anonymous stances need at least 3 members who can take a stance; here there are 2, and anonymity would hide nothing.',
    )
    expect(await tableCounts(db())).toEqual(before)
    const bad = await proposeForms(c.ada, c.inquiryId, { ...formsForm(false), 'decisionRule.anonymous': 'yes' })
    expect(bad.status).toBe(400)
    expect((await bodyOf(bad)).errors['decisionRule.anonymous']).toBe('Tick the box, or leave it empty.')
  })

  test("by decision, and that decision itself anonymous: the box beside the forms page's proposal makes its stances anonymous", async () => {
    const c = await circle()
    const amend = idFrom(await proposeForms(c.ada, c.inquiryId, { ...formsForm(true), anonymousStances: 'on' }), '/decisions')
    expect(JSON.parse((await decisionRow(amend)).ruleJson).allowAnonymousDissent).toBe(true)
    expect((await view(c.ben, amend)).anonymous).toMatchObject({ on: true, given: 0, voters: 3 })
    for (const person of c.people) expect((await stance(person, amend, 'agree')).status).toBe(302)
    expect(await db().selectFrom('stances').selectAll().where('decisionId', '=', amend).execute()).toEqual([])
    expect(await decisionRow(amend)).toMatchObject({ status: 'passed' })
    expect((await inquiryRule(c.inquiryId)).allowAnonymousDissent).toBe(true)
    // The box with another value is refused beside it, and nothing is proposed.
    const d = await circle()
    const before = await tableCounts(db())
    const bad = await proposeForms(d.ada, d.inquiryId, { ...formsForm(true), anonymousStances: 'yes' })
    expect(bad.status).toBe(400)
    expect((await bodyOf(bad)).errors.anonymousStances).toBe('Tick the box, or leave it empty.')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('for one proposal: the box on the proposal form makes it anonymous and leaves the next one named', async () => {
    const c = await circle()
    const anonymous = idFrom(await proposeToGroup(c.ada, c.groupId, { anonymousStances: 'on' }), '/decisions')
    const named = idFrom(await proposeToGroup(c.ben, c.groupId, { title: 'Keep the same room' }), '/decisions')
    expect(JSON.parse((await decisionRow(anonymous)).ruleJson).allowAnonymousDissent).toBe(true)
    expect(JSON.parse((await decisionRow(named)).ruleJson).allowAnonymousDissent).toBe(false)
    expect((await view(c.cy, anonymous)).anonymous.on).toBe(true)
    expect((await view(c.cy, named)).anonymous.on).toBe(false)
    // The inquiry's own forms: moving on, by the box on the dashboard.
    const move = idFrom(await proposeMoveOn(c.cy, c.inquiryId, { anonymousStances: 'on' }), '/decisions')
    expect((await view(c.ada, move)).anonymous).toMatchObject({ on: true, voters: 3, needed: 2 })
    // The inquiry's rule is not changed by one proposal.
    expect((await inquiryRule(c.inquiryId)).allowAnonymousDissent).toBe(false)
  })

  test('for one proposal, refused in a group of two, and a box with another value is refused in words (400, nothing written)', async () => {
    const c = await circle({ size: 2 })
    const before = await tableCounts(db())
    const small = await proposeToGroup(c.ada, c.groupId, { anonymousStances: 'on' })
    expect(small.status).toBe(400)
    expect((await bodyOf(small)).errors.anonymousStances).toBe(
      'Anonymous stances need at least 3 members who can take a stance; here there are 2, and anonymity would hide nothing.',
    )
    const move = await proposeMoveOn(c.ada, c.inquiryId, { anonymousStances: 'on' })
    expect(move.status).toBe(400)
    const big = await circle()
    const bad = await proposeToGroup(big.ada, big.groupId, { anonymousStances: 'yes' })
    expect(bad.status).toBe(400)
    expect((await bodyOf(bad)).errors.anonymousStances).toBe('Tick the box, or leave it empty.')
    const counts = await tableCounts(db())
    expect(counts.decisions).toBe(before.decisions)
    // The dashboard of the small group offers no box.
    const dashboard = await bodyOf(
      await get(inquiryRoute, { path: `/inquiries/${c.inquiryId}`, params: { inquiryId: c.inquiryId }, cookie: c.ada.cookie }),
    )
    expect(dashboard.anonymity).toEqual({
      closing: expect.stringContaining('between 1 hour and 14 days from now'),
      inquiryAnonymous: false,
      possible: false,
      voters: 2,
      warning: 'In a group of two, anonymity hides nothing: each of you can tell the other’s stance from your own and the tally.',
    })
  })
})

describe("placeholder seats (an imported inquiry's absent members) do not count, so they cannot pad a small group", () => {
  /** Turns the last `seats` members of a circle into placeholder seats: no one here can take a stance through them. */
  async function asSeats(people: TestPerson[], seats: number) {
    const ids = people.slice(people.length - seats).map((p) => p.id)
    await db().updateTable('people').set({ placeholder: 1 }).where('id', 'in', ids).execute()
  }

  test('two people and three seats: five members, but anonymity is refused as in a group of two, and the forms page says why', async () => {
    const c = await circle({ size: 5 })
    await asSeats(c.people, 3)
    const forms = await bodyOf(
      await get(templateRoute, { path: `/inquiries/${c.inquiryId}/template`, params: { inquiryId: c.inquiryId }, cookie: c.ada.cookie }),
    )
    expect(forms.anonymity).toMatchObject({ possible: false, voters: 2 })
    const response = await proposeForms(c.ada, c.inquiryId, formsForm(true))
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors['decisionRule.anonymous']).toContain('here there are 2')
    expect((await proposeMoveOn(c.ada, c.inquiryId, { anonymousStances: 'on' })).status).toBe(400)
  })

  test('three people and two seats: the count is of three, and the decision is counted once the three have taken a stance', async () => {
    const c = await circle({ size: 5 })
    await asSeats(c.people, 2)
    const decisionId = idFrom(await proposeMoveOn(c.ada, c.inquiryId, { anonymousStances: 'on' }), '/decisions')
    expect((await view(c.ada, decisionId)).anonymous).toMatchObject({ on: true, given: 0, voters: 3, needed: 2 })
    for (const person of [c.ada, c.ben]) expect((await stance(person, decisionId, 'agree')).status).toBe(302)
    expect((await view(c.cy, decisionId)).anonymous).toMatchObject({ given: 2, voters: 3, tally: null })
    expect((await stance(c.cy, decisionId, 'disagree', REASON)).status).toBe(302)
    expect(await decisionRow(decisionId)).toMatchObject({ status: 'passed' })
    expect((await view(c.cy, decisionId)).anonymous).toMatchObject({
      tally: { agree: 2, abstain: 0, disagree: 1, block: 0 },
      reasons: [{ stance: 'disagree', reason: REASON }],
    })
  })
})
