import type { Executor } from '~db/connection'
import { updateDevilsAdvocate } from '~db/queries/cycles'
import { updateReviewAdopted } from '~db/queries/cycles'
import { nowIso } from '~/utils/ids.server'

/** Adopting a cycle's validity review lets the cycle close; it can happen once. */
export async function applyAdoptValidityReview(trx: Executor, cycleId: string): Promise<boolean> {
  return updateReviewAdopted(trx, cycleId, nowIso())
}

export async function applyDevilsAdvocate(trx: Executor, cycleId: string, personId: string): Promise<boolean> {
  return updateDevilsAdvocate(trx, cycleId, personId)
}
