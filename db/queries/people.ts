import type { Executor } from '../connection'
import type { NewPerson } from '../schema'

export function findPersonByEmail(db: Executor, email: string) {
  return db.selectFrom('people').selectAll().where('email', '=', email).executeTakeFirst()
}

export function findPersonById(db: Executor, id: string) {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertPerson(db: Executor, person: NewPerson) {
  await db.insertInto('people').values(person).execute()
}

/**
 * A person no one can log in as: a seat an archive import made for a member key or a quoted
 * name, or the "former member" a withdrawal leaves in a group.
 */
export async function insertPlaceholderPerson(
  db: Executor,
  person: { id: string; email: string; displayName: string; createdAt: string; deletedAt?: string },
) {
  await insertPerson(db, { ...person, passwordHash: 'no-login', isDemo: 0, placeholder: 1 })
}

export async function updatePasswordHash(db: Executor, personId: string, passwordHash: string) {
  await db.updateTable('people').set({ passwordHash }).where('id', '=', personId).execute()
}

export async function countPeople(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Empties a deleted account's row of personal data: it reads "A former member" and can never log in. */
export async function updatePersonErased(db: Executor, personId: string, deletedAt: string) {
  await db
    .updateTable('people')
    .set({ email: `deleted-${personId}@deleted.invalid`, displayName: 'A former member', passwordHash: 'deleted', deletedAt })
    .where('id', '=', personId)
    .execute()
}

export async function updateTimeZone(db: Executor, personId: string, timeZone: string | null) {
  await db.updateTable('people').set({ timeZone }).where('id', '=', personId).execute()
}
