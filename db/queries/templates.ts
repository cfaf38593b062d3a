import type { Insertable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

// The versions of an inquiry's template: the first as the inquiry began, then one per amendment the group adopted.

/** An inquiry's template versions, newest first. */
export function listTemplateVersions(db: Executor, inquiryId: string) {
  return db
    .selectFrom('templateVersions')
    .select(['version', 'summary', 'createdAt', 'decisionId'])
    .where('inquiryId', '=', inquiryId)
    .orderBy('version', 'desc')
    .execute()
}

/** The number the inquiry's next template version takes: one after the highest so far. */
export async function nextTemplateVersion(db: Executor, inquiryId: string): Promise<number> {
  const latest = await db
    .selectFrom('templateVersions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('inquiryId', '=', inquiryId)
    .executeTakeFirst()
  return Number(latest?.version ?? 0) + 1
}

export async function insertTemplateVersion(db: Executor, row: Insertable<Database['templateVersions']>) {
  await db.insertInto('templateVersions').values(row).execute()
}
