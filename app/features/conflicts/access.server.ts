import type { Executor } from '~db/connection'
import { findConflict, findConflictForm, listConflictParties } from '~db/queries/conflicts'
import { DecisionRuleSchema } from '~/features/decisions/decision-rule.schema'
import { requireMember } from '~/features/membership/membership.server'
import { DomainError, notFound } from '~/utils/errors.server'
import type { SessionUser } from '~/utils/session.server'
import { parseStepsJson, type ConflictStep } from './core/form'
import { OUTCOME_LABELS, OUTCOME_MEANINGS, OUTCOMES } from './core/outcomes'
import * as sight from './core/sight'
import * as checks from './checks.server'

// What every service of a group's concerns starts from: who may read a concern, the steps of
// the form it was raised under, and how a refusal reads.

export const FORM_RULE = DecisionRuleSchema.parse({ quorum: 1, blockVetoes: true, agreeMustOutnumberDisagree: true })

export const refuse = (problem: checks.Problem) => {
  if (problem) throw new DomainError('conflict', problem.message, problem.field)
}

export const OUTCOME_CHOICES = OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value], meaning: OUTCOME_MEANINGS[value] }))

export async function stepsOf(db: Executor, groupId: string, version: number): Promise<ConflictStep[]> {
  const form = await findConflictForm(db, groupId, version)
  return form ? parseStepsJson(form.stepsJson) : []
}

/**
 * The concern, for a member who may read it, with their part in it. Anyone else — outside the
 * group, or a member while it is between those involved — is told it was not found.
 */
export async function requireConcern(db: Executor, user: SessionUser, groupId: string, conflictId: string) {
  await requireMember(db, user.id, groupId)
  const conflict = await findConflict(db, conflictId)
  if (!conflict || conflict.groupId !== groupId) throw notFound('This concern')
  const steps = await stepsOf(db, groupId, conflict.formVersion)
  const parties = await listConflictParties(db, [conflictId])
  const viewer: sight.Viewer = { member: true, role: parties.find((p) => p.personId === user.id)?.role ?? null }
  const state: sight.ConcernState = { steps, stepKey: conflict.stepKey, status: conflict.status }
  if (!sight.maySee(viewer, state)) throw notFound('This concern')
  return { conflict, steps, parties, viewer, state }
}

export const forbidden = (message: string, field?: string) => new DomainError('forbidden', message, field)
