// Whose turn is next in a session, and who may do what during a turn (issue 19; seed 000,
// principles 1, 2, 5 and 10). Pure.

export type SessionTurn = { clientId: string; counsellorId: string; endedAt: string | null }

/** The turn running now, if any: one at a time. */
export function runningTurn<T extends SessionTurn>(turns: readonly T[]): T | undefined {
  return turns.find((t) => t.endedAt === null)
}

/** The next client: the first person, in seat order, who has not had their turn. */
export function nextClient(seats: readonly string[], turns: readonly SessionTurn[]): string | undefined {
  const had = new Set(turns.map((t) => t.clientId))
  return seats.find((personId) => !had.has(personId))
}

/** Whether every person has had their turn as client, each finished: the session is done. */
export function everyoneHasHadATurn(seats: readonly string[], turns: readonly SessionTurn[]): boolean {
  return seats.every((personId) => turns.some((t) => t.clientId === personId && t.endedAt !== null))
}

/**
 * The counsellor a client is given when they choose none: in a pair, the other person; in a
 * group, the next in seat order after the client (who keeps time while the group attends).
 */
export function defaultCounsellor(seats: readonly string[], clientId: string): string {
  const i = seats.indexOf(clientId)
  return seats[(i + 1) % seats.length]!
}
