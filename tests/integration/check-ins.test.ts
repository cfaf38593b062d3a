import { describe, expect, test } from 'vitest'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import * as validityRoute from '~/routes/inquiries.$inquiryId.cycles.$cycleNumber.validity'
import { conclude, createTestRecord, createTestTheme, moveOn, rate, toSenseMaking, type TestPerson } from '../factories'
import { bodyOf, get, importRoute, locationOf, post, tableCounts } from './harness'
import { circle, db, indicator, inquiryPage, validityJson } from './support-check-ins-and-forms'

// A check-in at the start of each reflection Phase, visible to the group only and never
// exported; flagged check-ins feed the "unaware projections" indicator.

const analysisJson = await importRoute('inquiries.$inquiryId.analysis[.json].tsx')

function checkIn(person: TestPerson, inquiryId: string, text: string, needsTime = false) {
  const form: Record<string, string> = { intent: 'check-in', text }
  if (needsTime) form.needsTime = 'on'
  return post(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: person.cookie, form })
}

async function checkInRows(inquiryId: string) {
  return db()
    .selectFrom('checkIns')
    .innerJoin('phases', 'phases.id', 'checkIns.phaseId')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select(['cycles.number as cycle', 'phases.templateKey', 'checkIns.personId', 'checkIns.text', 'checkIns.needsTime'])
    .where('cycles.inquiryId', '=', inquiryId)
    .orderBy('checkIns.createdAt')
    .execute()
}

