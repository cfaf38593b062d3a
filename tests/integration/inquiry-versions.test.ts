import { afterAll, describe, expect, test } from 'vitest'
import { getCycleAnalysis } from '~/features/analysis/analysis.server'
import { analysisChartSvg } from '~/features/analysis/charts.server'
import { raiseChallenge } from '~/features/challenges/challenges.server'
import { proposeGeneral } from '~/features/groups/groups.server'
import { getDashboard } from '~/features/inquiries/dashboard.server'
import { listAnalysisIndicators } from '~/features/validity/analysis-indicators.server'
import { ANALYSIS_INDICATOR_KEYS } from '~/features/validity/core'
import { getValidityReview } from '~/features/validity/validity.server'
import { startSession } from '~/utils/session.server'
import { cacheStats } from '~/utils/cache.server'
import { createDb, parseDatabaseUrl } from '~db/connection'
import { inquiryVersion } from '~db/queries/inquiries'
import { createGroupWith, createPerson, createTestInquiry, createTestRecord, createTestTheme, createWorld, rate } from '../factories'
import { db } from './support-inquiries'

// Issue 17: each inquiry's data version moves in the same transaction as any write to what its
// pages show (triggers, migration 15), and derived results (a cycle's analysis, a chart's SVG)
// are kept by it. So a write to records, ratings, themes or a decision invalidates that
// inquiry's pages and no other's, and a second process (here, a second connection pool, as a
// second server process has) that writes is seen at once by the first: no stale chart.

// A second handle on the same database, as a second server process opens its own.
const other = createDb(parseDatabaseUrl(process.env.DATABASE_URL))
afterAll(() => other.destroy())

async function versions(ids: string[]) {
  return Promise.all(ids.map((id) => inquiryVersion(db(), id)))
}

describe("an inquiry's data version", () => {
  test('moves with a record, a rating, a theme, a challenge and a decision of that inquiry, and only that inquiry', async () => {
    const w = await createWorld(db())
    const mine = w.senseMaking.inquiryId
    // Another group's inquiry, and a second inquiry of the same group.
    const stranger = await createPerson(db(), 'Stranger')
    const elsewhereGroup = await createGroupWith(db(), [stranger])
    const elsewhere = await createTestInquiry(db(), stranger, elsewhereGroup)
    const sibling = w.inquiry.id

    const steps: [string, () => Promise<unknown>][] = [
      ['a record', () => createTestRecord(db(), w.people.bob, mine, { text: 'A new record' })],
      ['a theme', () => createTestTheme(db(), w.people.bob, mine, 'A new theme')],
      ['a blind rating', () => rate(db(), w.people.bob, mine, 'blind', { [w.senseMaking.themeId]: 4 })],
      [
        'a challenge',
        () =>
          raiseChallenge(db(), w.people.carol, mine, {
            target: `record:${w.senseMaking.recordId}`,
            hazard: 'uncritical_subjectivity',
            text: 'Is this so?',
          }),
      ],
    ]
    for (const [what, write] of steps) {
      const [before, siblingBefore, elsewhereBefore] = await versions([mine, sibling, elsewhere])
      await write()
      const [after, siblingAfter, elsewhereAfter] = await versions([mine, sibling, elsewhere])
      expect(after, what).toBeGreaterThan(before!)
      expect(siblingAfter, `${what} leaves the group's other inquiry alone`).toBe(siblingBefore)
      expect(elsewhereAfter, `${what} leaves another group's inquiry alone`).toBe(elsewhereBefore)
    }

    // A decision of the group itself shows on every inquiry's dashboard: all of the group's move, no other.
    const [mineBefore, siblingBefore, elsewhereBefore] = await versions([mine, sibling, elsewhere])
    await proposeGeneral(db(), w.people.alice, w.group.id, { title: 'Meet on Thursdays?', body: '' })
    const [mineAfter, siblingAfter, elsewhereAfter] = await versions([mine, sibling, elsewhere])
    expect(mineAfter).toBeGreaterThan(mineBefore!)
    expect(siblingAfter).toBeGreaterThan(siblingBefore!)
    expect(elsewhereAfter).toBe(elsewhereBefore)
  })

  test('stays where it is when only sessions are written, and when a write rolls back', async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const [before] = await versions([w.inquiry.id])
    await startSession(db(), w.people.alice.id)
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable('inquiries').set({ title: 'Never kept' }).where('id', '=', w.inquiry.id).execute()
          throw new Error('rolled back')
        }),
    ).rejects.toThrow('rolled back')
    expect(await versions([w.inquiry.id])).toEqual([before])
  })
})

