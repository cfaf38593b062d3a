import type { ConflictStep } from './form'

// Who may read a concern, and who may move it (issue 18 item 6). A concern is between those
// involved (its parties) while its steps are; once a step of the group's form brings it to the
// whole group, every member reads the whole record, and goes on reading it. No one outside the
// group ever does: a link group asked to help reads only the summary the group decided to send.
// The facilitator has no special sight.

export type PartyRole = 'raised' | 'named' | 'supporter'
export type Status = 'open' | 'closed' | 'withdrawn'

export type Viewer = {
  /** A current member of the concern's group. */
  member: boolean
  /** The viewer's part in the concern, if they are one of those involved. */
  role: PartyRole | null
}

export type ConcernState = { steps: readonly ConflictStep[]; stepKey: string; status: Status }

/** Whether the concern has reached a step with the whole group: from then on the group reads it. */
export function reachedGroup(steps: readonly ConflictStep[], stepKey: string): boolean {
  const index = steps.findIndex((s) => s.key === stepKey)
  if (index < 0) return false
  return steps.slice(0, index + 1).some((s) => s.audience === 'group')
}

/** The audience of the step the concern is at now. */
export function currentAudience(state: ConcernState): 'involved' | 'group' | null {
  return state.steps.find((s) => s.key === state.stepKey)?.audience ?? null
}

/** Whether the viewer reads the concern at all: those involved always, the group once it reached a group step, no one outside the group. */
export function maySee(viewer: Viewer, state: ConcernState): boolean {
  if (!viewer.member) return false
  return viewer.role !== null || reachedGroup(state.steps, state.stepKey)
}

/** A note of what happened at the current step: those involved, or any member while the step is the whole group's. */
export function mayNote(viewer: Viewer, state: ConcernState): boolean {
  if (!viewer.member || state.status !== 'open') return false
  return viewer.role !== null || currentAudience(state) === 'group'
}

/** Moving to the next step of the form: those involved, while there is a next step. */
export function mayMoveOn(viewer: Viewer, state: ConcernState): boolean {
  if (!viewer.member || viewer.role === null || state.status !== 'open') return false
  const index = state.steps.findIndex((s) => s.key === state.stepKey)
  return index >= 0 && index < state.steps.length - 1
}

/** Closing with an outcome, at any step: those involved. */
export function mayClose(viewer: Viewer, state: ConcernState): boolean {
  return viewer.member && viewer.role !== null && state.status === 'open'
}

/** Withdrawing: the member who raised it, while it is open. */
export function mayWithdraw(viewer: Viewer, state: ConcernState): boolean {
  return viewer.member && viewer.role === 'raised' && state.status === 'open'
}

/** Adding a supporter both choose: the member who raised it or a member it names. */
export function mayAddSupporter(viewer: Viewer, state: ConcernState): boolean {
  return viewer.member && (viewer.role === 'raised' || viewer.role === 'named') && state.status === 'open'
}

/** Proposing that the group ask a link group to help: only while the concern is at a step with the whole group. */
export function mayAskHelp(viewer: Viewer, state: ConcernState): boolean {
  return maySee(viewer, state) && state.status === 'open' && currentAudience(state) === 'group'
}
