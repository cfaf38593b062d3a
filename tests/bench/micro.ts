// The earlier micro-benchmarks, kept: the pure analysis core on one generated cycle of
// 12 members × 200, 800 and 3,200 themes, and the demo inquiry's cycles through the service.
import { join } from 'node:path'
import { createDb } from '~db/connection'
import { migrateToLatest } from '~db/migrator'
import '~/features/decision-kinds.server'
import { analyseCycle } from '~/features/analysis/core'
import { getCycleAnalysis } from '~/features/analysis/analysis.server'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { rng, time } from './lib'

type Input = Parameters<typeof analyseCycle>[0]

export type MicroRow = { case: string; ratings: number; runs: number; medianMs: number; maxMs: number; perRatingUs: number }

/** One cycle's analysis input: every member rates every theme blind, then open. */
export function generatedCycle(members: number, themes: number): Input {
  const random = rng(members * 1000 + themes)
  const ms = Array.from({ length: members }, (_, i) => ({ id: `m${i}`, name: `Member ${i}` }))
  const ts = Array.from({ length: themes }, (_, j) => ({ id: `t${j}`, name: `Theme ${j}` }))
  const ratings: Input['ratings'] = []
  for (const m of ms) {
    for (const t of ts) {
      const blind = 1 + Math.floor(random() * 5)
      ratings.push({ memberId: m.id, themeId: t.id, round: 'blind', value: blind, reason: null })
      ratings.push({
        memberId: m.id,
        themeId: t.id,
        round: 'open',
        value: Math.min(5, Math.max(1, blind + Math.round(random() * 2 - 1))),
        reason: random() < 0.5 ? 'because' : null,
      })
    }
  }
  return {
    scale: { min: 1, max: 5, labels: {} },
    level: 'ordinal',
    thresholds: { convergentMaxIqr: 1, divergentMinIqr: 2, polarisedShare: 0.25, quorum: 2 / 3 },
    members: ms,
    themes: ts,
    ratings,
    participation: ms.map((m, i) => ({
      memberId: m.id,
      records: 10 + i,
      words: 900 + 40 * i,
      themesProposed: i % 4,
      stances: 12,
      challenges: i % 2,
    })),
  }
}

/** The pure core at 1×, 4× and 16× one cycle of the inquiry (members stay 12: the group limit). */
export async function coreSeries(): Promise<MicroRow[]> {
  const rows: MicroRow[] = []
  for (const themes of [200, 800, 3200]) {
    const input = generatedCycle(12, themes)
    const t = await time(() => analyseCycle(input), { runs: 20 })
    rows.push({
      case: `core analyseCycle, 12 members × ${themes} themes`,
      ratings: input.ratings.length,
      runs: t.runs,
      medianMs: t.medianMs,
      maxMs: t.maxMs,
      perRatingUs: (t.medianMs * 1000) / input.ratings.length,
    })
  }
  return rows
}

/** The demo inquiry (seeded through the services) analysed as one of its members sees it. */
export async function demoSeries(dir: string): Promise<MicroRow[]> {
  const db = createDb({ dialect: 'sqlite', path: join(dir, 'demo.sqlite') })
  try {
    await migrateToLatest(db)
    const demo = await seedDemo(db, { password: 'bench-password-1' })
    const amara = await db
      .selectFrom('people')
      .select(['id', 'email', 'displayName'])
      .where('email', '=', 'amara@demo.inquiry.local')
      .executeTakeFirstOrThrow()
    const rows: MicroRow[] = []
    for (const cycle of [1, 2]) {
      const t = await time(() => getCycleAnalysis(db, amara, demo.inquiryId, cycle), { runs: 20 })
      const n = await db
        .selectFrom('ratings')
        .innerJoin('cycles', 'cycles.id', 'ratings.cycleId')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('cycles.inquiryId', '=', demo.inquiryId)
        .where('cycles.number', '=', cycle)
        .executeTakeFirstOrThrow()
      const ratings = Number(n.n)
      rows.push({
        case: `demo inquiry cycle ${cycle}, getCycleAnalysis incl. SQLite reads`,
        ratings,
        runs: t.runs,
        medianMs: t.medianMs,
        maxMs: t.maxMs,
        perRatingUs: (t.medianMs * 1000) / ratings,
      })
    }
    return rows
  } finally {
    await db.destroy()
  }
}
