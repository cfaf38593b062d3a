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
