import { describe, expect, test } from 'vitest'
import { demoThemes } from '~db/demo-content'
import { seedDemo } from '~/features/demo/seed-demo.server'
import * as analysisPage from '~/routes/inquiries.$inquiryId.analysis'
import * as analysisJson from '~/routes/inquiries.$inquiryId.analysis[.json]'
import { getDb } from '~/utils/db.server'
import { notFoundResponse } from '~/utils/http.server'
import { startSession } from '~/utils/session.server'
import {
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  moveOn,
  rate,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get } from './harness'

// GET /inquiries/:inquiryId/analysis.json?cycle=N: the computed analysis of a revealed cycle
// for members (docs/design.md §4), with classifications, agreement, conformity shift and participation.

const db = () => getDb()
const NOT_FOUND_BODY = await notFoundResponse().text()

function fetchJson(person: { cookie: string }, inquiryId: string, query = '') {
  return get(analysisJson, { path: `/inquiries/${inquiryId}/analysis.json${query}`, params: { inquiryId }, cookie: person.cookie })
}

type ThemeAnalysis = {
  themeId: string
  name: string
  class: string
  direction: string
  polarised: boolean
  stats: { n: number; median: number; iqr: number }
}

/**
 * Four members rate three themes by hand (blind, as Ada, Ben, Cy, Dee):
 * "Agreed" 4 4 5 5 (IQR 1, median 4.5: convergent, endorsed), "Split" 1 1 5 5 (IQR 4,
 * polarised: divergent), "Unsure" 3 3 4 5 (IQR 1.25, nobody below the midpoint: mixed).
 */
