import type { Executor } from '~db/connection'
import { findConflict, findConflictForm } from '~db/queries/conflicts'
import { findGroup } from '~db/queries/groups'
import { findLink } from '~db/queries/network-links'
import { currentAudience } from './core/sight'
import { parseStepsJson } from './core/form'

// The rules of the two decision kinds, checked twice: when a member proposes (a clear 4xx, nothing
// written) and again inside the transaction that closes the decision (the concern may have been
// closed, the link ended). Each returns the problem in words, or null.

export type Problem = { message: string; field?: string } | null

/** A pair is not a practitioner group: its concerns go through its own peer review (as in the network, where a pair is no group). */
export async function formProblem(db: Executor, groupId: string): Promise<Problem> {
  const group = await findGroup(db, groupId)
  if (group?.kind !== 'inquiry_group')
    return {
      message: 'A form of conflict resolution is a practitioner group’s; a client–practitioner pair raises concerns in its peer review.',
    }
  return null
}

/** Asking a link group to help: the concern is this group's, open and at a step with the whole group; the link is active and this group's. */
export async function helpProblem(db: Executor, groupId: string, conflictId: string, linkId: string): Promise<Problem> {
  const conflict = await findConflict(db, conflictId)
  if (!conflict || conflict.groupId !== groupId) return { message: 'That concern is not one of this group’s.' }
  if (conflict.status !== 'open') return { message: 'The concern is no longer open.' }
  const form = await findConflictForm(db, groupId, conflict.formVersion)
  const steps = form ? parseStepsJson(form.stepsJson) : []
  if (currentAudience({ steps, stepKey: conflict.stepKey, status: conflict.status }) !== 'group')
    return {
      message: 'A link group is asked to help only once the concern is at a step with the whole group: it is between those involved now.',
    }
  const link = await findLink(db, linkId)
  if (!link || (link.askingGroupId !== groupId && link.answeringGroupId !== groupId))
    return { message: 'Choose one of the group’s link groups.', field: 'linkId' }
  if (link.status !== 'active') return { message: 'That link is not active: only an active link group is asked to help.', field: 'linkId' }
  return null
}
