// npm run bench — the performance benchmark of issue 8: generates a large inquiry into a
// temporary SQLite database, times the full analysis in-process (and at 4× and 16× the
// size), then starts the production server on that database and times pages, a load of
// concurrent clients and the exports over HTTP, and reads the server's peak memory. Prints
// one table of figures beside their targets and writes every figure to a JSON file.
// It never fails on a missed target (exit 0); it exits non-zero only if it could not measure.
//
// Environment (all optional):
//   BENCH_LOAD_SECONDS=60        length of the 50-client load on the dashboard
//   BENCH_LOAD_CONNECTIONS=50    concurrent clients
//   BENCH_REQUESTS=200           sequential requests per page (BENCH_SEQUENTIAL_SECONDS caps each page, default 60)
//   BENCH_SCALES=1,4,16          sizes of the analysis scaling series (1 is always measured)
//   BENCH_EXPORT_RUNS=3          timed runs of each export
//   BENCH_SKIP_MICRO=1           skip the pure-core and demo micro-benchmarks
//   BENCH_SKIP_BUILD=1           measure the existing build even if it looks stale
//   BENCH_SERVER_CPU_PROF=<dir>  run the server with --cpu-prof, writing its profile to <dir>
//   BENCH_SERVER_NODE_ARGS="…"   node flags for the server instead of the ones npm start uses (app/cli/server-node-args.mjs)
//   BENCH_TIMEOUT_SECONDS=1800   hard limit for the whole run (the server is killed)
//   BENCH_OUT_DIR=bench-results  where the JSON file goes
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { gunzipSync, inflateSync } from 'node:zlib'
import { spawnSync } from 'node:child_process'
import { SERVER_NODE_ARGS } from '../../app/cli/server-node-args.mjs'
import { median, ms, time } from './lib'
import { ensureBuild, startServer, type RunningServer } from '../support/server'
import {
  browserHeaders,
  closeConnections,
  load,
  memoryOf,
  send,
  sequential,
  startWatchdog,
  timeExport,
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

// Assigned once the server starts; the watchdog's cleanup, made before that, reads it.
// eslint-disable-next-line prefer-const
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
const { generateInquiry, scaledSize } = await import('./generate')
const { coreSeries, demoSeries } = await import('./micro')
type Db = ReturnType<typeof createDb>
type Generated = Awaited<ReturnType<typeof generateInquiry>>

// 0. The production build (before anything is timed, so building does not disturb the figures).
const build = ensureBuild(log, { allowStale: process.env.BENCH_SKIP_BUILD === '1' })
if (build.built) log(`built in ${(build.ms / 1000).toFixed(1)} s`)

// 1. The full analysis in-process: every revealed cycle's analysis (as the analysis page and
//    analysis.json compute it, with the series across cycles) plus the validity review of the
//    current cycle (its indicators, and the indicators of every earlier cycle for the history).
async function fullAnalysis(db: Db, g: Generated) {
  const user = g.people[0]!
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
  counts: Record<string, number>
}
const scalePoints: ScalePoint[] = []
let main: { db: Db; g: Generated; path: string } | undefined
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
    counts: g.counts,
  })
  log(
    `  full analysis at ${k}×: median ${ms(t.medianMs)} ms of ${t.runs} runs (${ms(median(parts.analyses.slice(1)))} ms cycle analyses + ${ms(median(parts.validity.slice(1)))} ms validity review), ${((t.medianMs * 1000) / ratings).toFixed(2)} µs per rating`,
  )
  if (k === 1) main = { db, g, path }
  else {
    await db.destroy()
    rmSync(path, { force: true })
    rmSync(`${path}-wal`, { force: true })
    rmSync(`${path}-shm`, { force: true })
  }
}
if (!main) throw new Error('the 1× inquiry was not generated')

const micro = process.env.BENCH_SKIP_MICRO === '1' ? [] : [...(await coreSeries()), ...(await demoSeries(dir))]
for (const row of micro) log(`  ${row.case}: median ${ms(row.medianMs)} ms, ${row.perRatingUs.toFixed(2)} µs per rating`)
await main.db.destroy() // the server has the database to itself from here

