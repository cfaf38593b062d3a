import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { notFoundResponse } from '~/utils/http.server'
import { createWorld, type World } from '../factories'
import { call, importRoute, locationOf, pathFor, routeFiles, tableCounts } from './harness'
import {
  GROUP_CONTENT_ROUTES,
  login,
  notFound,
  paramsFor,
  paramsForForm,
  personFor,
  ROUTES,
  spec,
  worldOptions,
  type Outcome,
  type Params,
  type Who,
} from './route-table'

// Every route file in app/routes must be described in route-table.ts, with how each kind of
// visitor is answered. A new route file fails the first test until it is added, so no route
// can show or change a group's content without this file checking who may reach it.

const db = () => getDb()

const WHO: Who[] = ['anonymous', 'nonMember', 'member']
const NOT_FOUND_BODY = await notFoundResponse().text()

async function expectOutcome(response: Response, outcome: Outcome, w: World, path: string, method: 'GET' | 'POST') {
  const status = response.status
  const location = locationOf(response)
  const body = status >= 300 && status < 400 ? '' : await response.text()
  const leaked = w.secrets.filter((s) => body.includes(s))
  switch (outcome.kind) {
    case 'login': {
      expect(status).toBe(302)
      expect(location).toMatch(/^\/login\?redirectTo=/)
      const back = decodeURIComponent(location.slice('/login?redirectTo='.length))
      expect(back).toBe(method === 'GET' ? path : new URL(path, 'http://x').pathname)
      break
    }
    case 'notFound':
      expect(status).toBe(404)
      expect(body).toBe(NOT_FOUND_BODY)
      expect(leaked).toEqual([])
      break
    case 'ok':
      expect(status).toBe(200)
      for (const s of outcome.shows?.(w) ?? []) expect(body).toContain(s)
      if (outcome.hides) expect(leaked).toEqual([])
      for (const s of outcome.never?.(w) ?? []) expect(body).not.toContain(s)
      break
    case 'redirect':
      expect([301, 302, 303]).toContain(status)
      expect(location).toBe(outcome.to(w))
      break
    case 'success':
      expect(status === 200 || (status >= 300 && status < 400), `status ${status}: ${body}`).toBe(true)
      expect(location).not.toMatch(/^\/login/)
      break
    case 'refused':
      expect(status, body).toBe(outcome.status)
      expect(body).toContain(outcome.says)
      expect(leaked).toEqual([])
      break
  }
}

/** Refusals and pages that only show must leave every table as it was. */
const mustWriteNothing = (outcome: Outcome) =>
  outcome.kind === 'login' || outcome.kind === 'notFound' || outcome.kind === 'refused' || (outcome.kind === 'ok' && outcome.hides === true)

describe('the refusal table', () => {
  test('covers every route file in app/routes, and only those', () => {
    const files = routeFiles()
    expect(files.length).toBeGreaterThan(0)
    expect(files.filter((f) => !(f in ROUTES))).toEqual([])
    expect(Object.keys(ROUTES).filter((f) => !files.includes(f))).toEqual([])
  })

  test.each(routeFiles())('%s: the table describes exactly the loader and action the module exports', async (file) => {
    const module = await importRoute(file)
    const entry = spec(file)
    expect(typeof module.loader === 'function', 'loader').toBe(Boolean(entry.get))
    expect(typeof module.action === 'function', 'action').toBe(Boolean(entry.post))
  })

  test('every route that shows or changes group content refuses anonymous visitors and non-members', () => {
    for (const file of GROUP_CONTENT_ROUTES) {
      const entry = spec(file)
      expect(entry.groupContent, file).toBe(true)
      if (entry.post) expect([entry.post.anonymous, entry.post.nonMember], file).toEqual([login, notFound])
      // The invitation page is the one group route an anonymous visitor may open; it names nothing of the group.
      const anonymousGet = file === 'join.$token.tsx' ? { kind: 'ok', hides: true } : login
      expect([entry.get?.anonymous, entry.get?.nonMember], file).toEqual([anonymousGet, notFound])
    }
    expect(
      Object.entries(ROUTES)
        .filter(([, s]) => s.groupContent)
        .map(([f]) => f)
        .sort(),
    ).toEqual([...GROUP_CONTENT_ROUTES].sort())
  })
})

