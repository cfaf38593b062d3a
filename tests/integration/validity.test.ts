import { describe, expect, test } from 'vitest'
import { raiseChallenge } from '~/features/challenges/challenges.server'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { findTemplate } from '~/features/templates/templates.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import * as validityRoute from '~/routes/inquiries.$inquiryId.cycles.$cycleNumber.validity'
import { getDb } from '~/utils/db.server'
import { notFoundResponse } from '~/utils/http.server'
import { proposeAdoptValidityReview } from '~/features/validity/validity.server'
import { startSession } from '~/utils/session.server'
import {
  adoptValidityReview,
  agreeUntilClosed,
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  judgeRequired,
  moveOn,
  rate,
  setInquiryTemplate,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get, idFrom, importRoute, locationOf, post, tableCounts } from './harness'

// The validity issue: each procedure of the template shows its question, the computed
// evidence and the group's judgement; adopting the review is a group decision; a cycle
// cannot close until its review is adopted; a template can mark procedures required and
// ask for a devil's advocate each cycle, the platform suggesting who has held it least.

const db = () => getDb()
const jsonRoute = await importRoute('inquiries.$inquiryId.cycles.$cycleNumber.validity[.json].tsx')
const NOT_FOUND_BODY = await notFoundResponse().text()

const TEMPLATE = findTemplate('cooperative-inquiry')!
const REQUIRED = TEMPLATE.validityProcedures.filter((p) => p.required)
const OPTIONAL = TEMPLATE.validityProcedures.filter((p) => !p.required)

/** Three members (Ada facilitates) and an outsider; the inquiry stops where asked (sense-making by default). */
async function circle(options: { stopIn?: 'planning' | 'sense-making' } = {}) {
  const ada = await createPerson(db(), 'Ada')
  const ben = await createPerson(db(), 'Ben')
  const cy = await createPerson(db(), 'Cy')
  const outsider = await createPerson(db(), 'Outsider')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people, { name: 'Validity circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  if (options.stopIn !== 'planning') {
    await moveOn(db(), inquiryId, people)
    await createTestRecord(db(), ada, inquiryId, { text: 'Ada waited through a long silence.' })
    await toSenseMaking(db(), inquiryId, people)
  }
  return { ada, ben, cy, outsider, people, groupId, inquiryId }
}

const validityPath = (inquiryId: string, cycle: number | string) => `/inquiries/${inquiryId}/cycles/${cycle}/validity`

function validityAction(person: TestPerson | null, inquiryId: string, cycle: number | string, form: Record<string, string>) {
  return post(validityRoute, {
    path: validityPath(inquiryId, cycle),
    params: { inquiryId, cycleNumber: String(cycle) },
    cookie: person?.cookie,
    form,
  })
}

const judge = (person: TestPerson | null, inquiryId: string, cycle: number, procedureKey: string, status = 'met', note = '') =>
  validityAction(person, inquiryId, cycle, { intent: 'judge', procedureKey, status, note })

async function review(person: TestPerson, inquiryId: string, cycle: number) {
  const response = await get(validityRoute, {
    path: validityPath(inquiryId, cycle),
    params: { inquiryId, cycleNumber: String(cycle) },
    cookie: person.cookie,
  })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

async function reviewJson(person: TestPerson | null, inquiryId: string, cycle: number | string) {
  const path = `${validityPath(inquiryId, cycle)}.json`
  return get(jsonRoute, { path, params: { inquiryId, cycleNumber: String(cycle) }, cookie: person?.cookie })
}

async function cycleRow(inquiryId: string, number: number) {
  return db().selectFrom('cycles').selectAll().where('inquiryId', '=', inquiryId).where('number', '=', number).executeTakeFirstOrThrow()
}

function proposeMove(person: TestPerson, inquiryId: string, form: Record<string, string>) {
  return post(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: person.cookie, form })
}

function stance(person: TestPerson, decisionId: string, value: string, reason = '') {
  return post(decisionRoute, {
    path: `/decisions/${decisionId}`,
    params: { decisionId },
    cookie: person.cookie,
    form: { intent: 'stance', stance: value, reason },
  })
}

async function judgementRows(inquiryId: string) {
  return db()
    .selectFrom('validityJudgements')
    .innerJoin('cycles', 'cycles.id', 'validityJudgements.cycleId')
    .select([
      'cycles.number as cycle',
      'validityJudgements.procedureKey',
      'validityJudgements.status',
      'validityJudgements.note',
      'validityJudgements.updatedBy',
    ])
    .where('cycles.inquiryId', '=', inquiryId)
    .orderBy('validityJudgements.procedureKey')
    .execute()
}

