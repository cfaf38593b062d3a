import type { Executor } from '~db/connection'
import { newId, nowIso } from '~/utils/ids.server'

export async function latestPrinciples(db: Executor, groupId: string) {
  return db
    .selectFrom('principleVersions')
    .select(['version', 'principlesJson', 'summary', 'createdAt'])
    .where('groupId', '=', groupId)
    .orderBy('version', 'desc')
    .executeTakeFirst()
}

/** The pair's amended principles become a new version; the client's consent to the old one no longer counts. */
export async function applyPrinciplesAmendment(
  trx: Executor,
  groupId: string,
  decisionId: string,
  payload: { principles: string[]; summary: string },
): Promise<boolean> {
  const latest = await latestPrinciples(trx, groupId)
  await trx
    .insertInto('principleVersions')
    .values({
      id: newId(),
      groupId,
      version: (latest?.version ?? 0) + 1,
      principlesJson: JSON.stringify(payload.principles),
      summary: payload.summary,
      decisionId,
      createdAt: nowIso(),
    })
    .execute()
  return true
}
