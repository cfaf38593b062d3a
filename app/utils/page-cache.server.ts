import type express from 'express'
import { inquiryVersion } from '~db/queries/inquiries'
import { keep, kept } from './cache.server'
import { getDb } from './db.server'
import { userOfCookie } from './session.server'

// A member's page of an inquiry, as rendered, kept until the inquiry's data version moves
// (migration 15; app/utils/cache.server.ts): a page whose numbers change only when the group
// writes costs, between writes, a session lookup, a version lookup and its bytes. Only pages
// whose loaders read nothing but the inquiry's data and the viewer (every table they read moves
// the version) are kept, only for the member they were rendered for, only a 200 with no cookie
// set, and only the document (a `?_data=` request runs its loader, itself mostly kept). The
// page's CSP nonce is kept as a placeholder and replaced by this response's own.

/** Route patterns (request-log.server's names) whose pages are kept. */
const KEPT_PAGES = new Set([
  '/inquiries/:inquiryId',
  '/inquiries/:inquiryId/analysis',
  '/inquiries/:inquiryId/records',
  '/inquiries/:inquiryId/themes',
  '/inquiries/:inquiryId/themes/:themeId',
  '/inquiries/:inquiryId/ratings',
  '/inquiries/:inquiryId/challenges',
  '/inquiries/:inquiryId/plans',
  '/inquiries/:inquiryId/cycles/:cycleNumber/validity',
])

/** What a page's render needs to keep it (passed from here to entry.server.tsx through the load context). */
export type PageToKeep = { inquiryId: string; key: string; version: number }

type KeptPage = { html: string; headers: [string, string][] }

const NONCE_PLACEHOLDER = '\u0000nonce\u0000'

/** Answers a kept page, or marks the request so that its page is kept once rendered (res.locals.pageToKeep). */
export function servePagesKept() {
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'GET' || !KEPT_PAGES.has(String(res.locals.route)) || '_data' in req.query) return next()
    const inquiryId = inquiryIdOf(req.path)
    const query = keptQuery(req)
    if (!inquiryId || query === null) return next()
    void (async () => {
      const user = await userOfCookie(req.get('cookie') ?? null)
      if (!user) return next()
      // No version row, no inquiry by this id: never keep what such a request renders.
      const version = await inquiryVersion(getDb(), inquiryId)
      if (version === null) return next()
      const key = `page:${user.id}:${inquiryId}:${query}:${req.path.split('/').slice(3).join('/')}`
      const page = kept<KeptPage>(inquiryId, key, version)
      if (!page) {
        res.locals.pageToKeep = { inquiryId, key, version } satisfies PageToKeep
        return next()
      }
      for (const [name, value] of page.headers) res.setHeader(name, value)
      // Says the page was kept (for whoever runs the server, and for the tests that check it is).
      res.setHeader('Server-Timing', 'page;desc="kept"')
      res.status(200).send(page.html.split(NONCE_PLACEHOLDER).join(String(res.locals.cspNonce ?? '')))
    })().catch(next)
  }
}

/**
 * The inquiry's id as the router reads it: percent-decoded, and held to the pattern ids have
 * (requireParam), so that `/inquiries/%61bc` is kept under `abc`, whose version moves with it.
 */
function inquiryIdOf(path: string): string | null {
  let id: string
  try {
    id = decodeURIComponent(path.split('/')[2] ?? '')
  } catch {
    return null
  }
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null
}

/** The query parameters the kept pages read (filters, paging, a challenge's preselected target). */
const KEPT_QUERY = new Set(['page', 'cycle', 'round', 'phase', 'member', 'way', 'linkCycle', 'linkPage', 'target'])

/**
 * The query as part of a kept page's key: its known parameters in one order. Null when it has
 * any other: such a page is rendered afresh and not kept, so that junk queries cannot crowd the
 * cache, and a parameter a page comes to read is never served from another value's page.
 */
function keptQuery(req: express.Request): string | null {
  const params = [...new URL(req.originalUrl, 'http://x').searchParams]
  if (params.some(([name]) => !KEPT_QUERY.has(name))) return null
  return params
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .sort()
    .join('&')
}

/** Keeps a rendered page (entry.server.tsx), its nonce made a placeholder. */
export function keepPage(page: PageToKeep, html: string, nonce: string, headers: Headers): void {
  if (headers.has('Set-Cookie') || !nonce) return
  keep(page.inquiryId, page.key, page.version, { html: html.split(nonce).join(NONCE_PLACEHOLDER), headers: [...headers.entries()] })
}
