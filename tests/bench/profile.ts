// npx tsx tests/bench/profile.ts [analysis|export|dashboard] — where the time goes, for the
// report on a missed target: generates the 1× inquiry, runs one piece of work a few times
// with every SQL statement timed (Kysely's log hook), and prints the statements by total
// time beside the whole. With a third argument it also writes a V8 CPU profile of just
// those runs (not the generation) for the JavaScript side:
//   npx tsx tests/bench/profile.ts analysis 5 /tmp/analysis.cpuprofile
//   npx tsx tests/bench/profile-summary.ts /tmp/analysis.cpuprofile
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { randomBytes } from 'node:crypto'

const dir = mkdtempSync(join(tmpdir(), 'inquiry-profile-'))
process.env.NODE_ENV = 'production'
process.env.DATABASE_URL = join(dir, 'profile.sqlite')
process.env.PASSWORD_HASH_LOG_N = '10'
process.env.SEED_DEMO = 'false'
process.env.SESSION_SECRET = randomBytes(36).toString('base64url')
process.env.BALLOT_KEY = randomBytes(36).toString('base64url')
process.on('exit', () => rmSync(dir, { recursive: true, force: true }))

const what = process.argv[2] ?? 'analysis'
const runs = Number(process.argv[3] ?? 5)
const profileOut = process.argv[4]
const SQLite = (await import('better-sqlite3')).default
const { CamelCasePlugin, Kysely, SqliteDialect } = await import('kysely')
const { generateInquiry, scaledSize } = await import('./generate')
const { getCycleAnalysis } = await import('../../app/features/analysis/analysis.server')
const { getValidityReview } = await import('../../app/features/validity/validity.server')
const { getInquiryPage } = await import('../../app/features/inquiries/inquiries.server')
const { listCheckIns } = await import('../../app/features/validity/check-ins.server')
const { exportForMember } = await import('../../app/features/exports/exports.server')
type Database = import('../../db/schema').Database

const statements = new Map<string, { count: number; ms: number }>()
let recording = false
const sqlite = new SQLite(process.env.DATABASE_URL)
sqlite.pragma('journal_mode = WAL')
sqlite.pragma('foreign_keys = ON')
sqlite.pragma('synchronous = NORMAL')
const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: sqlite }),
  plugins: [new CamelCasePlugin()],
  log(event) {
    if (!recording || event.level !== 'query') return
    const key = event.query.sql.replace(/\s+/g, ' ').replace(/\(\?(, \?)*\)/g, '(?…)')
    const s = statements.get(key) ?? { count: 0, ms: 0 }
    s.count += 1
    s.ms += event.queryDurationMillis
    statements.set(key, s)
  },
})
const g = await generateInquiry(db, scaledSize(Number(process.env.BENCH_PROFILE_SCALE ?? 1)))
const user = g.people[0]!

const work: Record<string, () => Promise<unknown>> = {
  analysis: async () => {
    for (const n of g.revealed) await getCycleAnalysis(db, user, g.inquiryId, n)
    await getValidityReview(db, user, g.inquiryId, g.currentCycle)
  },
  'analysis-page': () => getCycleAnalysis(db, user, g.inquiryId),
  validity: () => getValidityReview(db, user, g.inquiryId, g.currentCycle),
  dashboard: async () => {
    await getInquiryPage(db, user, g.inquiryId)
    await listCheckIns(db, user, g.inquiryId)
  },
  json: () => exportForMember(db, user, g.inquiryId, 'json', {}),
  qdpx: () => exportForMember(db, user, g.inquiryId, 'qdpx', {}),
}
const fn = work[what]
if (!fn) throw new Error(`profile one of: ${Object.keys(work).join(', ')}`)
const rssBefore = process.memoryUsage().rss / 2 ** 20
await fn() // warm up
console.log(`RSS before the first run ${rssBefore.toFixed(0)} MB, after it ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`)
const session = new Session()
if (profileOut) {
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
}
recording = true
const started = performance.now()
for (let i = 0; i < runs; i += 1) await fn()
const total = (performance.now() - started) / runs
recording = false
if (profileOut) {
  const { profile } = await session.post('Profiler.stop')
  writeFileSync(profileOut, JSON.stringify(profile))
  session.disconnect()
  console.log(`CPU profile of the ${runs} runs written to ${profileOut}`)
}
const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024
const heap = process.memoryUsage()
console.log(
  `memory after the runs: peak RSS ${hwm().toFixed(0)} MB, RSS ${(heap.rss / 2 ** 20).toFixed(0)} MB, heap used ${(heap.heapUsed / 2 ** 20).toFixed(0)} MB of ${(heap.heapTotal / 2 ** 20).toFixed(0)} MB, external ${(heap.external / 2 ** 20).toFixed(0)} MB, array buffers ${(heap.arrayBuffers / 2 ** 20).toFixed(0)} MB`,
)
const sqlMs = [...statements.values()].reduce((a, s) => a + s.ms, 0) / runs
console.log(
  `${what}: ${total.toFixed(1)} ms per run (mean of ${runs}); SQL ${sqlMs.toFixed(1)} ms in ${[...statements.values()].reduce((a, s) => a + s.count, 0) / runs} statements, the rest ${(total - sqlMs).toFixed(1)} ms in JavaScript`,
)
for (const [sql, s] of [...statements.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(`${(s.ms / runs).toFixed(2).padStart(8)} ms ${String(s.count / runs).padStart(5)}× ${sql.slice(0, 220)}`)
}
await db.destroy()
