import { beforeAll, describe, expect, test } from 'vitest'
import { getCycleAnalysis } from '~/features/analysis/analysis.server'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { buildArchive } from '~/features/exports/archive.server'
import { analyseArchive } from '~/features/exports/core/analyse-archive'
import { ArchiveSchema, type Archive } from '~/features/exports/core/archive-schema'
import { importArchive, parseArchiveText } from '~/features/exports/import.server'
import { getValidityReview } from '~/features/validity/validity.server'
import { getDb } from '~/utils/db.server'
import type { SessionUser } from '~/utils/session.server'
import { createPerson, type TestPerson } from '../factories'
import { tableCounts } from './harness'

// The archive round trip (issue 6): export → import → export gives the same analysis and
// validity results, and the same archive apart from when it was made.

const db = () => getDb()
let amara: SessionUser
let inquiryId: string
let first: Archive
let importer: TestPerson

beforeAll(async () => {
  ;({ inquiryId } = await seedDemo(db(), { password: 'demo password for tests' }))
  const row = await db()
    .selectFrom('people')
    .select(['id', 'email', 'displayName'])
    .where('email', '=', 'amara@demo.inquiry.local')
    .executeTakeFirstOrThrow()
  amara = row
  first = ArchiveSchema.parse(JSON.parse(JSON.stringify((await buildArchive(db(), amara, inquiryId)).archive)))
  importer = await createPerson(db(), 'Imogen Importer')
})

// The group's network record travels out but never back in (an import writes no network rows), so it is set aside here.
const withoutTime = ({ network: _network, ...a }: Archive) => ({ ...a, exportedAt: null })

describe('the archive round trip', () => {
  test('export → import → export gives the same archive, analysis and indicators', async () => {
    const { inquiryId: copyId } = await importArchive(db(), parseArchiveText(JSON.stringify(first)), { user: importer, seat: 'Member A' })
    const second = (await buildArchive(db(), importer, copyId)).archive
    expect(second.network).toBeUndefined()
    expect(second.analysis).toEqual(first.analysis)
    expect(analyseArchive(ArchiveSchema.parse(JSON.parse(JSON.stringify(second))))).toEqual(analyseArchive(first))
    expect(withoutTime(JSON.parse(JSON.stringify(second)))).toEqual(withoutTime(first))
  })

  test('the archive analysis equals what the app shows members, cycle by cycle', async () => {
    const results = analyseArchive(first)
    expect(results.map((r) => r.cycle)).toEqual([1, 2])
    for (const result of results) {
      const app = await getCycleAnalysis(db(), amara, inquiryId, result.cycle, { acrossCycles: false })
      const review = await getValidityReview(db(), amara, inquiryId, result.cycle)
      expect(result.indicators.map((i) => [i.key, i.status, i.display])).toEqual(review.indicators.map((i) => [i.key, i.status, i.display]))
      review.indicators.forEach((i, n) =>
        i.value === null ? expect(result.indicators[n]!.value).toBeNull() : expect(result.indicators[n]!.value).toBeCloseTo(i.value, 10),
      )
      const ours = result.analysis!
      const theirs = app.analysis!
      expect(ours.open.alpha).toBeCloseTo(theirs.open.alpha, 10)
      expect(ours.blind.alpha).toBeCloseTo(theirs.blind.alpha, 10)
      // Themes made in the same millisecond have no order of their own: compare by name.
      const byName = (themes: typeof ours.open.themes) =>
        themes.map((t) => [t.name, t.class, t.stats.median, t.stats.iqr]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))
      expect(byName(ours.open.themes)).toEqual(byName(theirs.open.themes))
      expect(ours.shift).toMatchObject({ changed: theirs.shift.changed, changedWithoutReason: theirs.shift.changedWithoutReason })
      expect(ours.shift.conformityShift).toBeCloseTo(theirs.shift.conformityShift!, 10)
      expect(ours.participation.overallGini).toBeCloseTo(theirs.participation.overallGini, 10)
      expect(ours.participation.members.map((m) => m.total).sort()).toEqual(theirs.participation.members.map((m) => m.total).sort())
    }
  })

  test('a placeholder seat cannot log in and carries no personal data', async () => {
    const seats = await db().selectFrom('people').select(['email', 'passwordHash', 'displayName']).where('placeholder', '=', 1).execute()
    expect(seats.length).toBeGreaterThan(0)
    for (const s of seats) expect(s.email).toMatch(/@imported\.invalid$/)
  })

  test('a malformed, wrong-version or inconsistent archive is refused with its reason, and nothing is written', async () => {
    const before = await tableCounts(db())
    const broken: [string, RegExp][] = [
      ['{', /not valid JSON/],
      ['[]', /not an inquiry archive/],
      [JSON.stringify({ ...first, format: 'something-else' }), /"format" must be/],
      [JSON.stringify({ ...first, version: 2 }), /version 2; this installation reads version 1/],
      [JSON.stringify({ ...first, ratings: [{ ...first.ratings[0], theme: 'T999' }] }), /ratings\.0\.theme: names T999/],
      [JSON.stringify({ ...first, members: [] }), /members/],
      [JSON.stringify({ ...first, cycles: first.cycles.filter((c) => c.number !== 1) }), /cycle/],
    ]
    for (const [text, message] of broken) {
      let thrown: unknown
      try {
        await importArchive(db(), parseArchiveText(text), { user: importer })
      } catch (error) {
        thrown = error
      }
      expect(thrown, text.slice(0, 60)).toBeInstanceOf(Error)
      expect((thrown as Error).message).toMatch(message)
    }
    // Consistent schema but counts that contradict the records: refused inside the transaction.
    const lying = structuredClone(first)
    lying.cycles[0]!.contributions = lying.cycles[0]!.contributions!.map((c) => ({ ...c, records: 0 }))
    await expect(importArchive(db(), lying, { user: importer })).rejects.toThrow(/count fewer records/)
    expect(await tableCounts(db())).toEqual(before)
  })
})
