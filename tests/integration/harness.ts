import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { sql, type Kysely } from 'kysely'

export const ORIGIN = 'http://localhost:3000'

export type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => Promise<unknown> | unknown
  action?: (args: ActionFunctionArgs) => Promise<unknown> | unknown
}

type CallOptions = {
  /** URL path with query, e.g. '/inquiries/abc/records?cycle=1' */
  path: string
  params?: Record<string, string>
  cookie?: string | null
  /** Form fields; arrays repeat a field. */
  form?: Record<string, string | string[]>
  /** A raw body with its content type, for malformed-input tests. */
  body?: { contentType: string; data: string }
  headers?: Record<string, string>
  clientIp?: string
}

function buildRequest(method: 'GET' | 'POST', options: CallOptions): Request {
  const headers = new Headers(options.headers)
  if (options.cookie) headers.set('Cookie', options.cookie)
  let body: string | undefined
  if (method === 'POST') {
    headers.set('Origin', ORIGIN)
    if (options.body) {
      headers.set('Content-Type', options.body.contentType)
      body = options.body.data
    } else {
      const params = new URLSearchParams()
      for (const [key, value] of Object.entries(options.form ?? {})) {
        for (const v of Array.isArray(value) ? value : [value]) params.append(key, v)
      }
      headers.set('Content-Type', 'application/x-www-form-urlencoded')
      body = params.toString()
    }
  }
  return new Request(ORIGIN + options.path, { method, headers, body })
}

/** Calls a loader (GET) or action (POST) as Remix would; a thrown Response is returned, not thrown. */
export async function call(route: RouteModule, method: 'GET' | 'POST', options: CallOptions): Promise<Response> {
  const request = buildRequest(method, options)
  const args = { request, params: options.params ?? {}, context: { clientIp: options.clientIp ?? '127.0.0.1' } }
  const fn = method === 'GET' ? route.loader : route.action
  if (!fn) throw new Error(`route has no ${method === 'GET' ? 'loader' : 'action'}`)
  try {
    const result = await fn(args)
    if (result instanceof Response) return result
    return new Response(JSON.stringify(result), { status: 200, headers: { 'Content-Type': 'application/json' } })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

export const get = (route: RouteModule, options: CallOptions) => call(route, 'GET', options)
export const post = (route: RouteModule, options: CallOptions) => call(route, 'POST', options)

/** The cookie pair ("name=value") a response sets, for use on the next request. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get('Set-Cookie')
  if (!header) throw new Error(`response ${response.status} set no cookie`)
  return header.split(';')[0]!
}

export async function bodyOf<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T
}

export function locationOf(response: Response): string {
  return response.headers.get('Location') ?? ''
}

/** The id at the end of a redirect such as /groups/<id> or /decisions/<id>. */
export function idFrom(response: Response, prefix: string): string {
  const location = locationOf(response)
  const match = new RegExp(`^${prefix}/([A-Za-z0-9_-]+)`).exec(location)
  if (!match) throw new Error(`expected a redirect to ${prefix}/<id>, got ${response.status} ${location}`)
  return match[1]!
}

/** Whether this test file runs on PostgreSQL (TEST_POSTGRES_URL set for the run) rather than SQLite. */
export const onPostgres = () => /^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? '')

/** The database's tables (snake_case), on either dialect; the migrator's own with `withMigrations`. */
export async function listTables(db: Kysely<any>, options: { withMigrations?: boolean } = {}): Promise<string[]> {
  const rows = onPostgres()
    ? await sql<{
        name: string
      }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(
        db,
      )
    : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
        db,
      )
  return rows.rows.map((r) => r.name).filter((name) => options.withMigrations !== false || !name.startsWith('kysely_'))
}

/** A table's columns with their declared type, on either dialect. */
export async function listColumns(db: Kysely<any>, table: string): Promise<{ name: string; type: string }[]> {
  const rows = onPostgres()
    ? await sql<{
        name: string
        type: string
      }>`select column_name as name, data_type as type from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(
        db,
      )
    : await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${table})`.execute(db)
  return rows.rows
}

/** Row counts of every table, to show that a refused request wrote nothing. */
export async function tableCounts(db: Kysely<any>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const name of await listTables(db)) {
    const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(db)
    counts[name] = Number(row.rows[0]!.n)
  }
  return counts
}

export const ROUTES_DIR = fileURLToPath(new URL('../../app/routes', import.meta.url))

/** Every route module file in app/routes, as the file system has it. */
export function routeFiles(): string[] {
  return readdirSync(ROUTES_DIR)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .sort()
}

export async function importRoute(file: string): Promise<RouteModule & Record<string, unknown>> {
  return (await import(/* @vite-ignore */ join(ROUTES_DIR, file))) as RouteModule & Record<string, unknown>
}

/**
 * The segments of a flat route file name, as Remix reads them: dots separate segments,
 * except inside square brackets, which escape (`analysis[.json]` is the one segment `analysis.json`).
 */
export function segmentsOf(file: string): { text: string; escaped: boolean }[] {
  const base = file.replace(/\.(tsx?|jsx?)$/, '')
  const segments: { text: string; escaped: boolean }[] = []
  let text = ''
  let escaped = false
  let inBrackets = false
  for (const ch of base) {
    if (ch === '[' && !inBrackets) {
      inBrackets = true
      escaped = true
      continue
    }
    if (ch === ']' && inBrackets) {
      inBrackets = false
      continue
    }
    if (ch === '.' && !inBrackets) {
      segments.push({ text, escaped })
      text = ''
      escaped = false
      continue
    }
    text += ch
  }
  segments.push({ text, escaped })
  return segments
}

/** The dynamic segments of a flat route file name: `inquiries.$inquiryId.records.$recordId.tsx` → ['inquiryId', 'recordId']; a splat is '*'. */
export function paramNames(file: string): string[] {
  return segmentsOf(file)
    .filter((s) => !s.escaped && s.text.startsWith('$'))
    .map((s) => (s.text === '$' ? '*' : s.text.slice(1)))
}

/** The URL path of a flat route file with its params filled in. */
export function pathFor(file: string, params: Record<string, string>): string {
  const segments = segmentsOf(file)
    .filter((s) => s.escaped || s.text !== '_index')
    // A trailing underscore ("$linkId_") only opts the route out of its parent's layout: it is not in the URL.
    .map((s) => (s.escaped ? s : { ...s, text: s.text.replace(/(.)_$/, '$1') }))
    .map((s) => {
      if (s.escaped || !s.text.startsWith('$')) return s.text
      return s.text === '$' ? (params['*'] ?? '') : encodeURIComponent(params[s.text.slice(1)] ?? '')
    })
  return '/' + segments.join('/')
}

/** The id Remix gives a route module, as sent in `?_data=` loader requests: `routes/inquiries.$inquiryId.ratings`. */
export function routeIdOf(file: string): string {
  return 'routes/' + file.replace(/\.(tsx?|jsx?)$/, '')
}
