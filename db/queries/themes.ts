import type { Executor } from '../connection'
import type { ThemeEventKind } from '../schema'

export function listActiveThemes(db: Executor, inquiryId: string) {
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
    .execute()
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

/** Cycle numbers of the shared records linked to each theme: the evidence behind its trajectory. */
export async function groupLinkCycles(db: Executor, inquiryId: string): Promise<Map<string, number[]>> {
  const rows = await db
    .selectFrom('themeLinks')
    .innerJoin('records', 'records.id', 'themeLinks.recordId')
    .innerJoin('cycles', 'cycles.id', 'records.cycleId')
    .select(['themeLinks.themeId', 'cycles.number'])
    .where('records.inquiryId', '=', inquiryId)
    .where('records.visibility', '=', 'group')
    .execute()
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

/** The themes merged away in an inquiry, latest first, each with the theme it went into. */
export function listMergedThemes(db: Executor, inquiryId: string) {
  return db
    .selectFrom('themes as t')
    .innerJoin('themes as into', 'into.id', 't.mergedIntoId')
    .select(['t.id', 't.name', 'into.id as intoId', 'into.name as intoName', 't.updatedAt'])
    .where('t.inquiryId', '=', inquiryId)
    .where('t.status', '=', 'merged')
    .orderBy('t.updatedAt', 'desc')
    .execute()
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
