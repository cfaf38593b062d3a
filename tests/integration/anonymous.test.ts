import { createHash, createHmac } from 'node:crypto'
import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { findTemplate } from '~/features/templates/templates.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as groupRoute from '~/routes/groups.$groupId._index'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import * as plansRoute from '~/routes/inquiries.$inquiryId.plans'
import * as templateRoute from '~/routes/inquiries.$inquiryId.template'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInquiry, setInquiryTemplate, type TestPerson } from '../factories'
import { bodyOf, get, idFrom, listColumns, listTables, onPostgres, post, tableCounts } from './harness'

// Issue 13, item 4: anonymous stances a group can switch on, and that cannot be traced. The
// group switches them on for its inquiry by a decision (revising its forms), or a proposer for
// one proposal. On an anonymous decision every stance is anonymous and final; while it is open
// members see only how many have taken one; the tally and the reasons show when it closes, in
// an order that follows nothing; and the database keeps no link, time or order from which
// anyone could recover who took which stance. One person, one stance, still holds.

const db = () => getDb()

const REASON = 'I am not ready to act on this, and I find it hard to say so here.'
const NAMES = ['Ada', 'Ben', 'Cy', 'Dee', 'Eli']

/** A group of `size` members (Ada facilitates) and an outsider, with an inquiry in its first (reflection) phase. */
async function circle(options: { size?: number; inquiryAnonymous?: boolean } = {}) {
  const people: TestPerson[] = []
  for (const name of NAMES.slice(0, options.size ?? 3)) people.push(await createPerson(db(), name))
  const [ada, ben, cy] = people as [TestPerson, TestPerson, TestPerson]
  const outsider = await createPerson(db(), 'Outsider')
  const groupId = await createGroupWith(db(), people, { name: 'Dissent circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  if (options.inquiryAnonymous) await setInquiryTemplate(db(), inquiryId, (t) => (t.decisionRule.allowAnonymousDissent = true))
  return { ada, ben, cy, outsider, people, groupId, inquiryId }
}

function proposeMoveOn(person: TestPerson, inquiryId: string, extra: Record<string, string> = {}) {
  return post(inquiryRoute, {
    path: `/inquiries/${inquiryId}`,
    params: { inquiryId },
    cookie: person.cookie,
    form: { step: 'next', reason: '', ...extra },
  })
}

function proposeToGroup(person: TestPerson, groupId: string, extra: Record<string, string> = {}) {
  return post(groupRoute, {
    path: `/groups/${groupId}`,
    params: { groupId },
    cookie: person.cookie,
    form: { intent: 'propose', title: 'Meet fortnightly', body: '', ...extra },
  })
}

/** An anonymous proposal (by the box) to move on, with the circle's id for it. */
async function anonymousCircle(size = 3) {
  const c = await circle({ size })
  const decisionId = idFrom(await proposeMoveOn(c.ada, c.inquiryId, { anonymousStances: 'on' }), '/decisions')
  return { ...c, decisionId }
}

function stance(person: TestPerson, decisionId: string, value: string, reason = '', anonymousBox = false) {
  const form: Record<string, string> = { intent: 'stance', stance: value, reason }
  if (anonymousBox) form.anonymous = 'on'
  return post(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: person.cookie, form })
}

function countNow(person: TestPerson, decisionId: string) {
  return post(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: person.cookie, form: { intent: 'count' } })
}

async function view(person: TestPerson, decisionId: string) {
  const response = await get(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

async function decisionRow(decisionId: string) {
  return db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
}

async function ballots(decisionId: string) {
  return db().selectFrom('anonymousBallots').selectAll().where('decisionId', '=', decisionId).execute()
}

async function currentPhasePosition(inquiryId: string) {
  const phase = await db()
    .selectFrom('phases')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select('phases.position')
    .where('cycles.inquiryId', '=', inquiryId)
    .where('phases.status', '=', 'current')
    .executeTakeFirstOrThrow()
  return phase.position
}

async function inquiryRule(inquiryId: string) {
  const row = await db().selectFrom('inquiries').select('templateJson').where('id', '=', inquiryId).executeTakeFirstOrThrow()
  return JSON.parse(row.templateJson).decisionRule as { allowAnonymousDissent: boolean }
}

/** Every row of every table, as text, that mentions both strings: a link between them. */
async function rowsLinking(a: string, b: string): Promise<string[]> {
  const found: string[] = []
  for (const name of await listTables(db())) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db())
    for (const row of rows.rows) {
      const text = JSON.stringify(row)
      if (text.includes(a) && text.includes(b)) found.push(`${name}: ${text}`)
    }
  }
  return found
}

