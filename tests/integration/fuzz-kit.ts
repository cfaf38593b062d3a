import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { inject } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createWorld, type World } from '../factories'
import { ORIGIN, ROUTES_DIR, importRoute, routeFiles, tableCounts, type RouteModule } from './harness'
import { ROUTES, spec, worldOptions, type Form, type Outcome, type RouteSpec } from './route-table'

// Shared by the fuzz*.test.ts files (issue 7, item 2): which routes to fuzz (derived from
// route-table.ts and the route files on disk, so a new route is fuzzed without anyone
// listing it), a pristine world per case without rebuilding it, the checks every answer
// must pass, and the count of cases sent.

// ---------------------------------------------------------------------------------------
// What to fuzz

export type ActionTarget = { file: string; spec: RouteSpec & { post: NonNullable<RouteSpec['post']> } }

/** Every route file whose table entry has forms for its action (refusal.test.ts keeps the table in step with the exports). */
export function actionTargets(): ActionTarget[] {
  return routeFiles()
    .filter((file) => ROUTES[file]?.post)
    .map((file) => ({ file, spec: spec(file) as ActionTarget['spec'] }))
}

/** Route files that export an action, from disk: each must have forms in the table, or it is not fuzzed. */
export async function filesWithActions(): Promise<string[]> {
  const files: string[] = []
  for (const file of routeFiles()) if (typeof (await importRoute(file)).action === 'function') files.push(file)
  return files
}

export function routeSource(file: string): string {
  return readFileSync(join(ROUTES_DIR, file), 'utf8')
}

/** Whether the action reads its form through runAction (and so its size limit and messages). */
export const readsFormWithRunAction = (file: string) => /\brunAction\s*\(/.test(routeSource(file))
/** Whether the action sets its own body limit (a file upload): then 2 MB is not its limit. */
export const hasOwnSizeLimit = (file: string) => /\bmaxBytes\s*:/.test(routeSource(file))

export const isNumeric = (value: string) => /^-?\d+(\.\d+)?$/.test(value)
export const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}/.test(value)
/** An id the app made (nanoid-like), alone or after a prefix such as "record:". */
export const isId = (value: string) =>
  /^(?:[a-z]+:)?[A-Za-z0-9_-]{12,64}$/.test(value) && /\d|[A-Z]/.test(value) && !/^[a-z-]+$/.test(value)
/** Free text a person writes: valid values with spaces in them, or optional text left empty. Passwords are not text the app shows. */
export const isFreeText = (field: string, value: string) =>
  !/password|confirm/i.test(field) &&
  !/^(intent|archive|codebook)$/.test(field) &&
  (/\s/.test(value) || value === '' || /^(name|displayName|title|text|reason|note|body|description|summary)$/.test(field))

/** Fields the app stores as typed (see malformed.test.ts); text sent to them and accepted must be found in the database. */
export const STORED_TEXT_FIELDS = new Set([
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
  'description',
  'note',
  'resolutionText',
])

export function memberOutcome(target: ActionTarget): Outcome {
  return target.spec.post.member
}

/** The member's outcome for a valid form is a success (2xx, or a redirect elsewhere than the login page). */
export const expectsSuccess = (outcome: Outcome) => outcome.kind === 'success' || outcome.kind === 'redirect' || outcome.kind === 'ok'

// ---------------------------------------------------------------------------------------
// A pristine world for every case

type TableDump = { columns: string[]; rows: unknown[][] }

/**
 * A world created through the factories and then restored table by table (a second SQLite
 * connection to the test file's database) before any case that follows a write. Every case
 * therefore starts from exactly the world createWorld made, at a fraction of the cost of
 * making a new one, and the database never holds more than that one world.
 */
export class Stage {
  readonly raw: Database.Database
  readonly tables: string[]
  private saved = new Map<string, TableDump>()
  private savedDigest: Record<string, string> = {}
  private inserts = new Map<string, Database.Statement>()
  private savedCounts: Record<string, number> = {}
  private dirty = false
  /** SQLite's data_version as this connection last saw it: it changes when another connection (the app's) commits. */
  private version = 0
  world!: World
  file = ''

