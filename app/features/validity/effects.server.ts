import type { Executor } from '~db/connection'
import { nowIso } from '~/utils/ids.server'

/** Adopting a cycle's validity review lets the cycle close; it can happen once. */
export async function applyAdoptValidityReview(trx: Executor, cycleId: string): Promise<boolean> {
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
