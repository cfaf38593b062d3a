import type { Insertable, Updateable } from 'kysely'
import type { Executor } from '../connection'
import type { RecordsTable, WayOfKnowing } from '../schema'

/** The rule alone, on the records table: an inquiry's records shared with the group, and the viewer's own private ones. */
function recordsVisibleTo(db: Executor, inquiryId: string, viewerId: string) {
  return db
    .selectFrom('records')
    .where('records.inquiryId', '=', inquiryId)
    .where((eb) => eb.or([eb('records.visibility', '=', 'group'), eb('records.authorId', '=', viewerId)]))
}

/**
 * The records a person may see in an inquiry: everything shared with the group plus
 * their own private records. Every read of records goes through this one query.
 */
export function visibleRecords(db: Executor, inquiryId: string, viewerId: string) {
  return recordsVisibleTo(db, inquiryId, viewerId)
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
}

/** What the records page filters by; each is optional. */
export type RecordListFilter = { cycleNumber?: number; phaseId?: string; authorId?: string; wayOfKnowing?: WayOfKnowing }

/** The records a viewer may see, narrowed by the page's filters: no joins, for counting and for choosing a page. */
function filteredVisibleRecords(db: Executor, inquiryId: string, viewerId: string, filter: RecordListFilter) {
  let query = recordsVisibleTo(db, inquiryId, viewerId)
  if (filter.cycleNumber !== undefined) {
    const cycles = db
      .selectFrom('cycles')
      .select('cycles.id')
      .where('cycles.inquiryId', '=', inquiryId)
      .where('cycles.number', '=', filter.cycleNumber)
    query = query.where('records.cycleId', 'in', cycles)
  }
  if (filter.phaseId) query = query.where('records.phaseId', '=', filter.phaseId)
  if (filter.authorId) query = query.where('records.authorId', '=', filter.authorId)
  if (filter.wayOfKnowing) query = query.where('records.wayOfKnowing', '=', filter.wayOfKnowing)
  return query
}

