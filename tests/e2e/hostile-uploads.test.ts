import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startServer, SUPERVISOR, type RunningServer } from '../support/server'
import { codebookZipBomb, demoArchive, heapHungryArchive, largeQdpxProject, largeValidArchive } from '../support/hostile-files'

// Issue 13 item 7: no upload stops the server answering /healthz for more than a second, and
// none ends its process; if the process dies anyway, `npm start` starts a new one and says
// why. The server runs as `npm start` runs it (app/cli/start.mjs: its supervisor, the heap
// ceiling of server-node-args.mjs), on a fresh database. /healthz is polled every 100 ms from
// a separate process, so the test's own work (sending 46 MB) cannot delay the probes.
// That is why this file has a server of its own rather than the suite's (global-setup.ts):
// an upload that did take it down must not take the other files' server with it.

const MB = 1024 * 1024

type Line = Record<string, unknown> & { msg?: string }
type Probe = { at: number; ms: number; status: number }

let dir: string
let base: string
let supervisor: RunningServer | undefined
let poller: ChildProcess
const output = () => supervisor?.output() ?? ''
const probes: Probe[] = []
let cookie = ''
let inquiryId = ''

/** The JSON lines the supervisor and the server have logged so far. */
function logLines(): Line[] {
  return output()
    .split('\n')
    .flatMap((line) => {
      if (!line.startsWith('{')) return []
      try {
        return [JSON.parse(line) as Line]
      } catch {
        return []
      }
    })
}

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}. Output so far:\n${output().slice(-4000)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const serverPids = () =>
  logLines()
    .filter((l) => l.role === 'supervisor' && typeof l.serverPid === 'number' && /started$/.test(String(l.msg)))
    .map((l) => l.serverPid as number)
const deaths = () => logLines().filter((l) => l.role === 'supervisor' && / ended: /.test(String(l.msg)))

const POLLER = `
const url = process.env.HEALTHZ_URL
for (;;) {
  const started = performance.now()
  let status = 0
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10000) })
    await response.text()
    status = response.status
  } catch {}
  process.stdout.write(JSON.stringify({ at: Date.now(), ms: performance.now() - started, status }) + '\\n')
  await new Promise((resolve) => setTimeout(resolve, 100))
}
`

/** Runs `send` while /healthz is probed; returns the response and the probes made meanwhile. */
async function whileProbing(send: () => Promise<Response>): Promise<{ response: Response; html: string; probes: Probe[] }> {
  const from = Date.now()
  const response = await send()
  const html = await response.text()
  // The probe in flight when the answer came is part of the picture too.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const during = probes.filter((p) => p.at >= from)
  return { response, html, probes: during }
}

function expectAnswering(during: Probe[], what: string) {
  expect(during.length, `probes of /healthz during ${what}`).toBeGreaterThan(0)
  const worst = Math.max(...during.map((p) => p.ms))
  console.log(`${what}: ${during.length} probes of /healthz, slowest ${Math.round(worst)} ms`)
  expect(
    during.filter((p) => p.status !== 200),
    `failed probes during ${what}`,
  ).toEqual([])
  expect(worst, `slowest /healthz answer during ${what} (ms)`).toBeLessThan(1000)
}

function upload(path: string, field: string, data: Uint8Array | string, filename: string, extra: Record<string, string> = {}) {
  const form = new FormData()
  for (const [k, v] of Object.entries(extra)) form.set(k, v)
  form.set(field, new Blob([data as BlobPart]), filename)
  return fetch(base + path, { method: 'POST', redirect: 'manual', headers: { Origin: base, Cookie: cookie }, body: form })
}

function memoryOf(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0)
  return `resident ${Math.round(kb('VmRSS') / 1024)} MB, peak ${Math.round(kb('VmHWM') / 1024)} MB`
}

