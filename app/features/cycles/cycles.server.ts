import { recordAudit } from '~/features/audit/audit.server'
import type { Executor } from '~db/connection'
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
  await trx
    .insertInto('cycles')
    .values({
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
    .execute()
  await trx
    .insertInto('phases')
    .values(
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
    .execute()
  return cycleId
}

export async function findCurrentPhase(db: Executor, inquiryId: string) {
  return db
    .selectFrom('phases')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select([
      'phases.id',
      'phases.cycleId',
      'phases.position',
      'phases.templateKey',
      'phases.name',
      'phases.kind',
      'phases.role',
      'phases.startedAt',
      'cycles.number as cycleNumber',
      'cycles.focus',
    ])
    .where('cycles.inquiryId', '=', inquiryId)
    .where('phases.status', '=', 'current')
    .executeTakeFirst()
}

async function closeCurrentPhase(trx: Executor, phaseId: string, at: string) {
  await trx.updateTable('phases').set({ status: 'done', endedAt: at }).where('id', '=', phaseId).execute()
}

/** Moves to another phase of the same cycle; returns false when the move is stale. */
export async function applyPhaseChange(
  trx: Executor,
  inquiryId: string,
  payload: { fromPhaseId: string; toPhaseId: string; skippedPhaseIds: string[] },
): Promise<boolean> {
  const current = await findCurrentPhase(trx, inquiryId)
  if (!current || current.id !== payload.fromPhaseId) return false
  const at = nowIso()
  await closeCurrentPhase(trx, current.id, at)
  if (payload.skippedPhaseIds.length > 0) {
    await trx.updateTable('phases').set({ status: 'skipped' }).where('id', 'in', payload.skippedPhaseIds).execute()
  }
  await trx.updateTable('phases').set({ status: 'current', startedAt: at }).where('id', '=', payload.toPhaseId).execute()
  await trx.updateTable('inquiries').set({ status: 'cycling' }).where('id', '=', inquiryId).where('status', '=', 'forming').execute()
  return true
}

/**
 * Open decisions about something that has ended (a cycle's focus after the cycle closed,
 * anything after the inquiry concluded) can no longer take effect: they are closed as superseded.
 */
async function supersedeOpenDecisions(trx: Executor, scope: { inquiryId: string; cycleId?: string }, exceptId: string, note: string) {
  let query = trx
    .selectFrom('decisions')
    .select('id')
    .where('inquiryId', '=', scope.inquiryId)
    .where('status', '=', 'open')
    .where('id', '!=', exceptId)
  if (scope.cycleId) query = query.where('cycleId', '=', scope.cycleId)
  const ids = (await query.execute()).map((d) => d.id)
  if (ids.length === 0) return
  await trx.updateTable('decisions').set({ status: 'superseded', closedAt: nowIso(), outcomeNote: note }).where('id', 'in', ids).execute()
  await trx.deleteFrom('anonymousBallots').where('decisionId', 'in', ids).execute()
}

/** A cycle closes only once the group has adopted its validity review. */
async function validityReviewAdopted(trx: Executor, cycleId: string): Promise<boolean> {
  const cycle = await trx.selectFrom('cycles').select('reviewAdoptedAt').where('id', '=', cycleId).executeTakeFirst()
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
  const inquiry = await trx.selectFrom('inquiries').select(['templateJson']).where('id', '=', inquiryId).executeTakeFirstOrThrow()
  const at = nowIso()
  await closeCurrentPhase(trx, current.id, at)
  await trx
    .updateTable('phases')
    .set({ status: 'skipped' })
    .where('cycleId', '=', current.cycleId)
    .where('status', '=', 'upcoming')
    .execute()
  await trx.updateTable('cycles').set({ endedAt: at }).where('id', '=', current.cycleId).execute()
  await supersedeOpenDecisions(
    trx,
    { inquiryId, cycleId: current.cycleId },
    decisionId,
    `Closed without effect: cycle ${current.cycleNumber} ended first.`,
  )
  await startCycle(trx, inquiryId, current.cycleNumber + 1, inquiryTemplate(inquiry.templateJson), at)
  await trx.updateTable('inquiries').set({ status: 'cycling' }).where('id', '=', inquiryId).execute()
  return true
}

export async function applyConclude(trx: Executor, inquiryId: string, decisionId: string): Promise<boolean> {
  const current = await findCurrentPhase(trx, inquiryId)
  if (!current) return false
  if (!(await validityReviewAdopted(trx, current.cycleId))) return false
  const at = nowIso()
  await closeCurrentPhase(trx, current.id, at)
  await trx
    .updateTable('phases')
    .set({ status: 'skipped' })
    .where('cycleId', '=', current.cycleId)
    .where('status', '=', 'upcoming')
    .execute()
  await trx.updateTable('cycles').set({ endedAt: at }).where('id', '=', current.cycleId).execute()
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
  const later = await db
    .selectFrom('phases')
    .select('name')
    .where('cycleId', '=', current.cycleId)
    .where('kind', '=', 'reflection')
    .where('status', '=', 'upcoming')
    .where('position', '>', current.position)
    .orderBy('position')
    .executeTakeFirst()
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
  const result = await trx
    .updateTable('cycles')
    .set({ blindRevealedAt: nowIso() })
    .where('id', '=', cycleId)
    .where('blindRevealedAt', 'is', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) return false
  const cycle = await trx
    .selectFrom('cycles')
    .innerJoin('inquiries', 'inquiries.id', 'cycles.inquiryId')
    .select(['inquiries.groupId', 'inquiries.id as inquiryId', 'cycles.number'])
    .where('cycles.id', '=', cycleId)
    .executeTakeFirstOrThrow()
  await recordAudit(trx, { kind: 'ratings_revealed', groupId: cycle.groupId, detail: { inquiryId: cycle.inquiryId, cycle: cycle.number } })
  return true
}

/**
 * Where the inquiry stands for sense-making: themes are named in reflection phases; ratings
 * belong to the sense-making phase, a reflection phase that follows an action phase.
 */
export async function phaseContext(db: Executor, inquiryId: string) {
  const current = await findCurrentPhase(db, inquiryId)
  if (!current) return { current: null, isReflection: false, isSenseMaking: false }
  const earlierAction = await db
    .selectFrom('phases')
    .select('id')
    .where('cycleId', '=', current.cycleId)
    .where('kind', '=', 'action')
    .where('position', '<', current.position)
    .executeTakeFirst()
  const isReflection = current.kind === 'reflection'
  return { current, isReflection, isSenseMaking: isReflection && earlierAction !== undefined }
}
