import type { z } from 'zod'
import type { Db } from '~db/connection'
import {
  insertCoSession,
  insertCoSessionPeople,
  listCoSessionPeople,
  listCoSessionsOf,
  listCoTurns,
  listCurrentGroupIdsOf,
  listGroupmates,
  listInNetwork,
  listMembersAmong,
  listNetworkParticipants,
} from '~db/queries/co-counselling'
import { findGroup } from '~db/queries/groups'
import { formatClosingTime, fromWallTime } from '~/features/decisions/core/closing'
import { DomainError } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { zoneOf } from './access.server'
import type { BookSessionSchema } from './co-counselling.schema'
import { computeLedger, isBalanced, type LedgerTurn } from './core/ledger'
import { ledgerCsv } from './core/ledger-csv'

// Co-counselling sessions between members of a group, or between participants of the network
// (issue 19; seed 000). A person books a session with one or more others; each has the same time
// as client. What is kept is time, never content. This file: the person's own page (booking,
// their sessions, their ledger) and their ledger's export. The session itself: sessions.server.ts.

const HOUR = 3_600_000
/** A session may be booked a little after it began (booked on the spot), and up to a year ahead. */
const BOOK_PAST_HOURS = 12
const BOOK_AHEAD_DAYS = 366

const NOT_BOOKABLE = 'You can book a session only with people who share a group with you, or, through the network, with its participants.'

/** Who the person may book with: their groups' members, and the network's participants if they are one. */
async function candidatesOf(db: Db, personId: string) {
  const [mates, groups, inNetwork] = await Promise.all([
    listGroupmates(db, personId),
    listCurrentGroupIdsOf(db, personId),
    listInNetwork(db, [personId]),
  ])
  const network = inNetwork.has(personId) ? (await listNetworkParticipants(db)).filter((p) => p.personId !== personId) : []
  const people = new Map<string, { personId: string; displayName: string; where: string[] }>()
  for (const m of mates) {
    const entry = people.get(m.personId) ?? { personId: m.personId, displayName: m.displayName, where: [] }
    entry.where.push(m.groupName)
    people.set(m.personId, entry)
  }
  for (const p of network) {
    const entry = people.get(p.personId) ?? { personId: p.personId, displayName: p.displayName, where: [] }
    entry.where.push('the network')
    people.set(p.personId, entry)
  }
  const through = [
    ...groups.map((g) => ({ value: g.id, label: g.name })),
    ...(inNetwork.has(personId) ? [{ value: 'network', label: 'The network (participants of its groups)' }] : []),
  ]
  return { people: [...people.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)), through }
}