describe('judging the procedures', () => {
  test('a member judges a procedure with a note; the review shows it beside the question and the evidence, and a revision replaces it', async () => {
    const c = await circle()
    const response = await judge(c.ben, c.inquiryId, 1, 'divergence-convergence', 'partly', 'We agreed on the first theme very fast.')
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe(`${validityPath(c.inquiryId, 1)}#procedure-divergence-convergence`)
    expect(await judgementRows(c.inquiryId)).toEqual([
      {
        cycle: 1,
        procedureKey: 'divergence-convergence',
        status: 'partly',
        note: 'We agreed on the first theme very fast.',
        updatedBy: c.ben.id,
      },
    ])

    const view = await review(c.cy, c.inquiryId, 1)
    expect(view.canJudge).toBe(true)
    expect(view.procedures.map((p: { key: string }) => p.key)).toEqual(TEMPLATE.validityProcedures.map((p) => p.key))
    const procedure = view.procedures.find((p: { key: string }) => p.key === 'divergence-convergence')
    expect(procedure).toMatchObject({
      name: 'Divergence and convergence',
      question: TEMPLATE.validityProcedures.find((p) => p.key === 'divergence-convergence')!.question,
      required: true,
      judgement: { status: 'partly', note: 'We agreed on the first theme very fast.', displayName: 'Ben' },
    })
    // The evidence is the template's indicators for this procedure, each with a plain sentence.
    expect(procedure.evidence.map((e: { key: string }) => e.key).sort()).toEqual([
      'conformity-shift',
      'divergence-balance',
      'variance-ratio',
    ])
    for (const e of procedure.evidence) expect(e.sentence).toMatch(/\.$|\?$/)
    // The group's own reading: a procedure with no indicators has no computed evidence.
    expect(view.procedures.find((p: { key: string }) => p.key === 'chaos-order').evidence).toEqual([])
    expect(view.missingRequired).toEqual(REQUIRED.filter((p) => p.key !== 'divergence-convergence').map((p) => p.name))

    // Anyone may revise the judgement until the review is adopted; there is still one row for it.
    expect((await judge(c.cy, c.inquiryId, 1, 'divergence-convergence', 'not_met', 'On reflection, no.')).status).toBe(302)
    expect(await judgementRows(c.inquiryId)).toEqual([
      { cycle: 1, procedureKey: 'divergence-convergence', status: 'not_met', note: 'On reflection, no.', updatedBy: c.cy.id },
    ])
  })

  test('a judgement on a procedure the template lacks is a 400 on procedureKey and writes nothing', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    for (const key of ['no-such-procedure', 'Research cycling', 'research-cycling-v2']) {
      const response = await judge(c.ada, c.inquiryId, 1, key)
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors.procedureKey).toBe('That procedure is not part of this inquiry’s template.')
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('an unknown judgement is a 400 on status, keeping the note, and writes nothing', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    const response = await judge(c.ada, c.inquiryId, 1, 'research-cycling', 'excellent', 'Kept note')
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.status).toBe('Choose met, partly, not met or not applicable.')
    expect(body.values.note).toBe('Kept note')
    expect(await tableCounts(db())).toEqual(before)
  })

  test("judging outside the current cycle's sense-making is a 409 and writes nothing", async () => {
    // In planning: the review is held in sense-making.
    const planning = await circle({ stopIn: 'planning' })
    let before = await tableCounts(db())
    let response = await judge(planning.ada, planning.inquiryId, 1, 'research-cycling')
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toBe('The validity review is held in the current cycle’s sense-making phase.')
    expect(await tableCounts(db())).toEqual(before)
    expect((await review(planning.ada, planning.inquiryId, 1)).canJudge).toBe(false)

    // A past cycle: cycle 1 closed when cycle 2 began.
    const c = await circle()
    await moveOn(db(), c.inquiryId, c.people)
    expect((await cycleRow(c.inquiryId, 1)).endedAt).not.toBeNull()
    before = await tableCounts(db())
    response = await judge(c.ben, c.inquiryId, 1, 'chaos-order')
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toMatch(/sense-making phase/)
    // A cycle that does not exist is not found.
    expect((await judge(c.ben, c.inquiryId, 7, 'chaos-order')).status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('after the review is adopted, judging is a 409 and the judgements stand as adopted', async () => {
    const c = await circle()
    await adoptValidityReview(db(), c.inquiryId, c.people)
    const adopted = await judgementRows(c.inquiryId)
    const before = await tableCounts(db())
    for (const key of ['research-cycling', 'chaos-order']) {
      const response = await judge(c.cy, c.inquiryId, 1, key, 'not_met', 'Second thoughts')
      expect(response.status).toBe(409)
      expect((await bodyOf(response)).formError).toBe('This cycle’s validity review has been adopted and can no longer change.')
    }
    expect(await tableCounts(db())).toEqual(before)
    expect(await judgementRows(c.inquiryId)).toEqual(adopted)
    expect((await review(c.ada, c.inquiryId, 1)).canJudge).toBe(false)
  })

  test('judgements from a non-member or an anonymous visitor are refused and write nothing', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    const outsider = await judge(c.outsider, c.inquiryId, 1, 'research-cycling')
    expect(outsider.status).toBe(404)
    expect(await outsider.text()).toBe(NOT_FOUND_BODY)
    const anonymous = await judge(null, c.inquiryId, 1, 'research-cycling')
    expect(anonymous.status).toBe(302)
    expect(locationOf(anonymous)).toMatch(/^\/login\?redirectTo=/)
    for (const intent of ['adopt', 'devils-advocate']) {
      expect((await validityAction(c.outsider, c.inquiryId, 1, { intent, personId: c.outsider.id })).status).toBe(404)
    }
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('adopting the review', () => {
  test('is refused with 409 while a required procedure is unjudged, naming what is missing', async () => {
    const c = await circle()
    let before = await tableCounts(db())
    let response = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toBe(`Judge the required procedures first: ${REQUIRED.map((p) => p.name).join('; ')}.`)
    expect(await tableCounts(db())).toEqual(before)

    // Optional procedures are not needed; all the required ones but one are not enough.
    const [last, ...rest] = [...REQUIRED].reverse()
    for (const p of rest) expect((await judge(c.ben, c.inquiryId, 1, p.key)).status).toBe(302)
    expect(OPTIONAL.length).toBeGreaterThan(0)
    before = await tableCounts(db())
    response = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toBe(`Judge the required procedures first: ${last!.name}.`)
    expect(await tableCounts(db())).toEqual(before)
    expect((await review(c.ada, c.inquiryId, 1)).missingRequired).toEqual([last!.name])

    expect((await judge(c.cy, c.inquiryId, 1, last!.key, 'n_a')).status).toBe(302)
    response = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toMatch(/^\/decisions\//)
  })

  test('is a group decision: the cycle records its adoption only when the decision passes', async () => {
    const c = await circle()
    await judgeRequired(db(), c.inquiryId, c.ben)
    const response = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    const decisionId = idFrom(response, '/decisions')
    const decision = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    const cycle = await cycleRow(c.inquiryId, 1)
    expect(decision).toMatchObject({
      kind: 'adopt_review',
      status: 'open',
      title: 'Adopt the validity review of cycle 1',
      cycleId: cycle.id,
      inquiryId: c.inquiryId,
    })
    expect(cycle.reviewAdoptedAt).toBeNull()
    expect((await review(c.cy, c.inquiryId, 1)).adoptDecisionId).toBe(decisionId)

    // A second proposal while one is open is refused.
    const before = await tableCounts(db())
    const again = await validityAction(c.ben, c.inquiryId, 1, { intent: 'adopt' })
    expect(again.status).toBe(409)
    expect((await bodyOf(again)).formError).toBe('A proposal to adopt this review is already open.')
    expect(await tableCounts(db())).toEqual(before)

    // A block keeps it open and the review unadopted.
    expect((await stance(c.ben, decisionId, 'block', 'We have not looked at the dissent yet')).status).toBe(302)
    expect((await stance(c.cy, decisionId, 'agree')).status).toBe(302)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe('open')
    expect((await cycleRow(c.inquiryId, 1)).reviewAdoptedAt).toBeNull()
    expect((await proposeMove(c.cy, c.inquiryId, { step: 'next', reason: '' })).status).toBe(409)
    // Lifting the block passes it, and the cycle records when its review was adopted.
    expect((await stance(c.ben, decisionId, 'agree', 'We have now')).status).toBe(302)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe(
      'passed',
    )
    const adopted = (await cycleRow(c.inquiryId, 1)).reviewAdoptedAt
    expect(adopted).not.toBeNull()
    expect(Date.parse(adopted!)).toBeGreaterThan(Date.now() - 60_000)
    const view = await review(c.ada, c.inquiryId, 1)
    expect(view.cycle).toMatchObject({ number: 1, reviewAdoptedAt: adopted, inSenseMaking: true, closed: false })
    expect(view).toMatchObject({ canJudge: false, adoptDecisionId: null })

    // Once adopted it cannot be proposed again.
    const late = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(late.status).toBe(409)
  })

  test("where the template requires a devil's advocate, adoption is refused until one is confirmed by decision", async () => {
    const c = await circle({ stopIn: 'planning' })
    await setInquiryTemplate(db(), c.inquiryId, (t) => (t.devilsAdvocate = { required: true, rotating: true }))
    await moveOn(db(), c.inquiryId, c.people)
    await toSenseMaking(db(), c.inquiryId, c.people)
    await judgeRequired(db(), c.inquiryId, c.ada)
    const before = await tableCounts(db())
    const refused = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(refused.status).toBe(409)
    expect((await bodyOf(refused)).formError).toBe('This inquiry’s template asks for a devil’s advocate each cycle; confirm one first.')
    expect(await tableCounts(db())).toEqual(before)
    expect((await review(c.ada, c.inquiryId, 1)).devilsAdvocate.required).toBe(true)

    const proposed = await validityAction(c.ada, c.inquiryId, 1, { intent: 'devils-advocate', personId: c.cy.id })
    const decisionId = idFrom(proposed, '/decisions')
    expect(await db().selectFrom('decisions').select(['kind', 'title']).where('id', '=', decisionId).executeTakeFirstOrThrow()).toEqual({
      kind: 'devils_advocate',
      title: 'Cy as devil’s advocate for cycle 1',
    })
    // Proposed is not confirmed.
    expect((await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })).status).toBe(409)
    expect(await agreeUntilClosed(db(), decisionId, c.people)).toBe('passed')
    expect((await cycleRow(c.inquiryId, 1)).devilsAdvocateId).toBe(c.cy.id)
    expect((await review(c.ben, c.inquiryId, 1)).cycle.devilsAdvocate).toBe('Cy')

    const adopt = await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' })
    expect(await agreeUntilClosed(db(), idFrom(adopt, '/decisions'), c.people)).toBe('passed')
    expect((await cycleRow(c.inquiryId, 1)).reviewAdoptedAt).not.toBeNull()
  })
})

describe('closing a cycle', () => {
  test('next cycle and conclude are refused with 409 naming the validity review until it is adopted, then allowed', async () => {
    const c = await circle()
    const message = 'Cycle 1 cannot close until the group adopts its validity review, which is held in the sense-making phase.'
    const before = await tableCounts(db())
    for (const form of [
      { step: 'next', reason: '' },
      { step: 'conclude', reason: 'We have enough' },
    ]) {
      const response = await proposeMove(c.ben, c.inquiryId, form)
      expect(response.status).toBe(409)
      expect((await bodyOf(response)).formError).toBe(message)
    }
    expect(await tableCounts(db())).toEqual(before)

    // An open proposal to adopt is not yet adoption.
    await judgeRequired(db(), c.inquiryId, c.ada)
    const adoptId = idFrom(await validityAction(c.ada, c.inquiryId, 1, { intent: 'adopt' }), '/decisions')
    expect((await proposeMove(c.ben, c.inquiryId, { step: 'next', reason: '' })).status).toBe(409)
    expect(await agreeUntilClosed(db(), adoptId, c.people)).toBe('passed')

    // Once adopted, the group may conclude or begin the next cycle.
    const conclude = await proposeMove(c.ben, c.inquiryId, { step: 'conclude', reason: 'We have enough' })
    const concludeId = idFrom(conclude, '/decisions')
    expect((await db().selectFrom('decisions').select('kind').where('id', '=', concludeId).executeTakeFirstOrThrow()).kind).toBe('conclude')
    expect(
      (
        await post(decisionRoute, {
          path: `/decisions/${concludeId}`,
          params: { decisionId: concludeId },
          cookie: c.ben.cookie,
          form: { intent: 'withdraw', confirmed: 'yes' },
        })
      ).status,
    ).toBe(302)
    const next = await proposeMove(c.ben, c.inquiryId, { step: 'next', reason: '' })
    const nextId = idFrom(next, '/decisions')
    expect(await agreeUntilClosed(db(), nextId, c.people)).toBe('passed')
    expect((await cycleRow(c.inquiryId, 1)).endedAt).not.toBeNull()
    expect((await cycleRow(c.inquiryId, 2)).reviewAdoptedAt).toBeNull()

    // Cycle 2's review is its own: concluding from cycle 2's planning is refused again, naming cycle 2.
    const refused = await proposeMove(c.ada, c.inquiryId, { step: 'conclude', reason: '' })
    expect(refused.status).toBe(409)
    expect((await bodyOf(refused)).formError).toBe(message.replace('Cycle 1', 'Cycle 2'))
  })

  test('moving between phases inside a cycle does not need the review', async () => {
    const c = await circle({ stopIn: 'planning' })
    const response = await proposeMove(c.ada, c.inquiryId, { step: 'next', reason: '' })
    expect(response.status).toBe(302)
    expect(await agreeUntilClosed(db(), idFrom(response, '/decisions'), c.people)).toBe('passed')
  })
})

describe("the devil's advocate", () => {
  test('the platform suggests the member who has held the role least, and the group confirms by decision', async () => {
    const c = await circle()
    const members = async (cycle: number) =>
      Object.fromEntries(
        (await review(c.ada, c.inquiryId, cycle)).devilsAdvocate.members.map((m: { name: string; times: number }) => [m.name, m.times]),
      )

    // No one has held it: any member may be suggested.
    let view = await review(c.ada, c.inquiryId, 1)
    expect(view.devilsAdvocate.required).toBe(false)
    expect(view.devilsAdvocate.suggestion.times).toBe(0)
    expect(await members(1)).toEqual({ Ada: 0, Ben: 0, Cy: 0 })

    const first = idFrom(await validityAction(c.ben, c.inquiryId, 1, { intent: 'devils-advocate', personId: c.ada.id }), '/decisions')
    expect((await review(c.ben, c.inquiryId, 1)).devilsAdvocate.openDecisionId).toBe(first)
    // One proposal at a time.
    const twice = await validityAction(c.cy, c.inquiryId, 1, { intent: 'devils-advocate', personId: c.cy.id })
    expect(twice.status).toBe(409)
    expect((await bodyOf(twice)).formError).toBe('A proposal for this cycle’s devil’s advocate is already open.')
    expect(await agreeUntilClosed(db(), first, c.people)).toBe('passed')
    expect((await cycleRow(c.inquiryId, 1)).devilsAdvocateId).toBe(c.ada.id)

    // Cycle 2: Ada has held it once, so the suggestion is someone who has not.
    await moveOn(db(), c.inquiryId, c.people)
    view = await review(c.ada, c.inquiryId, 2)
    expect(await members(2)).toEqual({ Ada: 1, Ben: 0, Cy: 0 })
    expect(['Ben', 'Cy']).toContain(view.devilsAdvocate.suggestion.name)
    expect(view.devilsAdvocate.suggestion.times).toBe(0)
    const second = idFrom(await validityAction(c.cy, c.inquiryId, 2, { intent: 'devils-advocate', personId: c.ben.id }), '/decisions')
    expect(await agreeUntilClosed(db(), second, c.people)).toBe('passed')

    // Cycle 3: only Cy has never held it.
    await toSenseMaking(db(), c.inquiryId, c.people)
    await moveOn(db(), c.inquiryId, c.people)
    view = await review(c.ben, c.inquiryId, 3)
    expect(await members(3)).toEqual({ Ada: 1, Ben: 1, Cy: 0 })
    expect(view.devilsAdvocate.suggestion).toEqual({ personId: c.cy.id, name: 'Cy', times: 0 })
  })

  test('only a current member can be proposed (400 on personId), and nothing is written', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    for (const personId of [c.outsider.id, 'Zz9unknownId0000', '']) {
      const response = await validityAction(c.ada, c.inquiryId, 1, { intent: 'devils-advocate', personId })
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors.personId).toMatch(/^Choose (a current member|a member)\.$/)
    }
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('validity.json', () => {
  test('gives members the review and its indicators; the shape is stable', async () => {
    const c = await circle()
    await judge(c.ben, c.inquiryId, 1, 'chaos-order', 'partly', 'We sat with the confusion for a while.')
    const response = await reviewJson(c.cy, c.inquiryId, 1)
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const body = await bodyOf(response)
    expect(Object.keys(body).sort()).toEqual([
      'answersClosed',
      'challenges',
      'cycle',
      'format',
      'history',
      'indicatorAnswers',
      'indicators',
      'inquiry',
      'procedures',
      'summary',
      'version',
    ])
    expect(body).toMatchObject({
      format: 'cooperative-inquiry.validity',
      version: 1,
      inquiry: { id: c.inquiryId, title: 'How we meet silence' },
      cycle: { number: 1, isCurrent: true, inSenseMaking: true, closed: false, reviewAdoptedAt: null, devilsAdvocate: null },
      challenges: [],
    })
    expect(Object.keys(body.summary).sort()).toEqual(['alert', 'evidence', 'na', 'ok', 'sentence', 'unclear', 'verdict', 'warn'])
    expect(body.summary.ok + body.summary.warn + body.summary.alert + body.summary.unclear + body.summary.na).toBe(10)
    expect(body.indicators.map((i: { key: string }) => i.key)).toEqual([
      'conformity-shift',
      'variance-ratio',
      'unexplained-moves',
      'dissent',
      'participation-balance',
      'grounding',
      'ways-of-knowing',
      'research-cycling',
      'divergence-balance',
      'unaware-projections',
    ])
    for (const indicator of body.indicators) {
      expect(Object.keys(indicator).sort()).toEqual([
        'display',
        'key',
        'name',
        'procedures',
        'reason',
        'rule',
        'sentence',
        'status',
        'threshold',
        'thresholds',
        'value',
      ])
      expect(['ok', 'warn', 'alert', 'n/a']).toContain(indicator.status)
      expect(indicator.sentence.length).toBeGreaterThan(10)
      // Each verdict carries its rule, with every threshold the rule reads (issue 13 §5).
      expect(indicator.rule.length).toBeGreaterThan(10)
      expect(indicator.reason.length).toBeGreaterThan(10)
      if (indicator.threshold) expect(Object.values(indicator.thresholds)[0]).toEqual(indicator.threshold)
    }
    expect(body.indicators.find((i: { key: string }) => i.key === 'participation-balance').thresholds).toEqual({
      'participation-gini': { warn: 0.3, alert: 0.45 },
      'participation-largest-share': { warn: 0.35, alert: 0.5 },
    })
    expect(body.procedures).toHaveLength(TEMPLATE.validityProcedures.length)
    for (const p of body.procedures)
      expect(Object.keys(p).sort()).toEqual(['indicators', 'judgement', 'key', 'name', 'question', 'required'])
    expect(body.procedures.find((p: { key: string }) => p.key === 'chaos-order')).toMatchObject({
      required: false,
      indicators: [],
      judgement: { status: 'partly', note: 'We sat with the confusion for a while.', by: 'Ben' },
    })
    expect(body.procedures.find((p: { key: string }) => p.key === 'research-cycling')).toMatchObject({
      required: true,
      indicators: ['research-cycling'],
      judgement: null,
    })
    expect(body.history).toEqual([
      {
        cycle: 1,
        indicators: body.indicators.map((i: { key: string; name: string; status: string }) => ({
          key: i.key,
          name: i.name,
          status: i.status,
        })),
      },
    ])
  })

  test('is a 404 for a non-member, exactly like an inquiry that does not exist, and writes nothing', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    const real = await reviewJson(c.outsider, c.inquiryId, 1)
    const fake = await reviewJson(c.outsider, 'Zz9unknownId0000', 1)
    expect(real.status).toBe(404)
    const text = await real.text()
    expect(text).toBe(NOT_FOUND_BODY)
    expect(text).toBe(await fake.text())
    expect(text).not.toContain('How we meet silence')
    // Cycles that do not exist, for a member.
    for (const cycle of ['2', '0', '-1', 'one', '1.5']) expect((await reviewJson(c.ada, c.inquiryId, cycle)).status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('sends an anonymous visitor to log in and back', async () => {
    const c = await circle()
    const response = await reviewJson(null, c.inquiryId, 1)
    expect(response.status).toBe(302)
    expect(decodeURIComponent(locationOf(response))).toBe(`/login?redirectTo=${validityPath(c.inquiryId, 1)}.json`)
  })
})

type Indicator = { key: string; status: string; value: number | null; display: string; sentence: string; reason: string }

describe('indicators', () => {
  /** Indicators of a cycle, by key, as validity.json gives them. */
  async function indicators(person: TestPerson, inquiryId: string, cycle: number) {
    const body = await bodyOf(await reviewJson(person, inquiryId, cycle))
    return { body, byKey: Object.fromEntries(body.indicators.map((i: Indicator) => [i.key, i])) as Record<string, Indicator> }
  }

  /** A cycle where everyone recorded, two themes split the group blind, then everyone agreed in the open round. */
  async function convergingCycle(options: { reasons: boolean; challenge: boolean; dissent: boolean }) {
    const c = await circle({ stopIn: 'planning' })
    await moveOn(db(), c.inquiryId, c.people)
    for (const person of c.people)
      await createTestRecord(db(), person, c.inquiryId, { text: `${person.displayName} waited.`, wayOfKnowing: 'experiential' })
    await createTestRecord(db(), c.cy, c.inquiryId, { text: 'Silence as a held breath.', wayOfKnowing: 'presentational' })
    await toSenseMaking(db(), c.inquiryId, c.people)
    const t1 = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    const t2 = await createTestTheme(db(), c.ben, c.inquiryId, 'Rescuing')
    await rate(db(), c.ada, c.inquiryId, 'blind', { [t1]: 1, [t2]: 5 })
    await rate(db(), c.ben, c.inquiryId, 'blind', { [t1]: 5, [t2]: 1 })
    const { revealed } = await rate(db(), c.cy, c.inquiryId, 'blind', { [t1]: 3, [t2]: 3 })
    expect(revealed).toBe(true)
    const why = (text: string) => (options.reasons ? { [t1]: text, [t2]: text } : {})
    await rate(db(), c.ada, c.inquiryId, 'open', { [t1]: 3, [t2]: 3 }, why('Ben’s account changed my mind'))
    await rate(db(), c.ben, c.inquiryId, 'open', { [t1]: 3, [t2]: 3 }, why('I heard Ada’s side'))
    await rate(db(), c.cy, c.inquiryId, 'open', { [t1]: 3, [t2]: 3 })
    if (options.challenge) {
      await raiseChallenge(db(), c.cy, c.inquiryId, {
        target: `theme:${t1}`,
        hazard: 'consensus_collusion',
        text: 'We all moved to 3: did we just split the difference?',
      })
    }
    if (options.dissent) {
      // The adoption of the review is a decision of this cycle; Ben disagrees with it, and it still passes.
      await judgeRequired(db(), c.inquiryId, c.ada)
      const id = await proposeAdoptValidityReview(db(), c.ada, c.inquiryId, 1)
      expect((await stance(c.ben, id, 'disagree', 'Not yet')).status).toBe(302)
      expect((await stance(c.cy, id, 'agree')).status).toBe(302)
      expect((await stance(c.ada, id, 'agree')).status).toBe(302)
      expect((await cycleRow(c.inquiryId, 1)).reviewAdoptedAt).not.toBeNull()
    }
    return c
  }

  test('a collusive cycle: unexplained convergence, no challenges and silent unanimity show as alerts', async () => {
    const c = await convergingCycle({ reasons: false, challenge: false, dissent: false })
    const { body, byKey } = await indicators(c.ben, c.inquiryId, 1)
    // Blind 1/5/3 and 5/1/3, open all 3s: each of Ada's and Ben's ratings moved 3 points toward the others' mean
    // and Cy's not at all: (4 × 3 + 2 × 0) / 6 = 2 points of a 4-point scale = 0.5.
    expect(byKey['conformity-shift']).toMatchObject({ status: 'alert', value: 0.5, display: '0.50' })
    // Ada and Ben both moved to Cy's blind 3s without a reason: moves toward one member.
    expect(byKey['conformity-shift']!.sentence).toBe("2 members moved 4 ratings toward one member's without giving a reason (shift 0.50).")
    expect(byKey['variance-ratio']).toMatchObject({ status: 'alert', value: 0 })
    expect(byKey['unexplained-moves']).toMatchObject({ status: 'alert', value: 1, display: '4 of 4' })
    expect(byKey['unexplained-moves']!.sentence).toBe('4 of the 4 ratings changed after discussion gave no reason.')
    // The two phase changes of the cycle passed with every stance "agree" and no reason.
    expect(byKey.dissent).toMatchObject({ status: 'alert', value: 0, display: '0 of 2' })
    expect(byKey.dissent!.sentence).toBe('No challenges were raised, and all 2 decisions were unanimous, without a single reason.')
    expect(byKey['divergence-balance']).toMatchObject({ status: 'warn', display: '0 of 2' })
    // Everyone shared an action record; the group links no theme to any record, so links say nothing either way.
    expect(byKey.grounding).toMatchObject({ status: 'ok', value: 0, display: '0 of 3' })
    expect(byKey['ways-of-knowing']).toMatchObject({ status: 'ok', display: '25%' })
    // An inquiry still cycling is not judged on its length.
    expect(byKey['research-cycling']).toMatchObject({ status: 'n/a', display: '0 of 6' })
    expect(byKey['unaware-projections']).toMatchObject({ status: 'n/a', value: null })
    expect(body.summary).toMatchObject({ alert: 4 })
    expect(body.summary.sentence).toMatch(
      /^4 alerts( and \d+ warnings?)?: Ratings moved toward the group or one member without reasons, and no challenge changed that; look first at conformity shift, variance ratio, unexplained moves and dissent/,
    )
    // The one verdict names the evidence that drove it.
    expect(body.summary.verdict).toBe('alert')
    expect(body.summary.evidence).toHaveLength(4)
    // The procedure that asks about collusion carries this evidence.
    const collusion = body.procedures.find((p: { key: string }) => p.key === 'challenging-collusion')
    expect(collusion.indicators.sort()).toEqual(['conformity-shift', 'dissent', 'unexplained-moves'])
  })

  test('the same convergence with reasons, a challenge and a dissenting stance reads as learning, not collusion', async () => {
    const c = await convergingCycle({ reasons: true, challenge: true, dissent: true })
    const { body, byKey } = await indicators(c.ada, c.inquiryId, 1)
    // Convergence with recorded reasons is learning (docs/design.md §2).
    expect(byKey['conformity-shift']).toMatchObject({ status: 'ok', value: 0.5 })
    expect(byKey['conformity-shift']!.sentence).toBe(
      'Ratings moved toward the group after discussion (shift 0.50), and all 4 changes gave a reason, and 1 challenge was raised.',
    )
    expect(byKey['unexplained-moves']).toMatchObject({ status: 'ok', value: 0, display: '0 of 4' })
    // Three closed decisions (two phase changes and the adoption), one with a disagree.
    expect(byKey.dissent).toMatchObject({ display: '1 of 3' })
    expect(byKey.dissent!.status).not.toBe('alert')
    expect(byKey.dissent!.sentence).toMatch(/^1 challenge was raised; 1 of 3 decisions had a stance other than agree/)
    expect(body.summary.sentence).not.toMatch(/without reasons, and no challenge changed that/)
    expect(body.summary.alert).toBeLessThan(4)
  })

  test('grounding counts members with no shared record from the action phase', async () => {
    const c = await circle({ stopIn: 'planning' })
    await moveOn(db(), c.inquiryId, c.people)
    await createTestRecord(db(), c.ada, c.inquiryId, { text: 'Shared action note' })
    await createTestRecord(db(), c.ben, c.inquiryId, { text: 'Private action note', visibility: 'private' })
    // While the group is still acting, the missing records may yet come: not enough to tell.
    const during = (await indicators(c.cy, c.inquiryId, 1)).byKey
    expect(during.grounding).toMatchObject({ status: 'unclear', value: 2, display: '2 of 3' })
    expect(during.grounding!.reason).toMatch(/the action phase is still under way/)
    // Once the cycle has moved on to sense-making, the absence is evidence.
    await toSenseMaking(db(), c.inquiryId, c.people)
    const { byKey } = await indicators(c.cy, c.inquiryId, 1)
    // Ben's private record stays unseen: two of three have nothing shared from the action phase.
    expect(byKey.grounding).toMatchObject({ status: 'alert', value: 2, display: '2 of 3' })
    expect(byKey.grounding!.sentence).toBe(
      '2 of 3 members have no shared record from the action phase: reflection may not be grounded in action.',
    )
  })
})

describe('the demo inquiry', () => {
  test('cycle 1, where the group colluded, shows more alerts and warnings than cycle 2, and its summary names unexplained moves and dissent', async () => {
    const { inquiryId } = await seedDemo(db(), { password: 'demo password for tests' })
    const person = await db()
      .selectFrom('people')
      .select(['id', 'email', 'displayName'])
      .where('email', '=', 'amara@demo.inquiry.local')
      .executeTakeFirstOrThrow()
    const cookie = (await startSession(db(), person.id)).split(';')[0]!
    const demo = { ...person, cookie, password: '' }
    const one = await bodyOf(await reviewJson(demo, inquiryId, 1))
    const two = await bodyOf(await reviewJson(demo, inquiryId, 2))
    const status = (body: { indicators: Indicator[] }, key: string) => body.indicators.find((i) => i.key === key)!.status

    expect(one.summary.alert).toBeGreaterThan(two.summary.alert)
    expect(one.summary.alert + one.summary.warn).toBeGreaterThan(two.summary.alert + two.summary.warn)
    expect(one.summary.sentence).toMatch(/unexplained moves/)
    expect(one.summary.sentence).toMatch(/dissent/)
    expect(status(one, 'unexplained-moves')).toBe('alert')
    expect(status(one, 'dissent')).toBe('alert')
    expect(two.summary.sentence).not.toMatch(/without reasons, and no challenge changed that/)
    expect(status(two, 'unexplained-moves')).not.toBe('alert')
    // Cycle 2 heard a challenge and a flagged check-in, and had a devil's advocate.
    expect(two.challenges.length).toBeGreaterThan(0)
    expect(two.cycle.devilsAdvocate).toBe('Dev P.')
    // Its flagged check-in was given time, and the group recorded that: the procedure worked.
    expect(status(two, 'unaware-projections')).toBe('ok')
    // The collusive cycle is flagged, and says on what evidence; the healthy one is not flagged at all.
    expect(one.summary.verdict).toBe('alert')
    expect(one.summary.evidence.join(' ')).toMatch(/Unexplained moves: .*Dissent: /)
    expect(two.summary.verdict).toBe('ok')
    expect(two.summary.alert + two.summary.warn).toBe(0)
    // Both reviews were adopted by the group.
    expect(one.cycle.reviewAdoptedAt).not.toBeNull()
    expect(two.cycle.reviewAdoptedAt).not.toBeNull()
  })
})