// 2. Over HTTP, against the production server on the 1× database.
const { g } = main
const cpuProfDir = process.env.BENCH_SERVER_CPU_PROF ? resolve(process.env.BENCH_SERVER_CPU_PROF) : null
if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true })
// The flags `npm start` gives the server (app/cli/server-node-args.mjs), unless told otherwise.
const serverNodeArgs = [
  ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
  ...(process.env.BENCH_SERVER_NODE_ARGS !== undefined
    ? process.env.BENCH_SERVER_NODE_ARGS.split(/\s+/).filter(Boolean)
    : SERVER_NODE_ARGS),
]
log(`starting the production server on the 1× database${serverNodeArgs.length ? ` with ${serverNodeArgs.join(' ')}` : ''}…`)
server = await startServer({
  databaseUrl: main.path,
  env: { SESSION_SECRET: secrets.session, BALLOT_KEY: secrets.ballot },
  nodeArgs: serverNodeArgs,
  readyTimeoutMs: 60_000,
})
watchdog.watch(server.pid)
const member = g.people[1]!
const inquiryPath = `/inquiries/${g.inquiryId}`
const pages = {
  trivial: '/healthz',
  login: '/login',
  dashboard: inquiryPath,
  analysis: `${inquiryPath}/analysis`,
  analysisJson: `${inquiryPath}/analysis.json`,
  validity: `${inquiryPath}/cycles/${g.currentCycle}/validity`,
} as const

// Each page once, to check it is the real page for a member (not a login redirect or an error).
const decoded = (reply: { body: Buffer; headers: Record<string, string | string[] | undefined> }) => {
  const encoding = reply.headers['content-encoding']
  return (encoding === 'gzip' ? gunzipSync(reply.body) : encoding === 'deflate' ? inflateSync(reply.body) : reply.body).toString('utf8')
}
const expectations: Record<keyof typeof pages, string> = {
  trivial: 'ok',
  login: '<form',
  dashboard: g.title,
  analysis: `cycle ${g.currentCycle}`,
  analysisJson: '"cooperative-inquiry.analysis"',
  validity: 'Validity',
}
for (const [key, path] of Object.entries(pages) as [keyof typeof pages, string][]) {
  const reply = await send(server.url + path, { headers: browserHeaders(key === 'trivial' || key === 'login' ? null : member.cookie) })
  const text = decoded(reply)
  if (reply.status !== 200 || !text.includes(expectations[key])) {
    throw new Error(`${path} answered ${reply.status} without "${expectations[key]}": ${text.slice(0, 300)}`)
  }
}

const seq: Record<keyof typeof pages, Sequential> = {} as never
for (const [key, path] of Object.entries(pages) as [keyof typeof pages, string][]) {
  seq[key] = await sequential(server.url, path, browserHeaders(key === 'trivial' || key === 'login' ? null : member.cookie), {
    count: REQUESTS,
    warmup: 5,
    budgetMs: SEQUENTIAL_BUDGET_MS,
    minCount: 20,
  })
  log(
    `  ${key.padEnd(12)} ${path}: p50 ${ms(seq[key].p50Ms)} ms, p95 ${ms(seq[key].p95Ms)} ms over ${seq[key].requests} requests (${seq[key].errors} errors, ${seq[key].bytes} bytes)`,
  )
}
closeConnections()
const memoryAfterPages = memoryOf(server.pid)

log(`${LOAD_CONNECTIONS} concurrent clients on the dashboard for ${LOAD_SECONDS} s…`)
const loadResult: Load = await load(
  server.url,
  pages.dashboard,
  g.people.map((p) => p.cookie),
  LOAD_CONNECTIONS,
  LOAD_SECONDS,
)
log(
  `  ${loadResult.requests} requests, ${loadResult.errors} errors, p50 ${ms(loadResult.p50Ms)} ms, p95 ${ms(loadResult.p95Ms)} ms, ${loadResult.requestsPerSecond.toFixed(1)} req/s`,
)
const memoryAfterLoad = memoryOf(server.pid)