async function ratedCycle(options: { reveal?: boolean } = {}) {
  const [ada, ben, cy, dee] = [
    await createPerson(db(), 'Ada'),
    await createPerson(db(), 'Ben'),
    await createPerson(db(), 'Cy'),
    await createPerson(db(), 'Dee'),
  ]
  const people = [ada, ben, cy, dee]
  const groupId = await createGroupWith(db(), people, { name: 'Analysis circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  await moveOn(db(), inquiryId, people)
  await createTestRecord(db(), ada, inquiryId, { text: 'one two three' })
  await createTestRecord(db(), ada, inquiryId, { text: 'four five' })
  await createTestRecord(db(), ben, inquiryId, { text: 'six' })
  // Dee's only record is private: it must not count towards participation.
  await createTestRecord(db(), dee, inquiryId, { text: 'a private record of seven words here', visibility: 'private' })
  await toSenseMaking(db(), inquiryId, people)
  const agreed = await createTestTheme(db(), ada, inquiryId, 'Agreed')
  const split = await createTestTheme(db(), ben, inquiryId, 'Split')
  const unsure = await createTestTheme(db(), ada, inquiryId, 'Unsure')
  const blind: [TestPerson, number, number, number][] = [
    [ada, 4, 1, 3],
    [ben, 4, 1, 3],
    [cy, 5, 5, 4],
    [dee, 5, 5, 5],
  ]
  for (const [person, a, s, u] of blind) {
    if (person === dee && !options.reveal) await rate(db(), dee, inquiryId, 'blind', { [agreed]: a, [split]: s })
    else await rate(db(), person, inquiryId, 'blind', { [agreed]: a, [split]: s, [unsure]: u })
  }
  return { ada, ben, cy, dee, people, groupId, inquiryId, agreed, split, unsure }
}

describe('analysis.json for a revealed cycle', () => {
  test('classifies hand-rated themes, gives alpha, counts open moves with and without reasons, and counts only shared records', async () => {
    const w = await ratedCycle({ reveal: true })
    // Open round: Ada and Ben move on "Unsure" (Ada says why), Dee moves on "Split" without a reason, Cy re-affirms "Agreed".
    await rate(db(), w.ada, w.inquiryId, 'open', { [w.unsure]: 4 }, { [w.unsure]: "Dee's story matched mine more than I thought." })
    await rate(db(), w.ben, w.inquiryId, 'open', { [w.unsure]: 4 })
    await rate(db(), w.dee, w.inquiryId, 'open', { [w.split]: 4 })
    await rate(db(), w.cy, w.inquiryId, 'open', { [w.agreed]: 5 })

    const response = await fetchJson(w.cy, w.inquiryId, '?cycle=1')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toMatch(/application\/json/)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const body = await bodyOf(response)
    expect(body).toMatchObject({ format: 'cooperative-inquiry.analysis', version: 1, inquiry: { id: w.inquiryId }, cycle: 1 })
    const { analysis } = body
    expect(analysis).toMatchObject({ memberCount: 4, themeCount: 3, level: 'ordinal', scale: { min: 1, max: 5 } })

    const blind = new Map<string, ThemeAnalysis>(analysis.blind.themes.map((t: ThemeAnalysis) => [t.themeId, t]))
    expect(blind.get(w.agreed)).toMatchObject({
      name: 'Agreed',
      class: 'convergent',
      direction: 'endorsed',
      polarised: false,
      stats: { n: 4, median: 4.5, iqr: 1 },
    })
    expect(blind.get(w.split)).toMatchObject({ name: 'Split', class: 'divergent', polarised: true, stats: { n: 4, median: 3, iqr: 4 } })
    expect(blind.get(w.unsure)).toMatchObject({ name: 'Unsure', class: 'mixed', polarised: false, stats: { n: 4, median: 3.5, iqr: 1.25 } })
    // After discussion "Unsure" has converged (4 4 4 5) and "Split" is still divided (1 1 5 4).
    const open = new Map<string, ThemeAnalysis>(analysis.open.themes.map((t: ThemeAnalysis) => [t.themeId, t]))
    expect(open.get(w.unsure)).toMatchObject({ class: 'convergent', direction: 'endorsed', stats: { median: 4, iqr: 0.25 } })
    expect(open.get(w.split)).toMatchObject({ class: 'divergent' })
    expect(open.get(w.agreed)).toMatchObject({ class: 'convergent', stats: { iqr: 1 } })

    for (const round of [analysis.blind, analysis.open]) {
      expect(typeof round.alpha).toBe('number')
      expect(Number.isFinite(round.alpha)).toBe(true)
      expect(round.alpha).toBeGreaterThanOrEqual(-1)
      expect(round.alpha).toBeLessThanOrEqual(1)
      expect(round.ratings).toBe(12)
    }
    // Three ratings moved (Cy's unchanged re-rating is not a move); two of them without a reason.
    expect(analysis.shift).toMatchObject({ pairs: 12, changed: 3, changedWithoutReason: 2 })
    expect(analysis.shift.conformityShift).toEqual(expect.any(Number))

    const participation = new Map(analysis.participation.members.map((m: { memberId: string }) => [m.memberId, m]))
    expect(participation.get(w.ada.id)).toMatchObject({ records: 2, words: 5, themesProposed: 2 })
    expect(participation.get(w.ben.id)).toMatchObject({ records: 1, words: 1, themesProposed: 1 })
    expect(participation.get(w.dee.id)).toMatchObject({ records: 0, words: 0, themesProposed: 0 })
    expect(JSON.stringify(body)).not.toContain('a private record of seven words here')

    // Without ?cycle the latest revealed cycle is given, and the page's loader data carries the same analysis.
    expect((await bodyOf(await fetchJson(w.ada, w.inquiryId))).analysis).toEqual(analysis)
    const page = await bodyOf(
      await get(analysisPage, {
        path: `/inquiries/${w.inquiryId}/analysis?cycle=1&round=blind`,
        params: { inquiryId: w.inquiryId },
        cookie: w.dee.cookie,
      }),
    )
    expect(page).toMatchObject({ cycleNumber: 1, round: 'blind' })
    expect(page.model.themes).toEqual(analysis.blind.themes)
    expect(page.model.shift).toEqual(analysis.shift)
    expect(page.model.participation).toEqual(analysis.participation)
    expect(page.model.summary).toMatchObject({ themeCount: 3, memberCount: 4, changed: 3, changedWithoutReason: 2 })
    expect(page.model.themePaging).toMatchObject({ page: 1, pages: 1, total: 3, from: 1, to: 3 })
  })

  test.each(['abc', '0', '-1', '1.5', '1e9'])('?cycle=%s is a 400 with a plain message', async (cycle) => {
    const w = await ratedCycle({ reveal: true })
    const response = await fetchJson(w.ada, w.inquiryId, `?cycle=${cycle}`)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ message: 'cycle must be a whole number from 1.' })
  })

  test('a cycle whose blind round is not revealed is a 404 that says only that, and becomes a 200 once revealed', async () => {
    const w = await ratedCycle({ reveal: false })
    for (const person of w.people) {
      const response = await fetchJson(person, w.inquiryId, '?cycle=1')
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({ message: 'Cycle 1 has no revealed ratings to analyse.' })
      const latest = await fetchJson(person, w.inquiryId)
      expect(latest.status).toBe(404)
      expect(await latest.json()).toEqual({ message: 'No cycle has revealed ratings yet.' })
    }
    const missing = await fetchJson(w.ada, w.inquiryId, '?cycle=7')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ message: 'Cycle 7 has no revealed ratings to analyse.' })

    expect((await rate(db(), w.dee, w.inquiryId, 'blind', { [w.unsure]: 5 })).revealed).toBe(true)
    expect((await fetchJson(w.ada, w.inquiryId, '?cycle=1')).status).toBe(200)
  })

  test('a non-member gets the same 404 as for an inquiry that does not exist', async () => {
    const w = await ratedCycle({ reveal: true })
    const outsider = await createPerson(db(), 'Outsider')
    for (const query of ['', '?cycle=1']) {
      const response = await fetchJson(outsider, w.inquiryId, query)
      expect(response.status).toBe(404)
      const text = await response.text()
      expect(text).toBe(NOT_FOUND_BODY)
      const nowhere = await get(analysisJson, {
        path: `/inquiries/Zz9unknownId0000/analysis.json${query}`,
        params: { inquiryId: 'Zz9unknownId0000' },
        cookie: outsider.cookie,
      })
      expect([nowhere.status, await nowhere.text()]).toEqual([404, text])
    }
  })
})

