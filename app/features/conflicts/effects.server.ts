import type { Executor } from '~db/connection'
import { findLatestConflictForm, insertConflictForm, insertHelpRequest } from '~db/queries/conflicts'
import { newId, nowIso } from '~/utils/ids.server'
import type { ConflictForm } from './core/form'
import * as checks from './checks.server'

// What the group's decisions about its concerns do when they pass, inside the transaction that
// closes them. Each checks its rule again: when the world has moved on it returns false and the
// decision closes as superseded.

type Passed<P> = { id: string; groupId: string; payload: P }

/** Adopts the form, or a revision of it: a new version. Concerns under way keep the version they were raised under. */
export async function adoptForm(trx: Executor, { id, groupId, payload }: Passed<ConflictForm>) {
  if (await checks.formProblem(trx, groupId)) return false
  const latest = await findLatestConflictForm(trx, groupId)
  await insertConflictForm(trx, {
    id: newId(),
    groupId,
    version: (latest?.version ?? 0) + 1,
    intro: payload.intro,
    stepsJson: JSON.stringify(payload.steps),
    decisionId: id,
    adoptedAt: nowIso(),
  })
  return true
}

/** Sends the summary the group wrote to its link group. Only the summary crosses the link. */
export async function askHelp(trx: Executor, { id, groupId, payload }: Passed<{ conflictId: string; linkId: string; summary: string }>) {
  if (await checks.helpProblem(trx, groupId, payload.conflictId, payload.linkId)) return false
  await insertHelpRequest(trx, {
    id: newId(),
    conflictId: payload.conflictId,
    linkId: payload.linkId,
    summary: payload.summary,
    decisionId: id,
    askedAt: nowIso(),
  })
  return true
}
