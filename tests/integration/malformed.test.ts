import { describe, expect, test } from 'vitest'
import { sql } from 'kysely'
import { getDb } from '~/utils/db.server'
import { createWorld, type World } from '../factories'
import { call, importRoute, listColumns, listTables, locationOf, pathFor, routeFiles, type RouteModule } from './harness'
import { paramsForForm, spec, worldOptions, type Form } from './route-table'

// docs/design.md §5: bad input gets a 4xx with a message a person understands, never a 500.
// Every route file that exports an action is found on disk and attacked as a member
// with valid parameters; its valid forms come from route-table.ts.

const db = () => getDb()

const actionRoutes: string[] = []
for (const file of routeFiles()) {
  if (typeof (await importRoute(file)).action === 'function') actionRoutes.push(file)
}

/** Fields whose text the app keeps: what is accepted must be stored exactly as sent. */
const STORED_TEXT_FIELDS = new Set([
  'text',
  'name',
  'displayName',
  'title',
  'question',
  'body',
  'reason',
  'groundRules',
  'focus',
  'action',
  'recording',
])

let n = 0
const unique = () => `${++n}`
let ipCounter = 0
const freshIp = () => `192.168.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`

type Variant = { label: string; value: () => string; verbatim?: boolean; mustSucceedInText?: boolean }

const VARIANTS: Variant[] = [
  { label: 'an empty string', value: () => '' },
  { label: 'an unknown choice', value: () => 'definitely-not-an-option' },
  { label: 'a negative number', value: () => '-1' },
  { label: 'an overflowing number', value: () => '1e999' },
  { label: 'JSON-looking text', value: () => '{"$gt":"","__proto__":{"admin":true}}' },
  { label: 'a scheme-relative URL', value: () => '//[' },
  { label: 'a 1 MB string', value: () => 'x'.repeat(1_000_000) },
  { label: 'NUL and other control characters', value: () => `before\u0000after\u0001\u0007\u001b[31m ${unique()}`, verbatim: true },
  {
    label: 'a right-to-left override and zero-width characters',
    value: () => `\u202Eevil.exe\u202C\u200B\u200D x ${unique()}`,
    verbatim: true,
  },
  { label: 'emoji and combining marks', value: () => `🌱👩🏽‍⚕️ Z̷̢a̶l̵g̴o ${unique()}`, verbatim: true },
  {
    label: 'HTML',
    value: () => `<script>alert("x")</script><img src=x onerror=alert(1)> #${unique()}`,
    verbatim: true,
    mustSucceedInText: true,
  },
  { label: 'SQL', value: () => `Robert'); DROP TABLE records;-- #${unique()}`, verbatim: true, mustSucceedInText: true },
]

/** Calls the route; anything thrown that is not a Response is what a client would see as a 500. */
async function send(module: RouteModule, options: Parameters<typeof call>[2]): Promise<Response> {
  try {
    return await call(module, 'POST', { clientIp: freshIp(), ...options })
  } catch (error) {
    return new Response(`unhandled: ${error instanceof Error ? error.stack : String(error)}`, { status: 500 })
  }
}

