import { describe, expect, test } from 'vitest'
import { findTemplate } from '~/features/templates/templates.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as templateRoute from '~/routes/inquiries.$inquiryId.template'
import * as validityRoute from '~/routes/inquiries.$inquiryId.cycles.$cycleNumber.validity'
import { agreeUntilClosed, createTestInquiry, createTestRecord, moveOn, toSenseMaking, type TestPerson } from '../factories'
import { bodyOf, get, idFrom, post, tableCounts } from './harness'
import { amendForm } from './route-table'
import { circle, db, indicator, inquiryPage } from './support-check-ins-and-forms'

// The group revises its own forms (prompts, procedures' questions and whether they are
// required, thresholds) by Decision, each version of the Template kept, touching no other
// Inquiry.

const SHIPPED = findTemplate('cooperative-inquiry')!

describe("the group's own forms", () => {
  function propose(person: TestPerson, inquiryId: string, form: Record<string, string>) {
    return post(templateRoute, { path: `/inquiries/${inquiryId}/template`, params: { inquiryId }, cookie: person.cookie, form })
  }

  async function templatePage(person: TestPerson, inquiryId: string) {
    const response = await get(templateRoute, { path: `/inquiries/${inquiryId}/template`, params: { inquiryId }, cookie: person.cookie })
    expect(response.status).toBe(200)
    return bodyOf(response)
  }

  async function inquiryTemplateOf(inquiryId: string) {
    return JSON.parse(
      (await db().selectFrom('inquiries').select('templateJson').where('id', '=', inquiryId).executeTakeFirstOrThrow()).templateJson,
    )
  }

  async function versions(inquiryId: string) {
    return db().selectFrom('templateVersions').selectAll().where('inquiryId', '=', inquiryId).orderBy('version').execute()
  }

  test("an amendment passes by decision: the inquiry's template changes, a new version is kept beside the old, and no other inquiry changes", async () => {
    const c = await circle()
    const sibling = await createTestInquiry(db(), c.ben, c.groupId)
    const siblingBefore = { template: await inquiryTemplateOf(sibling), versions: await versions(sibling) }
    const original = await inquiryTemplateOf(c.inquiryId)
    expect(original).toEqual(SHIPPED)
    const page = await templatePage(c.ben, c.inquiryId)
    expect(page).toMatchObject({
      canAmend: true,
      openDecisionId: null,
      versions: [{ version: 1, summary: 'The template as the inquiry began.', decisionId: null }],
    })

    const response = await propose(c.ben, c.inquiryId, amendForm())
    const decisionId = idFrom(response, '/decisions')
    const summary =
      'Distress came up in every meeting; we want to look at it each cycle. (Changes: prompts of Reflection – framing and planning; Managing unaware projections now required.)'
    expect(
      await db().selectFrom('decisions').select(['kind', 'title', 'body', 'status']).where('id', '=', decisionId).executeTakeFirstOrThrow(),
    ).toEqual({
      kind: 'amend_template',
      title: 'Revise our forms',
      body: summary,
      status: 'open',
    })
    // Proposed is not adopted.
    expect(await inquiryTemplateOf(c.inquiryId)).toEqual(original)
    expect(await versions(c.inquiryId)).toHaveLength(1)
    expect(await templatePage(c.ada, c.inquiryId)).toMatchObject({ canAmend: false, openDecisionId: decisionId })

    expect(await agreeUntilClosed(db(), decisionId, c.people)).toBe('passed')
    const amended = await inquiryTemplateOf(c.inquiryId)
    expect(amended.phases[0].prompts).toEqual([...SHIPPED.phases[0]!.prompts, 'Who has not been heard yet?'])
    expect(amended.validityProcedures.find((p: { key: string }) => p.key === 'unaware-projections').required).toBe(true)
    expect({ ...amended, phases: SHIPPED.phases, validityProcedures: SHIPPED.validityProcedures }).toEqual(SHIPPED)

    const kept = await versions(c.inquiryId)
    expect(kept.map((v) => [v.version, v.decisionId, v.summary])).toEqual([
      [1, null, 'The template as the inquiry began.'],
      [2, decisionId, summary],
    ])
    expect(JSON.parse(kept[0]!.templateJson)).toEqual(original)
    expect(JSON.parse(kept[1]!.templateJson)).toEqual(amended)
    expect((await templatePage(c.cy, c.inquiryId)).versions.map((v: { version: number }) => v.version)).toEqual([2, 1])

    // The sibling inquiry and the shipped template are untouched.
    expect(await inquiryTemplateOf(sibling)).toEqual(siblingBefore.template)
    expect(await versions(sibling)).toEqual(siblingBefore.versions)
    expect(findTemplate('cooperative-inquiry')).toEqual(SHIPPED)
    // The inquiry page shows the current prompts.
    expect((await inquiryPage(c.ada, c.inquiryId)).current.prompts).toContain('Who has not been heard yet?')
  })

  test('the amended forms govern the inquiry: a newly required procedure must be judged, new thresholds read the indicators', async () => {
    const c = await circle()
    const form = { ...amendForm(), 'threshold.grounding.warn': '2', 'threshold.grounding.alert': '3' }
    expect(await agreeUntilClosed(db(), idFrom(await propose(c.ada, c.inquiryId, form), '/decisions'), c.people)).toBe('passed')
    await moveOn(db(), c.inquiryId, c.people)
    await createTestRecord(db(), c.ada, c.inquiryId, { text: 'Only Ada recorded.' })
    await toSenseMaking(db(), c.inquiryId, c.people)
    // Two of three members have no action record: an alert under the shipped thresholds (2), a warning under the group's (2, 3).
    expect(await indicator(c.ben, c.inquiryId, 1, 'grounding')).toMatchObject({
      value: 2,
      status: 'warn',
      threshold: { warn: 2, alert: 3 },
    })
    // The shipped template's required procedures are no longer enough.
    const validity = (form: Record<string, string>) =>
      post(validityRoute, {
        path: `/inquiries/${c.inquiryId}/cycles/1/validity`,
        params: { inquiryId: c.inquiryId, cycleNumber: '1' },
        cookie: c.ada.cookie,
        form,
      })
    for (const p of SHIPPED.validityProcedures.filter((p) => p.required)) {
      expect((await validity({ intent: 'judge', procedureKey: p.key, status: 'met', note: '' })).status).toBe(302)
    }
    const refused = await validity({ intent: 'adopt' })
    expect(refused.status).toBe(409)
    expect((await bodyOf(refused)).formError).toBe('Judge the required procedures first: Managing unaware projections.')
    expect(
      (await validity({ intent: 'judge', procedureKey: 'unaware-projections', status: 'partly', note: 'We made time for Ada.' })).status,
    ).toBe(302)
    expect((await validity({ intent: 'adopt' })).status).toBe(302)
  })

  test('every field is validated: 400 beside the field, input kept, nothing written', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    const cases: [Record<string, string>, string, string][] = [
      [{ 'prompts.action-experience': '' }, 'prompts.action-experience', 'Give this phase at least one prompt (one per line).'],
      [{ 'prompts.action-experience': ' \n  \n' }, 'prompts.action-experience', 'Give this phase at least one prompt (one per line).'],
      [
        { 'prompts.action-experience': `Short one\n${'x'.repeat(501)}` },
        'prompts.action-experience',
        'Keep each prompt under 500 characters.',
      ],
      [{ 'question.chaos-order': '   ' }, 'question.chaos-order', 'Write the question the group answers.'],
      [{ 'question.chaos-order': 'q'.repeat(1001) }, 'question.chaos-order', 'Use at most 1,000 characters.'],
      [{ 'threshold.grounding.warn': '' }, 'threshold.grounding.warn', 'Enter a number.'],
      [{ 'threshold.grounding.alert': 'two' }, 'threshold.grounding.alert', 'Enter a number.'],
      [{ 'threshold.dissent.warn': '1e999' }, 'threshold.dissent.warn', 'Enter a number.'],
      [{ summary: '' }, 'summary', 'Say why the group should change its forms.'],
      [{ summary: 'x'.repeat(2001) }, 'summary', 'Use at most 2,000 characters.'],
    ]
    for (const [change, field, message] of cases) {
      const form = { ...amendForm(), ...change }
      const response = await propose(c.ben, c.inquiryId, form)
      expect(response.status, field).toBe(400)
      const body = await bodyOf(response)
      expect(body.errors[field], field).toBe(message)
      expect(body.values[field], field).toBe(form[field])
    }
    // A form missing a phase's prompts or a threshold altogether is refused the same way.
    const missing = amendForm()
    delete missing['prompts.reflection-sense-making']
    delete missing['threshold.variance-ratio.warn']
    const response = await propose(c.ben, c.inquiryId, missing)
    expect(response.status).toBe(400)
    expect(Object.keys((await bodyOf(response)).errors).sort()).toEqual([
      'prompts.reflection-sense-making',
      'threshold.variance-ratio.warn',
    ])
    expect(await tableCounts(db())).toEqual(before)
  })

  test('the unchanged forms are not a proposal (400); a second proposal while one is open, or one outside reflection, is a 409', async () => {
    const c = await circle()
    const unchanged: Record<string, string> = { ...amendForm(), 'prompts.reflection-planning': SHIPPED.phases[0]!.prompts.join('\n') }
    delete unchanged['required.unaware-projections']
    let before = await tableCounts(db())
    const nothing = await propose(c.ada, c.inquiryId, unchanged)
    expect(nothing.status).toBe(400)
    expect((await bodyOf(nothing)).formError).toBe('Nothing was changed.')
    expect(await tableCounts(db())).toEqual(before)

    const first = idFrom(await propose(c.ada, c.inquiryId, amendForm()), '/decisions')
    before = await tableCounts(db())
    const second = await propose(c.ben, c.inquiryId, amendForm())
    expect(second.status).toBe(409)
    expect((await bodyOf(second)).formError).toBe('A proposal to revise the forms is already open.')
    expect(await tableCounts(db())).toEqual(before)

    // Withdrawn, then the inquiry moves to action: forms are revised in reflection only.
    await post(decisionRoute, {
      path: `/decisions/${first}`,
      params: { decisionId: first },
      cookie: c.ada.cookie,
      form: { intent: 'withdraw', confirmed: 'yes' },
    })
    await moveOn(db(), c.inquiryId, c.people)
    before = await tableCounts(db())
    const inAction = await propose(c.ada, c.inquiryId, amendForm())
    expect(inAction.status).toBe(409)
    const reason =
      'The group revises its forms in reflection phases; the inquiry is in an action phase now. That becomes possible again in Reflection – sense-making, later in this cycle.'
    expect((await bodyOf(inAction)).formError).toBe(reason)
    // The page says the same instead of offering the form.
    expect(await templatePage(c.ada, c.inquiryId)).toMatchObject({ canAmend: false, amendBlock: reason })
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a non-member can neither see nor amend the forms (404), and nothing is written', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    const page = await get(templateRoute, {
      path: `/inquiries/${c.inquiryId}/template`,
      params: { inquiryId: c.inquiryId },
      cookie: c.outsider.cookie,
    })
    expect(page.status).toBe(404)
    expect((await propose(c.outsider, c.inquiryId, amendForm())).status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })
})
