import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { notFoundResponse } from '~/utils/http.server'
import { createWorld, type TestPerson, type World } from '../factories'
import { call, importRoute, locationOf, pathFor, routeFiles, tableCounts } from './harness'
import { paramsFor, paramsForForm, ROUTES, spec, worldOptions, type Outcome } from './route-table'

// The authorisation matrix (issue 7): every route file and method, for five kinds of visitor —
// anonymous, a signed-in non-member, a member who did not write the content (Bob), the
// content's author (Alice), and the other person of Alice's client–practitioner pair (Dana,
// who is in no inquiry group with her). The first three rows come from route-table.ts (the
// refusal table, where "member" is Alice); this file derives the other two and says where
// they differ. A route it cannot judge fails the first test.

const db = () => getDb()
const NOT_FOUND_BODY = await notFoundResponse().text()

type Role = 'anonymous' | 'nonMember' | 'member' | 'author' | 'pairOther'
const ROLES: Role[] = ['anonymous', 'nonMember', 'member', 'author', 'pairOther']

/** Answers only this matrix knows: 403 with a message, nothing written. */
type MatrixOutcome = Outcome | { kind: 'forbidden' } | { kind: 'refused' }

/** Routes of a client–practitioner pair: Bob is not in it; Dana is. */
const PAIR_ROUTES = new Set(['groups.$groupId.pair.tsx', 'groups.$groupId.reviews.$reviewId.tsx'])
/** Routes that are not a group's: every signed-in person is answered alike. */
const PERSONAL_ROUTES = new Set([
  '$.tsx',
  '_index.tsx',
  'account.tsx',
  'forgot-password.tsx',
  'groups._index.tsx',
  'healthz.tsx',
  'import.tsx',
  'login.tsx',
  'logout.tsx',
  'mail.unsubscribe.tsx',
  'reset-password.tsx',
  'signup.tsx',
  // The network's public pages: every signed-in participant reads them alike (issue 18).
  'network._index.tsx',
  'network.groups.$groupId._index.tsx',
  'network.groups.$groupId.publication[.json].tsx',
  'network.federal.$proposalId.tsx',
  'network.newsletter.$number.tsx',
  'network.people.$personId.tsx',
  // A person's own co-counselling page and ledger (issue 19): each signed-in person is answered with their own.
  'co-counselling._index.tsx',
  'co-counselling.ledger[.csv].tsx',
])

/**
 * Where the derived answer is not the right one. Bob may read Alice's shared record but not
 * change or consent for it; Dana, the practitioner, cannot consent for the client or withdraw
 * the client's consent, and cannot finish the client's turn.
 */
const OVERRIDES: Record<string, { member?: Record<string, MatrixOutcome>; pairOther?: Record<string, MatrixOutcome> }> = {
  // Bob may read Alice's shared record; only Alice may change it, delete it or decide whether it may be quoted.
  'inquiries.$inquiryId.records.$recordId.tsx': {
    member: { update: { kind: 'forbidden' }, delete: { kind: 'forbidden' }, 'export consent': { kind: 'forbidden' } },
  },
  // Anyone may answer Alice's challenge; only she marks it revised or left open.
  'inquiries.$inquiryId.challenges.$challengeId.tsx': { member: { revised: { kind: 'refused' }, 'left open': { kind: 'refused' } } },
  // Only whoever linked a record (or its author) undoes the link.
  'inquiries.$inquiryId.themes.$themeId.tsx': { member: { unlink: { kind: 'forbidden' } } },
  // Alice facilitates: only she hands the role on.
  'groups.$groupId.settings.tsx': { member: { facilitator: { kind: 'forbidden' } } },
  // Only the proposer withdraws a proposal.
  'decisions.$decisionId.tsx': { member: { withdraw: { kind: 'forbidden' } } },
  // Dana, the practitioner, cannot consent for the client or withdraw the client's consent,
  // cannot finish the client's turn, and does not order the agenda: the client does.
  'groups.$groupId.pair.tsx': { pairOther: { consent: { kind: 'refused' }, withdraw: { kind: 'refused' } } },
  'groups.$groupId.reviews.$reviewId.tsx': { pairOther: { finish: { kind: 'refused' }, move: { kind: 'forbidden' } } },
  // Bob is in network group A with Alice: he adds to the network's calendar and newsletter, and proposes his group's stance.
  'network._index.tsx': { member: { gathering: { kind: 'success' }, contribute: { kind: 'success' }, publish: { kind: 'success' } } },
  'network.federal.$proposalId.tsx': { member: { stance: { kind: 'success' } } },
  // Bob is named in Alice's concern: he notes, moves it on, adds a supporter and closes it; only she, who raised it, withdraws it.
  'groups.$groupId.conflicts.$conflictId.tsx': { member: { withdraw: { kind: 'forbidden' } } },
  // Bob cannot see Alice's private audit record at all (as a stranger cannot), and may read but
  // not share, take back or consent for her shared one.
  // Bob is in Alice's co-counselling sessions (issue 19): in the running one he is the client, who does not interrupt
  // their own turn; and Alice's private note is hers alone, even to change or delete.
  'co-counselling.sessions.$sessionId.tsx': {
    member: { interrupt: { kind: 'forbidden' }, note: { kind: 'forbidden' }, 'delete note': { kind: 'forbidden' } },
  },
  'groups.$groupId.audit.$assessmentId.tsx': {
    member: {
      update: { kind: 'notFound' },
      delete: { kind: 'notFound' },
      share: { kind: 'notFound' },
      consent: { kind: 'forbidden' },
      'withdraw consent': { kind: 'forbidden' },
      unshare: { kind: 'forbidden' },
    },
  },
}

