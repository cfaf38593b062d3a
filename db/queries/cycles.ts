import type { Insertable } from 'kysely'
import type { Executor } from '../connection'
import type { CyclesTable, PhasesTable } from '../schema'

// Cycles and phases as they move: the current phase, the phases around it, and the writes
// that close one phase or cycle and open the next. The plain reads are in inquiries.ts.

export async function insertCycle(db: Executor, cycle: Insertable<CyclesTable>) {
  await db.insertInto('cycles').values(cycle).execute()
}

export async function insertPhases(db: Executor, phases: Insertable<PhasesTable>[]) {
  await db.insertInto('phases').values(phases).execute()
}

/** The inquiry's current phase (at most one), with its cycle's number and focus. */
export function findCurrentPhase(db: Executor, inquiryId: string) {
  return db
    .selectFrom('phases')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select([
      'phases.id',
      'phases.cycleId',
      'phases.position',
      'phases.templateKey',
      'phases.name',
      'phases.kind',
      'phases.role',
      'phases.startedAt',
      'cycles.number as cycleNumber',
      'cycles.focus',
    ])
    .where('cycles.inquiryId', '=', inquiryId)
    .where('phases.status', '=', 'current')
    .executeTakeFirst()
}

/** The next upcoming reflection phase of a cycle after `position`. */
export function findNextUpcomingReflection(db: Executor, cycleId: string, position: number) {
  return db
    .selectFrom('phases')
    .select('name')
    .where('cycleId', '=', cycleId)
    .where('kind', '=', 'reflection')
    .where('status', '=', 'upcoming')
    .where('position', '>', position)
    .orderBy('position')
    .executeTakeFirst()
}

/** An action phase of a cycle before `position`, if there is one. */
export function findEarlierActionPhase(db: Executor, cycleId: string, position: number) {
  return db
    .selectFrom('phases')
    .select('id')
    .where('cycleId', '=', cycleId)
    .where('kind', '=', 'action')
    .where('position', '<', position)
    .executeTakeFirst()
}

/** Marks a phase done. */
export async function updatePhaseDone(db: Executor, phaseId: string, at: string) {
  await db.updateTable('phases').set({ status: 'done', endedAt: at }).where('id', '=', phaseId).execute()
}

/** Marks the phases of a cycle that never came as skipped. */
export async function updateUpcomingPhasesSkipped(db: Executor, cycleId: string) {
  await db.updateTable('phases').set({ status: 'skipped' }).where('cycleId', '=', cycleId).where('status', '=', 'upcoming').execute()
}

export async function updateCycleEnded(db: Executor, cycleId: string, at: string) {
  await db.updateTable('cycles').set({ endedAt: at }).where('id', '=', cycleId).execute()
}

/** Reveals a cycle's blind round unless it already was; false when it was. */
export async function updateBlindRevealed(db: Executor, cycleId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('cycles')
    .set({ blindRevealedAt: at })
    .where('id', '=', cycleId)
    .where('blindRevealedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** A cycle with its number and the inquiry and group it belongs to. */
export function getCycleWithGroup(db: Executor, cycleId: string) {
  return db
    .selectFrom('cycles')
    .innerJoin('inquiries', 'inquiries.id', 'cycles.inquiryId')
    .select(['inquiries.groupId', 'inquiries.id as inquiryId', 'cycles.number'])
    .where('cycles.id', '=', cycleId)
    .executeTakeFirstOrThrow()
}

/** Marks a cycle's validity review adopted, unless it already was or the cycle has closed; false then. */
export async function updateReviewAdopted(db: Executor, cycleId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('cycles')
    .set({ reviewAdoptedAt: at })
    .where('id', '=', cycleId)
    .where('reviewAdoptedAt', 'is', null)
    .where('endedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Sets a cycle's devil's advocate, unless the cycle has closed; false then. */
export async function updateDevilsAdvocate(db: Executor, cycleId: string, personId: string): Promise<boolean> {
  const result = await db
    .updateTable('cycles')
    .set({ devilsAdvocateId: personId })
    .where('id', '=', cycleId)
    .where('endedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
