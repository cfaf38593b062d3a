import * as build from '@remix-run/dev/server-build'
import { createRequestHandler } from '@remix-run/express'
import { broadcastDevReady, type ServerBuild } from '@remix-run/node'
import cluster from 'node:cluster'
import { isMainThread } from 'node:worker_threads'
import compression from 'compression'
import type { Logger } from 'pino'
import express from 'express'
import { boot } from './boot.server'
import { writeSessionReminders } from './features/co-counselling/reminders.server'
import { closeDueBeforeRequest, startDecisionClock } from './features/decisions/closer.server'
import { kickMailer, startMailer } from './features/mail/mailer.server'
import { contentSecurityPolicy, newNonce } from './utils/csp.server'
import { isCrossSiteRequest } from './utils/csrf.server'
import { getEnv } from './utils/env.server'
import { drainedOf } from './utils/http.server'
import { errorFields, getLogger } from './utils/log.server'
import { servePagesKept, type PageToKeep } from './utils/page-cache.server'
import { withSessionLookups } from './utils/session.server'
import { logRequests, nameRoutes, routeTree } from './utils/request-log.server'

declare module '@remix-run/node' {
  interface AppLoadContext {
    clientIp: string
    /** The nonce this response's Content-Security-Policy allows inline scripts with. */
    cspNonce?: string
    /** This request's id, as in the request log and the X-Request-Id header, for the error page. */
    requestId?: string
    /** Asks the request log to write no line for this request (an anonymous stance: its time would date it). */
    leaveNoLogLine?: () => void
    /** Set when this page, once rendered, is kept until its inquiry's data changes (utils/page-cache.server.ts). */
    pageToKeep?: PageToKeep
    /** Resolves once the connection can take more (at once unless its buffer is full, or when it closes): a download's pace. */
    drained?: () => Promise<void>
  }
}

function securityHeaders(_req: express.Request, res: express.Response, next: express.NextFunction) {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'same-origin')
  res.setHeader('X-Frame-Options', 'DENY')
  const nonce = newNonce()
  res.locals.cspNonce = nonce
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce))
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  next()
}

function refuseCrossSite(req: express.Request, res: express.Response, next: express.NextFunction) {
  const crossSite = isCrossSiteRequest({
    method: req.method,
    origin: req.get('origin'),
    secFetchSite: req.get('sec-fetch-site'),
    host: req.get('host'),
    appOrigin: getEnv().APP_ORIGIN,
  })
  if (crossSite) {
    res.status(403).type('text/plain').send('This request came from another site and was refused.')
    return
  }
  next()
}

/** What no route handled: logged with the request id, answered with it and nothing else. */
function answerFailure(error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) {
  const requestId = res.locals.requestId
  getLogger().error({ reqId: requestId, route: res.locals.route, err: errorFields(error) }, 'request failed')
  if (res.headersSent) {
    res.destroy()
    return
  }
  res
    .status(500)
    .type('text/plain')
    .send(`Something went wrong on the server. If it keeps happening, quote this reference: ${requestId ?? 'none'}.`)
}

async function main() {
  // Under `npm start` this is one of WEB_CONCURRENCY server processes (app/cli/start.mjs): the
  // first boots alone, so only it says what the boot did, and the supervisor prints the ready line.
  // The supervisor tells each which it is by SERVER_WORKER, kept when it restarts one, so a new
  // first process is first too; a server started on its own is its own first.
  const first = !cluster.isWorker || process.env.SERVER_WORKER === '1'
  const say = first ? (line: string) => console.log(line) : () => {}
  let log: Logger
  try {
    log = getLogger()
    await boot(say)
  } catch (error) {
    console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
  // A failure nothing caught leaves the process in an unknown state: log it and end, and
  // `npm start`'s supervisor starts a fresh server.
  process.on('uncaughtException', (error) => {
    log.fatal({ err: errorFields(error) }, 'uncaught exception; the server process ends')
    process.exit(1)
  })
  process.on('unhandledRejection', (reason) => {
    log.fatal({ err: errorFields(reason) }, 'unhandled rejection; the server process ends')
    process.exit(1)
  })
  const env = getEnv()
  const app = express()
  app.disable('x-powered-by')
  if (env.APP_ORIGIN) app.set('trust proxy', 'loopback')
  app.use(logRequests(log))
  // A page's loaders (the root's and the page's) look the session up once between them. Only
  // for reads: an action may start or end a session before the loaders run.
  app.use((req, _res, next) => (req.method === 'GET' || req.method === 'HEAD' ? withSessionLookups(next) : next()))
  // Fast gzip: under load the default level costs about a millisecond a page for a few percent of bytes.
  app.use(compression({ level: 1 }))
  app.use(securityHeaders)
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
  app.use(express.static('public', { maxAge: '1h' }))
  app.use(nameRoutes(routeTree((build as unknown as ServerBuild).routes)))
  app.use(refuseCrossSite)
  // A proposal whose closing time has passed is closed before any page is answered.
  app.use((_req, _res, next) => {
    closeDueBeforeRequest().then(() => next(), next)
  })
  // A member's inquiry page already rendered at the inquiry's data version is answered as kept.
  app.use(servePagesKept())
  // A request that may have written mail to the outbox sends it once its transaction is over.
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') res.on('finish', () => kickMailer())
    next()
  })
  app.all(
    '*',
    createRequestHandler({
      build: build as unknown as ServerBuild,
      mode: build.mode,
      getLoadContext: (req, res) => ({
        clientIp: req.ip ?? 'unknown',
        cspNonce: String(res.locals.cspNonce ?? ''),
        requestId: res.locals.requestId,
        leaveNoLogLine: () => {
          res.locals.unlogged = true
        },
        pageToKeep: res.locals.pageToKeep as PageToKeep | undefined,
        drained: () => drainedOf(res),
      }),
    }),
  )
  app.use(answerFailure)
  // The periodic jobs (the outbox's poll, the hourly digests, closing due proposals) run in the
  // first process alone: in every one, N processes would make N runs of each. The kicks after a
  // request (above) stay in every process.
  if (first) {
    // Co-counselling reminders (issue 19): every five minutes, so a session booked for later today is reminded too.
    startMailer(say, [{ what: 'co-counselling reminders', everyMs: 300_000, write: (db) => writeSessionReminders(db) }])
    startDecisionClock()
  }
  const server = app.listen(env.PORT, env.HOST ?? '0.0.0.0', () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : env.PORT
    if (!cluster.isWorker) console.log(`Co-operative inquiry is ready at http://localhost:${port}`)
    if (build.mode === 'development') void broadcastDevReady(build as unknown as ServerBuild)
  })
  const stop = () => server.close(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

// This bundle is also what a worker thread loads to read a large upload off the request
// path (utils/off-thread.server.ts); only the main thread serves.
if (isMainThread) void main()
