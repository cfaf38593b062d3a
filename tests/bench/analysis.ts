// npm run bench — prints timing figures; never asserts. The full benchmark (HTTP, load,
// export, memory, 6,000-record inquiry) arrives with the performance issue; this measures
// the analysis on the demo inquiry and on generated 12-member × 200-theme cycles.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

const dir = mkdtempSync(join(tmpdir(), 'inquiry-bench-'))
process.env.DATABASE_URL = join(dir, 'bench.sqlite')
process.env.PASSWORD_HASH_LOG_N = '10'
process.env.SEED_DEMO = 'false'

const { analyseCycle } = await import('../../app/features/analysis/core')
const { getCycleAnalysis } = await import('../../app/features/analysis/analysis.server')
const { seedDemo } = await import('../../app/features/demo/seed-demo.server')
const { migrateToLatest } = await import('../../db/migrator')
const { getDb, closeDb } = await import('../../app/utils/db.server')
type Input = Parameters<typeof analyseCycle>[0]

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function time(runs: number, fn: () => unknown | Promise<unknown>) {
  await fn() // warm up
  const samples: number[] = []
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  return { median: median(samples), max: Math.max(...samples) }
}

/** A deterministic pseudo-random generator, so runs are comparable. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
}

function generated(members: number, themes: number): Input {
  const random = rng(members * 1000 + themes)
  const ms = Array.from({ length: members }, (_, i) => ({ id: `m${i}`, name: `Member ${i}` }))
  const ts = Array.from({ length: themes }, (_, j) => ({ id: `t${j}`, name: `Theme ${j}` }))
  const ratings: Input['ratings'] = []
  for (const m of ms) {
    for (const t of ts) {
      const blind = 1 + Math.floor(random() * 5)
      ratings.push({ memberId: m.id, themeId: t.id, round: 'blind', value: blind, reason: null })
      ratings.push({ memberId: m.id, themeId: t.id, round: 'open', value: Math.min(5, Math.max(1, blind + Math.round(random() * 2 - 1))), reason: random() < 0.5 ? 'because' : null })
    }
  }
  return {
    scale: { min: 1, max: 5, labels: {} },
    level: 'ordinal',
    thresholds: { convergentMaxIqr: 1, divergentMinIqr: 2, polarisedShare: 0.25, quorum: 2 / 3 },
    members: ms,
    themes: ts,
    ratings,
    participation: ms.map((m, i) => ({ memberId: m.id, records: 10 + i, words: 900 + 40 * i, themesProposed: i % 4, stances: 12, challenges: i % 2 })),
  }
}

const rows: { case: string; ratings: number; medianMs: number; maxMs: number; perRatingUs: number }[] = []
for (const [members, themes] of [[12, 200], [12, 800], [12, 3200]] as const) {
  const input = generated(members, themes)
  const t = await time(20, () => analyseCycle(input))
  rows.push({ case: `core, ${members} members × ${themes} themes`, ratings: input.ratings.length, medianMs: t.median, maxMs: t.max, perRatingUs: (t.median * 1000) / input.ratings.length })
}

const db = getDb()
await migrateToLatest(db)
const demo = await seedDemo(db, { password: 'bench-password-1' })
const amara = await db.selectFrom('people').select(['id', 'email', 'displayName']).where('email', '=', 'amara@demo.inquiry.local').executeTakeFirstOrThrow()
for (const cycle of [1, 2]) {
  const t = await time(20, () => getCycleAnalysis(db, amara, demo.inquiryId, cycle))
  const ratings = await db.selectFrom('ratings').innerJoin('cycles', 'cycles.id', 'ratings.cycleId').select('ratings.id').where('cycles.number', '=', cycle).execute()
  rows.push({ case: `demo inquiry cycle ${cycle}, service incl. SQLite reads`, ratings: ratings.length, medianMs: t.median, maxMs: t.max, perRatingUs: (t.median * 1000) / ratings.length })
}

// A generated inquiry at the target size, read through the service as a member would.
{
  const { createAccount } = await import('../../app/features/accounts/accounts.server')
  const { createGroup, createInvitation, joinByInvitation } = await import('../../app/features/groups/groups.server')
  const { createInquiry } = await import('../../app/features/inquiries/inquiries.server')
  const { newId, nowIso } = await import('../../app/utils/ids.server')
  const people: { id: string; email: string; displayName: string }[] = []
  for (let i = 0; i < 12; i += 1) {
    const email = `bench${i}@example.org`
    people.push({ id: await createAccount(db, { email, displayName: `Bench ${i}`, password: 'bench-password-1' }), email, displayName: `Bench ${i}` })
  }
  const groupId = await createGroup(db, people[0]!, { kind: 'inquiry_group', name: 'Bench group' })
  const { token } = await createInvitation(db, people[0]!, groupId, { expiresInDays: 1 })
  for (const p of people.slice(1)) await joinByInvitation(db, p, token)
  const inquiryId = await createInquiry(db, people[0]!, groupId, { title: 'Bench', question: 'A generated inquiry for timing', templateSlug: 'cooperative-inquiry' })
  const cycle = await db.selectFrom('cycles').select('id').where('inquiryId', '=', inquiryId).executeTakeFirstOrThrow()
  const now = nowIso()
  const random = rng(7)
  const themeRows = Array.from({ length: 200 }, (_, j) => ({
    id: newId(), inquiryId, name: `Theme ${j}`, description: '', proposedBy: people[j % 12]!.id, firstCycleId: cycle.id,
    status: 'active' as const, mergedIntoId: null, splitFromId: null, createdAt: now, updatedAt: now,
  }))
  const ratingRows = themeRows.flatMap((t) =>
    people.flatMap((p) => {
      const blind = 1 + Math.floor(random() * 5)
      return (['blind', 'open'] as const).map((round) => ({
        id: newId(), themeId: t.id, cycleId: cycle.id, personId: p.id, round, value: round === 'blind' ? blind : Math.min(5, blind + 1),
        reason: null, createdAt: now, updatedAt: now,
      }))
    }),
  )
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < themeRows.length; i += 100) await trx.insertInto('themes').values(themeRows.slice(i, i + 100)).execute()
    for (let i = 0; i < ratingRows.length; i += 500) await trx.insertInto('ratings').values(ratingRows.slice(i, i + 500)).execute()
    await trx.updateTable('cycles').set({ blindRevealedAt: now }).where('id', '=', cycle.id).execute()
  })
  const t = await time(20, () => getCycleAnalysis(db, people[0]!, inquiryId, 1))
  rows.push({ case: 'generated inquiry, 12 members × 200 themes, service incl. SQLite reads', ratings: ratingRows.length, medianMs: t.median, maxMs: t.max, perRatingUs: (t.median * 1000) / ratingRows.length })
}
await closeDb()

console.table(rows.map((r) => ({ ...r, medianMs: r.medianMs.toFixed(2), maxMs: r.maxMs.toFixed(2), perRatingUs: r.perRatingUs.toFixed(2) })))
const out = join(tmpdir(), `inquiry-bench-${Date.now()}.json`)
writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2))
console.log(`figures written to ${out}`)
rmSync(dir, { recursive: true, force: true })