const currentPid = () => serverPids().at(-1)!

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'inquiry-hostile-'))
  // npm start builds first when the sources are newer than the build: allow for it.
  supervisor = await startServer({
    script: SUPERVISOR,
    databaseUrl: join(dir, 'hostile.sqlite'),
    // One server process: the memory measured is that process's, and the upload goes to it.
    env: { LOG_LEVEL: 'info', WEB_CONCURRENCY: '1' },
    readyTimeoutMs: 180_000,
  })
  base = supervisor.url

  poller = spawn(process.execPath, ['--input-type=module', '-e', POLLER], {
    env: { ...process.env, HEALTHZ_URL: `${base}/healthz` },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let partial = ''
  poller.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n')
    partial = lines.pop()!
    for (const line of lines) probes.push(JSON.parse(line) as Probe)
  })

  const signup = await fetch(`${base}/signup`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ displayName: 'Hana Hostile', email: 'hana.hostile@example.org', password: 'a long enough password' }),
  })
  expect(signup.status).toBe(302)
  cookie = signup.headers.get('set-cookie')!.split(';')[0]!
  // An inquiry of her own (the demo archive, small), for the codebook import.
  const imported = await upload('/import', 'archive', JSON.stringify(demoArchive()), 'demo.json')
  expect(imported.status).toBe(302)
  inquiryId = imported.headers.get('location')!.split('/').pop()!
  await until('the first probes', () => probes.length >= 3)
}, 240_000)

