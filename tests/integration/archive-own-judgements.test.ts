import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { buildArchive } from '~/features/exports/archive.server'
import { importArchive, parseArchiveText } from '~/features/exports/import.server'
import { getValidityReview } from '~/features/validity/validity.server'
import { getDb } from '~/utils/db.server'
import { createPerson } from '../factories'

// Issue 16 item 3 in the archive: each member's own judgement travels by the member's key and
// comes back as the judgement of that member's seat. An archive written before members judged
// for themselves (one judgement per procedure, naming nobody) still imports, each judgement
// becoming the importing person's.

const db = () => getDb()
const fixture = readFileSync(new URL('../fixtures/demo-archive.json', import.meta.url), 'utf8')

type Judgement = { procedureKey: string; by?: string }
type ArchiveJson = { cycles: { number: number; judgements: Judgement[] }[] }

describe('judgements through an archive', () => {
  test('each member’s judgement comes back as their seat’s, with the same spread, and exports again unchanged', async () => {
    const importer = await createPerson(db(), 'Imogen Importer')
    const archive = parseArchiveText(fixture)
    const { inquiryId } = await importArchive(db(), archive, { user: importer, seat: 'Member A' })

    const review = await getValidityReview(db(), importer, inquiryId, 2)
    const collaboration = review.procedures.find((p) => p.key === 'authentic-collaboration')!
    expect(collaboration.spread).toEqual({ met: 0, partly: 2, not_met: 1, n_a: 0, judged: 3 })
    // Member A's seat is the importer's; the others are placeholder seats named by their keys.
    expect(collaboration.judgements.map((j) => [j.by, j.status, j.mine]).sort()).toEqual(
      [
        ['Imogen Importer', 'partly', true],
        ['Member B', 'partly', false],
        ['Member C', 'not_met', false],
      ].sort(),
    )
    expect(collaboration.mine).toMatchObject({ status: 'partly' })

    const again = JSON.parse(JSON.stringify((await buildArchive(db(), importer, inquiryId)).archive)) as ArchiveJson
    const original = JSON.parse(fixture) as ArchiveJson
    expect(again.cycles.map((c) => c.judgements)).toEqual(original.cycles.map((c) => c.judgements))
  })

  test('an archive from before (one judgement per procedure, no member key) imports, each judgement the importer’s', async () => {
    const older = JSON.parse(fixture) as ArchiveJson
    for (const cycle of older.cycles) {
      const seen = new Set<string>()
      cycle.judgements = cycle.judgements.filter((j) => !seen.has(j.procedureKey) && seen.add(j.procedureKey)).map(({ by: _by, ...j }) => j)
    }
    const judged = older.cycles.find((c) => c.number === 1)!.judgements
    expect(judged.length).toBeGreaterThan(0)
    expect(judged.every((j) => j.by === undefined)).toBe(true)

    const importer = await createPerson(db(), 'Olga Older')
    const { inquiryId } = await importArchive(db(), parseArchiveText(JSON.stringify(older)), { user: importer, seat: 'Member B' })
    const review = await getValidityReview(db(), importer, inquiryId, 1)
    const shown = review.procedures.flatMap((p) => p.judgements.map((j) => ({ key: p.key, by: j.by, mine: j.mine })))
    expect(shown.map((j) => j.key).sort()).toEqual(judged.map((j) => j.procedureKey).sort())
    expect(shown.every((j) => j.by === 'Olga Older' && j.mine)).toBe(true)
    expect(review.missingRequired).toEqual([])
  })
})