  constructor() {
    const path = process.env.DATABASE_URL
    if (!path) throw new Error('DATABASE_URL is not set: tests/setup/integration-db.ts should have set it')
    this.raw = new Database(path)
    this.raw.pragma('busy_timeout = 5000')
    this.tables = (
      this.raw
        .prepare(
          `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`,
        )
        .all() as { name: string }[]
    ).map((t) => t.name)
  }

  private made = new Map<string, { world: World; saved: Map<string, TableDump> }>()

  /**
   * The world this route's tests need, as createWorld makes it, in an otherwise empty
   * database. Worlds are made once per kind (createWorld's options) in each file and then
   * restored, so a test costs a restore, not a new world.
   */
  async fresh(file: string): Promise<World> {
    const key = JSON.stringify(worldOptions(file))
    let made = this.made.get(key)
    if (made) {
      this.saved = made.saved
      this.restore()
    } else {
      this.saved = new Map(this.tables.map((t) => [t, { columns: this.columnsOf(t), rows: [] }]))
      this.restore()
      const world = await createWorld(getDb(), worldOptions(file))
      made = { world, saved: this.dump() }
      this.made.set(key, made)
      this.saved = made.saved
    }
    this.file = file
    this.world = made.world
    this.savedDigest = this.digestOf(this.saved)
    this.savedCounts = Object.fromEntries([...this.saved].map(([t, d]) => [t, d.rows.length]))
    this.dirty = false
    this.version = this.dataVersion()
    return this.world
  }

  private dataVersion(): number {
    return this.raw.pragma('data_version', { simple: true }) as number
  }

  /** Whether the app committed anything since this stage last looked (exact: SQLite bumps data_version on every commit by another connection). */
  committedSince(): boolean {
    const now = this.dataVersion()
    const changed = now !== this.version
    this.version = now
    return changed
  }

  /** Puts the world back as it was made, if anything was written since. */
  ensurePristine(): void {
    if (this.dirty) this.restore()
  }

  markDirty(): void {
    this.dirty = true
  }

  private columnsOf(table: string): string[] {
    return (this.raw.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name)
  }

  dump(): Map<string, TableDump> {
    const out = new Map<string, TableDump>()
    for (const table of this.tables) {
      const statement = this.raw.prepare(`select * from "${table}"`).raw(true)
      out.set(table, { columns: statement.columns().map((c) => c.name), rows: statement.all() as unknown[][] })
    }
    return out
  }

  private digestOf(dump: Map<string, TableDump>): Record<string, string> {
    const digest: Record<string, string> = {}
    for (const [table, { rows }] of dump) {
      const lines = rows.map((r) => JSON.stringify(r)).sort()
      digest[table] = createHash('sha1').update(lines.join('\n')).digest('hex')
    }
    return digest
  }

  /** A digest of every table's rows as they are now. */
  digest(): Record<string, string> {
    return this.digestOf(this.dump())
  }

  /** Tables whose rows differ from `since` (by default the world as made): contents, not only counts. */
  changedTables(since: Record<string, string> = this.savedDigest): string[] {
    const now = this.digest()
    return this.tables.filter((t) => now[t] !== since[t])
  }

  /** Row counts of every table as the world was made (harness tableCounts, for the same tables). */
  countsAsMade(): Record<string, number> {
    return { ...this.savedCounts }
  }

