import { recordAudit } from '~/features/audit/audit.server'
import { noticePhaseBegun, noticeRatingsRevealed } from '~/features/mail/notices.server'
import type { Executor } from '~db/connection'
import {
  findCurrentPhase,
  findEarlierActionPhase,
  findNextUpcomingReflection,
  getCycleWithGroup,
  insertCycle,
  insertPhases,
  updateBlindRevealed,
  updateCycleEnded,
  updatePhaseDone,
  updateUpcomingPhasesSkipped,
} from '~db/queries/cycles'
import { deleteAnonymousBallots, listOpenDecisionIds, updateDecisionsClosed } from '~db/queries/decisions'
import { findCycle, getInquiry } from '~db/queries/inquiries'
import { InquiryTemplateSchema, type InquiryTemplate } from '~/features/templates/template.schema'
import { DomainError } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'

/** An inquiry's own copy of its template (kept at creation, so revisions elsewhere never touch it). */
export function inquiryTemplate(templateJson: string): InquiryTemplate {
  return InquiryTemplateSchema.parse(JSON.parse(templateJson))
}

/** Creates cycle `number` with all its phases in template order; the first becomes current. */
export async function startCycle(trx: Executor, inquiryId: string, number: number, template: InquiryTemplate, at = nowIso()) {
  const cycleId = newId()
  await insertCycle(trx, {
    id: cycleId,
    inquiryId,
    number,
    focus: null,
    startedAt: at,
    endedAt: null,
    blindRevealedAt: null,
    reviewAdoptedAt: null,
    devilsAdvocateId: null,
  })
  await insertPhases(
    trx,
    template.phases.map((phase, index) => ({
      id: newId(),
      cycleId,
      position: index + 1,
      templateKey: phase.key,
      name: phase.name,
      kind: phase.kind,
      role: phase.role,
      status: index === 0 ? ('current' as const) : ('upcoming' as const),
      startedAt: index === 0 ? at : null,
      endedAt: null,
    })),
  )
  return cycleId
}

export { findCurrentPhase }

/** Moves to another phase of the same cycle; returns false when the move is stale. */
export async function applyPhaseChange(
  trx: Executor,
  inquiryId: string,
  payload: { fromPhaseId: string; toPhaseId: string; skippedPhaseIds: string[] },
): Promise<boolean> {
  const current = await findCurrentPhase(trx, inquiryId)
  if (!current || current.id !== payload.fromPhaseId) return false
  const at = nowIso()
  await updatePhaseDone(trx, current.id, at)
  if (payload.skippedPhaseIds.length > 0) {
    await trx.updateTable('phases').set({ status: 'skipped' }).where('id', 'in', payload.skippedPhaseIds).execute()
  }
  await trx.updateTable('phases').set({ status: 'current', startedAt: at }).where('id', '=', payload.toPhaseId).execute()
  await trx.updateTable('inquiries').set({ status: 'cycling' }).where('id', '=', inquiryId).where('status', '=', 'forming').execute()
  await noticePhaseBegun(trx, inquiryId, payload.toPhaseId, { ratingRoundOpens: (await phaseContext(trx, inquiryId)).isSenseMaking })
  return true
}

/**
 * Open decisions about something that has ended (a cycle's focus after the cycle closed,
 * anything after the inquiry concluded) can no longer take effect: they are closed as superseded.
 */
async function supersedeOpenDecisions(trx: Executor, scope: { inquiryId: string; cycleId?: string }, exceptId: string, note: string) {
  const ids = await listOpenDecisionIds(trx, scope, exceptId)
  if (ids.length === 0) return
  await updateDecisionsClosed(trx, ids, { status: 'superseded', closedAt: nowIso(), outcomeNote: note })
  await deleteAnonymousBallots(trx, ids)
}

/** A cycle closes only once the group has adopted its validity review. */
async function validityReviewAdopted(trx: Executor, cycleId: string): Promise<boolean> {
  const cycle = await findCycle(trx, cycleId)
  return Boolean(cycle?.reviewAdoptedAt)
}

/** Closes the current cycle and opens the next, in its first phase. */
export async function applyNextCycle(
  trx: Executor,
  inquiryId: string,
  payload: { fromCycleId: string },
  decisionId: string,
): Promise<boolean> {
  const current = await findCurrentPhase(trx, inquiryId)
  if (!current || current.cycleId !== payload.fromCycleId) return false
  if (!(await validityReviewAdopted(trx, current.cycleId))) return false
  const inquiry = await getInquiry(trx, inquiryId)
  const at = nowIso()
  await updatePhaseDone(trx, current.id, at)
  await updateUpcomingPhasesSkipped(trx, current.cycleId)
  await updateCycleEnded(trx, current.cycleId, at)
  await supersedeOpenDecisions(
    trx,
    { inquiryId, cycleId: current.cycleId },
    decisionId,
    `Closed without effect: cycle ${current.cycleNumber} ended first.`,
  )
  await startCycle(trx, inquiryId, current.cycleNumber + 1, inquiryTemplate(inquiry.templateJson), at)
  await trx.updateTable('inquiries').set({ status: 'cycling' }).where('id', '=', inquiryId).execute()
  const first = await findCurrentPhase(trx, inquiryId)
  if (first) await noticePhaseBegun(trx, inquiryId, first.id, { ratingRoundOpens: false })
  return true
}

