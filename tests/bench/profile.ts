// npx tsx tests/bench/profile.ts [analysis|export|dashboard] — where the time goes, for the
// report on a missed target: generates the 1× inquiry, runs one piece of work a few times
// with every SQL statement timed (Kysely's log hook), and prints the statements by total
// time beside the whole. With a third argument it also writes a V8 CPU profile of just
// those runs (not the generation) for the JavaScript side:
//   npx tsx tests/bench/profile.ts analysis 5 /tmp/analysis.cpuprofile
//   npx tsx tests/bench/profile.ts json 3
//   npx tsx tests/bench/profile-summary.ts /tmp/analysis.cpuprofile
// An export's memory: `memory <json|qdpx|…> [scale]` generates the inquiry at that scale
// (tests/bench/generate.ts scaledSize), then downloads the export twice through the download
// route in a fresh process (so the generation's garbage is not counted), reading the body as
// a client would, and prints that process's RSS before, its peak RSS (VmHWM) and its heap:
//   npx tsx tests/bench/profile.ts memory json 4
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { randomBytes } from 'node:crypto'

// A memory-child inherits its parent's environment and folder; the parent removes the folder.
const child = process.argv[2] === 'memory-child'
const dir = child ? process.env.PROFILE_DIR! : mkdtempSync(join(tmpdir(), 'inquiry-profile-'))
if (!child) {
  process.env.NODE_ENV = 'production'
  process.env.DATABASE_URL = join(dir, 'profile.sqlite')
  process.env.PASSWORD_HASH_LOG_N = '10'
  process.env.SEED_DEMO = 'false'
  process.env.SESSION_SECRET = randomBytes(36).toString('base64url')
  process.env.BALLOT_KEY = randomBytes(36).toString('base64url')
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
}

const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024
const mib = (bytes: number) => bytes / 2 ** 20

if (child) {
  // The export, twice, through the route a browser posts to, in a process that did nothing else.
  const [format, inquiryId, cookie] = process.argv.slice(3) as [string, string, string]
  await import('../../app/features/decision-kinds.server')
  const route = await import('../../app/routes/inquiries.$inquiryId.export.download')
  const { getDb } = await import('../../app/utils/db.server')
  getDb()
  let heapPeak = 0
  const sample = () => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed))
  const sampler = setInterval(sample, 2)
  const rssBefore = mib(process.memoryUsage().rss)
  const hwmBefore = hwm()
  const sizes: number[] = []
  const times: number[] = []
  const peaks: number[] = []
  for (let i = 0; i < 2; i += 1) {
    const started = performance.now()
    const request = new Request(`http://localhost:3000/inquiries/${inquiryId}/export/download`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: 'http://localhost:3000', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ format }).toString(),
    })
    const response = (await route.action({ request, params: { inquiryId }, context: { clientIp: '127.0.0.1' } })) as Response
    if (response.status !== 200) throw new Error(`export ${format} answered ${response.status}`)
    // Read as a client would: chunk by chunk, keeping only the count.
    let bytes = 0
    const reader = response.body!.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.byteLength
      sample()
    }
    sizes.push(bytes)
    times.push(performance.now() - started)
    peaks.push(hwm())
  }
  clearInterval(sampler)
  sample()
  console.log(
    JSON.stringify({
      format,
      bytes: sizes[0],
      ms: times,
      peaks,
      rssBeforeMb: rssBefore,
      hwmBeforeMb: hwmBefore,
      peakRssMb: hwm(),
      heapPeakMb: mib(heapPeak),
    }),
  )
  process.exit(0)
}

if (process.argv[2] === 'memory') {
  const format = process.argv[3] ?? 'json'
  const scale = Number(process.argv[4] ?? 1)
  const { createDb, parseDatabaseUrl } = await import('../../db/connection')
  const { generateInquiry, scaledSize } = await import('./generate')
  const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL))
  const g = await generateInquiry(db, scaledSize(scale))
  await db.destroy()
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'memory-child', format, g.inquiryId, g.people[0]!.cookie],
    {
      env: { ...process.env, PROFILE_DIR: dir },
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  )
  if (run.status !== 0) throw new Error(`the export process failed:\n${run.stderr}`)
  const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
    bytes: number
    ms: number[]
    rssBeforeMb: number
    peakRssMb: number
    heapPeakMb: number
    peaks: number[]
  }
  console.log(
    `${format} export at ${scale}× (${g.counts.records} records, ${g.counts.ratings} ratings): ${(r.bytes / 1e6).toFixed(1)} MB in ${r.ms.map((x) => x.toFixed(0)).join(' and ')} ms; ` +
      `RSS ${r.rssBeforeMb.toFixed(0)} MB before, peak ${r.peakRssMb.toFixed(0)} MB (+${(r.peakRssMb - r.rssBeforeMb).toFixed(0)} MB; ${r.peaks.map((p) => p.toFixed(0)).join(' then ')} after each); heap used at most ${r.heapPeakMb.toFixed(0)} MB`,
  )
  process.exit(0)
}

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
const { streamExportForMember } = await import('../../app/features/exports/exports.server')
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
  // The download's work: the export made and read to its end, as the route sends it.
  json: async () => new Response((await streamExportForMember(db, user, g.inquiryId, 'json', {})).body).arrayBuffer(),
  qdpx: async () => new Response((await streamExportForMember(db, user, g.inquiryId, 'qdpx', {})).body).arrayBuffer(),
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
