import { describe, expect, test } from 'vitest'
import { adoptValidityReview, moveOn } from '../factories'
import { bodyOf, locationOf, tableCounts } from './harness'
import {
  circle,
  cycleRow,
  db,
  judge,
  NOT_FOUND_BODY,
  REQUIRED,
  review,
  TEMPLATE,
  validityAction,
  validityPath,
} from './support-validity-review'

// Each member's judgement of each validity procedure: shown beside its question and the
// computed evidence, revisable by its member until the ValidityReview is adopted, and refused
// outside sense-making. (Several members judging one procedure: validity-own-judgements.test.ts.)

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
  test('a member judges a procedure with a note; the review shows it beside the question and the evidence, and their revision replaces it', async () => {
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
      judgements: [{ status: 'partly', note: 'We agreed on the first theme very fast.', by: 'Ben', mine: false, currentMember: true }],
      spread: { met: 0, partly: 1, not_met: 0, n_a: 0, judged: 1 },
      mine: null,
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

    // Ben may revise his judgement until the review is adopted; there is still one row for it.
    expect((await judge(c.ben, c.inquiryId, 1, 'divergence-convergence', 'not_met', 'On reflection, no.')).status).toBe(302)
    expect(await judgementRows(c.inquiryId)).toEqual([
      { cycle: 1, procedureKey: 'divergence-convergence', status: 'not_met', note: 'On reflection, no.', updatedBy: c.ben.id },
    ])
    expect(
      (await review(c.ben, c.inquiryId, 1)).procedures.find((p: { key: string }) => p.key === 'divergence-convergence').mine,
    ).toMatchObject({
      status: 'not_met',
      note: 'On reflection, no.',
    })
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
