// npm run bench — the performance benchmark of issues 8 and 17: generates a large inquiry into
// a temporary SQLite database, times the full analysis in-process (and at 4× and 16× the
// size), then starts the production server on that database as `npm start` does (the
// supervisor, app/cli/start.mjs, with WEB_CONCURRENCY server processes) and times every
// member page against the trivial page, a load of concurrent clients on one server process
// and on one per core, and the exports over HTTP; reads each server process's peak memory,
// and the exports' peak memory on a fresh server at 1× and at 4×. Prints one table of figures
// beside their targets and writes every figure to a JSON file.
// It never fails on a missed target or a page that answers wrongly (the table says so, exit
// 0); it exits non-zero only if it could not measure at all.
//
// Environment (all optional):
//   BENCH_LOAD_SECONDS=60        length of each 50-client load on the dashboard (one with 1 server process, one with one per core)
//   BENCH_LOAD_CONNECTIONS=50    concurrent clients
//   BENCH_REQUESTS=200           sequential requests per page (BENCH_SEQUENTIAL_SECONDS caps each page, default 60)
//   BENCH_SCALES=1,4,16          sizes of the analysis scaling series (1 is always measured; with 4, the 4× database is kept for the export memory)
//   BENCH_EXPORT_RUNS=3          timed runs of each export
//   BENCH_SKIP_MICRO=1           skip the pure-core and demo micro-benchmarks
//   BENCH_SKIP_BUILD=1           measure the existing build even if it looks stale
//   BENCH_SERVER_CPU_PROF=<dir>  run the server with --cpu-prof, writing its profile to <dir>
//   BENCH_SERVER_NODE_ARGS="…"   node flags for the server instead of the ones npm start uses (app/cli/server-node-args.mjs)
//                                (with either of these two the server runs as one process without the supervisor, so the flags reach it)
//   BENCH_PROCESSES=<n>          server processes for the many-process load (default: the number of cores)
//   BENCH_TIMEOUT_SECONDS=1800   hard limit for the whole run (the server is killed)
//   BENCH_OUT_DIR=bench-results  where the JSON file goes
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'
import { SERVER_NODE_ARGS } from '../../app/cli/server-node-args.mjs'
import { median, ms, time } from './lib'
import { childPids, ensureBuild, startServer, SUPERVISOR, type RunningServer } from '../support/server'
import type { MemberPage } from './pages'
import {
  browserHeaders,
  closeConnections,
  decodedBody,
  load,
  memoryOf,
  send,
  sequential,
  startWatchdog,
  timeExport,
  type ExportTiming,
  type Load,
  type Sequential,
} from './server'

const root = fileURLToPath(new URL('../..', import.meta.url))
process.chdir(root)
const envNumber = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
const LOAD_SECONDS = envNumber('BENCH_LOAD_SECONDS', 60)
const LOAD_CONNECTIONS = envNumber('BENCH_LOAD_CONNECTIONS', 50)
const REQUESTS = envNumber('BENCH_REQUESTS', 200)
const SEQUENTIAL_BUDGET_MS = envNumber('BENCH_SEQUENTIAL_SECONDS', 60) * 1000
const EXPORT_RUNS = envNumber('BENCH_EXPORT_RUNS', 3)
const TIMEOUT_SECONDS = envNumber('BENCH_TIMEOUT_SECONDS', 1800)
const PROCESSES = Math.floor(envNumber('BENCH_PROCESSES', availableParallelism()))
const SCALES = [
  ...new Set([
    1,
    ...(process.env.BENCH_SCALES ?? '1,4,16')
      .split(',')
      .map(Number)
      .filter((k) => Number.isInteger(k) && k > 0),
  ]),
].sort((a, b) => a - b)

const dir = mkdtempSync(join(tmpdir(), 'inquiry-bench-'))
const secrets = { session: randomBytes(36).toString('base64url'), ballot: randomBytes(36).toString('base64url') }
// The in-process services read these; the server gets the same secrets, so session cookies made here are valid there.
process.env.NODE_ENV = 'production'
process.env.DATABASE_URL = join(dir, 'bench-1x.sqlite')
process.env.PASSWORD_HASH_LOG_N = '10'
process.env.SEED_DEMO = 'false'
process.env.SESSION_SECRET = secrets.session
process.env.BALLOT_KEY = secrets.ballot
delete process.env.APP_ORIGIN

