// npm run test:durability (issue 7, item 4; issue 17, item 6). A script, not a vitest test:
// it starts the production server as `npm start` does (app/cli/start.mjs, the supervisor) with
// WEB_CONCURRENCY server processes (default 2) sharing one port and one temporary SQLite file:
//  (a) load: 50 concurrent writers post records, blind ratings and stances for
//      DURATION_SECONDS (default 60), as a browser's forms would (urlencoded, the session
//      cookie, a same-origin Origin). Every acknowledged write must then be in the file.
//  (b) crash: writers again; every server process is SIGKILLed mid-writes and the supervisor
//      restarts them on the same file. Every write acknowledged before the kill must be
//      there, the file sound, and the restarted processes take writes again.
// Prints a table of figures. Exit 0: all checks passed; 1: a check failed; 2: the run could
// not be set up; 3: the hard timeout fired (it never hangs CI).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import {
  childPids,
  ensureBuild,
  killAllServers,
  startServer as startProductionServer,
  SUPERVISOR,
  type RunningServer,
} from '../support/server'

function seconds(name: string, fallback: number): number {
  const raw = process.env[name]?.trim()
  if (!raw) return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${name} must be a positive number of seconds, not "${raw}".`)
    process.exit(2)
  }
  return value
}

const DURATION_SECONDS = seconds('DURATION_SECONDS', 60)
/** How many server processes the supervisor runs on the one file. */
const PROCESSES = (() => {
  const raw = process.env.WEB_CONCURRENCY?.trim() || '2'
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    console.error(`WEB_CONCURRENCY must be a whole number of server processes, 1 or more, not "${raw}".`)
    process.exit(2)
  }
  return Number(raw)
})()
/** How long the writers run in (b) before the server is killed. */
const CRASH_AFTER_SECONDS = seconds('CRASH_AFTER_SECONDS', 5)
const WRITERS = 50
const PEOPLE = 12 // an inquiry group's maximum
const THEMES = 3
/** Persons 0–10 rate; person 11 never does, so the blind round stays open (it reveals when everyone has rated). */
const RATERS = 11
const REQUEST_TIMEOUT_MS = 30_000
const HARD_TIMEOUT_MS = (DURATION_SECONDS + CRASH_AFTER_SECONDS + 300) * 1000
const PASSWORD = 'a long enough pass phrase'
const BUSY = /SQLITE_BUSY|database is locked/i

const started = performance.now()
/** The temporary folder with both databases; kept when the run fails. */
const dir = mkdtempSync(join(tmpdir(), 'inquiry-durability-'))

// ---------------------------------------------------------------------------------------
// Every server started is killed when this script ends, however it ends (support/server.ts
// kills them on exit; the signals and the hard timeout end the script through exit).

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping.`)
    killAllServers()
    process.exit(130)
  })
}
const hardTimeout = setTimeout(() => {
  console.error(`\nThe durability run did not finish within ${HARD_TIMEOUT_MS / 1000} s; giving up. The databases are kept in ${dir}`)
  killAllServers()
  process.exit(3)
}, HARD_TIMEOUT_MS)

/** The world could not be set up: exit 2. */
class SetupError extends Error {}
/** Something the run checks broke on the way (the server died under load): exit 1. */
class RunFailure extends Error {}

// ---------------------------------------------------------------------------------------
// The server

type Server = RunningServer & { dbPath: string }

/**
 * The production server on a SQLite file, as `npm start` runs it: the supervisor and its
 * PROCESSES server processes. Its secrets are generated beside the file (so sessions survive
 * the restart in (b)); a cheaper password hash keeps sign-ups quick.
 */
async function startServer(dbPath: string): Promise<Server> {
  try {
    const server = await startProductionServer({
      script: SUPERVISOR,
      databaseUrl: dbPath,
      env: { PASSWORD_HASH_LOG_N: '10', WEB_CONCURRENCY: String(PROCESSES) },
      readyTimeoutMs: 120_000,
    })
    const workers = childPids(server.pid)
    if (workers.length !== PROCESSES) throw new Error(`The supervisor runs ${workers.length} server processes, not ${PROCESSES}.`)
    return { ...server, dbPath }
  } catch (error) {
    throw new SetupError(error instanceof Error ? error.message : String(error))
  }
}

type SupervisorLine = { msg: string; serverPid?: number; reason?: string }

/** What the supervisor has logged (its JSON lines carry "role":"supervisor"). */
function supervisorLines(server: Server): SupervisorLine[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.includes('"role":"supervisor"'))
    .map((line) => JSON.parse(line) as SupervisorLine)
}

/** Server processes that ended without being asked to, as the supervisor logged them. */
const deathsOf = (server: Server) => supervisorLines(server).filter((l) => / ended: /.test(l.msg))