describe('what is kept by the version', () => {
  test("a cycle's analysis is computed once, again after a write to the inquiry, and not after a write elsewhere", async () => {
    const w = await createWorld(db())
    const { alice, bob } = w.people
    const first = await getCycleAnalysis(db(), alice, w.senseMaking.inquiryId, 1)
    expect(first.analysis).not.toBeNull()
    // The same object: nothing was recomputed.
    expect((await getCycleAnalysis(db(), bob, w.senseMaking.inquiryId, 1)).analysis).toBe(first.analysis)
    // A write in another inquiry of the same group does not touch it.
    await createTestRecord(db(), alice, w.inquiry.id, { text: 'Elsewhere' })
    expect((await getCycleAnalysis(db(), alice, w.senseMaking.inquiryId, 1)).analysis).toBe(first.analysis)
    // A record in this inquiry (through the other process's connection) does.
    await createTestRecord(other, bob, w.senseMaking.inquiryId, { text: 'Here' })
    const second = await getCycleAnalysis(db(), alice, w.senseMaking.inquiryId, 1)
    expect(second.analysis).not.toBe(first.analysis)
    expect(second.analysis).toEqual(first.analysis) // cycle 1's numbers do not depend on a cycle 2 record
  })

  test('a chart written by one process is never served stale by another: a renamed member shows at once', async () => {
    const w = await createWorld(db())
    const { alice } = w.people
    const svg = await analysisChartSvg(db(), alice, w.senseMaking.inquiryId, 'participation', { round: 'open', page: 1 })
    expect(svg).toContain('Alice')
    expect(await analysisChartSvg(db(), alice, w.senseMaking.inquiryId, 'participation', { round: 'open', page: 1 })).toBe(svg)
    expect(cacheStats().entries).toBeGreaterThan(0)
    // The other process renames Alice (as withdrawal or an account change would write the row).
    await other.updateTable('people').set({ displayName: 'Alicia Renamed' }).where('id', '=', alice.id).execute()
    const after = await analysisChartSvg(db(), alice, w.senseMaking.inquiryId, 'participation', { round: 'open', page: 1 })
    expect(after).toContain('Alicia Renamed')
    expect(after).not.toContain('>Alice<')
  })

  test("a member's dashboard is kept whole, for that member, until the inquiry is written", async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const { alice, bob } = w.people
    const first = await getDashboard(db(), alice, w.inquiry.id)
    expect(first.guidance).not.toBeNull()
    // The same object: nothing was recomputed, the guidance included.
    expect(await getDashboard(db(), alice, w.inquiry.id)).toBe(first)
    // Another member's is their own.
    expect(await getDashboard(db(), bob, w.inquiry.id)).not.toBe(first)
    await createTestRecord(other, bob, w.inquiry.id, { text: 'Moves the version' })
    const second = await getDashboard(db(), alice, w.inquiry.id)
    expect(second).not.toBe(first)
    expect(second.guidance).toEqual(first.guidance) // Bob's record asks nothing new of Alice
    // A non-member gets nothing, kept or not.
    const outsider = await createPerson(db(), 'Outsider')
    await expect(getDashboard(db(), outsider, w.inquiry.id)).rejects.toMatchObject({ code: 'not_found' })
  })

  test("the analysis page's verdicts are the validity review's own indicators, for members only", async () => {
    const w = await createWorld(db())
    const { alice } = w.people
    const shown = await listAnalysisIndicators(db(), alice, w.senseMaking.inquiryId, 1)
    expect(shown.length).toBeGreaterThan(0)
    for (const indicator of shown) expect(ANALYSIS_INDICATOR_KEYS).toContain(indicator.key)
    const review = await getValidityReview(db(), alice, w.senseMaking.inquiryId, 1)
    expect(shown).toEqual(review.indicators.filter((i) => ANALYSIS_INDICATOR_KEYS.includes(i.key)))
    const outsider = await createPerson(db(), 'Outsider')
    await expect(listAnalysisIndicators(db(), outsider, w.senseMaking.inquiryId, 1)).rejects.toMatchObject({ code: 'not_found' })
    await expect(listAnalysisIndicators(db(), alice, w.senseMaking.inquiryId, 9)).rejects.toMatchObject({ code: 'not_found' })
  })

  test("a theme renamed by another process shows in the next analysis page's tables", async () => {
    const w = await createWorld(db())
    const before = await getCycleAnalysis(db(), w.people.alice, w.senseMaking.inquiryId, 1)
    expect(before.analysis!.open.themes.map((t) => t.name)).toContain(w.senseMaking.themeName)
    await other.updateTable('themes').set({ name: 'A name given elsewhere' }).where('id', '=', w.senseMaking.themeId).execute()
    const after = await getCycleAnalysis(db(), w.people.alice, w.senseMaking.inquiryId, 1)
    expect(after.analysis!.open.themes.map((t) => t.name)).toContain('A name given elsewhere')
  })
})