describe.each(routeFiles())('%s', (file) => {
  test.each(WHO)('GET as %s', async (who) => {
    const entry = spec(file)
    if (!entry.get) return expect((await importRoute(file)).loader).toBeUndefined()
    const w = await createWorld(db(), worldOptions(file))
    const params = paramsFor(entry, w, who)
    const path = pathFor(file, params)
    const outcome = entry.get[who]
    const before = await tableCounts(db())
    const response = await call(await importRoute(file), 'GET', { path, params, cookie: personFor(w, who)?.cookie })
    await expectOutcome(response, outcome, w, path, 'GET')
    if (mustWriteNothing(outcome)) expect(await tableCounts(db())).toEqual(before)
  })

  test.each(WHO)('POST as %s, for everything the action can do', async (who) => {
    const entry = spec(file)
    if (!entry.post) return expect((await importRoute(file)).action).toBeUndefined()
    const module = await importRoute(file)
    const outcome = entry.post[who]
    const forms = Object.keys(entry.post.forms(await createWorld(db(), worldOptions(file)), null))
    expect(forms.length).toBeGreaterThan(0)
    for (const name of forms) {
      // A fresh world for each form, so what one successful form changes cannot hide another's effect.
      const w = await createWorld(db(), worldOptions(file))
      const person = personFor(w, who)
      const form = entry.post.forms(w, person)[name]!
      const params = paramsForForm(entry, name, w, who)
      const path = pathFor(file, params)
      const before = await tableCounts(db())
      const response = await call(module, 'POST', { path, params, cookie: person?.cookie, form })
      await expectOutcome(response, outcome, w, path, 'POST').catch((error: Error) => {
        throw new Error(`form "${name}": ${error.message}`)
      })
      if (mustWriteNothing(outcome)) expect(await tableCounts(db()), `form "${name}" wrote rows`).toEqual(before)
    }
  })
})

describe('unknown and malformed ids', () => {
  function variants(params: Params): Params[] {
    const out: Params[] = []
    for (const key of Object.keys(params)) {
      for (const bad of [
        'Zz9unknownId0000',
        'Zz9unknownIdZz9unknownIdZz9unknownId0000000',
        'x'.repeat(65),
        'has space',
        '../etc',
        'a\u0000b',
        '',
      ]) {
        out.push({ ...params, [key]: bad })
      }
    }
    return out
  }

  test.each(GROUP_CONTENT_ROUTES)('%s answers 404 to a member for every unknown or malformed id, and writes nothing', async (file) => {
    const entry = spec(file)
    const module = await importRoute(file)
    const w = await createWorld(db(), worldOptions(file))
    for (const params of variants(entry.params(w))) {
      const path = pathFor(file, params)
      const before = await tableCounts(db())
      const page = await call(module, 'GET', { path, params, cookie: w.people.alice.cookie })
      expect(page.status, `GET ${JSON.stringify(params)}`).toBe(404)
      if (entry.post) {
        for (const [name, form] of Object.entries(entry.post.forms(w, w.people.alice))) {
          const response = await call(module, 'POST', { path, params, cookie: w.people.alice.cookie, form })
          expect(response.status, `POST ${name} ${JSON.stringify(params)}`).toBe(404)
        }
      }
      expect(await tableCounts(db())).toEqual(before)
    }
  })

  test('a non-member is answered exactly as if the group did not exist', async () => {
    const w = await createWorld(db(), { closable: true })
    for (const file of GROUP_CONTENT_ROUTES.filter((f) => f !== 'join.$token.tsx')) {
      const entry = spec(file)
      const module = await importRoute(file)
      const real = entry.params(w)
      const fake = Object.fromEntries(Object.keys(real).map((k) => [k, 'Zz9unknownId0000']))
      const asOutsider = await call(module, 'GET', { path: pathFor(file, real), params: real, cookie: w.people.outsider.cookie })
      const asNobody = await call(module, 'GET', { path: pathFor(file, fake), params: fake, cookie: w.people.outsider.cookie })
      expect([asOutsider.status, await asOutsider.text()], file).toEqual([asNobody.status, await asNobody.text()])
    }
  })

  test('a private record is a 404 for another member, exactly like a record that does not exist', async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const module = await importRoute('inquiries.$inquiryId.records.$recordId.tsx')
    const params = { inquiryId: w.inquiry.id, recordId: w.inquiry.privateRecordId }
    const response = await call(module, 'GET', {
      path: pathFor('inquiries.$inquiryId.records.$recordId.tsx', params),
      params,
      cookie: w.people.bob.cookie,
    })
    expect(response.status).toBe(404)
    expect(await response.text()).toBe(NOT_FOUND_BODY)
    const list = await call(await importRoute('inquiries.$inquiryId.records._index.tsx'), 'GET', {
      path: `/inquiries/${w.inquiry.id}/records`,
      params: { inquiryId: w.inquiry.id },
      cookie: w.people.bob.cookie,
    })
    const text = await list.text()
    expect(text).toContain(w.inquiry.groupRecordText)
    expect(text).not.toContain(w.inquiry.privateRecordText)
  })
})