/** Waits until the supervisor runs PROCESSES server processes, none of `gone`, each listening. */
async function restartedBy(server: Server, gone: number[], timeoutMs = 60_000): Promise<number[]> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const now = childPids(server.pid)
    const listening = new Set(supervisorLines(server).flatMap((l) => (/ listening$/.test(l.msg) && l.serverPid ? [l.serverPid] : [])))
    if (now.length === PROCESSES && now.every((pid) => !gone.includes(pid) && listening.has(pid))) return now
    if (!server.running()) throw new RunFailure(`The supervisor ended after the kill. Its output:\n${server.output().slice(-5000)}`)
    if (performance.now() > deadline)
      throw new RunFailure(`The supervisor had not restarted the server processes within ${timeoutMs / 1000} s (now: ${now.join(', ')}).`)
    await sleep(100)
  }
}

// ---------------------------------------------------------------------------------------
// HTTP, as a browser submits a form without JavaScript

type Person = { index: number; name: string; email: string; cookie: string }
type Reply = { status: number; location: string | null; body: string; ms: number; setCookie: string[] }

async function send(
  server: Server,
  method: 'GET' | 'POST',
  path: string,
  person: Person | null,
  fields?: Record<string, string>,
): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'text/html', 'Sec-Fetch-Site': 'same-origin' }
  if (person?.cookie) headers.Cookie = person.cookie
  if (method === 'POST') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    headers.Origin = server.url
  }
  const t0 = performance.now()
  const response = await fetch(server.url + path, {
    method,
    headers,
    body: fields ? new URLSearchParams(fields).toString() : undefined,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  const body = await response.text()
  return {
    status: response.status,
    location: response.headers.get('location'),
    body,
    ms: performance.now() - t0,
    setCookie: response.headers.getSetCookie(),
  }
}

/** What a failed reply says: its status, where it redirects, or the page's message. */
function describe(reply: Reply): string {
  if (reply.location) return `${reply.status} → ${reply.location}`
  const main = /<main[\s\S]*?<\/main>/i.exec(reply.body)?.[0] ?? reply.body
  const text = main
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return `${reply.status}: ${text.slice(0, 200)}`
}

function expectRedirect(reply: Reply, pattern: RegExp, what: string): RegExpExecArray {
  const match = reply.status === 302 && reply.location ? pattern.exec(reply.location) : null
  if (!match) throw new SetupError(`${what}: expected a redirect to ${pattern}, got ${describe(reply)}`)
  return match
}

/**
 * The action of the page's form that contains `marker` (e.g. name="intent" value="invite"),
 * as the browser would submit it: Remix adds "?index" for index routes.
 */
function formAction(html: string, marker: string, what: string): string {
  for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, attributes = '', inner = ''] = form
    if (!inner.includes(marker) || !/method="post"/i.test(attributes)) continue
    const action = /action="([^"]*)"/i.exec(attributes)?.[1]
    if (action) return action.replace(/&amp;/g, '&')
  }
  throw new SetupError(`${what}: no form with ${marker} on the page.`)
}

async function page(server: Server, path: string, person: Person, what: string): Promise<string> {
  const reply = await send(server, 'GET', path, person)
  if (reply.status !== 200) throw new SetupError(`${what}: GET ${path} answered ${describe(reply)}`)
  return reply.body
}

// ---------------------------------------------------------------------------------------
// The world the writers write into, set up through the forms as people would

type World = {
  runId: string
  people: Person[]
  groupId: string
  inquiryId: string
  themeIds: string[]
  decisionIds: string[]
  recordsAction: string
  ratingsAction: string
}

async function signUp(server: Server, index: number, runId: string): Promise<Person> {
  const name = `Member ${String(index + 1).padStart(2, '0')}`
  const email = `member${index + 1}-${runId}@example.org`
  const action = formAction(
    await page(server, '/signup', { index, name, email, cookie: '' }, 'sign-up page'),
    'name="password"',
    'sign-up page',
  )
  const reply = await send(server, 'POST', action, null, { redirectTo: '', displayName: name, email, password: PASSWORD })
  expectRedirect(reply, /^\/groups$/, `signing up ${name}`)
  const cookie = reply.setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('__Host-inquiry-session='))
  if (!cookie) throw new SetupError(`signing up ${name}: no session cookie in ${JSON.stringify(reply.setCookie)}`)
  return { index, name, email, cookie }
}

/** Everyone agrees in turn; once the rule is met the decision closes and later stances are refused (409). */
async function agreeTogether(server: Server, people: Person[], decisionId: string) {
  for (const person of people) {
    const html = await page(server, `/decisions/${decisionId}`, person, 'decision page')
    if (!html.includes('name="stance"')) break // closed: no stance form any more
    const reply = await send(server, 'POST', formAction(html, 'name="stance"', 'decision page'), person, {
      intent: 'stance',
      stance: 'agree',
      reason: '',
    })
    expectRedirect(reply, new RegExp(`^/decisions/${decisionId}$`), `${person.name} agreeing`)
  }
}

