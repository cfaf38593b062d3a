import type { Db } from '~db/connection'
import { proposalAnonymity, propose } from '~/features/decisions/decisions.server'
import { anonymityLimits, tooFewMessage } from '~/features/decisions/core/anonymity'
import { countingMembers } from '~/features/decisions/core/rule'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { inquiryTemplate, phaseContext, reflectionBlock } from '~/features/cycles/cycles.server'
import { DomainError } from '~/utils/errors.server'
import { failWithFieldErrors } from '~/utils/http.server'
import type { SessionUser } from '~/utils/session.server'
import { ANONYMOUS_FIELD, InquiryTemplateSchema, type InquiryTemplate } from './template.schema'
import { findOpenDecision } from '~db/queries/decisions'
import { listTemplateVersions } from '~db/queries/templates'
import { findCycle } from '~db/queries/inquiries'
import { pseudonymFor } from '~/features/exports/core/pseudonyms'
import { listMembersByKey } from '~db/queries/facilitation'

/** Why the group cannot revise its forms now, and when it can again; null when it can. */
function amendBlock(db: Db, inquiry: { id: string; status: string; templateJson: string }) {
  return reflectionBlock(db, inquiry, 'The group revises its forms in reflection phases')
}

export async function getTemplatePage(db: Db, user: SessionUser, inquiryId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const block = await amendBlock(db, inquiry)
  const [versions, open] = await Promise.all([
    listTemplateVersions(db, inquiryId),
    findOpenDecision(db, 'amend_template', { inquiryId: inquiryId }),
  ])
  const [members, context, group] = await Promise.all([
    listMembersByKey(db, inquiry.groupId),
    phaseContext(db, inquiryId),
    findGroup(db, inquiry.groupId),
  ])
  const cycle = context.current ? await findCycle(db, context.current.cycleId) : undefined
  return {
    inquiry: { id: inquiry.id, title: inquiry.title },
    template: inquiryTemplate(inquiry.templateJson),
    /** Who may be named co-facilitator: current members who can take part (no placeholder seats), by key. */
    members: countingMembers(members.filter((m) => m.leftAt === null && m.pseudonymIndex !== null)).map((m) => ({
      key: pseudonymFor(m.pseudonymIndex!),
      name: m.displayName,
    })),
    currentCycle: cycle?.number ?? null,
    /** A client–practitioner pair has no facilitator role to hand over. */
    facilitatorRole: group?.kind !== 'pair',
    anonymity: await proposalAnonymity(db, inquiryId),
    versions,
    canAmend: block === null && !open,
    amendBlock: block,
    openDecisionId: open?.id ?? null,
  }
}

const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)

/**
 * Builds the amended template from the form: prompts per phase, each procedure's question
 * and whether it is required, indicator thresholds, and whether stances are anonymous. The
 * structure (phases, keys) stays.
 */
