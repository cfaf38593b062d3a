import type { Kysely } from 'kysely'
import type { Db } from '~db/connection'
import type { Database } from '~db/schema'
import { recordAudit } from '~/features/audit/audit.server'
import { propose } from '~/features/decisions/decisions.server'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { inquiryTemplate } from '~/features/cycles/cycles.server'
import { cycleRange } from '~/utils/format'
import { DomainError } from '~/utils/errors.server'
import type { SessionUser } from '~/utils/session.server'
import { findOpenDecision } from '~db/queries/decisions'
import { getGroupKind } from '~db/queries/groups'
import { findInquiry, listCycles } from '~db/queries/inquiries'

/**
 * Group-level findings (themes, ratings, the analysis, the validity review, decisions and
 * challenges) leave the group only once it has agreed to publish them, by a decision that
 * covers cycles 1 to `throughCycle`. In a pair both people must agree.
 */
export async function proposePublish(db: Db, user: SessionUser, inquiryId: string, throughCycle: number) {
  return db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    const group = await getGroupKind(trx, inquiry.groupId)
    const last = (await listCycles(trx, inquiryId)).at(-1)
    if (!last) throw new DomainError('conflict', 'This inquiry has no cycles yet, so it has no findings to publish.')
    if (!Number.isInteger(throughCycle) || throughCycle < 1 || throughCycle > last.number) {
      throw new DomainError('bad_request', `Choose a cycle from 1 to ${last.number}.`, 'throughCycle')
    }
    if (inquiry.publishedThroughCycle !== null && throughCycle <= inquiry.publishedThroughCycle) {
      throw new DomainError(
        'conflict',
        `The findings of ${cycleRange(1, inquiry.publishedThroughCycle)} are already published.`,
        'throughCycle',
      )
    }
    const open = await findOpenDecision(trx, 'publish_findings', { inquiryId: inquiryId })
    if (open) throw new DomainError('conflict', 'A proposal to publish findings is already open.')
    const template = inquiryTemplate(inquiry.templateJson)
    const range = cycleRange(1, throughCycle)
    return propose(trx, user, {
      groupId: inquiry.groupId,
      inquiryId,
      kind: 'publish_findings',
      title: `Publish the findings of ${range}`,
      body:
        `Exports will include the themes, pseudonymous ratings, analysis, validity review, decisions and challenges of ${range}. ` +
        'Record texts still leave only where each author consents, and names only where each member chose.',
      payload: { throughCycle },
      rule: group.kind === 'pair' ? { ...template.decisionRule, quorum: 1 } : template.decisionRule,
    })
  })
}

/** Effect of a passed publish decision: publication only ever widens. */
export async function applyPublish(trx: Kysely<Database>, inquiryId: string, throughCycle: number): Promise<boolean> {
  const inquiry = await findInquiry(trx, inquiryId)
  if (!inquiry) return false
  if (inquiry.publishedThroughCycle !== null && inquiry.publishedThroughCycle >= throughCycle) return false
  await trx.updateTable('inquiries').set({ publishedThroughCycle: throughCycle }).where('id', '=', inquiryId).execute()
  await recordAudit(trx, { kind: 'findings_published', groupId: inquiry.groupId, detail: { inquiryId, throughCycle } })
  return true
}