log('exports (JSON archive and REFI-QDA project)…')
const exports = [
  await timeExport(server, g.inquiryId, member.cookie, 'json', EXPORT_RUNS),
  await timeExport(server, g.inquiryId, member.cookie, 'qdpx', EXPORT_RUNS),
]
for (const e of exports)
  log(`  ${e.format}: median ${ms(e.medianMs)} ms of ${e.runs} (max ${ms(e.maxMs)} ms), ${(e.bytes / 1e6).toFixed(2)} MB sent`)
closeConnections()
const memory = memoryOf(server.pid)
const mb = (m: ReturnType<typeof memoryOf>) => (m ? `${m.peakRssMb.toFixed(0)} MB` : '?')
log(
  `server peak RSS (VmHWM): ${mb(memoryAfterPages)} after the sequential pages, ${mb(memoryAfterLoad)} after the load, ${mb(memory)} after the exports`,
)
await server.stop(10_000)

// 3. One table: each figure beside its target.
type Row = { measure: string; figure: string; target: string; result: 'met' | 'missed' | '' }
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
  `Full analysis, 1× (median of ${one.runs}; ${one.ratings} ratings, ${g.revealed.length} cycles + validity review)`,
  one.medianMs,
  ' ms',
  20,
)
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
check(`Trivial page ${pages.trivial} p50 (sequential)`, seq.trivial.p50Ms, ' ms', null)
check(`Trivial page ${pages.trivial} p95 (sequential)`, seq.trivial.p95Ms, ' ms', null)
check(`Login page p95 (sequential)`, seq.login.p95Ms, ' ms', null)
check(`Dashboard p50 (sequential, ${seq.dashboard.requests} requests)`, seq.dashboard.p50Ms, ' ms', null)
check(`Dashboard p95 (sequential, ${seq.dashboard.requests} requests)`, seq.dashboard.p95Ms, ' ms', 30)
check(`Dashboard p95 ÷ trivial page p95`, seq.dashboard.p95Ms / seq.trivial.p95Ms, '×', 10, '≤ 10×', 1)
for (const key of ['analysis', 'analysisJson', 'validity'] as const) {
  check(
    `${key === 'analysis' ? 'Analysis page (charts)' : key === 'analysisJson' ? 'analysis.json' : `Validity page, cycle ${g.currentCycle}`} p50 / p95 (${seq[key].requests} requests)`,
    seq[key].p50Ms,
    ' ms',
    null,
  )
  rows.at(-1)!.figure = `${ms(seq[key].p50Ms)} / ${ms(seq[key].p95Ms)} ms`
}
check(
  `Load: ${LOAD_CONNECTIONS} clients × ${LOAD_SECONDS} s on the dashboard — errors (incl. non-2xx) of ${loadResult.requests} requests`,
  loadResult.errors,
  '',
  0,
  '0',
  0,
)
check(`Load: p50`, loadResult.p50Ms, ' ms', null)
check(`Load: p95`, loadResult.p95Ms, ' ms', 200)
check(`Load: throughput`, loadResult.requestsPerSecond, ' req/s', null, '', 1)
for (const e of exports)
  check(
    `Full ${e.format.toUpperCase()} export over HTTP (median of ${e.runs}; ${(e.bytes / 1e6).toFixed(1)} MB)`,
    e.medianMs,
    ' ms',
    2000,
    '≤ 2000 ms',
  )
check('Server peak RSS (VmHWM, at the end)', memory?.peakRssMb ?? Number.NaN, ' MB', 300, '≤ 300 MB', 0)

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
console.log('')
console.log(
  `${rows.filter((r) => r.result === 'met').length} targets met, ${missed} missed. Run time ${runSeconds.toFixed(0)} s on ${cpus().length} cores; load average ${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after${loadAfter[0]! > 1 || loadBefore[0]! > 1 ? ' — other work was running, so figures are noisy' : ''}.`,
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
      http: { sequential: seq, load: loadResult, exports, memory, memoryAfterPages, memoryAfterLoad },
      table: rows,
    },
    null,
    2,
  ),
)
console.log(`figures written to ${out}`)
process.exit(0)
