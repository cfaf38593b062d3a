import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { ServerBuild } from '@remix-run/node'
import { matchRoutes } from '@remix-run/react'
import type express from 'express'
import type { Logger } from 'pino'

// One log line per request: time, method, route pattern, status, milliseconds, request id.
// The pattern (/join/:token), never the URL: tokens live in paths and query strings.

/** A route as React Router matches it: an index route has no children. */
type RouteNode = { id: string; path?: string; caseSensitive?: boolean } & (
  { index: true; children?: undefined } | { index?: false; children?: RouteNode[] }
)

/** The build's flat route manifest as the nested tree React Router matches against (as Remix itself does). */
export function routeTree(routes: ServerBuild['routes']): RouteNode[] {
  const children = new Map<string | undefined, RouteNode[]>()
  for (const route of Object.values(routes)) {
    if (!route) continue
    const node: RouteNode = route.index
      ? { id: route.id, path: route.path, index: true, caseSensitive: route.caseSensitive }
      : { id: route.id, path: route.path, caseSensitive: route.caseSensitive }
    const siblings = children.get(route.parentId) ?? []
    siblings.push(node)
    children.set(route.parentId, siblings)
  }
  const attach = (nodes: RouteNode[]): RouteNode[] =>
    nodes.map((node) => {
      const below = children.get(node.id)
      return below && !node.index ? { ...node, children: attach(below) } : node
    })
  return attach(children.get(undefined) ?? [])
}

/** Patterns of the paths seen lately: React Router flattens and ranks the whole route tree on every match. */
const patterns = new Map<string, string>()
const PATTERNS_KEPT = 2000
let patternsOf: RouteNode[] | null = null

/** The matched route's pattern, e.g. "/inquiries/:inquiryId/themes/import"; "unmatched" when nothing matches. */
export function routePattern(tree: RouteNode[], pathname: string): string {
  if (patternsOf !== tree) {
    patterns.clear()
    patternsOf = tree
  }
  const known = patterns.get(pathname)
  if (known !== undefined) return known
  const pattern = matchPattern(tree, pathname)
  if (patterns.size >= PATTERNS_KEPT) patterns.delete(patterns.keys().next().value!)
  patterns.set(pathname, pattern)
  return pattern
}

function matchPattern(tree: RouteNode[], pathname: string): string {
  // A segment that does not decode would only make React Router warn; it is a dynamic value either way.
  const safe = pathname
    .split('/')
    .map((segment) => {
      try {
        decodeURIComponent(segment)
        return segment
      } catch {
        return '_'
      }
    })
    .join('/')
  const matches = matchRoutes(tree, safe)
  if (!matches) return 'unmatched'
  const parts = matches.map((m) => m.route.path).filter((p): p is string => Boolean(p))
  return `/${parts.join('/')}`.replace(/\/{2,}/g, '/')
}

/** A short id a person can read out from an error page and an operator can find in the log. */
function newRequestId(): string {
  return randomBytes(8).toString('hex')
}

declare module 'express-serve-static-core' {
  interface Locals {
    requestId?: string
    /** The route pattern; unset for files express.static answered. */
    route?: string
    /**
     * Set (through the load context's leaveNoLogLine) by an action whose request must leave no
     * line: a stance on an anonymous decision, whose time and order in the log would date it.
     */
    unlogged?: boolean
  }
}

/** Gives each request an id (res.locals.requestId, the X-Request-Id header) and logs it once it is answered or abandoned. */
export function logRequests(logger: Logger) {
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const started = performance.now()
    const requestId = newRequestId()
    res.locals.requestId = requestId
    res.setHeader('X-Request-Id', requestId)
    let logged = false
    const log = () => {
      if (logged) return
      logged = true
      if (res.locals.unlogged) return
      const line = {
        reqId: requestId,
        method: req.method,
        route: res.locals.route ?? 'static',
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(res.writableFinished ? {} : { aborted: true }),
      }
      if (res.statusCode >= 500) logger.error(line, 'request')
      else logger.info(line, 'request')
    }
    res.once('finish', log)
    res.once('close', log)
    next()
  }
}

/** Names the route a request reached (after the static files, which keep "static"). */
export function nameRoutes(tree: RouteNode[]) {
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    res.locals.route = routePattern(tree, req.path)
    next()
  }
}