async function moveOn(
  server: Server,
  world: { people: Person[]; inquiryId: string },
  fields: Record<string, string>,
  expectedPhase: string,
) {
  const [proposer] = world.people
  const path = `/inquiries/${world.inquiryId}`
  const action = formAction(await page(server, path, proposer!, 'inquiry page'), 'name="step" value="next"', 'inquiry page')
  const reply = await send(server, 'POST', action, proposer!, { step: 'next', reason: '', ...fields })
  const [, decisionId] = expectRedirect(reply, /^\/decisions\/([A-Za-z0-9_-]+)$/, 'proposing to move on')
  await agreeTogether(server, world.people, decisionId!)
  const now = await page(server, path, proposer!, 'inquiry page')
  if (!now.replace(/<!-- -->/g, '').includes(`cycle 1, ${expectedPhase}`))
    throw new SetupError(`The group agreed, but the inquiry is not in ${expectedPhase}.`)
}

async function setUpWorld(server: Server): Promise<World> {
  const runId = Math.random().toString(36).slice(2, 8)
  const people: Person[] = []
  for (let i = 0; i < PEOPLE; i += 1) people.push(await signUp(server, i, runId))
  const [facilitator] = people as [Person, ...Person[]]

  const groupsPage = await page(server, '/groups', facilitator, 'groups page')
  const created = await send(server, 'POST', formAction(groupsPage, 'name="facilitate"', 'groups page'), facilitator, {
    kind: 'inquiry_group',
    name: `Durability circle ${runId}`,
    facilitate: 'on',
  })
  const [, groupId] = expectRedirect(created, /^\/groups\/([A-Za-z0-9_-]+)$/, 'creating the group')
  const groupPath = `/groups/${groupId}`

  const membersPage = await page(server, `${groupPath}/members`, facilitator, 'members page')
  const inviteAction = formAction(membersPage, 'name="intent" value="invite"', 'members page')
  const invited = await send(server, 'POST', inviteAction, facilitator, { intent: 'invite', expiresInDays: '7' })
  const token =
    invited.status === 200 ? /data-testid="invite-link"[^>]*>[^<]*\/join\/([A-Za-z0-9_-]{20,100})</.exec(invited.body)?.[1] : undefined
  if (!token) throw new SetupError(`creating an invitation: no link shown (${describe(invited)})`)
  for (const person of people.slice(1)) {
    const joinPage = await page(server, `/join/${token}`, person, 'invitation page')
    const joined = await send(server, 'POST', formAction(joinPage, 'Join the group', 'invitation page'), person, {})
    expectRedirect(joined, new RegExp(`^${groupPath}$`), `${person.name} joining`)
  }

  const newInquiry = await page(server, `${groupPath}/inquiries/new`, facilitator, 'new inquiry page')
  const started = await send(server, 'POST', formAction(newInquiry, 'name="templateSlug"', 'new inquiry page'), facilitator, {
    title: 'Durability under load',
    question: 'Does every contribution the server acknowledges stay in the record?',
    templateSlug: 'cooperative-inquiry',
  })
  const [, inquiryId] = expectRedirect(started, /^\/inquiries\/([A-Za-z0-9_-]+)$/, 'starting the inquiry')
  const world = { people, inquiryId: inquiryId! }
  await moveOn(server, world, {}, 'Action – experience')
  await moveOn(server, world, { skipOptional: 'on' }, 'Reflection – sense-making')

  const themeIds: string[] = []
  for (let t = 0; t < THEMES; t += 1) {
    const proposer = people[t]!
    const themesPath = `/inquiries/${inquiryId}/themes`
    const action = formAction(await page(server, themesPath, proposer, 'themes page'), 'name="description"', 'themes page')
    const reply = await send(server, 'POST', action, proposer, { name: `Theme ${t + 1} of ${runId}`, description: '' })
    const [, themeId] = expectRedirect(reply, new RegExp(`^${themesPath}/([A-Za-z0-9_-]+)$`), 'proposing a theme')
    themeIds.push(themeId!)
  }

  // Two open proposals to take stances on. The last member blocks both once and the proposer
  // never takes a stance, so neither can pass or be rejected while the writers change theirs.
  const blocker = people[PEOPLE - 1]!
  const decisionIds: string[] = []
  for (let d = 0; d < 2; d += 1) {
    const action = formAction(await page(server, groupPath, facilitator, 'group page'), 'name="intent" value="propose"', 'group page')
    const proposed = await send(server, 'POST', action, facilitator, { intent: 'propose', title: `Proposal ${d + 1} under load`, body: '' })
    const [, decisionId] = expectRedirect(proposed, /^\/decisions\/([A-Za-z0-9_-]+)$/, 'proposing')
    const stanceAction = formAction(
      await page(server, `/decisions/${decisionId}`, blocker, 'decision page'),
      'name="stance"',
      'decision page',
    )
    const blocked = await send(server, 'POST', stanceAction, blocker, {
      intent: 'stance',
      stance: 'block',
      reason: 'Held open for the durability run.',
    })
    expectRedirect(blocked, new RegExp(`^/decisions/${decisionId}$`), 'blocking')
    decisionIds.push(decisionId!)
  }

  const someone = people[1]!
  const recordsAction = formAction(
    await page(server, `/inquiries/${inquiryId}/records`, someone, 'records page'),
    'name="wayOfKnowing"',
    'records page',
  )
  const ratingsHtml = await page(server, `/inquiries/${inquiryId}/ratings`, someone, 'ratings page')
  const ratingsAction = formAction(ratingsHtml, 'name="intent" value="blind"', 'ratings page')
  for (const themeId of themeIds) {
    if (!ratingsHtml.includes(`name="rating.${themeId}"`)) throw new SetupError(`The ratings form has no field for theme ${themeId}.`)
  }
  return { runId, people, groupId: groupId!, inquiryId: inquiryId!, themeIds, decisionIds, recordsAction, ratingsAction }
}