/** How many records a viewer may see that match the filters: the length of the records list. */
export async function countVisibleRecords(db: Executor, inquiryId: string, viewerId: string, filter: RecordListFilter): Promise<number> {
  const row = await filteredVisibleRecords(db, inquiryId, viewerId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * One page of the records list, newest first (by when it happened, then when it was written):
 * the page's ids are chosen on the records table alone, then only those rows are read with
 * their author, cycle and phase, so the sort does not carry every record's text.
 */
export function listVisibleRecordsPage(
  db: Executor,
  inquiryId: string,
  viewerId: string,
  filter: RecordListFilter,
  page: { limit: number; offset: number },
) {
  const ids = filteredVisibleRecords(db, inquiryId, viewerId, filter)
    .select('records.id')
    .orderBy('records.occurredAt', 'desc')
    .orderBy('records.createdAt', 'desc')
    .orderBy('records.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
  return visibleRecords(db, inquiryId, viewerId)
    .where('records.id', 'in', ids)
    .orderBy('records.occurredAt', 'desc')
    .orderBy('records.createdAt', 'desc')
    .orderBy('records.id', 'desc')
    .execute()
}

/** The records of one cycle a viewer may see that are not linked to a theme yet: what the theme's page offers to link. */
function recordsUnlinkedFrom(db: Executor, inquiryId: string, viewerId: string, themeId: string, cycleId: string) {
  return recordsVisibleTo(db, inquiryId, viewerId)
    .where('records.cycleId', '=', cycleId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('themeLinks')
            .select('themeLinks.id')
            .where('themeLinks.themeId', '=', themeId)
            .whereRef('themeLinks.recordId', '=', 'records.id'),
        ),
      ),
    )
}

export async function countRecordsUnlinkedFrom(db: Executor, inquiryId: string, viewerId: string, themeId: string, cycleId: string) {
  const row = await recordsUnlinkedFrom(db, inquiryId, viewerId, themeId, cycleId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Characters of a record's text a list of records to choose from shows (one more, to know it goes on). */
export const EXCERPT_CHARS = 140

/** One page of them, newest first, each with its author and the start of its text. */
export function listRecordsUnlinkedFromPage(
  db: Executor,
  inquiryId: string,
  viewerId: string,
  themeId: string,
  cycleId: string,
  page: { limit: number; offset: number },
) {
  return recordsUnlinkedFrom(db, inquiryId, viewerId, themeId, cycleId)
    .innerJoin('people', 'people.id', 'records.authorId')
    .select((eb) => [
      'records.id',
      'records.authorId',
      'records.occurredAt',
      'records.wayOfKnowing',
      'records.visibility',
      'people.displayName as authorName',
      eb.fn<string>('substr', ['records.text', eb.lit(1), eb.lit(EXCERPT_CHARS + 1)]).as('excerpt'),
    ])
    .orderBy('records.occurredAt', 'desc')
    .orderBy('records.createdAt', 'desc')
    .orderBy('records.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

/** The shared records of a cycle, for its indicators: who wrote each, in which way of knowing and kind of phase. */
export function listSharedRecordsOfCycle(db: Executor, cycleId: string) {
  return db
    .selectFrom('records')
    .innerJoin('phases', 'phases.id', 'records.phaseId')
    .select(['records.authorId', 'records.wayOfKnowing', 'phases.kind'])
    .where('records.cycleId', '=', cycleId)
    .where('records.visibility', '=', 'group')
    .execute()
}

/** The shared records of a cycle, for counting each member's words: private records never count. */
export function listSharedRecordTextsOfCycle(db: Executor, cycleId: string) {
  return db.selectFrom('records').select(['authorId', 'text']).where('cycleId', '=', cycleId).where('visibility', '=', 'group').execute()
}

/** How many shared records each cycle before `cycleNumber` holds in each way of knowing. */
export function countSharedRecordsBeforeCycle(db: Executor, inquiryId: string, cycleNumber: number) {
  return db
    .selectFrom('records')
    .innerJoin('cycles', 'cycles.id', 'records.cycleId')
    .select(['cycles.number', 'records.wayOfKnowing', (eb) => eb.fn.countAll<number>().as('n')])
    .where('records.inquiryId', '=', inquiryId)
    .where('records.visibility', '=', 'group')
    .where('cycles.number', '<', cycleNumber)
    .groupBy(['cycles.number', 'records.wayOfKnowing'])
    .execute()
}

/** An inquiry's phases, cycle by cycle in template order, for filtering records by cycle and phase. */
export function listPhasesByCycle(db: Executor, inquiryId: string) {
  return db
    .selectFrom('cycles')
    .innerJoin('phases', 'phases.cycleId', 'cycles.id')
    .select(['cycles.number', 'phases.id as phaseId', 'phases.name as phaseName', 'phases.status'])
    .where('cycles.inquiryId', '=', inquiryId)
    .orderBy('cycles.number')
    .orderBy('phases.position')
    .execute()
}

export async function insertRecord(db: Executor, record: Insertable<RecordsTable>) {
  await db.insertInto('records').values(record).execute()
}

/** The export consent of a record, read for its author only: it is the author's own choice. */
export function findOwnExportConsent(db: Executor, recordId: string, authorId: string) {
  return db.selectFrom('records').select('exportConsent').where('id', '=', recordId).where('authorId', '=', authorId).executeTakeFirst()
}

/** Changes a record; only its author's own record is touched. */
export async function updateOwnRecord(
  db: Executor,
  recordId: string,
  authorId: string,
  change: Pick<Updateable<RecordsTable>, 'wayOfKnowing' | 'text' | 'occurredAt' | 'visibility' | 'updatedAt' | 'exportConsent'>,
) {
  await db.updateTable('records').set(change).where('id', '=', recordId).where('authorId', '=', authorId).execute()
}

/** Deletes a record; only its author's own record is touched. */
export async function deleteOwnRecord(db: Executor, recordId: string, authorId: string) {
  await db.deleteFrom('records').where('id', '=', recordId).where('authorId', '=', authorId).execute()
}

/** Who wrote a record (for telling them of a challenge to it); nothing of its text. */
export async function findRecordAuthor(db: Executor, recordId: string): Promise<string | undefined> {
  return (await db.selectFrom('records').select('authorId').where('id', '=', recordId).executeTakeFirst())?.authorId
}

/** How many records of each cycle a viewer may see: the group's shared records and their own private ones. */
export async function countVisibleRecordsByCycle(db: Executor, inquiryId: string, viewerId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('records')
    .select(['cycleId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('inquiryId', '=', inquiryId)
    .where((eb) => eb.or([eb('visibility', '=', 'group'), eb('authorId', '=', viewerId)]))
    .groupBy('cycleId')
    .execute()
  return new Map(rows.map((r) => [r.cycleId, Number(r.n)]))
}
