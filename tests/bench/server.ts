// The production server for the benchmark: built if missing or stale, started on the
// generated database, measured over HTTP (sequential requests, then autocannon), stopped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { median, percentile } from './lib'
import { freePort } from '../support/free-port'

const BUILD = 'build/index.js'
const SOURCES = ['app', 'db', 'remix.config.js', 'package.json']
const READY_LINE = /Co-operative inquiry is ready at http:\/\/localhost:(\d+)/

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** Runs `remix build` when build/index.js is missing or older than its sources (as `npm start` does). */
export function ensureBuild(root: string, log: (line: string) => void): { built: boolean; ms: number } {
  const build = join(root, BUILD)
  const stale = !existsSync(build) || SOURCES.some((s) => existsSync(join(root, s)) && newestMtime(join(root, s)) > statSync(build).mtimeMs)
  if (!stale) return { built: false, ms: 0 }
  if (process.env.BENCH_SKIP_BUILD === '1' && existsSync(build)) {
    log('build/index.js is older than its sources, but BENCH_SKIP_BUILD=1: measuring the existing build')
    return { built: false, ms: 0 }
  }
  log('build/index.js is missing or stale: running remix build…')
  const started = performance.now()
  const result = spawnSync(join(root, 'node_modules/.bin/remix'), ['build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 300_000 })
  if (result.status !== 0) throw new Error(`remix build failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`)
  return { built: true, ms: performance.now() - started }
}


/**
 * A separate process that enforces the run's hard time limit even while the benchmark's own
 * event loop is busy: when the time is up it kills the server and the benchmark, and if the
 * benchmark dies first (its IPC channel closes) it kills the server, so none is left behind.
 */
export function startWatchdog(timeoutMs: number, scratchDir: string) {
  const script = `
    let server = 0
    const killServer = () => { if (server) { try { process.kill(server, 'SIGKILL') } catch {} } }
    process.on('message', (m) => { if (m && typeof m.server === 'number') server = m.server; if (m && m.server === 0) server = 0 })
    process.on('disconnect', () => { killServer(); process.exit(0) })
    setTimeout(() => {
      console.error('bench: hard time limit of ' + (${timeoutMs} / 1000) + ' s reached (BENCH_TIMEOUT_SECONDS); stopping')
      killServer()
      try { process.kill(${process.pid}, 'SIGKILL') } catch {}
      try { require('node:fs').rmSync(${JSON.stringify(scratchDir)}, { recursive: true, force: true }) } catch {}
      process.exit(0)
    }, ${timeoutMs})
  `
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  child.unref()
  child.channel?.unref()
  return {
    watch: (pid: number) => child.send({ server: pid }),
    stop: () => child.kill('SIGKILL'),
  }
}

export type RunningServer = { process: ChildProcess; pid: number; base: string; origin: string; output: () => string }

export async function startServer(root: string, databasePath: string, secrets: { session: string; ballot: string }, extraNodeArgs: string[] = []): Promise<RunningServer> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    DATABASE_URL: databasePath,
    SEED_DEMO: 'false',
    PASSWORD_HASH_LOG_N: '12',
    SESSION_SECRET: secrets.session,
    BALLOT_KEY: secrets.ballot,
  }
  delete env.APP_ORIGIN
  delete env.TEMPLATES_DIR
  const child = spawn(process.execPath, [...extraNodeArgs, BUILD], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server was not ready within 60 s:\n${output}`)), 60_000)
    const check = () => {
      if (READY_LINE.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`the server exited before it was ready (${code ?? signal}):\n${output}`))
    })
  })
  const base = `http://127.0.0.1:${port}`
  return { process: child, pid: child.pid!, base, origin: base, output: () => output }
}

export function stopServer(server: RunningServer | undefined): Promise<void> {
  const child = server?.process
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** Peak and current resident memory of a process, in MB, from /proc. */
export function memoryOf(pid: number): { peakRssMb: number; rssMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
    return { peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 }
  } catch {
    return null
  }
}

/** What a browser sends with a page request (compression included), plus the member's session. */
export function browserHeaders(cookie: string | null): Record<string, string> {
  return {
    accept: 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8',
    'accept-encoding': 'gzip, deflate',
    ...(cookie ? { cookie } : {}),
  }
}

type Reply = { status: number; bytes: number; ms: number; body: Buffer; headers: Record<string, string | string[] | undefined> }

const agent = new Agent({ keepAlive: true, maxSockets: 1 })

/** One request over a kept-alive connection, timed from sending to the last byte. */
export function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const body = Buffer.concat(chunks)
        resolve({ status: res.statusCode ?? 0, bytes: body.length, ms: performance.now() - started, body, headers: res.headers })
      })
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`timed out: ${url}`)))
    req.on('error', reject)
    if (options.body) req.end(options.body)
    else req.end()
  })
}