afterAll(async () => {
  poller?.kill('SIGTERM')
  await supervisor?.stop(10_000)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('hostile uploads do not take the server down', () => {
  test('a 46 MB JSON archive is refused with the largest size accepted, and the server keeps answering', async () => {
    const pid = currentPid()
    const body = heapHungryArchive(46_000_000)
    const { response, html, probes: during } = await whileProbing(() => upload('/import', 'archive', body, 'huge.json'))
    expect(response.status).toBe(400)
    expect(html).toContain('The archive is 44 MB; the largest accepted is 32 MB.')
    expectAnswering(during, 'the 46 MB archive')
    expect(currentPid()).toBe(pid)
    expect(deaths()).toEqual([])
    console.log(`after the 46 MB archive: ${memoryOf(pid)}`)
  })

  test('a 31 MB archive that would need more memory than an import has is refused, and only its worker ends', async () => {
    const pid = currentPid()
    const body = heapHungryArchive(31 * MB)
    const { response, html, probes: during } = await whileProbing(() => upload('/import', 'archive', body, 'hungry.json'))
    expect(response.status).toBe(400)
    // Either the worker's heap ceiling stops it, or (if it fits) the schema finds its ratings repeated.
    expect(html).toMatch(/This archive holds more than this installation can read in one import|repeats Member/)
    expectAnswering(during, 'the 31 MB heap-hungry archive')
    expect(currentPid()).toBe(pid)
    expect(deaths()).toEqual([])
    console.log(`after the 31 MB heap-hungry archive: ${memoryOf(pid)}`)
  })

  test('a valid 27 MB archive is imported while /healthz keeps answering', async () => {
    const pid = currentPid()
    const body = largeValidArchive(27_000_000)
    const { response, probes: during } = await whileProbing(() => upload('/import', 'archive', body, 'large.json', { seat: 'Member B' }))
    expect(response.status).toBe(302)
    const location = response.headers.get('location')!
    expect(location).toMatch(/^\/inquiries\/[\w-]+$/)
    expectAnswering(during, 'the valid 27 MB archive')
    const page = await fetch(base + location, { headers: { Cookie: cookie } })
    expect(page.status).toBe(200)
    expect(currentPid()).toBe(pid)
    expect(deaths()).toEqual([])
    console.log(`after the valid 27 MB archive: ${memoryOf(pid)}`)
  })

  test('a 160 KB .qdpx whose project.qde inflates to 47 MB of codes is refused by the codebook import', async () => {
    const pid = currentPid()
    const bomb = codebookZipBomb(47_000_000)
    expect(bomb.byteLength).toBeLessThan(200 * 1024)
    const {
      response,
      html,
      probes: during,
    } = await whileProbing(() => upload(`/inquiries/${inquiryId}/themes/import`, 'codebook', bomb, 'bomb.qdpx'))
    expect(response.status).toBe(400)
    expect(html).toContain('This file is not a REFI-QDA project: its project.qde holds more than 2,000 codes')
    expectAnswering(during, 'the .qdpx zip bomb')
    expect(currentPid()).toBe(pid)
    expect(deaths()).toEqual([])
    console.log(`after the .qdpx zip bomb: ${memoryOf(pid)}`)
  })
})

describe('a large codebook at the limits', () => {
  test('a .qdpx whose project.qde is 15 MB of 190,000 elements is read, and /healthz keeps answering', async () => {
    const pid = currentPid()
    const project = largeQdpxProject(15_000_000, 190_000)
    const {
      response,
      html,
      probes: during,
    } = await whileProbing(() => upload(`/inquiries/${inquiryId}/themes/import`, 'codebook', project, 'large.qdpx'))
    // The codes were read; whether themes may be proposed now depends on the inquiry's phase.
    expect(html).not.toContain('This file is not a REFI-QDA project')
    expect([200, 409]).toContain(response.status)
    expectAnswering(during, `a ${Math.round(project.byteLength / 1024)} KB .qdpx of 15 MB XML`)
    expect(currentPid()).toBe(pid)
    console.log(`after the large .qdpx: ${memoryOf(pid)}`)
  })
})

describe('the request log', () => {
  test('has one line per request with its route pattern, status, time and id, and no token, query or email', async () => {
    const before = output().length
    const join = await fetch(`${base}/join/SECRETtoken0123456789?redirectTo=%2Fgroups&email=leak%40example.org`, { redirect: 'manual' })
    const login = await fetch(`${base}/login?next=QUERYSECRET`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'hana.hostile@example.org', password: 'a long enough password' }),
    })
    const id = join.headers.get('x-request-id')
    expect(id).toMatch(/^[0-9a-f]{16}$/)
    const lines = await until('both request lines', () => {
      const found = logLines().filter((l) => l.msg === 'request' && (l.reqId === id || l.reqId === login.headers.get('x-request-id')))
      return found.length === 2 ? found : undefined
    })
    const byId = new Map(lines.map((l) => [l.reqId, l]))
    expect(byId.get(id)).toMatchObject({ level: 'info', method: 'GET', route: '/join/:token', status: join.status, reqId: id })
    expect(byId.get(login.headers.get('x-request-id'))).toMatchObject({ method: 'POST', route: '/login', status: login.status })
    for (const line of lines) {
      expect(new Date(String(line.time)).toISOString()).toBe(line.time)
      expect(typeof line.ms).toBe('number')
      expect(Object.keys(line).sort()).toEqual(['level', 'method', 'ms', 'msg', 'pid', 'reqId', 'route', 'status', 'time'])
    }
    const written = output().slice(before)
    for (const secret of ['SECRETtoken', 'QUERYSECRET', 'leak', 'hana.hostile', 'redirectTo', 'long enough'])
      expect(written).not.toContain(secret)
  })
})

describe('npm start supervises the server', () => {
  test('a server process that is killed is started again, and the supervisor logs why', async () => {
    const pid = currentPid()
    process.kill(pid, 'SIGKILL')
    const death = await until('the supervisor to log the death', () => deaths().find((l) => l.serverPid === pid))
    expect(death).toMatchObject({ level: 'error', signal: 'SIGKILL', reason: 'it was ended by SIGKILL' })
    expect(String(death.msg)).toBe(`server process ${pid} ended: it was ended by SIGKILL; starting a new one`)
    const next = await until('a new server process', () => serverPids().find((p) => p !== pid))
    expect(next).not.toBe(pid)
    await until(
      'the new server to answer',
      () => probes.at(-1)?.status === 200 && probes.at(-1)!.at > Number(new Date(String(death.time))) + 100,
      60_000,
    )
    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(200)
    // The session outlives the process: it is in the database.
    const page = await fetch(`${base}/inquiries/${inquiryId}`, { headers: { Cookie: cookie } })
    expect(page.status).toBe(200)
  }, 90_000)
})
