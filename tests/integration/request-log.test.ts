import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import express from 'express'
import type { Logger } from 'pino'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import * as entryServer from '~/entry.server'
import * as rootModule from '~/root'
import { createLogger, setLogger } from '~/utils/log.server'
import { logRequests, nameRoutes, routePattern, routeTree } from '~/utils/request-log.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import { getDb } from '~/utils/db.server'
import { proposeGeneral } from '~/features/groups/groups.server'
import { allowAnonymousDissentOn, createGroupWith, createPerson } from '../factories'
import { flatRoutes } from './fuzz-server'
import { ORIGIN } from './harness'

// Issue 13 item 8: one log line per request (time, method, route pattern, status, ms, id),
// with no query string, token, form body or personal data; errors logged with the request's
// id, which the error page shows so a person can quote it.

/** A logger whose lines the test reads. */
function capture(): { logger: Logger; lines: Record<string, any>[]; raw: string[] } {
  const raw: string[] = []
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void raw.push(line) } })
  return {
    logger,
    raw,
    get lines() {
      return raw.map((l) => JSON.parse(l) as Record<string, any>)
    },
  }
}

const appRoutes = () => {
  const routes: ServerBuild['routes'] = { root: { id: 'root', path: '', module: {} as never } }
  for (const r of flatRoutes()) routes[r.id] = { id: r.id, parentId: r.parentId, path: r.path, index: r.index, module: {} as never }
  return routes
}

describe('route patterns', () => {
  test('name the route a path reached, never the values in it', () => {
    const tree = routeTree(appRoutes())
    expect(routePattern(tree, '/join/abcDEF123secret')).toBe('/join/:token')
    expect(routePattern(tree, '/inquiries/i1/themes/import')).toBe('/inquiries/:inquiryId/themes/import')
    expect(routePattern(tree, '/inquiries/i1/records/r9')).toBe('/inquiries/:inquiryId/records/:recordId')
    expect(routePattern(tree, '/inquiries/i1')).toBe('/inquiries/:inquiryId')
    expect(routePattern(tree, '/healthz')).toBe('/healthz')
    expect(routePattern(tree, '/')).toBe('/')
    expect(routePattern(tree, '/no/such/page')).toBe('/*')
    expect(routePattern(tree, '/inquiries/%E0%A4%A/x')).toBe('/*')
  })
})

