import * as build from '@remix-run/dev/server-build'
import { createRequestHandler } from '@remix-run/express'
import { broadcastDevReady, type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { boot } from './boot.server'
import { contentSecurityPolicy, newNonce } from './utils/csp.server'
import { isCrossSiteRequest } from './utils/csrf.server'
import { getEnv } from './utils/env.server'

declare module '@remix-run/node' {
  interface AppLoadContext {
    clientIp: string
    /** The nonce this response's Content-Security-Policy allows inline scripts with. */
    cspNonce?: string
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

async function main() {
  try {
    await boot()
  } catch (error) {
    console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
  const env = getEnv()
  const app = express()
  app.disable('x-powered-by')
  if (env.APP_ORIGIN) app.set('trust proxy', 'loopback')
  // Fast gzip: under load the default level costs about a millisecond a page for a few percent of bytes.
  app.use(compression({ level: 1 }))
  app.use(securityHeaders)
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
  app.use(express.static('public', { maxAge: '1h' }))
  app.use(refuseCrossSite)
  app.all(
    '*',
    createRequestHandler({
      build: build as unknown as ServerBuild,
      mode: build.mode,
      getLoadContext: (req, res) => ({ clientIp: req.ip ?? 'unknown', cspNonce: String(res.locals.cspNonce ?? '') }),
    }),
  )
  const server = app.listen(env.PORT, env.HOST ?? '0.0.0.0', () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : env.PORT
    console.log(`Co-operative inquiry is ready at http://localhost:${port}`)
    if (build.mode === 'development') void broadcastDevReady(build as unknown as ServerBuild)
  })
  const stop = () => server.close(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

void main()