// ---------------------------------------------------------------------------------------
// Writers

type Kind = 'record' | 'rating' | 'stance'
const STANCES = ['agree', 'abstain', 'disagree', 'block'] as const
const WAYS = ['experiential', 'presentational', 'propositional', 'practical'] as const

type Write =
  | { kind: 'record'; person: number; text: string; recordId?: string }
  | { kind: 'rating'; person: number; values: Record<string, number> }
  | { kind: 'stance'; person: number; decisionId: string; stance: (typeof STANCES)[number]; reason: string }

type Writer = { index: number; kind: Kind; person: Person; decisionId?: string }

/**
 * 50 writers: one rater per person who rates (a rating form carries all of a person's themes,
 * so two writers for one person would race over "the last value"); one writer per person and
 * proposal for stances (everyone but the proposer and the blocker); records for the rest.
 */
function writersFor(world: World): Writer[] {
  const writers: Writer[] = []
  const add = (kind: Kind, person: Person, decisionId?: string) => writers.push({ index: writers.length, kind, person, decisionId })
  for (let p = 0; p < RATERS; p += 1) add('rating', world.people[p]!)
  for (const decisionId of world.decisionIds) for (let p = 1; p < PEOPLE - 1; p += 1) add('stance', world.people[p]!, decisionId)
  for (let i = 0; writers.length < WRITERS; i += 1) add('record', world.people[i % PEOPLE]!)
  return writers
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!
const today = () => new Date().toISOString().slice(0, 10)

/** The next submission of a writer: the form's fields, what it writes, and what acknowledges it. */
function nextSubmission(world: World, writer: Writer, seq: number) {
  const marker = `${world.runId}-w${writer.index}-n${seq}`
  switch (writer.kind) {
    case 'record': {
      const write: Write = {
        kind: 'record',
        person: writer.person.index,
        text: `Durability record ${marker}: I waited, and the client went on.`,
      }
      const fields = { text: write.text, wayOfKnowing: pick(WAYS), occurredAt: today(), visibility: pick(['group', 'private'] as const) }
      const acknowledged = new RegExp(`^/inquiries/${world.inquiryId}/records/([A-Za-z0-9_-]+)$`)
      return { path: world.recordsAction, fields, write, acknowledged }
    }
    case 'rating': {
      const values = Object.fromEntries(world.themeIds.map((id) => [id, 1 + Math.floor(Math.random() * 5)]))
      const fields: Record<string, string> = { intent: 'blind' }
      for (const [id, value] of Object.entries(values)) fields[`rating.${id}`] = String(value)
      const write: Write = { kind: 'rating', person: writer.person.index, values }
      return { path: world.ratingsAction, fields, write, acknowledged: new RegExp(`^/inquiries/${world.inquiryId}/ratings\\?saved=blind$`) }
    }
    case 'stance': {
      const decisionId = writer.decisionId!
      const write: Write = {
        kind: 'stance',
        person: writer.person.index,
        decisionId,
        stance: pick(STANCES),
        reason: `Durability stance ${marker}`,
      }
      const fields = { intent: 'stance', stance: write.stance, reason: write.reason }
      return { path: `/decisions/${decisionId}`, fields, write, acknowledged: new RegExp(`^/decisions/${decisionId}$`) }
    }
  }
}

type Count = Record<Kind, number>
const zero = (): Count => ({ record: 0, rating: 0, stance: 0 })

class Run {
  readonly requests = zero()
  readonly errors = zero()
  /** Every write submitted, answered or not. */
  readonly sent: Write[] = []
  readonly acknowledged: Write[] = []
  /** Requests in flight when the server was killed that got no answer: they may or may not have committed. */
  readonly unanswered: Write[] = []
  readonly latencies: Record<Kind, number[]> = { record: [], rating: [], stance: [] }
  readonly errorSamples: string[] = []
  readonly inFlight = new Map<number, Write>()
  stopping = false
  killedAt: number | null = null
  inFlightAtKill = 0
  answeredAfterKill = 0
  elapsed = 0

  error(kind: Kind, message: string) {
    this.errors[kind] += 1
    if (this.errorSamples.length < 10) this.errorSamples.push(`${kind}: ${message}`)
  }
}

async function runWriter(server: Server, world: World, writer: Writer, run: Run) {
  for (let seq = 0; !run.stopping; seq += 1) {
    const { path, fields, write, acknowledged } = nextSubmission(world, writer, seq)
    run.requests[writer.kind] += 1
    run.sent.push(write)
    run.inFlight.set(writer.index, write)
    try {
      const reply = await send(server, 'POST', path, writer.person, fields)
      if (run.killedAt !== null) run.answeredAfterKill += 1
      run.latencies[writer.kind].push(reply.ms)
      const match = reply.status === 302 && reply.location ? acknowledged.exec(reply.location) : null
      if (match) {
        if (write.kind === 'record') write.recordId = match[1]
        run.acknowledged.push(write)
      } else {
        run.error(writer.kind, describe(reply))
      }
    } catch (error) {
      if (run.killedAt !== null) run.unanswered.push(write)
      else
        run.error(writer.kind, error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ''}` : String(error))
    } finally {
      run.inFlight.delete(writer.index)
    }
  }
}

/** Writers post until `stop` resolves (or the server dies); returns once every writer has finished. */
async function write(server: Server, world: World, run: Run, stop: (run: Run) => Promise<void>) {
  const t0 = performance.now()
  const writers = writersFor(world).map((writer) => runWriter(server, world, writer, run))
  await Promise.race([stop(run), server.exited])
  run.stopping = true
  await Promise.all(writers)
  run.elapsed = (performance.now() - t0) / 1000
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------------------
// Checking the file

type Verification = {
  acknowledged: Count
  stored: Count
  missing: string[]
  /** Unanswered writes (in flight at the kill) that are in the file nonetheless. */
  unansweredCommitted: number
  /** Rows carrying this run's markers that were never submitted, or submitted once and stored twice. */
  unexpectedRows: number
  integrity: string
  foreignKeyProblems: number
}

/** Checks `run`'s writes against the file; `otherRuns` wrote into the same world before. */
function verify(dbPath: string, world: World, run: Run, otherRuns: Run[] = []): Verification {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const personIds = new Map(
      (db.prepare('select id, email from people').all() as { id: string; email: string }[]).map((p) => [p.email.toLowerCase(), p.id]),
    )
    const idOf = (index: number) => personIds.get(world.people[index]!.email.toLowerCase())
    const recordRows = db.prepare('select id, text, author_id as authorId from records where inquiry_id = ?').all(world.inquiryId) as {
      id: string
      text: string
      authorId: string
    }[]
    const records = new Map(recordRows.map((r) => [r.text, r]))
    const placeholders = world.decisionIds.map(() => '?').join(', ')
    const stanceRows = db
      .prepare(
        `select decision_id as decisionId, person_id as personId, stance, reason from stances where decision_id in (${placeholders})`,
      )
      .all(...world.decisionIds) as {
      decisionId: string
      personId: string
      stance: string
      reason: string | null
    }[]
    const stances = new Map(stanceRows.map((s) => [s.reason ?? '', s]))
    const themePlaceholders = world.themeIds.map(() => '?').join(', ')
    const ratings = new Map(
      (
        db
          .prepare(
            `select person_id as personId, theme_id as themeId, value from ratings where round = 'blind' and theme_id in (${themePlaceholders})`,
          )
          .all(...world.themeIds) as {
          personId: string
          themeId: string
          value: number
        }[]
      ).map((r) => [`${r.personId} ${r.themeId}`, r.value]),
    )

    const isStored = (w: Write): boolean => {
      if (w.kind === 'record') {
        const row = records.get(w.text)
        return !!row && row.authorId === idOf(w.person) && (w.recordId === undefined || row.id === w.recordId)
      }
      if (w.kind === 'stance') {
        const row = stances.get(w.reason)
        return !!row && row.decisionId === w.decisionId && row.personId === idOf(w.person) && row.stance === w.stance
      }
      return Object.entries(w.values).every(([themeId, value]) => ratings.get(`${idOf(w.person)} ${themeId}`) === value)
    }

    const acknowledged = zero()
    const stored = zero()
    const missing: string[] = []
    const lastRating = new Map<number, Write>()
    const ratingPosts = new Map<number, number>()
    for (const w of run.acknowledged) {
      acknowledged[w.kind] += 1
      if (w.kind === 'rating') {
        lastRating.set(w.person, w)
        ratingPosts.set(w.person, (ratingPosts.get(w.person) ?? 0) + 1)
      } else if (isStored(w)) stored[w.kind] += 1
      else missing.push(w.kind === 'record' ? `record "${w.text}"` : `stance "${w.reason}"`)
    }
    // Ratings are overwritten: a person's acknowledged posts are all kept when the file holds
    // the last one's values, or those of a later post left unanswered by the kill (it may
    // have committed; a transaction commits all of a form's themes or none).
    for (const [person, last] of lastRating) {
      const later = run.unanswered.find((w) => w.kind === 'rating' && w.person === person)
      if (isStored(last) || (later && isStored(later))) stored.rating += ratingPosts.get(person)!
      else
        missing.push(
          `${world.people[person]!.name}'s last acknowledged ratings ${JSON.stringify(last.kind === 'rating' ? last.values : {})}`,
        )
    }
    const unansweredCommitted = run.unanswered.filter((w) => {
      if (w.kind !== 'rating') return isStored(w)
      const last = lastRating.get(w.person)
      return isStored(w) && !(last && isStored(last)) // the same values as the last acknowledged post tell nothing
    }).length

    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ')
    const foreignKeyProblems = (db.pragma('foreign_key_check') as unknown[]).length
    // Nothing stored that no one submitted, nothing stored twice.
    const submitted = new Set(
      [...run.sent, ...otherRuns.flatMap((r) => r.sent)].map((w) => (w.kind === 'record' ? w.text : w.kind === 'stance' ? w.reason : '')),
    )
    const marked = [
      ...recordRows.map((r) => r.text).filter((t) => t.startsWith(`Durability record ${world.runId}-`)),
      ...stanceRows.map((r) => r.reason ?? '').filter((t) => t.startsWith(`Durability stance ${world.runId}-`)),
    ]
    const unexpectedRows = marked.filter((t) => !submitted.has(t)).length + (marked.length - new Set(marked).size)

    return { acknowledged, stored, missing, unansweredCommitted, unexpectedRows, integrity, foreignKeyProblems }
  } finally {
    db.close()
  }
}

