import type { Executor } from '~db/connection'
import { findLatestPrinciples, insertPrincipleVersion } from '~db/queries/peer-reviews'
import { newId, nowIso } from '~/utils/ids.server'

/** The pair's amended principles become a new version; the client's consent to the old one no longer counts. */
export async function applyPrinciplesAmendment(
  trx: Executor,
  groupId: string,
  decisionId: string,
  payload: { principles: string[]; summary: string },
): Promise<boolean> {
  const latest = await findLatestPrinciples(trx, groupId)
  await insertPrincipleVersion(trx, {
    id: newId(),
    groupId,
    version: (latest?.version ?? 0) + 1,
    principlesJson: JSON.stringify(payload.principles),
    summary: payload.summary,
    decisionId,
    createdAt: nowIso(),
  })
  return true
}
