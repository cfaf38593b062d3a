import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { keepPage, servePagesKept, type PageToKeep } from '~/utils/page-cache.server'
import { endSession, getUser, startSession, withSessionLookups } from '~/utils/session.server'
import { createTestRecord, createWorld, type World } from '../factories'
import { db } from './support-inquiries'

// Issue 17: a member's inquiry page, as rendered, is kept until the inquiry's data version
// moves (utils/page-cache.server.ts). Here the middleware runs in an Express app whose "page"
// renders a counter, so a kept answer and a fresh one are told apart; the nonce of each answer
// is its own. The production server's wiring is checked by tests/scale/two-processes.ts.

let renders = 0
let base = ''
let world: World
let close: () => void = () => {}

beforeAll(async () => {
  world = await createWorld(db(), { senseMaking: false })
  const app = express()
  let nonces = 0
  app.use((req, res, next) => {
    res.locals.cspNonce = `nonce${++nonces}`
    res.locals.route = req.path.startsWith('/inquiries/') ? '/inquiries/:inquiryId' : '/groups'
    next()
  })
  app.use(servePagesKept())
  app.get('*', (_req, res) => {
    renders += 1
    const nonce = String(res.locals.cspNonce)
    const html = `<p>render ${renders}</p><script nonce="${nonce}"></script>`
    const page = res.locals.pageToKeep as PageToKeep | undefined
    if (page) keepPage(page, html, nonce, new Headers({ 'Content-Type': 'text/html; charset=utf-8' }))
    res.type('html').send(html)
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => server.close()
})
afterAll(() => close())

const get = async (path: string, cookie?: string) => {
  const response = await fetch(base + path, { headers: cookie ? { cookie } : {} })
  return { html: await response.text(), kept: response.headers.get('server-timing') === 'page;desc="kept"' }
}

describe('a kept page', () => {
  test('is rendered once, then answered as kept with a fresh nonce, until the inquiry is written', async () => {
    const path = `/inquiries/${world.inquiry.id}`
    const { alice } = world.people
    const first = await get(path, alice.cookie)
    const second = await get(path, alice.cookie)
    expect(first.kept).toBe(false)
    expect(second.kept).toBe(true)
    expect(second.html.replace(/nonce\d+/, '')).toBe(first.html.replace(/nonce\d+/, ''))
    expect(second.html).not.toContain(first.html.match(/nonce\d+/)![0])
    // Another member's request never gets Alice's page: it is rendered for Bob.
    const bob = await get(path, world.people.bob.cookie)
    expect(bob.kept).toBe(false)
    expect(bob.html).not.toBe(first.html)
    // A record moves the inquiry's version: the next answer is rendered afresh, and then kept.
    await createTestRecord(db(), world.people.bob, world.inquiry.id, { text: 'A new record' })
    const third = await get(path, alice.cookie)
    expect(third.kept).toBe(false)
    expect((await get(path, alice.cookie)).kept).toBe(true)
  })

  test('is never kept for a visitor without a session, a query for data, or a page outside an inquiry', async () => {
    const path = `/inquiries/${world.inquiry.id}`
    for (const [what, p, cookie] of [
      ['no session', path, undefined],
      ['a session that is not one', path, '__Host-inquiry-session=forged'],
      ['a ?_data request', `${path}?_data=routes%2Finquiries.%24inquiryId._index`, world.people.alice.cookie],
      ['a page outside an inquiry', '/groups', world.people.alice.cookie],
    ] as const) {
      await get(p, cookie)
      expect((await get(p, cookie)).kept, what).toBe(false)
    }
  })

  test('is kept under the id the router reads, and only for an inquiry that exists', async () => {
    const { alice } = world.people
    const id = world.inquiry.id
    // The same inquiry, its id's first letter percent-encoded: kept under the decoded id, so a write moves it.
    const encoded = `/inquiries/%${id.charCodeAt(0).toString(16)}${id.slice(1)}`
    await get(encoded, alice.cookie)
    expect((await get(encoded, alice.cookie)).kept).toBe(true)
    await createTestRecord(db(), world.people.bob, id, { text: 'Moves the version' })
    expect((await get(encoded, alice.cookie)).kept).toBe(false)
    // No inquiry by this id: no version row, never kept.
    await get('/inquiries/NoSuchInquiry0000', alice.cookie)
    expect((await get('/inquiries/NoSuchInquiry0000', alice.cookie)).kept).toBe(false)
  })

  test('is keyed by the query a page reads; any other query is rendered afresh and not kept', async () => {
    const { alice } = world.people
    const path = `/inquiries/${world.inquiry.id}`
    await get(`${path}?page=2`, alice.cookie)
    expect((await get(`${path}?page=2`, alice.cookie)).kept).toBe(true)
    const other = await get(`${path}?page=3`, alice.cookie)
    expect(other.kept).toBe(false)
    await get(`${path}?junk=1`, alice.cookie)
    expect((await get(`${path}?junk=1`, alice.cookie)).kept).toBe(false)
  })

  test('is not kept when the page sets a cookie, or has no nonce to make a placeholder of', async () => {
    const { kept } = await import('~/utils/cache.server')
    const { inquiryVersion } = await import('~db/queries/inquiries')
    const version = (await inquiryVersion(db(), world.inquiry.id))!
    const page = { inquiryId: world.inquiry.id, key: 'page:test', version }
    keepPage(page, '<p>x</p>', 'n1', new Headers({ 'Set-Cookie': 'a=b' }))
    expect(kept(page.inquiryId, page.key, version)).toBeUndefined()
    keepPage(page, '<p>x</p>', '', new Headers())
    expect(kept(page.inquiryId, page.key, version)).toBeUndefined()
    keepPage(page, '<p nonce="n1">x</p>', 'n1', new Headers())
    expect(kept<{ html: string }>(page.inquiryId, page.key, version)!.html).not.toContain('n1')
  })
})

describe('the session of a page not kept yet', () => {
  test('is looked up once in its request: the middleware and the loaders share one lookup', async () => {
    const app = express()
    app.use((req, res, next) => {
      res.locals.cspNonce = 'nonce'
      res.locals.route = '/inquiries/:inquiryId'
      next()
    })
    app.use((_req, _res, next) => withSessionLookups(next))
    app.use(servePagesKept())
    // The "loader": the session ends between the middleware's lookup and its own, so it is
    // still signed in only if it reads the lookup the middleware made.
    app.get('*', async (req, res) => {
      const request = new Request(`http://x${req.originalUrl}`, { headers: { cookie: req.get('cookie') ?? '' } })
      await endSession(db(), request)
      const user = await getUser(request)
      res.json({ user: user?.id ?? null, keeping: res.locals.pageToKeep !== undefined })
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inquiries/${world.inquiry.id}?page=7`
      const cookie = (await startSession(db(), world.people.carol.id)).split(';')[0]!
      const answer = async () => (await (await fetch(url, { headers: { cookie } })).json()) as { user: string | null; keeping: boolean }
      expect(await answer()).toEqual({ user: world.people.carol.id, keeping: true })
      // The next request looks again, and finds the session ended.
      expect(await answer()).toEqual({ user: null, keeping: false })
    } finally {
      server.close()
    }
  })
})