describe('the request log', () => {
  let log: ReturnType<typeof capture>
  let server: ReturnType<express.Express['listen']>
  let base: string

  beforeEach(async () => {
    log = capture()
    const app = express()
    app.use(logRequests(log.logger))
    app.use('/static.txt', (_req, res) => void res.type('text/plain').send('static'))
    app.use(nameRoutes(routeTree(appRoutes())))
    app.all('*', express.urlencoded({ extended: false }), (req, res) => {
      res
        .status(req.method === 'POST' ? 400 : 200)
        .type('text/plain')
        .send('answered')
    })
    server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())))

  test('writes one line per request: time, method, route pattern, status, milliseconds and the id it answered with', async () => {
    const a = await fetch(`${base}/join/SECRETtoken42?redirectTo=%2Fgroups%2Fx&email=someone%40example.org`)
    const b = await fetch(`${base}/login?token=RESETsecret`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'finn@example.org', password: 'hunter2 hunter2', displayName: 'Finn Tester' }),
    })
    const c = await fetch(`${base}/static.txt`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const lines = log.lines
    expect(lines).toHaveLength(3)
    const [first, second, third] = lines
    expect(first).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      route: '/join/:token',
      status: 200,
      reqId: a.headers.get('x-request-id'),
    })
    expect(second).toMatchObject({ level: 'info', method: 'POST', route: '/login', status: 400, reqId: b.headers.get('x-request-id') })
    expect(third).toMatchObject({ route: 'static', status: 200, reqId: c.headers.get('x-request-id') })
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(['level', 'method', 'ms', 'msg', 'pid', 'reqId', 'route', 'status', 'time'])
      expect(new Date(line.time).toISOString()).toBe(line.time)
      expect(line.ms).toBeGreaterThanOrEqual(0)
      expect(line.reqId).toMatch(/^[0-9a-f]{16}$/)
    }
    expect(new Set(lines.map((l) => l.reqId)).size).toBe(3)
    const written = log.raw.join('')
    for (const secret of ['SECRETtoken', 'RESETsecret', 'redirectTo', 'example.org', 'hunter2', 'Finn', '?'])
      expect(written).not.toContain(secret)
  })

  test('logs a request the client gave up on, marked as such', async () => {
    const controller = new AbortController()
    const slow = express()
    slow.use(logRequests(log.logger))
    slow.use(nameRoutes(routeTree(appRoutes())))
    slow.get('*', () => setTimeout(() => controller.abort(), 20))
    const other = slow.listen(0, '127.0.0.1')
    await new Promise((resolve) => other.once('listening', resolve))
    await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/groups`, { signal: controller.signal }).catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 100))
    other.close()
    expect(log.lines).toEqual([expect.objectContaining({ route: '/groups', aborted: true })])
  })
})

describe('a stance on an anonymous decision', () => {
  test('leaves no line: the route asks the log to skip it, and the log writes none for it', async () => {
    const db = getDb()
    const people = [await createPerson(db, 'Ana Log'), await createPerson(db, 'Bo Log'), await createPerson(db, 'Cy Log')]
    const groupId = await createGroupWith(db, people)
    const named = await proposeGeneral(db, people[0]!, groupId, { title: 'A named proposal', body: 'Stances by name.' })
    const anonymous = await proposeGeneral(db, people[0]!, groupId, { title: 'An anonymous proposal', body: 'Stances without names.' })
    await allowAnonymousDissentOn(db, anonymous)

    // The route: it asks for no line on the anonymous decision only.
    const asked: string[] = []
    for (const decisionId of [named, anonymous]) {
      const request = new Request(`${ORIGIN}/decisions/${decisionId}`, {
        method: 'POST',
        headers: { Origin: ORIGIN, Cookie: people[1]!.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'stance', stance: 'disagree', reason: '' }),
      })
      const response = await decisionRoute.action({
        request,
        params: { decisionId },
        context: { clientIp: '127.0.0.1', leaveNoLogLine: () => void asked.push(decisionId) },
      })
      expect((response as Response).status).toBe(302)
    }
    expect(asked).toEqual([anonymous])

    // The log: a request that asked writes nothing; the others are written as before.
    const log = capture()
    const app = express()
    app.use(logRequests(log.logger))
    app.use(nameRoutes(routeTree(appRoutes())))
    app.all('*', (req, res) => {
      if (req.query.quiet) res.locals.unlogged = true
      res.status(302).send('')
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await fetch(`${base}/decisions/d1`, { method: 'POST', redirect: 'manual' })
    await fetch(`${base}/decisions/d2?quiet=1`, { method: 'POST', redirect: 'manual' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    server.close()
    expect(log.lines.map((l) => l.route)).toEqual(['/decisions/:decisionId'])
  })
})

describe('an unexpected error', () => {
  let log: ReturnType<typeof capture>
  let previous: Logger | undefined
  beforeEach(() => {
    log = capture()
    previous = setLogger(log.logger)
  })
  afterEach(() => {
    setLogger(previous)
  })

  test('is logged with the request id, and the error page shows that id to quote', async () => {
    const failing = {
      loader: () => {
        throw new Error('the database said no (with a secret detail)')
      },
      default: () => null,
    }
    const routes: ServerBuild['routes'] = {
      root: { id: 'root', path: '', module: rootModule as never },
      'routes/broken': { id: 'routes/broken', parentId: 'root', path: 'broken', module: failing as never },
    }
    const manifestEntry = (id: string, path: string, parentId?: string, hasErrorBoundary = false) => ({
      id,
      parentId,
      path,
      module: `/build/${id}.js`,
      imports: [],
      hasAction: false,
      hasLoader: true,
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary,
    })
    const build: ServerBuild = {
      mode: 'production',
      entry: { module: entryServer as never },
      routes,
      assets: {
        entry: { module: '/build/entry.client.js', imports: [] },
        routes: { root: manifestEntry('root', '', undefined, true), 'routes/broken': manifestEntry('routes/broken', 'broken', 'root') },
        url: '/build/manifest.js',
        version: 'test',
      },
      publicPath: '/build/',
      assetsBuildDirectory: 'public/build',
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: false,
        v3_singleFetch: false,
      },
      isSpaMode: false,
    }
    const handle = createRequestHandler(build, 'production')
    const response = await handle(new Request(`${ORIGIN}/broken?token=abc`), {
      clientIp: '127.0.0.1',
      cspNonce: 'n',
      requestId: '0123456789abcdef',
    })
    expect(response.status).toBe(500)
    const html = await response.text()
    expect(html).toContain('Something went wrong')
    expect(html).toMatch(/quote this reference to whoever runs this server: <code data-request-id="">0123456789abcdef<\/code>/)
    expect(html).not.toContain('secret detail')
    const errors = log.lines.filter((l) => l.level === 'error')
    expect(errors).toEqual([
      expect.objectContaining({
        reqId: '0123456789abcdef',
        method: 'GET',
        msg: 'unexpected error',
        err: expect.objectContaining({ type: 'Error', message: 'the database said no (with a secret detail)' }),
      }),
    ])
    expect(log.raw.join('')).not.toContain('token=abc')
  })
})

describe('where the log goes and how much it says', () => {
  test('LOG_FILE takes the lines instead of standard output; LOG_LEVEL sets how much is written', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'inquiry-log-')), 'logs', 'server.log')
    const script = `
      const { createLogger } = await import('./app/utils/log.server.ts')
      const log = createLogger()
      log.info({ reqId: 'a' }, 'request')
      log.warn({ reqId: 'b' }, 'careful')
      log.debug({ reqId: 'c' }, 'detail')
    `
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, NODE_ENV: 'production', LOG_FILE: file, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toBe('')
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', reqId: 'b', msg: 'careful' })])
  })

  test('a LOG_LEVEL that is not a level stops npm start, naming the variable', () => {
    const run = spawnSync(process.execPath, ['app/cli/start.mjs'], {
      env: { ...process.env, LOG_LEVEL: 'loud' },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent')
  })
})