export async function applyConclude(trx: Executor, inquiryId: string, decisionId: string): Promise<boolean> {
  const current = await findCurrentPhase(trx, inquiryId)
  if (!current) return false
  if (!(await validityReviewAdopted(trx, current.cycleId))) return false
  const at = nowIso()
  await updatePhaseDone(trx, current.id, at)
  await updateUpcomingPhasesSkipped(trx, current.cycleId)
  await updateCycleEnded(trx, current.cycleId, at)
  await trx.updateTable('inquiries').set({ status: 'concluded', concludedAt: at }).where('id', '=', inquiryId).execute()
  await supersedeOpenDecisions(trx, { inquiryId }, decisionId, 'Closed without effect: the inquiry concluded first.')
  return true
}

export const CONCLUDED_MESSAGE = 'This inquiry has concluded; nothing more can be proposed or recorded in it.'

export function assertNotConcluded(inquiry: { status: string }) {
  if (inquiry.status === 'concluded') throw new DomainError('conflict', CONCLUDED_MESSAGE)
}

/**
 * When the inquiry is next in a reflection phase: the next upcoming one of this cycle, or the
 * first of the next cycle (as the inquiry's template orders its phases). Null when none comes.
 */
export async function whenNextReflection(db: Executor, inquiry: { id: string; templateJson: string }): Promise<string | null> {
  const current = await findCurrentPhase(db, inquiry.id)
  if (!current) return null
  const later = await findNextUpcomingReflection(db, current.cycleId, current.position)
  if (later) return `${later.name}, later in this cycle`
  const first = inquiryTemplate(inquiry.templateJson).phases.find((p) => p.kind === 'reflection')
  return first ? `${first.name}, when cycle ${current.cycleNumber + 1} begins` : null
}

/**
 * Why something kept to reflection phases cannot be done now, and when it can again; null when
 * it can. `rule` says what is kept to them, as a sentence without its full stop.
 */
export async function reflectionBlock(
  db: Executor,
  inquiry: { id: string; status: string; templateJson: string },
  rule: string,
): Promise<string | null> {
  if (inquiry.status === 'concluded') return CONCLUDED_MESSAGE
  const context = await phaseContext(db, inquiry.id)
  if (context.current && context.isReflection) return null
  const when = await whenNextReflection(db, inquiry)
  return `${rule}; the inquiry is in an action phase now.${when ? ` That becomes possible again in ${when}.` : ''}`
}

/** What every inquiry page shows about "now": cycle, phase, the role it gives, and its prompts. */
export async function currentPhaseSummary(db: Executor, inquiry: { id: string; templateJson: string }) {
  const current = await findCurrentPhase(db, inquiry.id)
  if (!current) return null
  const phase = inquiryTemplate(inquiry.templateJson).phases.find((p) => p.key === current.templateKey)
  return {
    cycleId: current.cycleId,
    cycleNumber: current.cycleNumber,
    focus: current.focus,
    phaseId: current.id,
    phaseName: current.name,
    kind: current.kind,
    role: current.role,
    description: phase?.description ?? '',
    prompts: phase?.prompts ?? [],
    startedAt: current.startedAt,
  }
}

export type PhaseSummary = NonNullable<Awaited<ReturnType<typeof currentPhaseSummary>>>

/** Reveals a cycle's blind round (once); returns false if it was already revealed. */
export async function revealBlindRound(trx: Executor, cycleId: string): Promise<boolean> {
  if (!(await updateBlindRevealed(trx, cycleId, nowIso()))) return false
  const cycle = await getCycleWithGroup(trx, cycleId)
  await recordAudit(trx, { kind: 'ratings_revealed', groupId: cycle.groupId, detail: { inquiryId: cycle.inquiryId, cycle: cycle.number } })
  await noticeRatingsRevealed(trx, cycleId)
  return true
}

/**
 * Where the inquiry stands for sense-making: themes are named in reflection phases; ratings
 * belong to the sense-making phase, a reflection phase that follows an action phase.
 */
export async function phaseContext(db: Executor, inquiryId: string) {
  const current = await findCurrentPhase(db, inquiryId)
  if (!current) return { current: null, isReflection: false, isSenseMaking: false }
  const earlierAction = await findEarlierActionPhase(db, current.cycleId, current.position)
  const isReflection = current.kind === 'reflection'
  return { current, isReflection, isSenseMaking: isReflection && earlierAction !== undefined }
}