// ---------------------------------------------------------------------------------------
// The two parts

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

const total = (c: Count) => c.record + c.rating + c.stance

type Part = { run: Run; check: Verification; busy: string[]; serverErrors: string[]; deaths: SupervisorLine[] }

/** SQLITE_BUSY lines and (the first 10) error lines in the output, less those `ignore` says are expected. */
function serverTrouble(server: Server, ignore: (line: string) => boolean = () => false) {
  const lines = server.output().split('\n')
  return {
    busy: lines.filter((line) => BUSY.test(line)),
    serverErrors: lines.filter((line) => /error/i.test(line) && !ignore(line)).slice(0, 10),
  }
}

async function loadPart(): Promise<Part> {
  const server = await startServer(join(dir, 'load.sqlite'))
  try {
    console.log(`(a) load: server ready at ${server.url}; setting up ${PEOPLE} people, a group and an inquiry in sense-making…`)
    const world = await setUpWorld(server)
    console.log(`(a) load: ${WRITERS} writers for ${DURATION_SECONDS} s on ${PROCESSES} server processes…`)
    const run = new Run()
    await write(server, world, run, () => sleep(DURATION_SECONDS * 1000))
    if (!server.running()) {
      throw new RunFailure(
        `The server died during the load (${server.child.signalCode ?? `exit ${server.child.exitCode}`}). Its output:\n${server.output().slice(-5000)}`,
      )
    }
    const check = verify(server.dbPath, world, run)
    return { run, check, ...serverTrouble(server), deaths: deathsOf(server) }
  } finally {
    await server.stop()
  }
}