  restore(): void {
    this.raw.pragma('foreign_keys = OFF')
    try {
      this.raw.transaction(() => {
        for (const table of this.tables) this.raw.prepare(`delete from "${table}"`).run()
        // The inquiries' data versions last: the triggers of migration 15 move them as the other rows go back.
        const saved = [...this.saved].sort(([a], [b]) => Number(a === 'inquiry_versions') - Number(b === 'inquiry_versions'))
        for (const [table, { columns, rows }] of saved) {
          if (table === 'inquiry_versions') this.raw.prepare('delete from inquiry_versions').run()
          if (rows.length === 0) continue
          const key = `${table}(${columns.join(',')})`
          let insert = this.inserts.get(key)
          if (!insert) {
            insert = this.raw.prepare(
              `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
            )
            this.inserts.set(key, insert)
          }
          for (const row of rows) insert.run(row)
        }
      })()
    } finally {
      this.raw.pragma('foreign_keys = ON')
    }
    this.dirty = false
    this.version = this.dataVersion()
  }

  /** Rows that break a foreign key, and SQLite's own integrity check. */
  integrityProblems(): string[] {
    const problems: string[] = []
    const fk = this.raw.prepare('pragma foreign_key_check').all() as { table: string; parent: string }[]
    for (const row of fk) problems.push(`a row of ${row.table} points at a missing ${row.parent} row`)
    const check = (this.raw.prepare('pragma integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check)
    if (check.join() !== 'ok') problems.push(`integrity_check: ${check.join('; ')}`)
    return problems
  }

  close(): void {
    this.raw.close()
  }
}

/**
 * What the app promises beyond the schema's own constraints (read from the services: each
 * "already open" check, the pair and group limits, the anonymous ballot box). Each query
 * returns the rows that break the promise.
 */
export const INVARIANTS: Array<{ promise: string; sql: string }> = [
  {
    promise: 'at most one open proposal to move on (next phase, next cycle, conclude) per inquiry',
    sql: `select inquiry_id, count(*) as n from decisions where status = 'open' and kind in ('phase_change', 'next_cycle', 'conclude') group by inquiry_id having n > 1`,
  },
  ...['reveal_ratings', 'adopt_review', 'devils_advocate'].map((kind) => ({
    promise: `at most one open ${kind} proposal per cycle`,
    sql: `select cycle_id, count(*) as n from decisions where status = 'open' and kind = '${kind}' group by cycle_id having n > 1`,
  })),
  ...['amend_template', 'publish_findings'].map((kind) => ({
    promise: `at most one open ${kind} proposal per inquiry`,
    sql: `select inquiry_id, count(*) as n from decisions where status = 'open' and kind = '${kind}' group by inquiry_id having n > 1`,
  })),
  {
    promise: "at most one open proposal to amend a pair's principles",
    sql: `select group_id, count(*) as n from decisions where status = 'open' and kind = 'amend_principles' group by group_id having n > 1`,
  },
  {
    promise: 'at most one open review per pair',
    sql: `select group_id, count(*) as n from peer_reviews where status = 'open' group by group_id having n > 1`,
  },
  {
    promise: "one live consent per person per version of a pair's principles",
    sql: `select group_id, person_id, principles_version, count(*) as n from consents where withdrawn_at is null group by group_id, person_id, principles_version having n > 1`,
  },
  {
    promise: 'a pair has at most one client and one practitioner',
    sql: `select m.group_id, count(*) as n from members m join groups g on g.id = m.group_id where g.kind = 'pair' and m.left_at is null group by m.group_id having n > 2 or count(distinct m.pair_role) < count(*)`,
  },
  {
    promise: 'at most one facilitator per group',
    sql: `select group_id, count(*) as n from members where is_facilitator = 1 and left_at is null group by group_id having n > 1`,
  },
  {
    promise: 'an open decision holds one anonymous stance per anonymous ballot',
    sql: `select d.id, json_array_length(d.anonymous_json) as stances, (select count(*) from anonymous_ballots b where b.decision_id = d.id) as ballots from decisions d where d.status = 'open' and stances != ballots`,
  },
  {
    promise: 'agenda items of a review have distinct places',
    sql: `select review_id, position, count(*) as n from agenda_items group by review_id, position having n > 1`,
  },
  { promise: 'one account per email address', sql: `select lower(email) as e, count(*) as n from people group by e having n > 1` },
]

export function invariantProblems(stage: Stage): string[] {
  const problems = stage.integrityProblems()
  for (const { promise, sql } of INVARIANTS) {
    const rows = stage.raw.prepare(sql).all()
    if (rows.length > 0) problems.push(`broken promise: ${promise}: ${JSON.stringify(rows).slice(0, 300)}`)
  }
  return problems
}

// ---------------------------------------------------------------------------------------
// Sending, and counting what was sent

export const tally = { sent: 0, serverErrors: 0 }

let ipCounter = 0
/** A fresh client address per request, so the login rate limit (per address) is not what answers. */
export const freshIp = () => `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter++ & 255}`

export type Answer = { status: number; location: string; text: string; contentType: string }

/** Calls a loader or action as Remix would (see harness.call) with a request built here; anything thrown that is not a Response is a 500. */
export async function invoke(module: RouteModule, request: Request, params: Record<string, string>): Promise<Answer> {
  tally.sent += 1
  const fn = request.method === 'GET' ? module.loader : module.action
  if (!fn) throw new Error(`route has no ${request.method === 'GET' ? 'loader' : 'action'}`)
  let response: Response
  try {
    const result = await fn({ request, params, context: { clientIp: freshIp() } })
    response = result instanceof Response ? result : Response.json(result)
  } catch (thrown) {
    response =
      thrown instanceof Response
        ? thrown
        : new Response(`unhandled: ${thrown instanceof Error ? thrown.stack : String(thrown)}`, { status: 500 })
  }
  return answerOf(response)
}

export async function answerOf(response: Response): Promise<Answer> {
  if (response.status >= 500) tally.serverErrors += 1
  const location = response.headers.get('Location') ?? ''
  const contentType = response.headers.get('Content-Type') ?? ''
  // Downloads can be large; their bytes are not what these tests look at.
  const text = /attachment/.test(response.headers.get('Content-Disposition') ?? '') ? '' : await response.text()
  return { status: response.status, location, text, contentType }
}

export type Body = string | Uint8Array | ReadableStream<Uint8Array>

/** A POST as a browser sends it (Origin set), with any body and headers. */
export function postRequest(path: string, cookie: string | null, body: Body, headers: Record<string, string | null> = {}): Request {
  const h = new Headers({ Origin: ORIGIN })
  if (cookie) h.set('Cookie', cookie)
  if (!('Content-Type' in headers)) h.set('Content-Type', 'application/x-www-form-urlencoded')
  for (const [key, value] of Object.entries(headers)) if (value !== null) h.set(key, value)
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers: h, body: body as BodyInit }
  if (body instanceof ReadableStream) init.duplex = 'half'
  return new Request(ORIGIN + path, init)
}

export function getRequest(path: string, cookie: string | null): Request {
  const h = new Headers()
  if (cookie) h.set('Cookie', cookie)
  return new Request(ORIGIN + path, { headers: h })
}

/** Pairs as a form sends them, in order: [key, value] (values may be pre-encoded with `raw`). */
export type Pairs = Array<[string, string] | { raw: string }>

export function encodePairs(pairs: Pairs): string {
  return pairs.map((p) => (Array.isArray(p) ? `${encodeURIComponent(p[0])}=${encodeURIComponent(p[1])}` : p.raw)).join('&')
}

export const pairsOf = (form: Form): Pairs => Object.entries(form).map(([k, v]) => [k, v] as [string, string])

/** A body that arrives in chunks with no Content-Length, as with Transfer-Encoding: chunked. */
export function chunked(text: string, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.subarray(offset, offset + chunkSize))
      offset += chunkSize
    },
  })
}

// ---------------------------------------------------------------------------------------
// What every answer must be

/** Things a person should never be shown in an error message. */
const NOT_FOR_PEOPLE: Array<[RegExp, string]> = [
  [/ZodError|\bzod\b/i, 'the validation library'],
  [/\bundefined\b/, '"undefined"'],
  [/\bnull\b/, '"null"'],
  [/\bNaN\b/, '"NaN"'],
  [/\[object \w+\]/, 'an object printed as text'],
  [/SQLITE|sqlite|constraint failed|\bselect\b.+\bfrom\b|\binsert into\b|\bdelete from\b|\bupdate\b.+\bset\b/i, 'SQL'],
  [/\n\s+at |\bat \S+ \(|\bat async\b/, 'a stack trace'],
  [/(?:\/|\\)(?:work|home|tmp|usr|app|node_modules)(?:\/|\\)|\.(?:tsx?|jsx?|mjs):\d+/, 'a file path'],
  [/\b(?:TypeError|ReferenceError|RangeError|SyntaxError|Error:)/, 'an exception name'],
  [/Invalid input|Invalid option|expected [a-z ]+, received|Too (?:big|small):|Unrecognized key/i, "zod's default wording"],
]

/** The messages a refused request carries: { formError, message, errors{} }, or the body as text. */
export function messagesOf(answer: Answer): string[] {
  try {
    const body = JSON.parse(answer.text) as { formError?: unknown; message?: unknown; errors?: Record<string, unknown> }
    return [body.formError, body.message, ...Object.values(body.errors ?? {})].filter((m): m is string => typeof m === 'string')
  } catch {
    return [answer.text]
  }
}

/**
 * Problems with an answer: a 5xx, a redirect off-site, or a 4xx without a message a person can
 * read. `sent` are the values the case sent: a message may quote them ("undefined" is not a
 * date), which is not the app printing a missing value.
 */
export function answerProblems(answer: Answer, sent: string[] = []): string[] {
  const problems: string[] = []
  if (answer.status >= 500) problems.push(`${answer.status}: ${answer.text.slice(0, 400)}`)
  if (answer.status >= 300 && answer.status < 400 && !/^\/(?!\/)/.test(answer.location)) problems.push(`redirect to "${answer.location}"`)
  if (answer.status >= 400 && answer.status < 500) {
    const messages = messagesOf(answer).filter((m) => m.trim().length > 0)
    if (messages.length === 0) problems.push(`${answer.status} with no message: ${answer.text.slice(0, 200)}`)
    for (const message of messages) {
      const own = sent.filter((v) => v.length > 0).reduce((m, v) => m.split(v).join(''), message)
      for (const [pattern, what] of NOT_FOR_PEOPLE) {
        if (pattern.test(own)) problems.push(`${answer.status} message shows ${what}: "${message.slice(0, 200)}"`)
      }
    }
    // The input is kept for the form (each value cut at 100,000 characters; JSON may spell a character in six): never the whole body back.
    if (answer.text.length > 1_000_000) problems.push(`${answer.status} answer is ${answer.text.length} characters long`)
  }
  // Whatever the status, no stack trace or source path in the body.
  if (/\n\s+at .+\(|\\n\s+at |node_modules|\/app\/(?:features|routes|utils)\//.test(answer.text.slice(0, 200_000)) && answer.status < 500) {
    problems.push(`${answer.status} body carries a stack trace or a source path: ${answer.text.slice(0, 200)}`)
  }
  return problems
}

/**
 * Tables a refused request may legitimately write: a failed login is counted (login_attempts,
 * for the rate limit) and audited (audit_events: login_failed / login_rate_limited).
 */
export function mayWriteWhenRefused(file: string): string[] {
  return file === 'login.tsx' ? ['login_attempts', 'audit_events'] : []
}

export type CaseResult = { answer: Answer; refused: boolean; changed: string[] }

/**
 * Sends one request from a pristine world (unless `fromHere`) and checks the answer. A refused request (4xx)
 * must leave every table's row count and contents as they were, apart from the tables
 * `mayWriteWhenRefused` names. Problems are pushed to `problems` with the case's label, so
 * a test reports every failing case at once.
 */
export async function runCase(
  stage: Stage,
  module: RouteModule,
  label: string,
  request: Request,
  params: Record<string, string>,
  problems: string[],
  sent: string[] = [],
  options: { fromHere?: boolean } = {},
): Promise<CaseResult> {
  // From here: keep what earlier cases wrote (a test building up state on purpose); a refusal must still write nothing.
  if (!options.fromHere) stage.ensurePristine()
  stage.committedSince()
  const digestBefore = options.fromHere ? stage.digest() : undefined
  const countsBefore = options.fromHere ? await tableCounts(getDb()) : stage.countsAsMade()
  const answer = await invoke(module, request, params)
  for (const p of answerProblems(answer, sent)) problems.push(`${label}: ${p}`)
  // Nothing committed means every table is as it was; otherwise compare every row.
  const committed = stage.committedSince()
  const changed = committed ? stage.changedTables(digestBefore) : []
  if (changed.length > 0 || options.fromHere) stage.markDirty()
  const refused = answer.status >= 400
  if (refused) {
    const allowed = new Set(mayWriteWhenRefused(stage.file))
    const countsAfter = committed ? await tableCounts(getDb()) : countsBefore
    const recounted = Object.keys(countsBefore).filter((t) => countsBefore[t] !== countsAfter[t] && !allowed.has(t))
    const rewritten = changed.filter((t) => !allowed.has(t))
    if (recounted.length > 0 || rewritten.length > 0) {
      problems.push(
        `${label}: refused with ${answer.status} ("${messagesOf(answer).join(' ').slice(0, 120)}") but wrote to ${[...new Set([...recounted, ...rewritten])].join(', ')}`,
      )
    }
  }
  return { answer, refused, changed }
}

// ---------------------------------------------------------------------------------------
// App bugs already found

/**
 * Problems the fuzz files found in the app, each shown by its own failing test in
 * fuzz-app-bugs.test.ts. The general fuzz tests leave exactly these cases to that file, so
 * they fail only for something new. Delete an entry once the app is fixed (its test passes).
 */
export const KNOWN_APP_BUGS: Array<{ bug: string; matches: (problem: string) => boolean }> = []

/** The problems no known app bug explains. */
export function unexplained(problems: string[]): string[] {
  return problems.filter((p) => !KNOWN_APP_BUGS.some((b) => b.matches(p)))
}

// ---------------------------------------------------------------------------------------
// Stored text

let textColumns: Array<{ table: string; columns: string[] }> | undefined

/** Whether some text column holds exactly this text (or a JSON column holds it as a string value). */
export function isStored(stage: Stage, value: string): boolean {
  textColumns ??= stage.tables.map((table) => ({
    table,
    columns: (stage.raw.prepare('select name, type from pragma_table_info(?)').all(table) as { name: string; type: string }[])
      .filter((c) => /text/i.test(c.type))
      .map((c) => c.name),
  }))
  for (const { table, columns } of textColumns) {
    if (columns.length === 0) continue
    const where = columns.map((c) => `"${c}" = ?`).join(' or ')
    if (stage.raw.prepare(`select 1 from "${table}" where ${where} limit 1`).get(...columns.map(() => value))) return true
    for (const column of columns.filter((c) => c.endsWith('_json'))) {
      const rows = stage.raw.prepare(`select "${column}" as v from "${table}"`).all() as { v: string | null }[]
      if (rows.some((r) => r.v !== null && holdsString(safeJson(r.v), value))) return true
    }
  }
  return false
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function holdsString(json: unknown, value: string): boolean {
  if (json === value) return true
  if (typeof json === 'string') return json.split('\n').includes(value)
  if (Array.isArray(json)) return json.some((v) => holdsString(v, value))
  if (json && typeof json === 'object') return Object.values(json).some((v) => holdsString(v, value))
  return false
}

/** How React writes text into HTML (text nodes and attribute values alike). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')
}

// ---------------------------------------------------------------------------------------
// The count, printed once

const FUZZ_FILES = readdirSync(dirname(fileURLToPath(import.meta.url)))
  .filter((f) => /^fuzz.*\.test\.ts$/.test(f))
  .sort()

/**
 * Prints this file's count and, once every fuzz file of the run has reported (they run in
 * parallel workers), the total. The run's base database folder, unique per run, holds the
 * per-file counts. process.stdout.write, not console: tests/setup/console.ts watches console.error.
 */
export function reportTally(file: string): void {
  const dir = dirname(inject('baseDbPath'))
  const mine = { file, sent: tally.sent, serverErrors: tally.serverErrors }
  writeFileSync(join(dir, `fuzz-tally-${file}.json`), JSON.stringify(mine))
  process.stdout.write(`\n[fuzz] ${file}: ${mine.sent} fuzz cases sent, ${mine.serverErrors} 5xx seen\n`)
  const reports = FUZZ_FILES.map((f) => join(dir, `fuzz-tally-${f}.json`))
  if (!reports.every((r) => existsSync(r))) return
  try {
    writeFileSync(join(dir, 'fuzz-tally.printed'), '', { flag: 'wx' })
  } catch {
    return
  }
  const all = reports.map((r) => JSON.parse(readFileSync(r, 'utf8')) as typeof mine)
  const sent = all.reduce((n, r) => n + r.sent, 0)
  const serverErrors = all.reduce((n, r) => n + r.serverErrors, 0)
  process.stdout.write(`\n[fuzz] total over ${all.length} files: ${sent} fuzz cases sent, ${serverErrors} 5xx seen\n`)
}
