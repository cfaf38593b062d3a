import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import { findOpenDecision, listDecisions } from '~db/queries/decisions'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { countVisibleRecordsByCycle } from '~db/queries/records'
import { listPhasesOfInquiry } from '~db/queries/inquiries'
import { insertInquiry } from '~db/queries/inquiries'
import { getCycle, listCycles, listPhases } from '~db/queries/inquiries'
import { insertTemplateVersion } from '~db/queries/templates'
import { DEFAULT_RULE, propose } from '~/features/decisions/decisions.server'
import { requireMember } from '~/features/membership/membership.server'
import { requireCurrentConsent } from '~/features/peer-review/pairs.server'
import { findTemplate } from '~/features/templates/templates.server'
import { DomainError, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { nextStep, optionalPhaseFollows, roleFor } from './core/phases'
import { assertNotConcluded, findCurrentPhase, inquiryTemplate, startCycle } from '~/features/cycles/cycles.server'
import type { MoveOnSchema, NewInquirySchema } from './inquiries.schema'

const MOVE_KINDS = ['phase_change', 'next_cycle', 'conclude'] as const

export async function createInquiry(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof NewInquirySchema>) {
  await requireMember(db, user.id, groupId)
  const group = await findGroup(db, groupId)
  if (!group) throw notFound()
  const template = findTemplate(input.templateSlug)
  if (!template) throw new DomainError('bad_request', 'Choose one of the templates listed.', 'templateSlug')
  if (!template.groupKinds.includes(group.kind)) {
    throw new DomainError('bad_request', `The template "${template.name}" is not made for this kind of group.`, 'templateSlug')
  }
  if (group.kind === 'pair') {
    const client = (await listCurrentMembers(db, groupId)).find((m) => m.pairRole === 'client')
    await requireCurrentConsent(db, groupId, client?.personId ?? null)
  }
  const inquiryId = newId()
  const now = nowIso()
  await db.transaction().execute(async (trx) => {
    await insertInquiry(trx, {
      id: inquiryId,
      groupId,
      title: input.title,
      question: input.question,
      templateSlug: template.slug,
      templateJson: JSON.stringify(template),
      status: 'forming',
      createdBy: user.id,
      createdAt: now,
      concludedAt: null,
    })
    await startCycle(trx, inquiryId, 1, template, now)
    await insertTemplateVersion(trx, {
      id: newId(),
      inquiryId,
      version: 1,
      templateJson: JSON.stringify(template),
      summary: 'The template as the inquiry began.',
      decisionId: null,
      createdAt: now,
    })
  })
  return inquiryId
}

export async function getInquiryPage(db: Db, user: SessionUser, inquiryId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const template = inquiryTemplate(inquiry.templateJson)
  const group = await findGroup(db, inquiry.groupId)
  if (!group) throw notFound()
  const [cycles, phases, members, openDecisions, current] = await Promise.all([
    listCycles(db, inquiryId),
    listPhasesOfInquiry(db, inquiryId),
    listCurrentMembers(db, inquiry.groupId),
    listDecisions(db, { groupId: inquiry.groupId, inquiryId, status: 'open' }),
    findCurrentPhase(db, inquiryId),
  ])
  const phaseTemplate = current ? template.phases.find((p) => p.key === current.templateKey) : undefined
  const slots = template.phases.map((p, i) => ({ position: i + 1, optional: p.optional, name: p.name }))
  const step = current ? nextStep(slots, current.position) : null
  const skippable = current ? optionalPhaseFollows(slots, current.position) : undefined
  const afterSkip = current && skippable ? nextStep(slots, current.position, true) : null
  const countByCycle = await countVisibleRecordsByCycle(db, inquiryId, user.id)
  const closeBlock = current ? await cycleCloseBlock(db, current) : null

  return {
    inquiry: {
      id: inquiry.id,
      title: inquiry.title,
      question: inquiry.question,
      status: inquiry.status,
      createdAt: inquiry.createdAt,
      concludedAt: inquiry.concludedAt,
    },
    group: { id: group.id, name: group.name, kind: group.kind },
    template: {
      name: template.name,
      slug: template.slug,
      recommendedMinCycles: template.recommendedMinCycles,
      groupSize: template.groupSize,
    },
    current:
      current && phaseTemplate
        ? {
            cycleId: current.cycleId,
            cycleNumber: current.cycleNumber,
            focus: current.focus,
            phaseId: current.id,
            name: current.name,
            kind: current.kind,
            role: roleFor(current.kind),
            description: phaseTemplate.description,
            prompts: phaseTemplate.prompts,
            startedAt: current.startedAt,
          }
        : null,
    nextStep:
      step && current
        ? step.type === 'phase'
          ? { type: 'phase' as const, name: template.phases[step.position - 1]?.name ?? '' }
          : { type: 'next_cycle' as const, name: `Cycle ${current.cycleNumber + 1}` }
        : null,
    skippable:
      skippable && afterSkip && current
        ? {
            name: skippable.name,
            then: afterSkip.type === 'phase' ? (template.phases[afterSkip.position - 1]?.name ?? '') : `Cycle ${current.cycleNumber + 1}`,
            closesCycle: afterSkip.type !== 'phase',
          }
        : null,
    members: members.map((m) => ({
      personId: m.personId,
      displayName: m.displayName,
      isFacilitator: m.isFacilitator === 1,
      pairRole: m.pairRole,
      roleNow: current ? roleFor(current.kind) : null,
    })),
    timeline: cycles.map((c) => ({
      id: c.id,
      number: c.number,
      focus: c.focus,
      startedAt: c.startedAt,
      endedAt: c.endedAt,
      records: countByCycle.get(c.id) ?? 0,
      phases: phases
        .filter((p) => p.cycleId === c.id)
        .map((p) => ({ id: p.id, name: p.name, kind: p.kind, status: p.status, startedAt: p.startedAt, endedAt: p.endedAt })),
    })),
    closeBlock,
    openDecisions,
    openMove: openDecisions.find((d) => (MOVE_KINDS as readonly string[]).includes(d.kind)) ?? null,
  }
}

/**
 * Why the current cycle cannot close yet (beginning the next cycle, or concluding), saying
 * when it can; null when it can. The inquiry page shows it in place of those proposals.
 */
async function cycleCloseBlock(db: Executor, current: { cycleId: string; cycleNumber: number }): Promise<string | null> {
  const cycle = await getCycle(db, current.cycleId)
  return cycle.reviewAdoptedAt
    ? null
    : `Cycle ${current.cycleNumber} cannot close until the group adopts its validity review, which is held in the sense-making phase.`
}

/** Proposes moving on (next phase, next cycle, or concluding); only one such proposal is open at a time. */
export async function proposeMoveOn(db: Db, user: SessionUser, inquiryId: string, input: z.infer<typeof MoveOnSchema>) {
  return db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    assertNotConcluded(inquiry)
    for (const kind of MOVE_KINDS) {
      if (await findOpenDecision(trx, kind, { inquiryId }))
        throw new DomainError('conflict', 'A proposal to move on is already open. Take a stance on it, or its proposer can withdraw it.')
    }
    const current = await findCurrentPhase(trx, inquiryId)
    if (!current) throw new DomainError('conflict', 'This inquiry has no current phase.')
    const template = inquiryTemplate(inquiry.templateJson)
    const rule = template.decisionRule ?? DEFAULT_RULE
    const base = { groupId: inquiry.groupId, inquiryId, cycleId: current.cycleId, rule }
    const reason = input.reason
    const phases = await listPhases(trx, current.cycleId)
    if (input.step === 'conclude' || current.position === phases.at(-1)?.position) {
      const block = await cycleCloseBlock(trx, current)
      if (block) throw new DomainError('conflict', block)
    }
    if (input.step === 'conclude') {
      return propose(trx, user, { ...base, kind: 'conclude', title: 'Conclude the inquiry', body: reason, payload: {} })
    }
    const slots = phases.map((p) => ({
      position: p.position,
      name: p.name,
      optional: template.phases.find((t) => t.key === p.templateKey)?.optional ?? false,
    }))
    const step = nextStep(slots, current.position, input.skipOptional === 'on')
    if (step.type === 'next_cycle') {
      return propose(trx, user, {
        ...base,
        kind: 'next_cycle',
        title: `Begin cycle ${current.cycleNumber + 1}`,
        body: reason,
        payload: { fromCycleId: current.cycleId },
      })
    }
    const target = phases.find((p) => p.position === step.position)!
    const skipped = phases.filter((p) => step.skipped.includes(p.position))
    const skipNote = skipped.length ? ` (skipping ${skipped.map((p) => p.name).join(', ')})` : ''
    return propose(trx, user, {
      ...base,
      kind: 'phase_change',
      title: `Move to ${target.name}${skipNote}`,
      body: reason,
      payload: { fromPhaseId: current.id, toPhaseId: target.id, skippedPhaseIds: skipped.map((p) => p.id) },
    })
  })
}