// The server running now (each start assigns it); the watchdog's cleanup, made before any, reads it.
let server: RunningServer | undefined
const watchdog = startWatchdog(TIMEOUT_SECONDS * 1000, dir)
const cleanup = () => {
  server?.kill()
  watchdog.stop()
  rmSync(dir, { recursive: true, force: true })
}
process.on('exit', cleanup)
process.on('SIGINT', () => process.exit(130))
process.on('SIGTERM', () => process.exit(143))

const runStarted = performance.now()
const log = (line: string) => console.log(`[${((performance.now() - runStarted) / 1000).toFixed(1).padStart(6)} s] ${line}`)
const loadBefore = loadavg()

const { createDb } = await import('../../db/connection')
const { getCycleAnalysis } = await import('../../app/features/analysis/analysis.server')
const { getValidityReview } = await import('../../app/features/validity/validity.server')
const { clearCache } = await import('../../app/utils/cache.server')
const { generateInquiry, scaledSize } = await import('./generate')
const { coreSeries, demoSeries } = await import('./micro')
const { memberPages } = await import('./pages')
type Db = ReturnType<typeof createDb>
type Generated = Awaited<ReturnType<typeof generateInquiry>>

// 0. The production build (before anything is timed, so building does not disturb the figures).
const build = ensureBuild(log, { allowStale: process.env.BENCH_SKIP_BUILD === '1' })
if (build.built) log(`built in ${(build.ms / 1000).toFixed(1)} s`)

// 1. The full analysis in-process: every revealed cycle's analysis (as the analysis page and
//    analysis.json compute it, with the series across cycles) plus the validity review of the
//    current cycle (its indicators, and the indicators of every earlier cycle for the history).
//    Cold: the cache of results by data version (app/utils/cache.server.ts) is emptied first, so
//    it is what the first reader after a write pays (and what the scaling series compares);
//    warm: what every later reader pays until the inquiry's data is next written.
async function fullAnalysis(db: Db, g: Generated, cold = true) {
  const user = g.people[0]!
  if (cold) clearCache()
  const t0 = performance.now()
  for (const n of g.revealed) await getCycleAnalysis(db, user, g.inquiryId, n)
  const t1 = performance.now()
  await getValidityReview(db, user, g.inquiryId, g.currentCycle)
  return { analysesMs: t1 - t0, validityMs: performance.now() - t1 }
}

type ScalePoint = {
  scale: number
  members: number
  themes: number
  records: number
  ratings: number
  generateMs: number
  runs: number
  medianMs: number
  minMs: number
  maxMs: number
  perRatingUs: number
  analysesMedianMs: number
  validityMedianMs: number
  /** The same, with the cache kept between runs (1× only). */
  warmMedianMs: number | null
  counts: Record<string, number>
}
const scalePoints: ScalePoint[] = []
let main: { db: Db; g: Generated; path: string } | undefined
/** The 4× inquiry's database, kept (when BENCH_SCALES has 4) for the export memory on a fresh server. */
let fourTimes: { g: Generated; path: string } | undefined
for (const k of SCALES) {
  const path = join(dir, `bench-${k}x.sqlite`)
  const db = createDb({ dialect: 'sqlite', path })
  const size = scaledSize(k)
  log(`generating the ${k}× inquiry: ${size.members} members, ${size.cycles} cycles, ${size.records} records, ${size.themes} themes…`)
  const g = await generateInquiry(db, size)
  const ratings = g.counts.ratings ?? 0
  log(
    `  ${Object.entries(g.counts)
      .map(([key, n]) => `${n} ${key}`)
      .join(', ')} in ${(g.generateMs / 1000).toFixed(1)} s`,
  )
  const parts = { analyses: [] as number[], validity: [] as number[] }
  const t = await time(
    async () => {
      const r = await fullAnalysis(db, g)
      parts.analyses.push(r.analysesMs)
      parts.validity.push(r.validityMs)
    },
    k === 1 ? { runs: 20 } : { runs: 20, budgetMs: k >= 16 ? 90_000 : 60_000, minRuns: 5 },
  )
  scalePoints.push({
    scale: k,
    members: size.members,
    themes: size.themes,
    records: size.records,
    ratings,
    generateMs: g.generateMs,
    runs: t.runs,
    medianMs: t.medianMs,
    minMs: t.minMs,
    maxMs: t.maxMs,
    perRatingUs: (t.medianMs * 1000) / ratings,
    analysesMedianMs: median(parts.analyses.slice(1)),
    validityMedianMs: median(parts.validity.slice(1)),
    warmMedianMs: k === 1 ? (await time(() => fullAnalysis(db, g, false), { runs: 20 })).medianMs : null,
    counts: g.counts,
  })
  log(
    `  full analysis at ${k}×: median ${ms(t.medianMs)} ms of ${t.runs} runs (${ms(median(parts.analyses.slice(1)))} ms cycle analyses + ${ms(median(parts.validity.slice(1)))} ms validity review), ${((t.medianMs * 1000) / ratings).toFixed(2)} µs per rating`,
  )
  if (k === 1) main = { db, g, path }
  else if (k === 4) {
    await db.destroy()
    fourTimes = { g, path }
  } else {
    await db.destroy()
    rmSync(path, { force: true })
    rmSync(`${path}-wal`, { force: true })
    rmSync(`${path}-shm`, { force: true })
  }
}
if (!main) throw new Error('the 1× inquiry was not generated')