describe('the demo inquiry', () => {
  test('cycle 1 has convergent and divergent themes, and a theme whose spread collapsed after discussion with no reasons given', async () => {
    const { inquiryId } = await seedDemo(db())
    const amara = await db().selectFrom('people').select('id').where('displayName', 'like', 'Amara%').executeTakeFirstOrThrow()
    const cookie = (await startSession(db(), amara.id)).split(';')[0]!
    const response = await fetchJson({ cookie }, inquiryId, '?cycle=1')
    expect(response.status).toBe(200)
    const { analysis, cycle } = await bodyOf(response)
    expect(cycle).toBe(1)
    for (const round of [analysis.blind, analysis.open]) {
      const classes = round.themes.map((t: ThemeAnalysis) => t.class)
      expect(classes).toContain('convergent')
      expect(classes).toContain('divergent')
    }
    const fill = demoThemes.find((t) => t.key === 'fill')!.name
    expect(analysis.open.themes.find((t: ThemeAnalysis) => t.name === fill)).toMatchObject({ class: 'convergent', direction: 'endorsed' })

    const collapsed = analysis.shift.themes.filter((t: { blindIqr: number; openIqr: number }) => t.blindIqr >= 2 && t.openIqr === 0)
    expect(collapsed.map((t: { name: string }) => t.name)).toEqual([demoThemes.find((t) => t.key === 'discomfort')!.name])
    expect(analysis.shift.changedWithoutReason).toBeGreaterThanOrEqual(5)
    expect(analysis.shift.changed).toBeGreaterThan(analysis.shift.changedWithoutReason)
  })
})