async function crashPart(): Promise<
  Part & { afterRestart: Verification; afterRestartErrors: string[]; killed: number[]; restarted: number[]; killDeaths: number }
> {
  const dbPath = join(dir, 'crash.sqlite')
  const server = await startServer(dbPath)
  try {
    const run = new Run()
    console.log(`(b) crash: server ready at ${server.url}; setting up…`)
    const world = await setUpWorld(server)
    console.log(`(b) crash: ${WRITERS} writers; SIGKILL of all ${PROCESSES} server processes after ${CRASH_AFTER_SECONDS} s…`)
    let killed: number[] = []
    await write(server, world, run, async (r) => {
      await sleep(CRASH_AFTER_SECONDS * 1000)
      r.stopping = true // no writer starts another request; those in flight stay in flight
      r.inFlightAtKill = r.inFlight.size
      r.killedAt = performance.now()
      killed = childPids(server.pid)
      for (const pid of killed) process.kill(pid, 'SIGKILL')
    })
    const restarted = await restartedBy(server, killed)
    const killDeaths = deathsOf(server).filter((d) => killed.includes(d.serverPid ?? 0) && /SIGKILL/.test(d.reason ?? '')).length
    console.log(`(b) crash: the supervisor restarted ${killed.join(', ')} as ${restarted.join(', ')}; checking…`)
    const check = verify(dbPath, world, run)
    // The restarted processes take writes again, from the same sessions (the secret is kept beside the file).
    const after = new Run()
    const afterErrors: string[] = []
    for (const person of world.people) {
      const { fields, write: w, acknowledged } = nextSubmission(world, { index: WRITERS + person.index, kind: 'record', person }, 0)
      after.requests.record += 1
      after.sent.push(w)
      const reply = await send(server, 'POST', world.recordsAction, person, fields)
      const match = reply.status === 302 && reply.location ? acknowledged.exec(reply.location) : null
      if (match && w.kind === 'record') after.acknowledged.push({ ...w, recordId: match[1] })
      else afterErrors.push(`${person.name}: ${describe(reply)}`)
    }
    const afterRestart = verify(dbPath, world, after, [run])
    // Deaths other than the kill's: a server process that died by itself under the writers.
    const deaths = deathsOf(server).filter((d) => !killed.includes(d.serverPid ?? 0))
    // The supervisor's lines about the kill are the run's doing, not the server's trouble.
    const isKill = (line: string) => killed.some((pid) => line.includes(`"serverPid":${pid},`) && line.includes('ended by SIGKILL'))
    return {
      run,
      check,
      ...serverTrouble(server, isKill),
      deaths,
      afterRestart,
      afterRestartErrors: afterErrors,
      killed,
      restarted,
      killDeaths,
    }
  } finally {
    await server.stop()
  }
}

