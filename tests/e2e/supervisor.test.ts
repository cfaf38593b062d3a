import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { childPids, READY_LINE, startServer, SUPERVISOR, type RunningServer } from '../support/server'

// `npm start` runs WEB_CONCURRENCY server processes (app/cli/start.mjs): node:cluster workers
// sharing one port and one database. The first boots alone (migrations, the demo, the
// secrets), the others after it; the ready line is printed once; a process that dies is
// replaced; SIGTERM stops them all.

type Line = { role?: string; msg?: string; serverPid?: number; pid?: number; worker?: number }

let dir: string
let supervisor: RunningServer

const lines = (): Line[] =>
  supervisor
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line)
const supervisorSays = (pattern: RegExp) => lines().filter((l) => l.role === 'supervisor' && pattern.test(String(l.msg)))

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = probe()
    if (value) return value
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}. Output:\n${supervisor.output().slice(-3000)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** One request on a connection of its own, so the cluster hands each to the next process. */
const healthz = () =>
  new Promise<number>((resolve, reject) => {
    get(`${supervisor.url}/healthz`, { agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    }).on('error', reject)
  })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'inquiry-supervisor-'))
  // npm start builds first when the sources are newer than the build: allow for it.
  supervisor = await startServer({
    script: SUPERVISOR,
    databaseUrl: join(dir, 'inquiry.sqlite'),
    env: { WEB_CONCURRENCY: '2', SEED_DEMO: 'true', LOG_LEVEL: 'info' },
    readyTimeoutMs: 180_000,
  })
}, 240_000)

afterAll(async () => {
  await supervisor?.stop(15_000)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('npm start with WEB_CONCURRENCY=2', () => {
  test('the first process boots alone and seeds the demo once; then the second starts; the ready line is printed once', async () => {
    const order = lines()
      .filter((l) => l.role === 'supervisor' && l.worker !== undefined && /started$|listening$/.test(String(l.msg)))
      .map((l) => `${l.worker} ${String(l.msg).split(' ').pop()}`)
    expect(order).toEqual(['1 started', '1 listening', '2 started', '2 listening'])
    expect(supervisor.output().match(new RegExp(READY_LINE.source, 'g'))).toHaveLength(1)
    expect(supervisor.output().match(/Demo inquiry "Staying with silence" created/g)).toHaveLength(1)
    const db = new Database(join(dir, 'inquiry.sqlite'), { readonly: true })
    try {
      expect(db.prepare(`select count(*) as n from inquiries where title = 'Staying with silence'`).get()).toEqual({ n: 1 })
    } finally {
      db.close()
    }
    for (const secret of ['session-secret', 'ballot-key', 'mail-secret']) expect(existsSync(join(dir, secret))).toBe(true)
    expect(childPids(supervisor.pid)).toHaveLength(2)
  })

  test('both processes answer requests on the one port', async () => {
    for (let i = 0; i < 12; i += 1) expect(await healthz()).toBe(200)
    const workers = childPids(supervisor.pid)
    const answered = await until('request lines from both processes', () => {
      const pids = new Set(lines().flatMap((l) => (l.msg === 'request' && l.pid ? [l.pid] : [])))
      return pids.size === 2 ? pids : undefined
    })
    expect([...answered].sort()).toEqual([...workers].sort())
  })

  test('a server process killed is replaced, logged with why, while the other keeps answering', async () => {
    const [victim, survivor] = childPids(supervisor.pid) as [number, number]
    process.kill(victim, 'SIGKILL')
    const [death] = await until('the death to be logged', () => {
      const found = supervisorSays(/ ended: /).filter((l) => l.serverPid === victim)
      return found.length ? found : undefined
    })
    expect(death!.msg).toBe(`server process ${victim} ended: it was ended by SIGKILL; starting a new one`)
    expect(await healthz()).toBe(200)
    const now = await until('a new process listening in its place', () => {
      const pids = childPids(supervisor.pid)
      const listening = new Set(supervisorSays(/listening$/).map((l) => l.serverPid))
      return pids.length === 2 && !pids.includes(victim) && pids.every((pid) => listening.has(pid)) ? pids : undefined
    })
    expect(now).toContain(survivor)
    // Still one ready line, still one demo.
    expect(supervisor.output().match(new RegExp(READY_LINE.source, 'g'))).toHaveLength(1)
    expect(supervisor.output().match(/Demo inquiry "Staying with silence" created/g)).toHaveLength(1)
  })

  test('SIGTERM stops every server process and the supervisor', async () => {
    const workers = childPids(supervisor.pid)
    await supervisor.stop(15_000)
    expect(supervisor.child.exitCode).toBe(0)
    expect(
      supervisorSays(/stopped$/)
        .map((l) => l.serverPid)
        .sort(),
    ).toEqual([...workers].sort())
    for (const pid of workers) expect(existsSync(`/proc/${pid}`)).toBe(false)
  })
})

test('a WEB_CONCURRENCY that is not a whole number of processes stops npm start, naming the variable', () => {
  for (const value of ['0', 'two', '1.5']) {
    const run = spawnSync(process.execPath, [SUPERVISOR], {
      env: { ...process.env, WEB_CONCURRENCY: value },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`WEB_CONCURRENCY: must be a whole number of server processes, 1 or more (not "${value}")`)
  }
})

test('a server that cannot boot is started again, waiting longer each time, until it has ended 6 times in a minute: then npm start gives up', async () => {
  const run = spawnSync(process.execPath, [SUPERVISOR], {
    env: { ...process.env, WEB_CONCURRENCY: '2', DATABASE_URL: 'ftp://nowhere/inquiry', LOG_LEVEL: 'info' },
    encoding: 'utf8',
    timeout: 90_000,
  })
  expect(run.status).toBe(1)
  expect(run.stderr).toContain('Cannot start: DATABASE_URL: unsupported scheme')
  const logged = run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line & { restartInMs?: number; level?: string })
  // Only the first process is ever started: the others wait for it to listen.
  expect(new Set(logged.map((l) => l.worker).filter((w) => w !== undefined))).toEqual(new Set([1]))
  expect(logged.filter((l) => l.restartInMs !== undefined).map((l) => l.restartInMs)).toEqual([250, 500, 1000, 2000, 4000])
  expect(logged.at(-1)).toMatchObject({
    level: 'fatal',
    msg: expect.stringContaining('it ended 6 times within a minute, so it is not restarted'),
  })
}, 120_000)