export function amendTemplate(current: InquiryTemplate, values: Record<string, string>): { template: InquiryTemplate; changes: string[] } {
  const errors: Record<string, string> = {}
  const changes: string[] = []
  const phases = current.phases.map((phase) => {
    const prompts = lines(values[`prompts.${phase.key}`])
    if (prompts.length === 0) errors[`prompts.${phase.key}`] = 'Give this phase at least one prompt (one per line).'
    if (prompts.some((p) => p.length > 500)) errors[`prompts.${phase.key}`] = 'Keep each prompt under 500 characters.'
    if (JSON.stringify(prompts) !== JSON.stringify(phase.prompts)) changes.push(`prompts of ${phase.name}`)
    return { ...phase, prompts }
  })
  const validityProcedures = current.validityProcedures.map((procedure) => {
    const question = (values[`question.${procedure.key}`] ?? '').trim()
    const required = values[`required.${procedure.key}`] === 'on'
    if (!question) errors[`question.${procedure.key}`] = 'Write the question the group answers.'
    if (question.length > 1000) errors[`question.${procedure.key}`] = 'Use at most 1,000 characters.'
    if (question !== procedure.question) changes.push(`question of ${procedure.name}`)
    if (required !== procedure.required) changes.push(`${procedure.name} ${required ? 'now required' : 'no longer required'}`)
    return { ...procedure, question, required }
  })
  const indicatorThresholds = Object.fromEntries(
    Object.entries(current.indicatorThresholds).map(([key, threshold]) => {
      const warn = Number(values[`threshold.${key}.warn`])
      const alert = Number(values[`threshold.${key}.alert`])
      if (!Number.isFinite(warn) || values[`threshold.${key}.warn`]?.trim() === '') errors[`threshold.${key}.warn`] = 'Enter a number.'
      if (!Number.isFinite(alert) || values[`threshold.${key}.alert`]?.trim() === '') errors[`threshold.${key}.alert`] = 'Enter a number.'
      if (warn !== threshold.warn || alert !== threshold.alert) changes.push(`threshold for ${key}`)
      return [key, { warn, alert }]
    }),
  )
  const anonymousValue = values[ANONYMOUS_FIELD]
  if (anonymousValue !== undefined && anonymousValue !== 'on') errors[ANONYMOUS_FIELD] = 'Tick the box, or leave it empty.'
  const anonymous = anonymousValue === 'on'
  if (anonymous !== current.decisionRule.allowAnonymousDissent) {
    changes.push(anonymous ? 'stances on proposals become anonymous' : 'stances on proposals are named again')
  }
  const decisionRule = { ...current.decisionRule, allowAnonymousDissent: anonymous }
  if (Object.keys(errors).length) failWithFieldErrors(errors)
  const parsed = InquiryTemplateSchema.safeParse({ ...current, phases, validityProcedures, indicatorThresholds, decisionRule })
  if (!parsed.success) {
    failWithFieldErrors({ _form: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') })
  }
  return { template: parsed.data, changes }
}

/** Proposes the group's revised forms; they take effect, as a new version, when the decision passes. */
export async function proposeAmendment(db: Db, user: SessionUser, inquiryId: string, values: Record<string, string>) {
  return db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    const block = await amendBlock(trx, inquiry)
    if (block) throw new DomainError('conflict', block)
    const context = await phaseContext(trx, inquiryId)
    const open = await findOpenDecision(trx, 'amend_template', { inquiryId: inquiryId })
    if (open) throw new DomainError('conflict', 'A proposal to revise the forms is already open.')
    const current = inquiryTemplate(inquiry.templateJson)
    const { template, changes } = amendTemplate(current, values)
    if (template.decisionRule.allowAnonymousDissent && !current.decisionRule.allowAnonymousDissent) {
      const voters = countingMembers(await listCurrentMembers(trx, inquiry.groupId)).length
      if (anonymityLimits(voters).tooFew) failWithFieldErrors({ [ANONYMOUS_FIELD]: tooFewMessage(voters) })
    }
    if (changes.length === 0) throw new DomainError('bad_request', 'Nothing was changed.')
    const why = (values.summary ?? '').trim()
    if (why.length < 5) failWithFieldErrors({ summary: 'Say why the group should change its forms.' })
    if (why.length > 2000) failWithFieldErrors({ summary: 'Use at most 2,000 characters.' })
    const summary = `${why} (Changes: ${changes.join('; ')}.)`
    return propose(trx, user, {
      groupId: inquiry.groupId,
      inquiryId,
      cycleId: context.current?.cycleId ?? null,
      kind: 'amend_template',
      title: 'Revise our forms',
      body: summary,
      payload: { templateJson: JSON.stringify(template), summary },
      rule: current.decisionRule,
    })
  })
}

const PLANS = ['single', 'rotate', 'co-facilitator', 'peer'] as const

