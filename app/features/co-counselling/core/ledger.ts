// The balance of attention (issue 19; seed 000, principle 3: the client is responsible for keeping
// a balance of attention). From the finished turns of a person's sessions: the attention they gave
// (every turn of a session they were in and not the client of, credited to that turn's client)
// and received (their own turns, credited to each other person in the session). In a pair that is
// the time as counsellor and as client; in a group, everyone gives their attention to each
// client. Pure.

export type LedgerTurn = {
  clientId: string
  seconds: number
  endedAt: string
  /** Everyone in the turn's session, the client included. */
  people: readonly string[]
}

export type LedgerRow = { given: number; received: number; balance: number }
export type PartnerRow = LedgerRow & { personId: string }
export type MonthRow = LedgerRow & { month: string }
export type Ledger = { partners: PartnerRow[]; months: MonthRow[]; total: LedgerRow }

/** The month ("2026-12") an instant falls in, read in a time zone. */
export function monthOf(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone: zone }).formatToParts(new Date(iso))
  const year = parts.find((p) => p.type === 'year')!.value
  const month = parts.find((p) => p.type === 'month')!.value
  return `${year}-${month}`
}

const row = (given: number, received: number): LedgerRow => ({ given, received, balance: received - given })

/** A person's ledger, per partner (most time together first) and per month (latest first), in seconds. */
export function computeLedger(personId: string, turns: readonly LedgerTurn[], zone = 'UTC'): Ledger {
  const partners = new Map<string, { given: number; received: number }>()
  const months = new Map<string, { given: number; received: number }>()
  const add = (map: Map<string, { given: number; received: number }>, key: string, given: number, received: number) => {
    const entry = map.get(key) ?? { given: 0, received: 0 }
    entry.given += given
    entry.received += received
    map.set(key, entry)
  }
  for (const turn of turns) {
    if (!turn.people.includes(personId)) continue
    const month = monthOf(turn.endedAt, zone)
    if (turn.clientId === personId) {
      for (const other of turn.people) if (other !== personId) add(partners, other, 0, turn.seconds)
      add(months, month, 0, turn.seconds * (turn.people.length - 1))
    } else {
      add(partners, turn.clientId, turn.seconds, 0)
      add(months, month, turn.seconds, 0)
    }
  }
  const partnerRows = [...partners]
    .map(([id, v]) => ({ personId: id, ...row(v.given, v.received) }))
    .sort((a, b) => b.given + b.received - (a.given + a.received) || a.personId.localeCompare(b.personId))
  const monthRows = [...months].map(([month, v]) => ({ month, ...row(v.given, v.received) })).sort((a, b) => b.month.localeCompare(a.month))
  const given = partnerRows.reduce((sum, p) => sum + p.given, 0)
  const received = partnerRows.reduce((sum, p) => sum + p.received, 0)
  return { partners: partnerRows, months: monthRows, total: row(given, received) }
}

/** Whether a balance is near enough to even: within a tenth of the time exchanged, or a minute. */
export function isBalanced(r: LedgerRow): boolean {
  return Math.abs(r.balance) <= Math.max(60, 0.1 * Math.max(r.given, r.received))
}

/** The group's totals by month (only what the group decided to see): sessions held and minutes as client. */
export function groupTotals(
  sessions: readonly { id: string; turns: readonly { seconds: number; endedAt: string }[] }[],
  zone = 'UTC',
): { month: string; sessions: number; turns: number; seconds: number }[] {
  const months = new Map<string, { sessions: Set<string>; turns: number; seconds: number }>()
  for (const session of sessions) {
    for (const turn of session.turns) {
      const month = monthOf(turn.endedAt, zone)
      const entry = months.get(month) ?? { sessions: new Set<string>(), turns: 0, seconds: 0 }
      entry.sessions.add(session.id)
      entry.turns += 1
      entry.seconds += turn.seconds
      months.set(month, entry)
    }
  }
  return [...months]
    .map(([month, v]) => ({ month, sessions: v.sessions.size, turns: v.turns, seconds: v.seconds }))
    .sort((a, b) => b.month.localeCompare(a.month))
}
