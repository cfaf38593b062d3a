// Measuring the production server over HTTP (sequential requests, then autocannon) and its
// memory; the server itself is built and started by tests/support/server.ts.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { gunzipSync, inflateSync } from 'node:zlib'
import autocannon from 'autocannon'
import type { RunningServer } from '../support/server'
import { median, percentile } from './lib'

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

/** A reply's body as the browser reads it: gunzipped or inflated when it came compressed. */
export function decodedBody(reply: Pick<Reply, 'body' | 'headers'>): Buffer {
  const encoding = reply.headers['content-encoding']
  return encoding === 'gzip' ? gunzipSync(reply.body) : encoding === 'deflate' ? inflateSync(reply.body) : reply.body
}

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

export type Sequential = {
  path: string
  requests: number
  errors: number
  p50Ms: number
  p95Ms: number
  maxMs: number
  /** The last reply's size as sent (compressed). */
  bytes: number
  /** The last reply's size uncompressed: the HTML (or JSON) the browser reads. */
  htmlBytes: number
  statuses: Record<string, number>
}

/**
 * `count` requests one after another (after `warmup` unmeasured ones), stopping early once
 * `budgetMs` has passed and at least `minCount` were measured. Non-2xx replies count as errors.
 */
export async function sequential(
  base: string,
  path: string,
  headers: Record<string, string>,
  options: { count: number; warmup: number; budgetMs: number; minCount: number },
): Promise<Sequential> {
  for (let i = 0; i < options.warmup; i += 1) await send(base + path, { headers })
  const samples: number[] = []
  const statuses: Record<string, number> = {}
  let errors = 0
  let bytes = 0
  let last: Reply | undefined
  const started = performance.now()
  for (let i = 0; i < options.count; i += 1) {
    const reply = await send(base + path, { headers })
    samples.push(reply.ms)
    statuses[reply.status] = (statuses[reply.status] ?? 0) + 1
    if (reply.status < 200 || reply.status > 299) errors += 1
    bytes = reply.bytes
    last = reply
    if (samples.length >= options.minCount && performance.now() - started > options.budgetMs) break
  }
  return {
    path,
    requests: samples.length,
    errors,
    p50Ms: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    maxMs: Math.max(...samples),
    bytes,
    htmlBytes: last ? decodedBody(last).length : 0,
    statuses,
  }
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
        requests: [
          {
            method: 'GET',
            path,
            setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: cookies[next++ % cookies.length]! } }),
          },
        ],
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
    path,
    connections,
    seconds,
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
export async function timeExport(
  server: RunningServer,
  inquiryId: string,
  cookie: string,
  format: 'json' | 'qdpx',
  runs: number,
): Promise<ExportTiming> {
  const samples: number[] = []
  let last: Reply | undefined
  for (let i = 0; i < runs; i += 1) {
    last = await send(`${server.url}/inquiries/${inquiryId}/export/download`, {
      method: 'POST',
      headers: { cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'gzip, deflate' },
      body: new URLSearchParams({ format }).toString(),
    })
    if (last.status !== 200) throw new Error(`export ${format} answered ${last.status}: ${last.body.toString('utf8').slice(0, 300)}`)
    samples.push(last.ms)
  }
  return { format, runs, medianMs: median(samples), maxMs: Math.max(...samples), bytes: last?.bytes ?? 0, status: last?.status ?? 0 }
}