// ---------------------------------------------------------------------------------------
// Main

function table(rows: [string, string, string][]): string {
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => `  ${r[0].padEnd(widths[0]!)}  ${r[1].padStart(widths[1]!)}  ${r[2].padStart(widths[2]!)}`).join('\n')
}

const perKind = (c: Count) => `${total(c)} (${c.record}/${c.rating}/${c.stance})`
const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)}` : '—')
const latency = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))} / ${ms(percentile(values, 100))}`

async function main(): Promise<number> {
  let keep = false
  try {
    try {
      ensureBuild((line) => console.log(line))
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error))
      return 2
    }
    const load = await loadPart()
    const crash = await crashPart()

    const failures: string[] = []
    const a = load.run
    const b = crash.run
    if (total(a.errors) > 0) failures.push(`(a) ${total(a.errors)} requests failed: ${a.errorSamples.join(' | ')}`)
    if (total(b.errors) > 0) failures.push(`(b) ${total(b.errors)} requests failed before the kill: ${b.errorSamples.join(' | ')}`)
    for (const [label, check] of [
      ['(a)', load.check],
      ['(b)', crash.check],
      ['(b) after restart', crash.afterRestart],
    ] as const) {
      if (total(check.stored) !== total(check.acknowledged)) {
        failures.push(
          `${label} ${total(check.acknowledged) - total(check.stored)} acknowledged writes are not in the file: ${check.missing.slice(0, 5).join(' | ')}`,
        )
      }
      if (check.integrity !== 'ok') failures.push(`${label} integrity_check: ${check.integrity}`)
      if (check.unexpectedRows > 0)
        failures.push(`${label} ${check.unexpectedRows} rows in the file were never submitted or are stored twice`)
      if (check.foreignKeyProblems > 0) failures.push(`${label} foreign_key_check: ${check.foreignKeyProblems} rows`)
    }
    if (crash.afterRestartErrors.length) failures.push(`(b) after the restart: ${crash.afterRestartErrors.join(' | ')}`)
    for (const [label, deaths] of [
      ['(a)', load.deaths],
      ['(b)', crash.deaths],
    ] as const) {
      if (deaths.length) failures.push(`${label} a server process died by itself: ${deaths.map((d) => d.msg).join(' | ')}`)
    }
    if (crash.killed.length !== PROCESSES) failures.push(`(b) ${crash.killed.length} server processes were killed, not ${PROCESSES}`)
    if (crash.killDeaths !== crash.killed.length)
      failures.push(`(b) the supervisor logged ${crash.killDeaths} of the ${crash.killed.length} kills (ended by SIGKILL)`)
    if (a.acknowledged.length === 0) failures.push('(a) no write was acknowledged')
    if (b.acknowledged.length === 0) failures.push('(b) no write was acknowledged before the kill')
    if (load.busy.length || crash.busy.length)
      failures.push(`SQLITE_BUSY in the server output: ${[...load.busy, ...crash.busy].slice(0, 5).join(' | ')}`)

    const rows: [string, string, string][] = [
      ['', '(a) load', '(b) crash'],
      ['server processes (npm start, WEB_CONCURRENCY)', String(PROCESSES), String(PROCESSES)],
      ['writers × seconds', `${WRITERS} × ${a.elapsed.toFixed(1)}`, `${WRITERS} × ${b.elapsed.toFixed(1)}`],
      ['requests (records/ratings/stances)', perKind(a.requests), perKind(b.requests)],
      ['requests per second', (total(a.requests) / a.elapsed).toFixed(1), (total(b.requests) / b.elapsed).toFixed(1)],
      ['errors', String(total(a.errors)), String(total(b.errors))],
      ['acknowledged', perKind(load.check.acknowledged), perKind(crash.check.acknowledged)],
      ['stored', perKind(load.check.stored), perKind(crash.check.stored)],
      ['latency p50 / p95 / max (ms)', latency(Object.values(a.latencies).flat()), latency(Object.values(b.latencies).flat())],
      ['  records', latency(a.latencies.record), latency(b.latencies.record)],
      ['  ratings', latency(a.latencies.rating), latency(b.latencies.rating)],
      ['  stances', latency(a.latencies.stance), latency(b.latencies.stance)],
      ['in flight at kill', '—', String(b.inFlightAtKill)],
      ['  answered anyway', '—', String(b.answeredAfterKill)],
      ['  unanswered', '—', String(b.unanswered.length)],
      ['  unanswered but committed', '—', String(crash.check.unansweredCommitted)],
      [
        'rows never submitted or doubled',
        String(load.check.unexpectedRows),
        String(crash.check.unexpectedRows + crash.afterRestart.unexpectedRows),
      ],
      ['server processes SIGKILLed / restarted by the supervisor', '—', `${crash.killed.length} / ${crash.restarted.length}`],
      ['server processes that died by themselves', String(load.deaths.length), String(crash.deaths.length)],
      ['after restart: written / stored', '—', `${crash.afterRestart.acknowledged.record} / ${crash.afterRestart.stored.record}`],
      [
        'integrity_check',
        load.check.integrity,
        crash.check.integrity === crash.afterRestart.integrity
          ? crash.check.integrity
          : `${crash.check.integrity}, then ${crash.afterRestart.integrity}`,
      ],
      [
        'foreign_key_check',
        load.check.foreignKeyProblems ? `${load.check.foreignKeyProblems} rows` : 'empty',
        crash.check.foreignKeyProblems ? `${crash.check.foreignKeyProblems} rows` : 'empty',
      ],
      ['SQLITE_BUSY lines in server output', String(load.busy.length), String(crash.busy.length)],
    ]
    console.log(
      `\nDurability figures (${WRITERS} writers, ${PROCESSES} server processes on one SQLite file, ${PEOPLE} people, ${THEMES} themes, 2 proposals; run took ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    )
    console.log(table(rows))
    console.log("  (a rating post sets all three themes; it counts as stored when its values, or a later post's, are what the file holds)")
    const serverErrors = [...load.serverErrors, ...crash.serverErrors]
    if (serverErrors.length) console.log(`\nError lines in the server output:\n  ${serverErrors.join('\n  ')}`)
    if (failures.length) {
      keep = true
      console.log(`\nFAILED:\n  ${failures.join('\n  ')}\nThe databases are kept in ${dir}`)
      return 1
    }
    console.log(
      `\nPASSED: no request failed under load on ${PROCESSES} server processes, every acknowledged write is stored, and the file survived the kill intact.`,
    )
    return 0
  } catch (error) {
    keep = true
    const what = error instanceof RunFailure ? 'FAILED' : error instanceof SetupError ? 'Could not set up the run' : 'The run broke'
    console.error(
      `\n${what}: ${error instanceof SetupError || error instanceof RunFailure ? error.message : error instanceof Error ? error.stack : String(error)}`,
    )
    console.error(`The databases are kept in ${dir}`)
    return error instanceof RunFailure ? 1 : 2
  } finally {
    killAllServers()
    if (!keep) rmSync(dir, { recursive: true, force: true })
    else writeFileSync(join(dir, 'README.txt'), 'Kept by tests/durability/run.ts after a failed run.\n')
  }
}

const code = await main()
clearTimeout(hardTimeout)
process.exit(code)
