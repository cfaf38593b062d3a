import type { Insertable } from 'kysely'
import type { Executor } from '../connection'
import type { PlansTable } from '../schema'

/** A cycle's plans by member name, each with its member's name. */
export function listPlans(db: Executor, cycleId: string) {
  return db
    .selectFrom('plans')
    .innerJoin('people', 'people.id', 'plans.personId')
    .select(['plans.personId', 'plans.action', 'plans.recording', 'plans.updatedAt', 'people.displayName'])
    .where('plans.cycleId', '=', cycleId)
    .orderBy('people.displayName')
    .execute()
}

/** A person's plan for a cycle, if they made one. */
export function findPlan(db: Executor, cycleId: string, personId: string) {
  return db.selectFrom('plans').select('id').where('cycleId', '=', cycleId).where('personId', '=', personId).executeTakeFirst()
}

export async function insertPlan(db: Executor, plan: Insertable<PlansTable>) {
  await db.insertInto('plans').values(plan).execute()
}

export async function updatePlan(db: Executor, planId: string, change: { action: string; recording: string; updatedAt: string }) {
  await db.updateTable('plans').set(change).where('id', '=', planId).execute()
}
