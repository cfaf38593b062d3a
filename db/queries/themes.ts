import type { Executor } from '../connection'
import type { ThemeEventKind } from '../schema'

/** An inquiry's active themes, in the order they were proposed, with who proposed each and in which cycle. */
function activeThemes(db: Executor, inquiryId: string) {
  return db
    .selectFrom('themes')
    .innerJoin('people', 'people.id', 'themes.proposedBy')
    .innerJoin('cycles', 'cycles.id', 'themes.firstCycleId')
    .select([
      'themes.id',
      'themes.name',
      'themes.description',
      'themes.createdAt',
      'themes.proposedBy',
      'themes.splitFromId',
      'themes.firstCycleId',
      'cycles.number as firstCycleNumber',
      'people.displayName as proposedByName',
    ])
    .where('themes.inquiryId', '=', inquiryId)
    .where('themes.status', '=', 'active')
    .orderBy('themes.createdAt')
    .orderBy('themes.id')
}

export function listActiveThemes(db: Executor, inquiryId: string) {
  return activeThemes(db, inquiryId).execute()
}

/** One page of an inquiry's active themes, in the order they were proposed. */
export function listActiveThemesPage(db: Executor, inquiryId: string, page: { limit: number; offset: number }) {
  return activeThemes(db, inquiryId).limit(page.limit).offset(page.offset).execute()
}

