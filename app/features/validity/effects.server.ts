import type { Kysely } from 'kysely'
import type { Database } from '~db/schema'
import { InquiryTemplateSchema } from '~/features/templates/template.schema'
import { newId, nowIso } from '~/utils/ids.server'

type Executor = Kysely<Database>

/** Adopting a cycle's validity review lets the cycle close; it can happen once. */
export async function applyAdoptReview(trx: Executor, cycleId: string): Promise<boolean> {
  const result = await trx
    .updateTable('cycles')
    .set({ reviewAdoptedAt: nowIso() })
    .where('id', '=', cycleId)
    .where('reviewAdoptedAt', 'is', null)
    .where('endedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function applyDevilsAdvocate(trx: Executor, cycleId: string, personId: string): Promise<boolean> {
  const result = await trx
    .updateTable('cycles')
    .set({ devilsAdvocateId: personId })
    .where('id', '=', cycleId)
    .where('endedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** The group's amended copy of its template becomes the inquiry's template; every version is kept. */
export async function applyTemplateAmendment(
  trx: Executor,
  inquiryId: string,
  decisionId: string,
  payload: { templateJson: string; summary: string },
): Promise<boolean> {
  const parsed = InquiryTemplateSchema.safeParse(JSON.parse(payload.templateJson))
  if (!parsed.success) return false
  const latest = await trx
    .selectFrom('templateVersions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('inquiryId', '=', inquiryId)
    .executeTakeFirst()
  const templateJson = JSON.stringify(parsed.data)
  await trx.updateTable('inquiries').set({ templateJson }).where('id', '=', inquiryId).execute()
  await trx
    .insertInto('templateVersions')
    .values({
      id: newId(), inquiryId, version: Number(latest?.version ?? 0) + 1, templateJson, summary: payload.summary, decisionId,
      createdAt: nowIso(),
    })
    .execute()
  return true
}
