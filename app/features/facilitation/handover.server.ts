import type { Executor } from '~db/connection'
import { insertAuditEvent } from '~db/queries/audit'
import { findCurrentPhase } from '~db/queries/cycles'
import { findGroup, listCurrentMembers, updateFacilitator } from '~db/queries/groups'
import { getCycle, getInquiry } from '~db/queries/inquiries'
import { listMembersByKey } from '~db/queries/facilitation'
import { inquiryTemplate } from '~/features/cycles/cycles.server'
import { newId } from '~/utils/ids.server'
import { handoverAt } from './core/plan'

/**
 * Carries out the inquiry's handover plan as it moves to its next cycle (called by the next_cycle
 * decision in the same transaction): rotate hands the role to the next member in joining order,
 * peer lays it down from its cycle on. The change is audited at the new cycle's start, so the
 * role's history gives the cycle that begins its new holder, not the old one.
 */
export async function applyHandoverPlan(trx: Executor, inquiryId: string): Promise<void> {
  const inquiry = await getInquiry(trx, inquiryId)
  const plan = inquiryTemplate(inquiry.templateJson).facilitation
  if (!plan || plan.plan === 'single' || plan.plan === 'co-facilitator') return
  const group = await findGroup(trx, inquiry.groupId)
  if (!group || group.kind === 'pair') return
  const current = await findCurrentPhase(trx, inquiryId)
  if (!current) return
  const cycle = await getCycle(trx, current.cycleId)
  const [members, order] = await Promise.all([listCurrentMembers(trx, group.id), listMembersByKey(trx, group.id)])
  const holder = members.find((m) => m.isFacilitator === 1)?.personId ?? null
  const eligible = new Set(members.filter((m) => m.placeholder !== 1).map((m) => m.personId))
  const next = handoverAt(
    plan,
    cycle.number,
    order.filter((m) => eligible.has(m.personId)).map((m) => m.personId),
    holder,
  )
  if (next === undefined) return
  await updateFacilitator(trx, group.id, next)
  await insertAuditEvent(trx, {
    id: newId(),
    kind: 'facilitator_changed',
    personId: holder ?? next,
    groupId: group.id,
    detailJson: JSON.stringify({ to: next, plan: plan.plan, cycle: cycle.number }),
    createdAt: cycle.startedAt,
  })
}
