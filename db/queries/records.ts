import type { Executor } from '../connection'
import type { WayOfKnowing } from '../schema'

/**
 * The records a person may see in an inquiry: everything shared with the group plus
 * their own private records. Every read of records goes through this one query.
 */
export function visibleRecords(db: Executor, inquiryId: string, viewerId: string) {
  return db
    .selectFrom('records')
    .innerJoin('people', 'people.id', 'records.authorId')
    .innerJoin('cycles', 'cycles.id', 'records.cycleId')
    .innerJoin('phases', 'phases.id', 'records.phaseId')
    .select([
      'records.id',
      'records.authorId',
      'records.wayOfKnowing',
      'records.text',
      'records.occurredAt',
      'records.visibility',
      'records.createdAt',
      'records.updatedAt',
      'records.cycleId',
      'records.phaseId',
      'people.displayName as authorName',
      'cycles.number as cycleNumber',
      'phases.name as phaseName',
      'phases.kind as phaseKind',
    ])
    .where('records.inquiryId', '=', inquiryId)
    .where((eb) => eb.or([eb('records.visibility', '=', 'group'), eb('records.authorId', '=', viewerId)]))
}

export function listVisibleRecords(
  db: Executor,
  inquiryId: string,
  viewerId: string,
  filter: { cycleNumber?: number; phaseId?: string; authorId?: string; wayOfKnowing?: WayOfKnowing },
) {
  let query = visibleRecords(db, inquiryId, viewerId)
  if (filter.cycleNumber !== undefined) query = query.where('cycles.number', '=', filter.cycleNumber)
  if (filter.phaseId) query = query.where('records.phaseId', '=', filter.phaseId)
  if (filter.authorId) query = query.where('records.authorId', '=', filter.authorId)
  if (filter.wayOfKnowing) query = query.where('records.wayOfKnowing', '=', filter.wayOfKnowing)
  return query.orderBy('records.occurredAt', 'desc').orderBy('records.createdAt', 'desc').limit(500).execute()
}