export function closeConnections() {
  agent.destroy()
}

export type Sequential = { path: string; requests: number; errors: number; p50Ms: number; p95Ms: number; maxMs: number; bytes: number; statuses: Record<string, number> }

/**
 * `count` requests one after another (after `warmup` unmeasured ones), stopping early once
 * `budgetMs` has passed and at least `minCount` were measured. Non-2xx replies count as errors.
 */
export async function sequential(base: string, path: string, headers: Record<string, string>, options: { count: number; warmup: number; budgetMs: number; minCount: number }): Promise<Sequential> {
  for (let i = 0; i < options.warmup; i += 1) await send(base + path, { headers })
  const samples: number[] = []
  const statuses: Record<string, number> = {}
  let errors = 0
  let bytes = 0
  const started = performance.now()
  for (let i = 0; i < options.count; i += 1) {
    const reply = await send(base + path, { headers })
    samples.push(reply.ms)
    statuses[reply.status] = (statuses[reply.status] ?? 0) + 1
    if (reply.status < 200 || reply.status > 299) errors += 1
    bytes = reply.bytes
    if (samples.length >= options.minCount && performance.now() - started > options.budgetMs) break
  }
  return { path, requests: samples.length, errors, p50Ms: percentile(samples, 50), p95Ms: percentile(samples, 95), maxMs: Math.max(...samples), bytes, statuses }
}

export type Load = {
  path: string
  connections: number
  seconds: number
  requests: number
  errors: number
  non2xx: number
  connectionErrors: number
  timeouts: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
  requestsPerSecond: number
  statuses: Record<string, number>
}

/** `connections` concurrent clients for `seconds` on one page, each request with one of the members' sessions. */
export async function load(base: string, path: string, cookies: string[], connections: number, seconds: number): Promise<Load> {
  let next = 0
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base + path,
        connections,
        duration: seconds,
        timeout: 10,
        headers: browserHeaders(null),
        requests: [{ method: 'GET', path, setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: cookies[next++ % cookies.length]! } }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime)
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
    })
  })
  const requests = latencies.length
  return {
    path, connections, seconds,
    requests,
    errors: result.errors + result.non2xx,
    non2xx: result.non2xx,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
    requestsPerSecond: requests / seconds,
    statuses,
  }
}

export type ExportTiming = { format: string; runs: number; medianMs: number; maxMs: number; bytes: number; status: number }

/** The export page's download: POST with the form, a same-origin Origin header and the session. */
export async function timeExport(server: RunningServer, inquiryId: string, cookie: string, format: 'json' | 'qdpx', runs: number): Promise<ExportTiming> {
  const samples: number[] = []
  let last: Reply | undefined
  for (let i = 0; i < runs; i += 1) {
    last = await send(`${server.base}/inquiries/${inquiryId}/export/download`, {
      method: 'POST',
      headers: { cookie, origin: server.origin, 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'gzip, deflate' },
      body: new URLSearchParams({ format }).toString(),
    })
    if (last.status !== 200) throw new Error(`export ${format} answered ${last.status}: ${last.body.toString('utf8').slice(0, 300)}`)
    samples.push(last.ms)
  }
  return { format, runs, medianMs: median(samples), maxMs: Math.max(...samples), bytes: last?.bytes ?? 0, status: last?.status ?? 0 }
}