describe('check-ins', () => {
  test('open each reflection phase: a member checks in, may revise it, and the group sees it on the inquiry page', async () => {
    const c = await circle()
    const response = await checkIn(c.ben, c.inquiryId, 'Tired, and glad to be here.')
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe(`/inquiries/${c.inquiryId}#check-in`)
    expect((await checkIn(c.ben, c.inquiryId, 'Tired; something from a session is still with me.', true)).status).toBe(302)
    expect((await checkIn(c.cy, c.inquiryId, 'Fine.')).status).toBe(302)
    expect(await checkInRows(c.inquiryId)).toEqual([
      {
        cycle: 1,
        templateKey: 'reflection-planning',
        personId: c.ben.id,
        text: 'Tired; something from a session is still with me.',
        needsTime: 1,
      },
      { cycle: 1, templateKey: 'reflection-planning', personId: c.cy.id, text: 'Fine.', needsTime: 0 },
    ])
    for (const viewer of c.people) {
      const page = await inquiryPage(viewer, c.inquiryId)
      expect(page.checkIn.open).toBe(true)
      expect(
        page.checkIn.checkIns.map((ci: { displayName: string; text: string; needsTime: boolean; isMine: boolean }) => [
          ci.displayName,
          ci.text,
          ci.needsTime,
          ci.isMine,
        ]),
      ).toEqual([
        ['Ben', 'Tired; something from a session is still with me.', true, viewer === c.ben],
        ['Cy', 'Fine.', false, viewer === c.cy],
      ])
    }
  })

  test('are refused (409) in an action phase, write nothing, and the page offers none there', async () => {
    const c = await circle()
    await checkIn(c.ada, c.inquiryId, 'Ready to start.')
    await moveOn(db(), c.inquiryId, c.people)
    const before = await tableCounts(db())
    const response = await checkIn(c.ada, c.inquiryId, 'Checking in from the field.')
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toBe('Check-ins open the reflection phases; the inquiry is in an action phase now.')
    expect(await tableCounts(db())).toEqual(before)
    expect((await inquiryPage(c.ben, c.inquiryId)).checkIn).toEqual({ open: false, checkIns: [] })

    // Sense-making is a reflection phase: a fresh round of check-ins, the planning ones not shown.
    await toSenseMaking(db(), c.inquiryId, c.people)
    expect((await inquiryPage(c.ben, c.inquiryId)).checkIn).toEqual({ open: true, checkIns: [] })
    expect((await checkIn(c.ben, c.inquiryId, 'Here.')).status).toBe(302)
    expect((await inquiryPage(c.ada, c.inquiryId)).checkIn.checkIns.map((ci: { text: string }) => ci.text)).toEqual(['Here.'])
  })

  test('bad input is a 400 beside the field, input kept, nothing written', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    for (const [form, field, message] of [
      [{ intent: 'check-in', text: '' }, 'text', 'Say briefly how you are.'],
      [{ intent: 'check-in', text: '   ' }, 'text', 'Say briefly how you are.'],
      [{ intent: 'check-in', text: 'x'.repeat(2001) }, 'text', 'Use at most 2,000 characters.'],
    ] as const) {
      const response = await post(inquiryRoute, {
        path: `/inquiries/${c.inquiryId}`,
        params: { inquiryId: c.inquiryId },
        cookie: c.ada.cookie,
        form,
      })
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors[field]).toBe(message)
    }
    const flag = await post(inquiryRoute, {
      path: `/inquiries/${c.inquiryId}`,
      params: { inquiryId: c.inquiryId },
      cookie: c.ada.cookie,
      form: { intent: 'check-in', text: 'Fine', needsTime: 'yes' },
    })
    expect(flag.status).toBe(400)
    expect((await bodyOf(flag)).values.text).toBe('Fine')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('are for members only: a non-member can neither check in nor see them (404), and nothing is written', async () => {
    const c = await circle()
    await checkIn(c.ben, c.inquiryId, 'Something only the group should hear.')
    const before = await tableCounts(db())
    const response = await checkIn(c.outsider, c.inquiryId, 'Let me in.')
    expect(response.status).toBe(404)
    const page = await get(inquiryRoute, {
      path: `/inquiries/${c.inquiryId}`,
      params: { inquiryId: c.inquiryId },
      cookie: c.outsider.cookie,
    })
    expect(page.status).toBe(404)
    expect(await page.text()).not.toContain('Something only the group should hear.')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('are never exported: neither the analysis export nor the validity review carries their words', async () => {
    const c = await circle()
    const secret = 'My father died in the spring and silence brings it back.'
    await checkIn(c.ben, c.inquiryId, 'Planning check-in words stay here.', true)
    await moveOn(db(), c.inquiryId, c.people)
    await createTestRecord(db(), c.ada, c.inquiryId, { text: 'An action note.' })
    await toSenseMaking(db(), c.inquiryId, c.people)
    await checkIn(c.ben, c.inquiryId, secret, true)
    const theme = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    for (const person of c.people) await rate(db(), person, c.inquiryId, 'blind', { [theme]: 4 })
    const analysis = await get(analysisJson, {
      path: `/inquiries/${c.inquiryId}/analysis.json?cycle=1`,
      params: { inquiryId: c.inquiryId },
      cookie: c.ada.cookie,
    })
    expect(analysis.status).toBe(200)
    const validity = await get(validityJson, {
      path: `/inquiries/${c.inquiryId}/cycles/1/validity.json`,
      params: { inquiryId: c.inquiryId, cycleNumber: '1' },
      cookie: c.ada.cookie,
    })
    expect(validity.status).toBe(200)
    for (const text of [await analysis.text(), await validity.text()]) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain('Planning check-in words stay here.')
    }
  })

  test('are closed with the inquiry (409)', async () => {
    const c = await circle()
    await conclude(db(), c.inquiryId, c.people)
    const before = await tableCounts(db())
    expect((await checkIn(c.ada, c.inquiryId, 'After the end.')).status).toBe(409)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('flagged check-ins of the cycle feed the unaware-projections indicator', async () => {
    const c = await circle()
    expect(await indicator(c.ada, c.inquiryId, 1, 'unaware-projections')).toMatchObject({
      status: 'n/a',
      value: null,
      sentence: 'No check-ins were held this cycle.',
    })
    await checkIn(c.cy, c.inquiryId, 'Fine.')
    expect(await indicator(c.ada, c.inquiryId, 1, 'unaware-projections')).toMatchObject({ status: 'ok', value: 0, display: '0 of 1' })
    await moveOn(db(), c.inquiryId, c.people)
    await toSenseMaking(db(), c.inquiryId, c.people)
    await checkIn(c.ada, c.inquiryId, 'Something from my own family has come up; I need a few minutes.', true)
    await checkIn(c.ben, c.inquiryId, 'Good.')
    // Both reflection phases of the cycle count: one flagged of three. Asking for time is the procedure working;
    // until the review records whether time was made, the indicator cannot tell (issue 14).
    expect(await indicator(c.ben, c.inquiryId, 1, 'unaware-projections')).toMatchObject({
      status: 'unclear',
      value: 1,
      display: '1 of 3',
      sentence: '1 check-in flagged something that needs time: has the group made time for it?',
    })
    const review = await bodyOf(
      await get(validityRoute, {
        path: `/inquiries/${c.inquiryId}/cycles/1/validity`,
        params: { inquiryId: c.inquiryId, cycleNumber: '1' },
        cookie: c.cy.cookie,
      }),
    )
    const procedure = review.procedures.find((p: { key: string }) => p.key === 'unaware-projections')
    expect(procedure.evidence.map((e: { key: string; status: string }) => [e.key, e.status])).toEqual([['unaware-projections', 'unclear']])

    // The next cycle starts with none of them.
    await moveOn(db(), c.inquiryId, c.people)
    expect(await indicator(c.ada, c.inquiryId, 2, 'unaware-projections')).toMatchObject({ status: 'n/a', value: null })
    expect((await indicator(c.ada, c.inquiryId, 1, 'unaware-projections')).display).toBe('1 of 3')
  })
})
