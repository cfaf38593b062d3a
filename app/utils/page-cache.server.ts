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
    const inquiryId = req.path.split('/')[2]
    if (!inquiryId) return next()
    void (async () => {
      const user = await userOfCookie(req.get('cookie') ?? null)
      if (!user) return next()
      const version = await inquiryVersion(getDb(), inquiryId)
      const key = `page:${user.id}:${req.originalUrl}`
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

/** Keeps a rendered page (entry.server.tsx), its nonce made a placeholder. */
export function keepPage(page: PageToKeep, html: string, nonce: string, headers: Headers): void {
  if (headers.has('Set-Cookie') || !nonce) return
  keep(page.inquiryId, page.key, page.version, { html: html.split(nonce).join(NONCE_PLACEHOLDER), headers: [...headers.entries()] })
}