/** Hashes anyone could compute from a decision and a person without a secret. */
function unkeyedHashes(decisionId: string, personId: string): string[] {
  const inputs = [`${decisionId}:${personId}`, `${personId}:${decisionId}`, `${decisionId}${personId}`, personId]
  return inputs.flatMap((input) =>
    ['sha256', 'sha1', 'md5']
      .flatMap((algorithm) =>
        (['hex', 'base64', 'base64url'] as const).map((encoding) => createHash(algorithm).update(input).digest(encoding)),
      )
      .concat((['hex', 'base64url'] as const).map((encoding) => createHmac('sha256', '').update(input).digest(encoding))),
  )
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

describe('on an anonymous decision', () => {
  test('every stance is anonymous, agree and abstain too, box or no box: no stance row, only a keyed ballot', async () => {
    const c = await anonymousCircle(4)
    expect((await stance(c.ada, c.decisionId, 'agree')).status).toBe(302)
    expect((await stance(c.ben, c.decisionId, 'abstain', 'Not my call.', true)).status).toBe(302)
    expect((await stance(c.cy, c.decisionId, 'disagree', REASON)).status).toBe(302)
    expect(await db().selectFrom('stances').selectAll().where('decisionId', '=', c.decisionId).execute()).toEqual([])
    expect(await ballots(c.decisionId)).toHaveLength(3)
    expect(JSON.parse((await decisionRow(c.decisionId)).anonymousJson)).toEqual([
      { stance: 'agree', reason: null },
      { stance: 'abstain', reason: 'Not my call.' },
      { stance: 'disagree', reason: REASON },
    ])
  })

  test('while open, members see only how many have taken a stance: no tally, no reasons, no names, no times', async () => {
    const c = await anonymousCircle(4)
    expect((await stance(c.ben, c.decisionId, 'block', REASON)).status).toBe(302)
    expect((await stance(c.ada, c.decisionId, 'agree', 'Let us go on.')).status).toBe(302)
    for (const viewer of c.people) {
      const page = await view(viewer, c.decisionId)
      expect(page.decision.status).toBe('open')
      expect(page.anonymous).toEqual({
        on: true,
        given: 2,
        voters: 4,
        needed: 3,
        canCount: false,
        tally: null,
        reasons: [],
        warning:
          'With 4 members who can take a stance, anonymity hides little: a tally with one dissent leaves each of the others only 3 people it could be.',
      })
      expect(page.stances).toEqual([])
      expect(page.evaluation).toBeNull()
      expect(page.myStance).toBeNull()
      const text = JSON.stringify(page)
      for (const hidden of [REASON, 'Let us go on.', '"block"', '"agree"', 'blocks it']) expect(text, hidden).not.toContain(hidden)
      // Only the viewer is told whether they have taken theirs.
      expect(page.myAnonymous).toBe(viewer === c.ada || viewer === c.ben)
    }
  })

  test('it is not counted the moment it could pass: it waits for everyone, or for a member to ask once the quorum has spoken', async () => {
    const c = await anonymousCircle(4)
    expect(await currentPhasePosition(c.inquiryId)).toBe(1)
    expect((await stance(c.ada, c.decisionId, 'agree')).status).toBe(302)
    // Too early to count: 409, nothing changes.
    const early = await countNow(c.cy, c.decisionId)
    expect(early.status).toBe(409)
    expect((await bodyOf(early)).formError).toBe('The stances can be counted once 3 of 4 members have taken one; 1 has so far.')
    expect((await stance(c.ben, c.decisionId, 'agree')).status).toBe(302)
    expect((await stance(c.cy, c.decisionId, 'agree')).status).toBe(302)
    // A named decision would have passed here; an anonymous one stays open, telling no one whether anyone blocked.
    expect((await decisionRow(c.decisionId)).status).toBe('open')
    expect(await currentPhasePosition(c.inquiryId)).toBe(1)
    expect((await view(c.ada, c.decisionId)).anonymous).toMatchObject({ given: 3, canCount: true, tally: null })
    // Any member may ask for the count, one who has not taken a stance too; then it takes effect.
    expect((await countNow(c.people[3]!, c.decisionId)).status).toBe(302)
    const row = await decisionRow(c.decisionId)
    expect(row).toMatchObject({ status: 'passed', outcomeNote: 'Passed: 3 of 4 members took a stance, 3 agreed, no one blocked.' })
    expect(await currentPhasePosition(c.inquiryId)).toBe(2)
    expect(await ballots(c.decisionId)).toEqual([])
    expect((await view(c.ben, c.decisionId)).anonymous).toMatchObject({
      tally: { agree: 3, abstain: 0, disagree: 0, block: 0 },
      reasons: [],
    })
    // Once counted, no one can add a stance.
    expect((await stance(c.people[3]!, c.decisionId, 'block')).status).toBe(409)
    expect((await countNow(c.ada, c.decisionId)).status).toBe(409)
  })

  test('counted on request, what has not passed is rejected; counted when everyone has spoken, a block stops it', async () => {
    const c = await anonymousCircle(4)
    for (const [person, value] of [
      [c.ada, 'agree'],
      [c.ben, 'block'],
      [c.cy, 'agree'],
    ] as const)
      expect((await stance(person, c.decisionId, value)).status).toBe(302)
    expect((await countNow(c.ada, c.decisionId)).status).toBe(302)
    expect(await decisionRow(c.decisionId)).toMatchObject({
      status: 'rejected',
      outcomeNote: 'Not passed when counted: 3 of 4 members had taken a stance and 1 member blocks it.',
    })
    expect(await currentPhasePosition(c.inquiryId)).toBe(1)

    const d = await anonymousCircle(3)
    expect((await stance(d.ben, d.decisionId, 'block', REASON)).status).toBe(302)
    expect((await stance(d.ada, d.decisionId, 'agree', 'Zest for it.')).status).toBe(302)
    expect((await decisionRow(d.decisionId)).status).toBe('open')
    expect((await stance(d.cy, d.decisionId, 'agree', 'About time.')).status).toBe(302)
    expect(await decisionRow(d.decisionId)).toMatchObject({
      status: 'rejected',
      outcomeNote: 'Not passed: everyone has taken a stance and 1 member blocks it.',
    })
    for (const viewer of d.people) {
      const page = await view(viewer, d.decisionId)
      // The tally and the reasons, by stance and then alphabetically: not in the order given.
      expect(page.anonymous).toMatchObject({
        tally: { agree: 2, abstain: 0, disagree: 0, block: 1 },
        reasons: [
          { stance: 'agree', reason: 'About time.' },
          { stance: 'agree', reason: 'Zest for it.' },
          { stance: 'block', reason: REASON },
        ],
      })
      expect(page.stances).toEqual([])
      expect(page.myAnonymous).toBe(false)
    }
  })

  test('one person, one stance: a second one, named or anonymous, of any kind, is refused (409) and nothing is written', async () => {
    const c = await anonymousCircle(4)
    expect((await stance(c.ben, c.decisionId, 'agree', 'Fine by me.')).status).toBe(302)
    const before = await tableCounts(db())
    const anonymousJson = (await decisionRow(c.decisionId)).anonymousJson
    for (const [value, box] of [
      ['agree', false],
      ['block', false],
      ['block', true],
      ['abstain', true],
    ] as const) {
      const response = await stance(c.ben, c.decisionId, value, 'Second go', box)
      expect(response.status, `${value} ${box}`).toBe(409)
      expect((await bodyOf(response)).formError).toBe(
        'You took your stance on this decision anonymously; it stands as given and cannot be changed.',
      )
    }
    expect(await tableCounts(db())).toEqual(before)
    expect((await decisionRow(c.decisionId)).anonymousJson).toBe(anonymousJson)
    expect(await ballots(c.decisionId)).toHaveLength(1)
  })

  test("a non-member's stance or count is a 404 and writes nothing", async () => {
    const c = await anonymousCircle()
    const before = await tableCounts(db())
    expect((await stance(c.outsider, c.decisionId, 'block', 'From outside')).status).toBe(404)
    expect((await countNow(c.outsider, c.decisionId)).status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('the database holds no author, time or order: no stance row, a keyed ballot with no time and no row number, deleted at close', async () => {
    const c = await anonymousCircle()
    expect((await stance(c.ben, c.decisionId, 'block', REASON)).status).toBe(302)
    expect(
      await db().selectFrom('stances').selectAll().where('decisionId', '=', c.decisionId).where('personId', '=', c.ben.id).execute(),
    ).toEqual([])
    const decision = await decisionRow(c.decisionId)
    expect(JSON.parse(decision.anonymousJson)).toEqual([{ stance: 'block', reason: REASON }])
    for (const trace of [c.ben.id, c.ben.email, c.ben.displayName]) expect(JSON.stringify(decision)).not.toContain(trace)

    // While open, one ballot: a hash no one can compute from the decision and a member without the instance's secret.
    const open = await ballots(c.decisionId)
    expect(open).toHaveLength(1)
    expect(Object.keys(open[0]!).sort()).toEqual(['decisionId', 'voterHash'])
    expect((await listColumns(db(), 'anonymous_ballots')).map((col) => col.name).sort()).toEqual(['decision_id', 'voter_hash'])
    const hash = open[0]!.voterHash
    expect(hash).not.toContain(c.ben.id)
    for (const person of c.people) expect(unkeyedHashes(c.decisionId, person.id)).not.toContain(hash)
    if (!onPostgres()) {
      // No row number either: a rowid would keep the order in which the ballots were cast.
      await expect(sql`select rowid from anonymous_ballots`.execute(db())).rejects.toThrow(/no such column: rowid/)
    }

    // Everyone has spoken: it closes, the ballots go, and no row anywhere links Ben (or Cy) to the decision.
    expect((await stance(c.ada, c.decisionId, 'agree')).status).toBe(302)
    expect((await stance(c.cy, c.decisionId, 'agree')).status).toBe(302)
    expect((await decisionRow(c.decisionId)).status).toBe('rejected')
    expect(await ballots(c.decisionId)).toEqual([])
    expect(await rowsLinking(c.decisionId, c.ben.id)).toEqual([])
    expect(await rowsLinking(c.decisionId, c.cy.id)).toEqual([])
    // The detector does see a link where there is one: Ada proposed it.
    expect((await rowsLinking(c.decisionId, c.ada.id)).length).toBeGreaterThanOrEqual(1)
  })

  test('neither the stored list nor the page follows the order of casting: runs in different orders give the same canonical list', async () => {
    const cast: [number, string, string][] = [
      [0, 'block', 'Not like this.'],
      [1, 'agree', 'Yes, and soon.'],
      [2, 'disagree', 'Too early for me.'],
      [3, 'agree', 'About time.'],
      [4, 'abstain', 'Not my call.'],
    ]
    const canonical = [
      { stance: 'agree', reason: 'About time.' },
      { stance: 'agree', reason: 'Yes, and soon.' },
      { stance: 'abstain', reason: 'Not my call.' },
      { stance: 'disagree', reason: 'Too early for me.' },
      { stance: 'block', reason: 'Not like this.' },
    ]
    const orders = [
      [0, 1, 2, 3, 4],
      [4, 3, 2, 1, 0],
      [2, 4, 1, 0, 3],
    ]
    const stored = new Set<string>()
    for (const order of orders) {
      const c = await anonymousCircle(5)
      for (const [i, at] of order.entries()) {
        const [who, value, reason] = cast[at]!
        expect((await stance(c.people[who]!, c.decisionId, value, reason)).status).toBe(302)
        // Even while open the stored list is in canonical order, whatever came last.
        const sofar = JSON.parse((await decisionRow(c.decisionId)).anonymousJson) as { stance: string; reason: string }[]
        expect(sofar).toEqual(canonical.filter((s) => order.slice(0, i + 1).some((k) => cast[k]![2] === s.reason)))
      }
      const row = await decisionRow(c.decisionId)
      expect(row.status).toBe('rejected')
      stored.add(row.anonymousJson)
      const shown = (await view(c.ada, c.decisionId)).anonymous.reasons
      expect(shown).toEqual(canonical)
      // The casting order was not the canonical one in any run here, so a page that kept it would differ.
      expect(order.map((k) => cast[k]![2])).not.toEqual(canonical.map((s) => s.reason))
    }
    expect(stored.size).toBe(1)
  })
})

describe('on a named decision', () => {
  test('the old anonymous box is refused (400) and nothing is written; stances stay named and changeable', async () => {
    const c = await circle()
    const decisionId = idFrom(await proposeMoveOn(c.ada, c.inquiryId), '/decisions')
    const before = await tableCounts(db())
    const response = await stance(c.ben, decisionId, 'block', REASON, true)
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.anonymous).toBe('Stances on this proposal are given by name: it was not proposed as anonymous.')
    expect(await tableCounts(db())).toEqual(before)
    expect(await ballots(decisionId)).toEqual([])
    expect((await stance(c.ben, decisionId, 'block', REASON)).status).toBe(302)
    expect((await stance(c.ben, decisionId, 'abstain')).status).toBe(302)
    const page = await view(c.cy, decisionId)
    expect(page.anonymous).toMatchObject({ on: false, tally: null, reasons: [] })
    expect(page.stances.find((s: { personId: string }) => s.personId === c.ben.id)).toMatchObject({
      stance: 'abstain',
      earlier: [{ stance: 'block', reason: REASON }],
    })
    // Nor can the count be asked for: a named decision counts as each stance comes in.
    expect((await countNow(c.cy, decisionId)).status).toBe(400)
  })

  test('a decision keeps the rule it was proposed under: making the inquiry anonymous afterwards does not change it', async () => {
    const c = await circle()
    const decisionId = idFrom(await proposeMoveOn(c.ada, c.inquiryId), '/decisions')
    await setInquiryTemplate(db(), c.inquiryId, (t) => (t.decisionRule.allowAnonymousDissent = true))
    expect((await stance(c.ben, decisionId, 'block', REASON)).status).toBe(302)
    expect(await ballots(decisionId)).toEqual([])
    expect((await view(c.ada, decisionId)).anonymous.on).toBe(false)
  })
})
