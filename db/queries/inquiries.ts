import type { Insertable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

// Inquiries, their cycles and their phases: the rows most features read to know where a group is.

export function findInquiry(db: Executor, inquiryId: string) {
  return db.selectFrom('inquiries').selectAll().where('id', '=', inquiryId).executeTakeFirst()
}

export function getInquiry(db: Executor, inquiryId: string) {
  return db.selectFrom('inquiries').selectAll().where('id', '=', inquiryId).executeTakeFirstOrThrow()
}

/** The ids of a group's inquiries; `openOnly` leaves out concluded ones. */
export async function listInquiryIdsOfGroup(db: Executor, groupId: string, openOnly = false): Promise<string[]> {
  let query = db.selectFrom('inquiries').select('id').where('groupId', '=', groupId)
  if (openOnly) query = query.where('status', '!=', 'concluded')
  return (await query.execute()).map((row) => row.id)
}

/** An inquiry's cycles, first to last. */
export function listCycles(db: Executor, inquiryId: string) {
  return db.selectFrom('cycles').selectAll().where('inquiryId', '=', inquiryId).orderBy('number').execute()
}

export function findCycle(db: Executor, cycleId: string) {
  return db.selectFrom('cycles').selectAll().where('id', '=', cycleId).executeTakeFirst()
}

export function getCycle(db: Executor, cycleId: string) {
  return db.selectFrom('cycles').selectAll().where('id', '=', cycleId).executeTakeFirstOrThrow()
}

export function findCycleByNumber(db: Executor, inquiryId: string, number: number) {
  return db.selectFrom('cycles').selectAll().where('inquiryId', '=', inquiryId).where('number', '=', number).executeTakeFirst()
}

/** A cycle's phases in template order. */
export function listPhases(db: Executor, cycleId: string) {
  return db.selectFrom('phases').selectAll().where('cycleId', '=', cycleId).orderBy('position').execute()
}

export function findPhase(db: Executor, phaseId: string) {
  return db.selectFrom('phases').selectAll().where('id', '=', phaseId).executeTakeFirst()
}

/** A group's inquiries for its overview page, newest first. */
export function listInquiriesOfGroup(db: Executor, groupId: string) {
  return db
    .selectFrom('inquiries')
    .select(['id', 'title', 'question', 'status', 'templateSlug', 'createdAt'])
    .where('groupId', '=', groupId)
    .orderBy('createdAt', 'desc')
    .execute()
}

export async function insertInquiry(db: Executor, row: Insertable<Database['inquiries']>) {
  await db.insertInto('inquiries').values(row).execute()
}

/** The phases of every cycle of an inquiry, in template order. */
export function listPhasesOfInquiry(db: Executor, inquiryId: string) {
  return db
    .selectFrom('phases')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select([
      'phases.id',
      'phases.cycleId',
      'phases.position',
      'phases.name',
      'phases.kind',
      'phases.role',
      'phases.status',
      'phases.startedAt',
      'phases.endedAt',
      'phases.templateKey',
    ])
    .where('cycles.inquiryId', '=', inquiryId)
    .orderBy('phases.position')
    .execute()
}

/**
 * The inquiry's data version (migration 15): it moves, in the same transaction, with any write
 * to what the inquiry's pages show (making the inquiry writes its first). Null when there is no
 * such row: no inquiry by that id, so nothing derived from it may be kept.
 */
export async function inquiryVersion(db: Executor, inquiryId: string): Promise<number | null> {
  const row = await db.selectFrom('inquiryVersions').select('version').where('inquiryId', '=', inquiryId).executeTakeFirst()
  return row ? Number(row.version) : null
}
