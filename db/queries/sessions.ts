import type { Executor } from '../connection'
import type { Database } from '../schema'

export async function insertSession(db: Executor, row: Database['sessions']) {
  await db.insertInto('sessions').values(row).execute()
}

export function findSessionPerson(db: Executor, idHash: string, now: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.personId')
    .select(['people.id', 'people.email', 'people.displayName', 'people.timeZone'])
    .where('sessions.idHash', '=', idHash)
    .where('sessions.expiresAt', '>', now)
    .executeTakeFirst()
}

export async function deleteSession(db: Executor, idHash: string) {
  await db.deleteFrom('sessions').where('idHash', '=', idHash).execute()
}

/** Ends a person's sessions but the one kept: all of them when `keepIdHash` is null. */
export async function deleteOtherSessions(db: Executor, personId: string, keepIdHash: string | null) {
  let query = db.deleteFrom('sessions').where('personId', '=', personId)
  if (keepIdHash) query = query.where('idHash', '!=', keepIdHash)
  await query.execute()
}

export async function insertLoginAttempt(db: Executor, row: Database['loginAttempts']) {
  await db.insertInto('loginAttempts').values(row).execute()
}

/** Deletes the login attempts made with an email. */
export async function deleteLoginAttempts(db: Executor, emailKey: string) {
  await db.deleteFrom('loginAttempts').where('emailKey', '=', emailKey).execute()
}

export async function countFailedAttempts(db: Executor, column: 'emailKey' | 'ipKey', key: string, since: string) {
  const row = await db
    .selectFrom('loginAttempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', key)
    .where('succeeded', '=', 0)
    .where('attemptedAt', '>', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