/** The handover plan a form asks for (issue 19), checked against the group's members and the inquiry's cycle; field errors otherwise. */
export function handoverPlanFrom(
  values: Record<string, string>,
  members: readonly { key: string }[],
  currentCycle: number | null,
): NonNullable<InquiryTemplate['facilitation']> {
  const plan = values['facilitation.plan']
  if (!(PLANS as readonly string[]).includes(plan ?? '')) failWithFieldErrors({ 'facilitation.plan': 'Choose one of the plans.' })
  if (plan === 'co-facilitator') {
    const key = (values['facilitation.coFacilitator'] ?? '').trim()
    if (!members.some((m) => m.key === key))
      failWithFieldErrors({ 'facilitation.coFacilitator': 'Choose a current member as co-facilitator.' })
    return { plan, coFacilitator: key }
  }
  if (plan === 'peer') {
    const text = (values['facilitation.peerByCycle'] ?? '').trim()
    const n = Number(text)
    const from = (currentCycle ?? 0) + 1
    if (!/^\d+$/.test(text) || !Number.isInteger(n) || n < from || n > 10_000)
      failWithFieldErrors({ 'facilitation.peerByCycle': `Give the cycle, ${from} or later, from which the group facilitates itself.` })
    return { plan, peerByCycle: n }
  }
  return { plan: plan as 'single' | 'rotate' }
}

/** Proposes a handover plan for the facilitator role: an amendment of the forms that changes only their facilitation plan. */
export async function proposeHandoverPlan(db: Db, user: SessionUser, inquiryId: string, values: Record<string, string>) {
  return db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    const block = await amendBlock(trx, inquiry)
    if (block) throw new DomainError('conflict', block)
    const context = await phaseContext(trx, inquiryId)
    const open = await findOpenDecision(trx, 'amend_template', { inquiryId: inquiryId })
    if (open) throw new DomainError('conflict', 'A proposal to revise the forms is already open.')
    if ((await findGroup(trx, inquiry.groupId))?.kind === 'pair') {
      throw new DomainError('bad_request', 'A client–practitioner pair has no facilitator role to hand over.')
    }
    const current = inquiryTemplate(inquiry.templateJson)
    const keyed = (await listMembersByKey(trx, inquiry.groupId))
      .filter((m) => m.leftAt === null && m.placeholder !== 1 && m.pseudonymIndex !== null)
      .map((m) => ({ key: pseudonymFor(m.pseudonymIndex!), name: m.displayName }))
    const cycle = context.current ? await findCycle(trx, context.current.cycleId) : undefined
    const facilitation = handoverPlanFrom(values, keyed, cycle?.number ?? null)
    if (JSON.stringify(facilitation) === JSON.stringify(current.facilitation ?? { plan: 'single' })) {
      throw new DomainError('bad_request', 'That is the plan the group already has.')
    }
    const why = (values.summary ?? '').trim()
    if (why.length < 5) failWithFieldErrors({ summary: 'Say why the group should change how it is facilitated.' })
    if (why.length > 2000) failWithFieldErrors({ summary: 'Use at most 2,000 characters.' })
    const parsed = InquiryTemplateSchema.safeParse({ ...current, facilitation })
    if (!parsed.success) failWithFieldErrors({ _form: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') })
    const name = (key: string) => keyed.find((m) => m.key === key)?.name ?? key
    const summary = `${why} (Changes: facilitation plan: ${planWords(facilitation, name)}.)`
    return propose(trx, user, {
      groupId: inquiry.groupId,
      inquiryId,
      cycleId: context.current?.cycleId ?? null,
      kind: 'amend_template',
      title: 'Plan the handover of facilitation',
      body: summary,
      payload: { templateJson: JSON.stringify(parsed.data), summary },
      rule: current.decisionRule,
    })
  })
}

function planWords(f: NonNullable<InquiryTemplate['facilitation']>, name: (key: string) => string): string {
  switch (f.plan) {
    case 'single':
      return 'one facilitator'
    case 'rotate':
      return 'rotate the role at each new cycle'
    case 'co-facilitator':
      return `${name(f.coFacilitator!)} (${f.coFacilitator}) as co-facilitator`
    case 'peer':
      return `peer facilitation from cycle ${f.peerByCycle}`
  }
}