const ROUTE_KINDS = (file: string) =>
  PAIR_ROUTES.has(file) ? 'pair' : PERSONAL_ROUTES.has(file) ? 'personal' : spec(file).groupContent ? 'group' : null

/** Whose parameters a role uses: Dana, outside the inquiry group, comes like any non-member (an invitation she does not hold). */
function paramsRole(file: string, role: Role): 'anonymous' | 'nonMember' | 'member' {
  if (role === 'anonymous' || role === 'nonMember') return role
  return role === 'pairOther' && !PAIR_ROUTES.has(file) ? 'nonMember' : 'member'
}

function person(w: World, role: Role): TestPerson | null {
  return { anonymous: null, nonMember: w.people.outsider, member: w.people.bob, author: w.people.alice, pairOther: w.people.dana }[role]
}

/** What each role must get: three rows from the refusal table, two derived. */
function expected(file: string, method: 'GET' | 'POST', role: Role, form?: string): MatrixOutcome {
  const entry = spec(file)
  const row = method === 'GET' ? entry.get : entry.post
  if (!row) throw new Error(`${file} has no ${method}`)
  if (role === 'anonymous' || role === 'nonMember') return row[role]
  if (role === 'author') return row.member
  const override = form ? OVERRIDES[file]?.[role]?.[form] : undefined
  if (override) return override
  const kind = ROUTE_KINDS(file)
  if (kind === null) throw new Error(`the authorisation matrix cannot judge ${file}: say whether it is a pair, personal or group route`)
  if (kind === 'personal') return { ...row.nonMember, ...(row.nonMember.kind === 'ok' ? { shows: undefined } : {}) } as Outcome
  // In the pair Dana is judged by what she must never see (neverFor), not by what Alice must not.
  if (kind === 'pair') return role === 'pairOther' ? (row.member.kind === 'ok' ? { kind: 'ok' } : stripShows(row.member)) : row.nonMember
  // A group route: Bob is a member like Alice; Dana is in no group with her.
  if (role === 'pairOther') return file === 'join.$token.tsx' ? row.nonMember : { kind: 'notFound' }
  return stripShows(row.member)
}

/** What Alice is shown may name things only Alice sees; another viewer is judged by status and by what must never show. */
function stripShows(outcome: Outcome): Outcome {
  return outcome.kind === 'ok' ? { kind: 'ok', never: outcome.never } : outcome.kind === 'redirect' ? { kind: 'success' } : outcome
}

/** Strings a role must never receive, on any route, whatever the status. */
function neverFor(w: World, role: Role, file: string): string[] {
  const others = role !== 'author'
  const never = others ? [w.inquiry.privateRecordText] : []
  // Alice's private note of a co-counselling session reaches no one else, on any route (issue 19).
  if (others && w.coCounselling.noteText !== 'not-in-this-world') never.push(w.coCounselling.noteText)
  // Dana is in the pair only: nothing of the inquiry group reaches her; Bob is not in the pair.
  if (role === 'pairOther' || role === 'nonMember' || role === 'anonymous')
    never.push(w.group.name, w.inquiry.title, w.inquiry.groupRecordText, w.inquiry.challengeText)
  if (role === 'member') never.push(w.pairs.hidden.name, w.pairs.hidden.clientItemText, w.pairs.hidden.practitionerItemText)
  // The practitioner never sees the client's item before the client submits (and the other way round for Alice).
  if (role === 'pairOther') never.push(w.pairs.hidden.clientItemText)
  if (role === 'author' && PAIR_ROUTES.has(file)) never.push(w.pairs.hidden.practitionerItemText)
  return never
}

