import type { Executor } from '~db/connection'
import { findCoSession, listCoSessionPeople } from '~db/queries/co-counselling'
import { findPersonById } from '~db/queries/people'
import { knownTimeZone } from '~/features/decisions/core/closing'
import { notFound } from '~/utils/errors.server'

// The one gate to a co-counselling session: only the people in it. Anyone else — a member of the
// same group, its facilitator, a stranger — is told the session was not found (issue 19).

export async function requireInSession(db: Executor, personId: string, sessionId: string) {
  const session = await findCoSession(db, sessionId)
  if (!session) throw notFound('This session')
  const people = await listCoSessionPeople(db, [sessionId])
  if (!people.some((p) => p.personId === personId)) throw notFound('This session')
  return { session, people, seats: people.map((p) => p.personId) }
}

/** The person's own time zone, for reading and showing times. */
export async function zoneOf(db: Executor, personId: string): Promise<string> {
  return knownTimeZone((await findPersonById(db, personId))?.timeZone)
}