/** Never a 500; a 4xx says what is wrong in words, briefly, and a redirect goes somewhere. */
async function expectHandled(response: Response, label: string) {
  const status = response.status
  const text = status >= 300 && status < 400 ? '' : await response.text()
  expect(status, `${label}: ${text.slice(0, 500)}`).toBeLessThan(500)
  if (status >= 300 && status < 400) {
    expect(locationOf(response), label).toMatch(/^\//)
    return
  }
  if (status >= 400) {
    expect(text.length, `${label}: the answer echoes too much`).toBeLessThan(300_000)
    const body = JSON.parse(text) as { formError?: unknown; message?: unknown; errors?: Record<string, unknown> }
    const messages = [body.formError, body.message, ...Object.values(body.errors ?? {})].filter(
      (m): m is string => typeof m === 'string' && m.trim().length > 0,
    )
    expect(messages.length, `${label}: no readable message in ${text.slice(0, 300)}`).toBeGreaterThan(0)
    for (const message of messages) expect(message, label).not.toMatch(/SQLITE|TypeError|ReferenceError|\n\s+at /)
  }
}

let textColumns: Array<{ table: string; columns: string[] }> | undefined

/** Whether some text column of some table holds exactly this text. */
async function isStoredVerbatim(value: string): Promise<boolean> {
  if (!textColumns) {
    textColumns = []
    for (const name of await listTables(db(), { withMigrations: false })) {
      const columns = await listColumns(db(), name)
      textColumns.push({ table: name, columns: columns.filter((c) => /text/i.test(c.type)).map((c) => c.name) })
    }
  }
  for (const { table, columns } of textColumns) {
    if (columns.length === 0) continue
    const anyColumn = sql.join(
      columns.map((c) => sql`${sql.ref(c)} = ${value}`),
      sql` or `,
    )
    const hit = await sql`select 1 from ${sql.table(table)} where ${anyColumn} limit 1`.execute(db())
    if (hit.rows.length > 0) return true
  }
  // Some text is kept inside a JSON column (an anonymous stance's reason lives in decisions.anonymous_json):
  // there it must be a string value exactly as sent.
  for (const { table, columns } of textColumns) {
    for (const column of columns.filter((c) => c.endsWith('_json'))) {
      const rows = await sql<{ v: string }>`select ${sql.ref(column)} as v from ${sql.table(table)}`.execute(db())
      if (rows.rows.some((r) => holdsString(JSON.parse(r.v), value))) return true
    }
  }
  return false
}

function holdsString(json: unknown, value: string): boolean {
  if (json === value) return true
  if (Array.isArray(json)) return json.some((v) => holdsString(v, value))
  if (json && typeof json === 'object') return Object.values(json).some((v) => holdsString(v, value))
  return false
}

/** Where a member sends this form (a route's form may need a place in another state, see route-table.ts). */
function paramsOf(file: string, w: World, form?: string) {
  const entry = spec(file)
  return form === undefined ? entry.params(w) : paramsForForm(entry, form, w, 'member')
}

function validForms(file: string, w: World): Record<string, Form> {
  const entry = spec(file)
  if (!entry.post) throw new Error(`app/routes/${file} exports an action, but route-table.ts gives no forms for it`)
  return entry.post.forms(w, w.people.alice)
}

function encode(form: Form): string {
  return new URLSearchParams(form).toString()
}

test('the action routes are found on disk', () => {
  expect(actionRoutes.length).toBeGreaterThan(5)
  expect(actionRoutes).toContain('inquiries.$inquiryId.records._index.tsx')
  for (const file of actionRoutes) expect(() => validForms(file, {} as World)).not.toThrow(/gives no forms/)
})

describe.each(actionRoutes)('%s', (file) => {
  test('raw bodies that are not a form are refused with a message, never a 500', async () => {
    const module = await importRoute(file)
    const w = await createWorld(db(), worldOptions(file))
    const [firstName, first] = Object.entries(validForms(file, w))[0] ?? []
    const params = paramsOf(file, w, firstName)
    const path = pathFor(file, params)
    const bodies: Array<[string, { contentType: string; data: string }, Record<string, string>?]> = [
      ['a JSON body', { contentType: 'application/json', data: JSON.stringify(first ?? {}) }],
      ['broken JSON', { contentType: 'application/json', data: '{"intent": ' }],
      ['a text/plain body', { contentType: 'text/plain', data: encode(first ?? {}) }],
      ['an empty form', { contentType: 'application/x-www-form-urlencoded', data: '' }],
      ['broken percent-encoding', { contentType: 'application/x-www-form-urlencoded', data: '%E0%A4%A=%zz&=&&==&%00=%00' }],
      ['a multipart body with a broken boundary', { contentType: 'multipart/form-data; boundary=zzz', data: 'not multipart at all' }],
      [
        'an XML body',
        { contentType: 'application/xml', data: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' },
      ],
      [
        'a body declared larger than 2 MB',
        { contentType: 'application/x-www-form-urlencoded', data: encode(first ?? {}) },
        { 'Content-Length': '3000000' },
      ],
    ]
    for (const [label, body, headers] of bodies) {
      const response = await send(module, { path, params, cookie: w.people.alice.cookie, body, headers })
      await expectHandled(response, label)
    }
  })

  test('repeated fields and fields named like object internals are handled', async () => {
    const module = await importRoute(file)
    const first: World = await createWorld(db(), worldOptions(file))
    const forms = Object.entries(validForms(file, first))
    for (const [index, [name, form]] of forms.entries()) {
      // Each form after the first gets a fresh world: a request may have changed the last one.
      const w: World = index === 0 ? first : await createWorld(db(), worldOptions(file))
      const params = paramsOf(file, w, name)
      const valid = validForms(file, w)[name]!
      const pairs = new URLSearchParams()
      for (const [key, value] of Object.entries(valid)) {
        pairs.append(key, value)
        pairs.append(key, 'a second, different value')
      }
      for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype']) pairs.append(key, 'x')
      const response = await send(module, {
        path: pathFor(file, params),
        params,
        cookie: w.people.alice.cookie,
        body: { contentType: 'application/x-www-form-urlencoded', data: pairs.toString() },
      })
      await expectHandled(response, `form "${name}" (${Object.keys(form).join(', ')})`)
    }
  })

  test.each(VARIANTS)('every field set to $label: never a 500, and accepted text is stored verbatim', async (variant) => {
    const module = await importRoute(file)
    let world: World | null = await createWorld(db(), worldOptions(file))
    const shapes = Object.entries(validForms(file, world)).map(([name, form]) => [name, Object.keys(form)] as const)
    for (const [name, fields] of shapes) {
      for (const field of fields) {
        // A request that succeeded may have changed the world (left the group, concluded…), so start afresh.
        const w: World = (world ??= await createWorld(db(), worldOptions(file)))
        const params = paramsOf(file, w, name)
        const value = variant.value()
        const form = { ...validForms(file, w)[name]!, [field]: value }
        const label = `form "${name}", field "${field}" = ${variant.label}`
        const response = await send(module, { path: pathFor(file, params), params, cookie: w.people.alice.cookie, form })
        const status = response.status
        await expectHandled(response, label)
        if (status < 400) world = null
        if (!STORED_TEXT_FIELDS.has(field)) continue
        if (variant.mustSucceedInText) expect(status, `${label} was refused`).toBeLessThan(400)
        if (variant.verbatim && status < 400) expect(await isStoredVerbatim(value), `${label} was not stored verbatim`).toBe(true)
      }
    }
  })
})

describe("stored text is returned as written: escaping is the renderer's job", () => {
  test('a record with HTML and SQL in it comes back from the loader exactly as it was written', async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const text = `<b onclick="steal()">bold</b> &amp; '); DELETE FROM records; -- ${unique()}`
    const add = await importRoute('inquiries.$inquiryId.records._index.tsx')
    const params = { inquiryId: w.inquiry.id }
    const response = await send(add, {
      path: `/inquiries/${w.inquiry.id}/records`,
      params,
      cookie: w.people.bob.cookie,
      form: { text, wayOfKnowing: 'propositional', occurredAt: '2024-05-01', visibility: 'group' },
    })
    expect(response.status).toBe(302)
    const recordId = locationOf(response).split('/').pop()!
    const detail = await call(await importRoute('inquiries.$inquiryId.records.$recordId.tsx'), 'GET', {
      path: `/inquiries/${w.inquiry.id}/records/${recordId}`,
      params: { inquiryId: w.inquiry.id, recordId },
      cookie: w.people.alice.cookie,
    })
    expect((await detail.json()).record.text).toBe(text)
    const rows = await db().selectFrom('records').select('id').where('inquiryId', '=', w.inquiry.id).execute()
    expect(rows.length).toBe(3)
  })

  test('a group name with markup is kept as typed and listed as typed', async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const name = `<h1>Our "circle"</h1> & <!-- ${unique()} -->`
    const groups = await importRoute('groups._index.tsx')
    const response = await send(groups, { path: '/groups', cookie: w.people.outsider.cookie, form: { kind: 'inquiry_group', name } })
    expect(response.status).toBe(302)
    const list = await call(groups, 'GET', { path: '/groups', cookie: w.people.outsider.cookie })
    expect((await list.json()).groups.map((g: { name: string }) => g.name)).toEqual([name])
  })
})