/** Every finished turn of the person's sessions, with everyone in each session, and the names. */
async function ledgerInput(db: Db, personId: string) {
  const sessions = await listCoSessionsOf(db, personId)
  const ids = sessions.map((s) => s.id)
  const [people, turns] = await Promise.all([listCoSessionPeople(db, ids), listCoTurns(db, ids)])
  const bySession = new Map<string, string[]>()
  const names = new Map<string, string>()
  for (const p of people) {
    bySession.set(p.sessionId, [...(bySession.get(p.sessionId) ?? []), p.personId])
    names.set(p.personId, p.displayName)
  }
  const finished: LedgerTurn[] = turns
    .filter((t) => t.endedAt !== null && t.seconds !== null)
    .map((t) => ({ clientId: t.clientId, seconds: t.seconds!, endedAt: t.endedAt!, people: bySession.get(t.sessionId) ?? [] }))
  return { sessions, people, turns, finished, names }
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
export const monthName = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`

/** The person's page: whom they may book with, their sessions, and their ledger of attention. */
export async function getCoCounsellingPage(db: Db, user: SessionUser) {
  const zone = await zoneOf(db, user.id)
  const [candidates, input] = await Promise.all([candidatesOf(db, user.id), ledgerInput(db, user.id)])
  const ledger = computeLedger(user.id, input.finished, zone)
  const nameOf = (id: string) => input.names.get(id) ?? 'Someone'
  const groupNames = new Map<string, string>()
  for (const s of input.sessions) {
    if (s.groupId && !groupNames.has(s.groupId)) groupNames.set(s.groupId, (await findGroup(db, s.groupId))?.name ?? 'a former group')
  }
  const sessions = input.sessions.map((s) => ({
    id: s.id,
    when: formatClosingTime(s.startsAt, zone),
    startsAt: s.startsAt,
    status: s.status,
    minutesEach: s.minutesEach,
    through: s.groupId ? (groupNames.get(s.groupId) ?? 'a group') : 'the network',
    with: input.people.filter((p) => p.sessionId === s.id && p.personId !== user.id).map((p) => p.displayName),
  }))
  return {
    zone,
    candidates: candidates.people,
    through: candidates.through,
    upcoming: sessions.filter((s) => s.status === 'booked').sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    past: sessions.filter((s) => s.status !== 'booked'),
    ledger: {
      partners: ledger.partners.map((p) => ({ ...p, displayName: nameOf(p.personId), balanced: isBalanced(p) })),
      months: ledger.months.map((m) => ({ ...m, label: monthName(m.month) })),
      total: { ...ledger.total, balanced: isBalanced(ledger.total) },
    },
  }
}

/** Books a session: the booker and the partners, each with the same minutes as client. */
export async function bookSession(db: Db, user: SessionUser, input: z.infer<typeof BookSessionSchema>): Promise<string> {
  const partners = [...new Set(input.partners)]
  if (partners.includes(user.id))
    throw new DomainError('bad_request', 'A session is with someone else: you cannot book one with yourself.', 'partners')
  return db.transaction().execute(async (trx) => {
    const everyone = [user.id, ...partners]
    let groupId: string | null
    if (input.through === 'network') {
      const inNetwork = await listInNetwork(trx, everyone)
      if (!inNetwork.has(user.id)) throw new DomainError('bad_request', 'Choose one of your groups, or the network.', 'through')
      if (!partners.every((p) => inNetwork.has(p))) throw new DomainError('bad_request', NOT_BOOKABLE, 'partners')
      groupId = null
    } else {
      const members = await listMembersAmong(trx, input.through, everyone)
      // Co-counselling is between peers: a client–practitioner pair is not a group to book through.
      if ((await findGroup(trx, input.through))?.kind !== 'inquiry_group') members.clear()
      if (!members.has(user.id)) throw new DomainError('bad_request', 'Choose one of your groups, or the network.', 'through')
      if (!partners.every((p) => members.has(p))) throw new DomainError('bad_request', NOT_BOOKABLE, 'partners')
      groupId = input.through
    }
    // A person who deleted their account, or a seat an import made, is nobody to book with.
    const people = await trx.selectFrom('people').select(['id', 'placeholder', 'deletedAt']).where('id', 'in', partners).execute()
    if (people.length !== partners.length || people.some((p) => p.placeholder || p.deletedAt))
      throw new DomainError('bad_request', NOT_BOOKABLE, 'partners')
    const zone = await zoneOf(trx, user.id)
    const at = fromWallTime(input.startsAt.replace(' ', 'T'), zone)
    if (!at) throw new DomainError('bad_request', 'Give the date and time like 2026-12-10 14:30.', 'startsAt')
    const now = Date.parse(nowIso())
    if (at.getTime() < now - BOOK_PAST_HOURS * HOUR)
      throw new DomainError('bad_request', `A session is booked ahead, or at most ${BOOK_PAST_HOURS} hours after it began.`, 'startsAt')
    if (at.getTime() > now + BOOK_AHEAD_DAYS * 24 * HOUR)
      throw new DomainError('bad_request', 'A session is booked at most a year ahead.', 'startsAt')
    const id = newId()
    await insertCoSession(trx, {
      id,
      groupId,
      bookedBy: user.id,
      startsAt: at.toISOString(),
      minutesEach: input.minutesEach,
      overrunMinutes: input.overrunMinutes,
      createdAt: nowIso(),
      reminderSentAt: null,
    })
    await insertCoSessionPeople(
      trx,
      everyone.map((personId, seat) => ({ sessionId: id, personId, seat })),
    )
    return id
  })
}

/** The person's own ledger as CSV: the one export of co-counselling, to its own person alone. */
export async function exportOwnLedger(db: Db, user: SessionUser): Promise<{ filename: string; body: string }> {
  const zone = await zoneOf(db, user.id)
  const input = await ledgerInput(db, user.id)
  const ledger = computeLedger(user.id, input.finished, zone)
  return {
    filename: `co-counselling-ledger-${nowIso().slice(0, 10)}.csv`,
    body: ledgerCsv(ledger, (id) => input.names.get(id) ?? 'Someone'),
  }
}