const micro = process.env.BENCH_SKIP_MICRO === '1' ? [] : [...(await coreSeries()), ...(await demoSeries(dir))]
for (const row of micro) log(`  ${row.case}: median ${ms(row.medianMs)} ms, ${row.perRatingUs.toFixed(2)} µs per rating`)
// The member pages the server is timed on, with a pair and a PeerReview made for them (the
// generated inquiry has none): written into the 1× database before the server opens it.
const pages: Record<string, MemberPage> = await memberPages(main.db, main.g)
await main.db.destroy() // the server has the database to itself from here

// 2. Over HTTP, against the production server on the 1× database, as `npm start` runs it:
//    the supervisor and its server processes (node:cluster workers sharing the port).
const { g } = main
const secretsEnv = { SESSION_SECRET: secrets.session, BALLOT_KEY: secrets.ballot }
const cpuProfDir = process.env.BENCH_SERVER_CPU_PROF ? resolve(process.env.BENCH_SERVER_CPU_PROF) : null
if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true })
const customNodeArgs =
  process.env.BENCH_SERVER_NODE_ARGS !== undefined ? process.env.BENCH_SERVER_NODE_ARGS.split(/\s+/).filter(Boolean) : null
/** Flags of the run's own reach the server only when it runs without the supervisor: then it is one process. */
const direct = cpuProfDir !== null || customNodeArgs !== null
// The flags `npm start` gives each server process (app/cli/server-node-args.mjs), unless told otherwise.
const serverNodeArgs = [...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []), ...(customNodeArgs ?? SERVER_NODE_ARGS)]

/** Starts the server on a database: the supervisor with `processes` server processes, or (direct) the one server. */
async function startBenchServer(databaseUrl: string, processes: number): Promise<RunningServer> {
  const started = direct
    ? await startServer({ databaseUrl, env: secretsEnv, nodeArgs: serverNodeArgs, readyTimeoutMs: 60_000 })
    : await startServer({
        script: SUPERVISOR,
        databaseUrl,
        // The supervisor builds when the build is stale (others may be editing the sources): allow for it.
        env: { ...secretsEnv, WEB_CONCURRENCY: String(processes) },
        readyTimeoutMs: 180_000,
      })
  server = started
  watchdog.watch(started.pid)
  return started
}
/** The processes that serve: the supervisor's server processes, or the one server. */
const serverPids = (s: RunningServer) => (direct ? [s.pid] : childPids(s.pid))
/** Server processes that ended by themselves, as the supervisor logged them (their peak memory is lost with them). */
const deathsIn = (s: RunningServer) =>
  s
    .output()
    .split('\n')
    .filter((line) => line.includes('"role":"supervisor"') && / ended: /.test(line))