/** How many active themes an inquiry has. */
export async function countActiveThemes(db: Executor, inquiryId: string): Promise<number> {
  const row = await db
    .selectFrom('themes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('inquiryId', '=', inquiryId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function findTheme(db: Executor, themeId: string) {
  return db.selectFrom('themes').selectAll().where('id', '=', themeId).executeTakeFirst()
}

export async function insertThemeEvent(
  db: Executor,
  row: { id: string; themeId: string; personId: string; kind: ThemeEventKind; detail: Record<string, unknown>; createdAt: string },
) {
  const { detail, ...rest } = row
  await db
    .insertInto('themeEvents')
    .values({ ...rest, detailJson: JSON.stringify(detail) })
    .execute()
}

export function listThemeEvents(db: Executor, themeId: string) {
  return db
    .selectFrom('themeEvents')
    .innerJoin('people', 'people.id', 'themeEvents.personId')
    .select(['themeEvents.kind', 'themeEvents.detailJson', 'themeEvents.createdAt', 'people.displayName'])
    .where('themeEvents.themeId', '=', themeId)
    .orderBy('themeEvents.createdAt')
    .execute()
}

/**
 * Links a viewer may see: to group records, or to their own private ones. A link to
 * someone else's private record is not shown or counted, so it cannot reveal the record.
 */
export function visibleLinks(db: Executor, viewerId: string) {
  return db
    .selectFrom('themeLinks')
    .innerJoin('records', 'records.id', 'themeLinks.recordId')
    .innerJoin('people as linker', 'linker.id', 'themeLinks.linkedBy')
    .where((eb) => eb.or([eb('records.visibility', '=', 'group'), eb('records.authorId', '=', viewerId)]))
}

/** How many links of each of these themes (of one inquiry) a viewer may see: the counts of a page of the themes list. */
export async function countVisibleLinksOfThemes(db: Executor, viewerId: string, themeIds: string[]) {
  if (themeIds.length === 0) return new Map<string, number>()
  // No condition on the records' inquiry: a theme links only records of its own inquiry, and
  // with one the planner walks every record of the inquiry instead of the themes' links.
  const rows = await visibleLinks(db, viewerId)
    .select(['themeLinks.themeId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('themeLinks.themeId', 'in', themeIds)
    .groupBy('themeLinks.themeId')
    .execute()
  return new Map(rows.map((r) => [r.themeId, Number(r.n)]))
}

/** How many of a theme's links a viewer may see. */
export async function countVisibleLinksOfTheme(db: Executor, viewerId: string, themeId: string): Promise<number> {
  const row = await visibleLinks(db, viewerId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('themeLinks.themeId', '=', themeId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** One page of a theme's links a viewer may see, in the order their records happened, with who wrote and who linked each. */
export function listVisibleLinksOfThemePage(db: Executor, viewerId: string, themeId: string, page: { limit: number; offset: number }) {
  return visibleLinks(db, viewerId)
    .innerJoin('people as author', 'author.id', 'records.authorId')
    .innerJoin('cycles', 'cycles.id', 'records.cycleId')
    .select([
      'records.id as recordId',
      'records.text',
      'records.wayOfKnowing',
      'records.occurredAt',
      'records.visibility',
      'records.authorId',
      'author.displayName as authorName',
      'linker.displayName as linkedByName',
      'themeLinks.linkedBy',
      'cycles.number as cycleNumber',
    ])
    .where('themeLinks.themeId', '=', themeId)
    .orderBy('records.occurredAt')
    .orderBy('records.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

/**
 * Cycle numbers of the shared records linked to each theme: the evidence behind its trajectory.
 * With `themeIds`, only for those themes (a page of the themes list).
 */
export async function groupLinkCycles(db: Executor, inquiryId: string, themeIds?: string[]): Promise<Map<string, number[]>> {
  if (themeIds?.length === 0) return new Map()
  let query = db
    .selectFrom('themeLinks')
    .innerJoin('records', 'records.id', 'themeLinks.recordId')
    .innerJoin('cycles', 'cycles.id', 'records.cycleId')
    .select(['themeLinks.themeId', 'cycles.number'])
    .where('records.visibility', '=', 'group')
  // A theme links only records of its own inquiry: given the themes, their links are read by
  // theme (with the inquiry as well, the planner would walk every record of the inquiry).
  query = themeIds ? query.where('themeLinks.themeId', 'in', themeIds) : query.where('records.inquiryId', '=', inquiryId)
  const rows = await query.execute()
  const byTheme = new Map<string, number[]>()
  for (const row of rows) byTheme.set(row.themeId, [...(byTheme.get(row.themeId) ?? []), row.number])
  return byTheme
}

/** A new theme: active, merged into nothing, last changed when it was made. */
export async function insertTheme(
  db: Executor,
  theme: {
    id: string
    inquiryId: string
    name: string
    description: string
    proposedBy: string
    firstCycleId: string
    splitFromId: string | null
    createdAt: string
  },
) {
  await db
    .insertInto('themes')
    .values({ ...theme, status: 'active', mergedIntoId: null, updatedAt: theme.createdAt })
    .execute()
}

/** Every theme of an inquiry, active or merged away, with what it was merged into. */
export function listThemesOfInquiry(db: Executor, inquiryId: string) {
  return db.selectFrom('themes').select(['id', 'name', 'status', 'mergedIntoId']).where('inquiryId', '=', inquiryId).execute()
}

/** The themes merged away in an inquiry, latest first (at most `limit`), each with the theme it went into. */
export function listMergedThemes(db: Executor, inquiryId: string, limit: number) {
  return db
    .selectFrom('themes as t')
    .innerJoin('themes as into', 'into.id', 't.mergedIntoId')
    .select(['t.id', 't.name', 'into.id as intoId', 'into.name as intoName', 't.updatedAt'])
    .where('t.inquiryId', '=', inquiryId)
    .where('t.status', '=', 'merged')
    .orderBy('t.updatedAt', 'desc')
    .orderBy('t.id')
    .limit(limit)
    .execute()
}

/** How many themes of an inquiry have been merged away. */
export async function countMergedThemes(db: Executor, inquiryId: string): Promise<number> {
  const row = await db
    .selectFrom('themes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('inquiryId', '=', inquiryId)
    .where('status', '=', 'merged')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The inquiry's other active themes, by name: what a theme could be merged into. */
export function listOtherActiveThemes(db: Executor, inquiryId: string, exceptThemeId: string) {
  return db
    .selectFrom('themes')
    .select(['id', 'name'])
    .where('inquiryId', '=', inquiryId)
    .where('status', '=', 'active')
    .where('id', '!=', exceptThemeId)
    .orderBy('name')
    .execute()
}

/** The active themes a record is linked to, by name. */
export function listThemesOfRecord(db: Executor, recordId: string) {
  return db
    .selectFrom('themeLinks')
    .innerJoin('themes', 'themes.id', 'themeLinks.themeId')
    .select(['themes.id', 'themes.name'])
    .where('themeLinks.recordId', '=', recordId)
    .where('themes.status', '=', 'active')
    .orderBy('themes.name')
    .execute()
}

export function findThemeLink(db: Executor, themeId: string, recordId: string) {
  return db.selectFrom('themeLinks').select('id').where('themeId', '=', themeId).where('recordId', '=', recordId).executeTakeFirst()
}

/** Every link of a theme, whoever may see its record: for moving links, never to show. */
export function listLinksOfTheme(db: Executor, themeId: string) {
  return db.selectFrom('themeLinks').select(['id', 'recordId']).where('themeId', '=', themeId).execute()
}

/** An inquiry's active themes by name, for choosing what to challenge. */
export function listActiveThemesByName(db: Executor, inquiryId: string) {
  return db
    .selectFrom('themes')
    .select(['id', 'name'])
    .where('inquiryId', '=', inquiryId)
    .where('status', '=', 'active')
    .orderBy('name')
    .execute()
}
