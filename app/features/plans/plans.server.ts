import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import { findPlan, insertPlan, listPlans, updatePlan } from '~db/queries/plans'
import { propose } from '~/features/decisions/decisions.server'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { CONCLUDED_MESSAGE, currentPhaseSummary, inquiryTemplate, phaseContext } from '~/features/cycles/cycles.server'
import { DomainError } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import type { FocusSchema, PlanSchema } from './plans.schema'

/**
 * Plans belong to a cycle's planning: they can be written while the cycle is in a
 * reflection phase that comes before its first action phase, not rewritten afterwards.
 */
async function planningPhase(db: Executor, inquiryId: string) {
  const context = await phaseContext(db, inquiryId)
  return context.isReflection && !context.isSenseMaking ? context.current : null
}

/**
 * Why plans and the cycle's focus cannot be made now, and when they can; null when they can.
 * The plans page shows it in place of its forms; saving a plan or proposing a focus refuses with it.
 */
async function planBlock(db: Executor, inquiry: { id: string; status: string; templateJson: string }): Promise<string | null> {
  if (inquiry.status === 'concluded') return CONCLUDED_MESSAGE
  if (await planningPhase(db, inquiry.id)) return null
  const current = (await phaseContext(db, inquiry.id)).current
  const first = inquiryTemplate(inquiry.templateJson).phases[0]
  const now = current ? `; cycle ${current.cycleNumber} is in ${current.name} now` : ''
  const next = current && first ? ` The next chance is ${first.name}, when cycle ${current.cycleNumber + 1} begins.` : ''
  return `Plans and the cycle's focus are made in a cycle's planning phase${now}.${next}`
}

export async function getPlansPage(db: Db, user: SessionUser, inquiryId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const current = await currentPhaseSummary(db, inquiry)
  const block = await planBlock(db, inquiry)
  const cycleId = current?.cycleId ?? null
  const plans = cycleId ? await listPlans(db, cycleId) : []
  return {
    inquiry: { id: inquiry.id, title: inquiry.title, status: inquiry.status, groupId: inquiry.groupId },
    current,
    cycle: current ? { id: current.cycleId, number: current.cycleNumber, focus: current.focus, phaseName: current.phaseName } : null,
    canPlan: block === null,
    planBlock: block,
    plans,
    myPlan: plans.find((p) => p.personId === user.id) ?? null,
  }
}

export async function saveMyPlan(db: Db, user: SessionUser, inquiryId: string, input: z.infer<typeof PlanSchema>) {
  await db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    const block = await planBlock(trx, inquiry)
    const planning = await planningPhase(trx, inquiryId)
    if (block || !planning) throw new DomainError('conflict', block ?? CONCLUDED_MESSAGE)
    const now = nowIso()
    const existing = await findPlan(trx, planning.cycleId, user.id)
    if (existing) {
      await updatePlan(trx, existing.id, { action: input.action, recording: input.recording, updatedAt: now })
    } else {
      await insertPlan(trx, {
        id: newId(),
        cycleId: planning.cycleId,
        personId: user.id,
        action: input.action,
        recording: input.recording,
        createdAt: now,
        updatedAt: now,
      })
    }
  })
}

/** The cycle's focus is the group's: it is proposed, and takes effect when the decision passes. */
export async function proposeFocus(db: Db, user: SessionUser, inquiryId: string, input: z.infer<typeof FocusSchema>) {
  return db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    const block = await planBlock(trx, inquiry)
    const planning = await planningPhase(trx, inquiryId)
    if (block || !planning) throw new DomainError('conflict', block ?? CONCLUDED_MESSAGE)
    return propose(trx, user, {
      groupId: inquiry.groupId,
      inquiryId,
      cycleId: planning.cycleId,
      kind: 'focus',
      title: `Focus for cycle ${planning.cycleNumber}`,
      body: input.focus,
      payload: { cycleId: planning.cycleId, focus: input.focus },
      rule: inquiryTemplate(inquiry.templateJson).decisionRule,
    })
  })
}