async function judge(response: Response, outcome: MatrixOutcome, w: World, never: string[], label: string, path: string, method: string) {
  const status = response.status
  const location = locationOf(response)
  const body = status >= 300 && status < 400 ? '' : await response.text()
  for (const s of never) expect(body.includes(s), `${label}: the body shows "${s}"`).toBe(false)
  switch (outcome.kind) {
    case 'login':
      expect(status, label).toBe(302)
      expect(location, label).toMatch(/^\/login\?redirectTo=/)
      expect(decodeURIComponent(location.slice('/login?redirectTo='.length)), label).toBe(
        method === 'GET' ? path : new URL(path, 'http://x').pathname,
      )
      break
    case 'notFound':
      expect([status, body], label).toEqual([404, NOT_FOUND_BODY])
      break
    case 'ok':
      expect(status, `${label}: ${body.slice(0, 200)}`).toBe(200)
      for (const s of outcome.shows?.(w) ?? []) expect(body, label).toContain(s)
      for (const s of outcome.never?.(w) ?? []) expect(body, label).not.toContain(s)
      break
    case 'redirect':
      expect([301, 302, 303], label).toContain(status)
      expect(location, label).toBe(outcome.to(w))
      break
    case 'success':
      expect(
        status === 200 || (status >= 300 && status < 400 && !location.startsWith('/login')),
        `${label}: status ${status} ${body.slice(0, 200)}`,
      ).toBe(true)
      break
    case 'forbidden':
      expect(status, `${label}: ${body.slice(0, 200)}`).toBe(403)
      expect(body, label).toMatch(/"formError":"[^"]{10,}"/)
      break
    case 'refused':
      expect(status >= 400 && status < 500 && status !== 404, `${label}: status ${status}`).toBe(true)
      expect(body, label).toMatch(/"(formError|message)":"[^"]{10,}"|"errors":\{"[^"]+":"[^"]{10,}"/)
      break
  }
}

/** A stand-in world for reading form names: any property is another stand-in, any text 'x'. */
const ANY: any = new Proxy(function () {}, { get: (_t, p) => (p === Symbol.toPrimitive ? () => 'x' : ANY), apply: () => ANY })
const formNames = (file: string) => Object.keys(spec(file).post!.forms(ANY as World, ANY as TestPerson))

const writesNothing = (o: MatrixOutcome) => o.kind === 'login' || o.kind === 'notFound' || o.kind === 'forbidden' || o.kind === 'refused'
const FILES = routeFiles()
let checked = 0

test('the matrix can judge every route file for every role', () => {
  for (const file of FILES) {
    const entry = spec(file)
    for (const role of ROLES) {
      if (entry.get) expect(() => expected(file, 'GET', role), file).not.toThrow()
      if (entry.post) for (const form of formNames(file)) expect(() => expected(file, 'POST', role, form), file).not.toThrow()
    }
  }
  expect(Object.keys(ROUTES).sort()).toEqual([...FILES].sort())
})

describe.each(FILES)('%s', (file) => {
  test('GET, for all five roles', async () => {
    const entry = spec(file)
    const module = await importRoute(file)
    if (!entry.get) return expect(module.loader).toBeUndefined()
    const w = await createWorld(db(), worldOptions(file))
    for (const role of ROLES) {
      const params = paramsFor(entry, w, paramsRole(file, role))
      const path = pathFor(file, params)
      const before = await tableCounts(db())
      const response = await call(module, 'GET', { path, params, cookie: person(w, role)?.cookie })
      await judge(response, expected(file, 'GET', role), w, neverFor(w, role, file), `GET ${path} as ${role}`, path, 'GET')
      checked += 1
      expect(await tableCounts(db()), `GET as ${role} wrote rows`).toEqual(before)
    }
  })

  test('POST, every form, as the member who is not the author and as the other person of the pair', async () => {
    const entry = spec(file)
    if (!entry.post) return
    const module = await importRoute(file)
    for (const role of ['member', 'pairOther'] as const) {
      for (const name of formNames(file)) {
        const w = await createWorld(db(), worldOptions(file))
        const form = entry.post.forms(w, person(w, role))[name]!
        const params = paramsForForm(entry, name, w, paramsRole(file, role))
        const path = pathFor(file, params)
        const outcome = expected(file, 'POST', role, name)
        const before = await tableCounts(db())
        const response = await call(module, 'POST', { path, params, cookie: person(w, role)?.cookie, form })
        await judge(response, outcome, w, neverFor(w, role, file), `POST ${name} to ${path} as ${role}`, path, 'POST')
        checked += 1
        if (writesNothing(outcome)) expect(await tableCounts(db()), `POST ${name} as ${role} wrote rows`).toEqual(before)
      }
    }
  })
})

test('figures', () => {
  // Printed for the issue note: route files × roles × methods judged in this run.
  process.stdout.write(`\nauthorisation matrix: ${FILES.length} route files, ${ROLES.length} roles, ${checked} requests judged\n`)
  expect(checked).toBeGreaterThan(FILES.length * ROLES.length)
})