type ProcessMemory = { pid: number; peakRssMb: number; rssMb: number }
/** Peak and current memory of every server process now. */
function memoryOfServer(s: RunningServer): ProcessMemory[] {
  return serverPids(s).flatMap((pid) => {
    const m = memoryOf(pid)
    return m ? [{ pid, ...m }] : []
  })
}
const maxPeak = (m: ProcessMemory[]) => (m.length ? Math.max(...m.map((p) => p.peakRssMb)) : Number.NaN)
const sumPeak = (m: ProcessMemory[]) => (m.length ? m.reduce((sum, p) => sum + p.peakRssMb, 0) : Number.NaN)
const mbList = (m: ProcessMemory[]) => (m.length ? m.map((p) => `${p.peakRssMb.toFixed(0)}`).join(' + ') + ' MB' : '?')

const loadProcesses = direct ? [1] : [...new Set([PROCESSES, 1])]
const many = loadProcesses[0]!
log(
  direct
    ? `starting the production server (one process, without the supervisor) on the 1× database with ${serverNodeArgs.join(' ')}…`
    : `starting the production server as npm start does (supervisor, WEB_CONCURRENCY=${many}) on the 1× database…`,
)
let current = await startBenchServer(main.path, many)
log(`  server processes: ${serverPids(current).join(', ')}`)
const member = g.people[1]!
const isPublic = (key: string) => key === 'trivial' || key === 'login'
const headersFor = (key: string) => browserHeaders(isPublic(key) ? null : member.cookie)

// Each page once, to check it is the real page for a member (not a login redirect or an error).
// A page that is not is reported in the table, and not timed.
const broken: Record<string, string> = {}
for (const [key, page] of Object.entries(pages)) {
  const reply = await send(current.url + page.path, { headers: headersFor(key) })
  const text = decodedBody(reply).toString('utf8')
  if (reply.status !== 200 || !text.includes(page.expect)) {
    broken[key] = `answered ${reply.status}${reply.headers.location ? ` → ${String(reply.headers.location)}` : ''} without "${page.expect}"`
    log(`  ${key} ${page.path} ${broken[key]}: ${text.replace(/\s+/g, ' ').slice(0, 200)}`)
  }
}
if (broken.trivial) throw new Error(`the trivial page ${pages.trivial!.path} ${broken.trivial}: nothing to compare the pages with`)

const seq: Record<string, Sequential> = {}
for (const [key, page] of Object.entries(pages)) {
  if (broken[key]) continue
  seq[key] = await sequential(current.url, page.path, headersFor(key), {
    count: REQUESTS,
    warmup: 5,
    budgetMs: SEQUENTIAL_BUDGET_MS,
    minCount: 20,
  })
  const r = seq[key]
  log(
    `  ${key.padEnd(12)} ${page.path}: p50 ${ms(r.p50Ms)} ms, p95 ${ms(r.p95Ms)} ms over ${r.requests} requests (${r.errors} errors, ${(r.htmlBytes / 1024).toFixed(0)} KB uncompressed, ${(r.bytes / 1024).toFixed(0)} KB sent)`,
  )
}
closeConnections()
const memoryAfterPages = memoryOfServer(current)

const loads: Record<number, Load & { processes: number; memory: ProcessMemory[]; deaths: string[] }> = {}
const exports: ExportTiming[] = []
let memory: ProcessMemory[] = []
let memoryAfterLoad: ProcessMemory[] = []
for (const processes of loadProcesses) {
  if (processes !== many) {
    await current.stop(10_000)
    log(`starting the production server again with WEB_CONCURRENCY=${processes}…`)
    current = await startBenchServer(main.path, processes)
  }
  log(
    `${LOAD_CONNECTIONS} concurrent clients on the dashboard for ${LOAD_SECONDS} s, ${processes} server process${processes === 1 ? '' : 'es'}…`,
  )
  const result = await load(
    current.url,
    pages.dashboard!.path,
    g.people.map((p) => p.cookie),
    LOAD_CONNECTIONS,
    LOAD_SECONDS,
  )
  log(
    `  ${result.requests} requests, ${result.errors} errors, p50 ${ms(result.p50Ms)} ms, p95 ${ms(result.p95Ms)} ms, ${result.requestsPerSecond.toFixed(1)} req/s`,
  )
  const afterLoad = memoryOfServer(current)
  if (processes === many) {
    memoryAfterLoad = afterLoad
    log('exports (JSON archive and REFI-QDA project)…')
    exports.push(
      await timeExport(current, g.inquiryId, member.cookie, 'json', EXPORT_RUNS),
      await timeExport(current, g.inquiryId, member.cookie, 'qdpx', EXPORT_RUNS),
    )
    for (const e of exports)
      log(`  ${e.format}: median ${ms(e.medianMs)} ms of ${e.runs} (max ${ms(e.maxMs)} ms), ${(e.bytes / 1e6).toFixed(2)} MB sent`)
    closeConnections()
    memory = memoryOfServer(current)
    log(
      `server peak RSS (VmHWM) per process: ${mbList(memoryAfterPages)} after the sequential pages, ${mbList(memoryAfterLoad)} after the load, ${mbList(memory)} after the exports`,
    )
  }
  loads[processes] = { ...result, processes, memory: processes === many ? memory : afterLoad, deaths: deathsIn(current) }
}
await current.stop(10_000)

