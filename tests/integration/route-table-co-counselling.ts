import type { Outcome, RouteSpec } from './route-table'

// The route table's entries for co-counselling sessions (issue 19): see route-table.ts for what each field means.
// A session is "group content" of its own kind: only the people in it (Alice and Bob) reach it, and
// everyone else — the outsider, Dana, and Carol though she shares the group — is told it does not
// exist. The person's own pages (/co-counselling, the ledger's CSV) answer every signed-in person
// with their own, and never with anyone else's.

const login: Outcome = { kind: 'login' }
const notFound: Outcome = { kind: 'notFound' }
const success: Outcome = { kind: 'success' }
const SESSION_REFUSED = { anonymous: login, nonMember: notFound }

type W = Parameters<RouteSpec['params']>[0]
const running = (w: W) => ({ sessionId: w.coCounselling.runningId })
const booked = (w: W) => ({ sessionId: w.coCounselling.bookedId })

export const CO_COUNSELLING_ROUTES: Record<string, RouteSpec> = {
  'co-counselling._index.tsx': {
    groupContent: false,
    coCounselling: true,
    params: () => ({}),
    get: {
      anonymous: login,
      nonMember: { kind: 'ok', hides: true },
      // Alice's ledger: 25 minutes received from Bob, 24 given (in seconds).
      member: { kind: 'ok', shows: () => ['"given":1440', '"received":1500'], never: (w) => [w.coCounselling.noteText] },
    },
    post: {
      anonymous: login,
      // The outsider shares no group with Bob (nor is a member of the group named).
      nonMember: { kind: 'refused', status: 400, says: 'Choose one of your groups, or the network.' },
      member: success,
      forms: (w) => ({
        book: {
          intent: 'book',
          through: w.group.id,
          partners: w.people.bob.id,
          startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 16),
          minutesEach: '30',
          overrunMinutes: '5',
        },
      }),
    },
  },
  'co-counselling.ledger[.csv].tsx': {
    groupContent: false,
    coCounselling: true,
    params: () => ({}),
    get: {
      anonymous: login,
      nonMember: { kind: 'ok', hides: true },
      member: { kind: 'ok', shows: () => ['given_minutes', 'partner,Bob,,24.0,25.0,1.0'], never: (w) => [w.coCounselling.noteText] },
    },
  },
  'co-counselling.sessions.$sessionId.tsx': {
    groupContent: true,
    coCounselling: true,
    params: (w) => ({ sessionId: w.coCounselling.doneId }),
    formParams: {
      start: booked,
      cancel: booked,
      stop: running,
      contract: running,
      interrupt: running,
      signal: running,
    },
    get: {
      ...SESSION_REFUSED,
      member: { kind: 'ok', shows: (w) => [w.coCounselling.noteText, '"asClient":"25 min"', '"asClient":"24 min"'] },
    },
    post: {
      ...SESSION_REFUSED,
      member: success,
      forms: (w) => ({
        start: { intent: 'start', contract: 'intensive' },
        cancel: { intent: 'cancel' },
        stop: { intent: 'stop', turnId: w.coCounselling.runningTurnId, seconds: '60' },
        contract: { intent: 'contract', turnId: w.coCounselling.runningTurnId, contract: 'intensive' },
        interrupt: { intent: 'interrupt', turnId: w.coCounselling.runningTurnId },
        signal: { intent: 'signal', turnId: w.coCounselling.runningTurnId },
        note: { intent: 'note', noteId: w.coCounselling.noteId, text: 'Rewritten for myself alone.' },
        'delete note': { intent: 'delete-note', noteId: w.coCounselling.noteId },
      }),
    },
  },
  'groups.$groupId.co-counselling.tsx': {
    groupContent: true,
    coCounselling: true,
    params: (w) => ({ groupId: w.group.id }),
    get: { ...SESSION_REFUSED, member: { kind: 'ok', shows: (w) => [w.group.name, '"showTotals":false'] } },
    post: { ...SESSION_REFUSED, member: success, forms: () => ({ propose: { intent: 'propose', show: 'yes' } }) },
  },
}