// 3. Export memory at 4× (issue 17): each export on a fresh server (one server process, so its
//    peak is the export's), on the 1× and on the 4× database; the 4× figure should stay within
//    1.5× of the 1× one: an export that streams holds no more at 4× than at 1×. It measures
//    whatever the exports do.
type ExportMemory = { format: 'json' | 'qdpx'; scale: number; bootPeakMb: number; peakMb: number; ms: number; bytes: number }
const exportMemory: ExportMemory[] = []
async function freshExport(path: string, gen: Generated, scale: number, format: 'json' | 'qdpx'): Promise<ExportMemory> {
  const s = await startBenchServer(path, 1)
  try {
    const [pid] = serverPids(s)
    const boot = pid ? memoryOf(pid) : null
    const t = await timeExport(s, gen.inquiryId, gen.people[1]!.cookie, format, 1)
    closeConnections()
    const after = pid ? memoryOf(pid) : null
    return {
      format,
      scale,
      bootPeakMb: boot?.peakRssMb ?? Number.NaN,
      peakMb: after?.peakRssMb ?? Number.NaN,
      ms: t.medianMs,
      bytes: t.bytes,
    }
  } finally {
    await s.stop(10_000)
  }
}
if (fourTimes) {
  log('export memory: each export on a fresh server, at 1× and at 4×…')
  for (const format of ['json', 'qdpx'] as const) {
    for (const [scale, path, gen] of [
      [1, main.path, g],
      [4, fourTimes.path, fourTimes.g],
    ] as const) {
      try {
        const m = await freshExport(path, gen, scale, format)
        exportMemory.push(m)
        log(
          `  ${format} at ${scale}×: peak RSS ${m.peakMb.toFixed(0)} MB (${m.bootPeakMb.toFixed(0)} MB after the boot), ${ms(m.ms)} ms, ${(m.bytes / 1e6).toFixed(2)} MB sent`,
        )
      } catch (error) {
        log(`  ${format} at ${scale}×: could not be measured: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`)
      }
    }
  }
} else log('export memory at 4×: not measured (BENCH_SCALES has no 4)')

// 4. One table: each figure beside its target.
type Row = { measure: string; figure: string; target: string; result: 'met' | 'missed' | 'failed' | '' }
const rows: Row[] = []
const check = (measure: string, value: number, unit: string, target: number | null, targetText = '', digits?: number) => {
  const figure = Number.isFinite(value) ? `${digits === undefined ? ms(value) : value.toFixed(digits)}${unit}` : '—'
  rows.push({
    measure,
    figure,
    target: target === null ? '' : targetText || `≤ ${target}${unit}`,
    result: target === null ? '' : value <= target ? 'met' : 'missed',
  })
}
const one = scalePoints.find((p) => p.scale === 1)!
check(
  `Full analysis, 1× (${one.ratings} ratings, ${g.revealed.length} cycles + validity review), kept by data version: median of 20 reads`,
  one.warmMedianMs ?? Number.NaN,
  ' ms',
  20,
)
check(`Full analysis, 1×, computed afresh as after a write (median of ${one.runs})`, one.medianMs, ' ms', null)
check('  of which: every cycle’s getCycleAnalysis', one.analysesMedianMs, ' ms', null)
check(`  of which: validity review of cycle ${g.currentCycle} (indicators of all cycles)`, one.validityMedianMs, ' ms', null)
for (const p of scalePoints)
  check(`Time per rating, ${p.scale}× (${p.themes} themes, ${p.ratings} ratings; median of ${p.runs})`, p.perRatingUs, ' µs', null, '', 2)
const largest = scalePoints.at(-1)!
if (largest.scale > 1) {
  check(
    `Time per rating, ${largest.scale}× ÷ 1× (full analysis, in the database)`,
    largest.perRatingUs / one.perRatingUs,
    '×',
    largest.scale === 16 ? 1.5 : null,
    '≤ 1.5×',
    2,
  )
}
const core = micro.filter((r) => r.case.startsWith('core'))
if (core.length === 3)
  check(
    'Time per rating, pure core 16× ÷ 1× (12 × 3,200 vs 12 × 200 themes, one cycle)',
    core[2]!.perRatingUs / core[0]!.perRatingUs,
    '×',
    null,
    '',
    2,
  )
const trivial = seq.trivial!
check(`Trivial page ${pages.trivial!.path} p50 (sequential)`, trivial.p50Ms, ' ms', null)
check(`Trivial page ${pages.trivial!.path} p95 (sequential)`, trivial.p95Ms, ' ms', null)
if (seq.dashboard) check(`Dashboard p95 (sequential, ${seq.dashboard.requests} requests)`, seq.dashboard.p95Ms, ' ms', 30)
// Every page: p50 / p95, its p95 ÷ the trivial page's p95 (≤ 10× for a member page), its HTML uncompressed.
const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`
for (const [key, page] of Object.entries(pages)) {
  if (key === 'trivial') continue
  const memberPage = !isPublic(key)
  const label = `Page ${key} (${page.path.replace(g.inquiryId, ':inquiry')})`
  if (broken[key]) {
    rows.push({ measure: label, figure: broken[key]!, target: memberPage ? '≤ 10×' : '', result: 'failed' })
    continue
  }
  const r = seq[key]!
  const ratio = r.p95Ms / trivial.p95Ms
  rows.push({
    measure: `${label}: p50 / p95, p95 ÷ trivial p95, uncompressed (${r.requests} requests${r.errors ? `, ${r.errors} errors` : ''})`,
    figure: `${ms(r.p50Ms)} / ${ms(r.p95Ms)} ms, ${ratio.toFixed(1)}×, ${kb(r.htmlBytes)}`,
    target: memberPage ? '≤ 10×' : '',
    result: memberPage ? (ratio <= 10 && r.errors === 0 ? 'met' : 'missed') : '',
  })
}
if (seq.analysis) check('Analysis page HTML, uncompressed', seq.analysis.htmlBytes / 1024, ' KB', 150, '≤ 150 KB', 0)
for (const processes of loadProcesses) {
  const l = loads[processes]!
  const target = processes === many && !direct
  const what = `Load, ${processes} server process${processes === 1 ? '' : 'es'} (${LOAD_CONNECTIONS} clients × ${LOAD_SECONDS} s on the dashboard)`
  check(`${what}: errors (incl. non-2xx) of ${l.requests} requests`, l.errors, '', target ? 0 : null, '0', 0)
  check(`${what}: p50`, l.p50Ms, ' ms', null)
  check(`${what}: p95`, l.p95Ms, ' ms', target ? 200 : null)
  check(`${what}: throughput`, l.requestsPerSecond, ' req/s', null, '', 1)
  if (l.deaths.length)
    rows.push({ measure: `${what}: server processes that died`, figure: String(l.deaths.length), target: '0', result: 'missed' })
}
for (const e of exports)
  check(
    `Full ${e.format.toUpperCase()} export over HTTP (median of ${e.runs}; ${(e.bytes / 1e6).toFixed(1)} MB)`,
    e.medianMs,
    ' ms',
    2000,
    '≤ 2000 ms',
  )
// Peak memory per server process (the target is for each); their sum beside it.
check(
  `Server peak RSS (VmHWM) per process, ${memory.length} process${memory.length === 1 ? '' : 'es'} after pages, load and exports: largest (${mbList(memory)})`,
  maxPeak(memory),
  ' MB',
  300,
  '≤ 300 MB',
  0,
)
check(`  sum over the ${memory.length} server processes`, sumPeak(memory), ' MB', null, '', 0)
for (const processes of loadProcesses.filter((n) => n !== many)) {
  const m = loads[processes]!.memory
  check(
    `Server peak RSS per process with ${processes} process${processes === 1 ? '' : 'es'}, after its load: largest (${mbList(m)})`,
    maxPeak(m),
    ' MB',
    300,
    '≤ 300 MB',
    0,
  )
}
// Export memory at 4×: the slot for issue 17 (the exports streaming); it measures whatever they do.
for (const format of ['json', 'qdpx'] as const) {
  const at = (scale: number) => exportMemory.find((m) => m.format === format && m.scale === scale)
  const [a, b] = [at(1), at(4)]
  if (!fourTimes) {
    rows.push({
      measure: `${format.toUpperCase()} export peak RSS, 4× ÷ 1× (fresh server)`,
      figure: 'not measured (BENCH_SCALES without 4)',
      target: '≤ 1.5×',
      result: '',
    })
  } else if (!a || !b) {
    rows.push({
      measure: `${format.toUpperCase()} export peak RSS, 4× ÷ 1× (fresh server)`,
      figure: 'could not be measured',
      target: '≤ 1.5×',
      result: 'failed',
    })
  } else {
    check(
      `${format.toUpperCase()} export peak RSS, 4× ÷ 1× (fresh server: ${a.peakMb.toFixed(0)} MB at 1×, ${b.peakMb.toFixed(0)} MB at 4×; ${a.bootPeakMb.toFixed(0)} / ${b.bootPeakMb.toFixed(0)} MB after the boot)`,
      b.peakMb / a.peakMb,
      '×',
      1.5,
      '≤ 1.5×',
      2,
    )
  }
}

const width = (key: keyof Row) => Math.max(key.length, ...rows.map((r) => r[key].length))
const [wm, wf, wt, wr] = [width('measure'), width('figure'), width('target'), width('result')]
const line = (r: Record<keyof Row, string>) =>
  `| ${r.measure.padEnd(wm)} | ${r.figure.padStart(wf)} | ${r.target.padEnd(wt)} | ${r.result.padEnd(wr)} |`
const rule = `|${'-'.repeat(wm + 2)}|${'-'.repeat(wf + 2)}|${'-'.repeat(wt + 2)}|${'-'.repeat(wr + 2)}|`
const runSeconds = (performance.now() - runStarted) / 1000
const loadAfter = loadavg()
console.log('')
console.log(line({ measure: 'measure', figure: 'figure', target: 'target', result: 'result' }))
console.log(rule)
for (const r of rows) console.log(line(r))
const missed = rows.filter((r) => r.result === 'missed').length
const failed = rows.filter((r) => r.result === 'failed').length
console.log('')
console.log(
  `${rows.filter((r) => r.result === 'met').length} targets met, ${missed} missed${failed ? `, ${failed} not measured (failed)` : ''}. Run time ${runSeconds.toFixed(0)} s on ${cpus().length} cores; load average ${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after${loadAfter[0]! > 1 || loadBefore[0]! > 1 ? ' — other work was running, so figures are noisy' : ''}.`,
)

const commit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || null
const outDir = resolve(root, process.env.BENCH_OUT_DIR ?? 'bench-results')
mkdirSync(outDir, { recursive: true })
const out = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
writeFileSync(
  out,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      commit,
      runSeconds,
      loadAverage: { before: loadBefore, after: loadAfter },
      settings: {
        serverNodeArgs,
        supervisor: !direct,
        processes: loadProcesses,
        loadSeconds: LOAD_SECONDS,
        loadConnections: LOAD_CONNECTIONS,
        requests: REQUESTS,
        sequentialBudgetMs: SEQUENTIAL_BUDGET_MS,
        exportRuns: EXPORT_RUNS,
        scales: SCALES,
        build,
      },
      inquiry: { counts: one.counts, generateMs: one.generateMs, members: g.people.length, cycles: g.revealed.length },
      analysis: scalePoints,
      micro,
      pages: Object.fromEntries(
        Object.entries(pages).map(([key, page]) => [
          key,
          { ...page, broken: broken[key] ?? null, ratioToTrivialP95: seq[key] ? seq[key].p95Ms / trivial.p95Ms : null },
        ]),
      ),
      http: { sequential: seq, loads, exports, memory, memoryAfterPages, memoryAfterLoad, exportMemory },
      table: rows,
    },
    null,
    2,
  ),
)
console.log(`figures written to ${out}`)
process.exit(0)
