// What a group's handover plan does when its inquiry moves to the next cycle (issue 19;
// docs/design.md §4 "Facilitation over the cycles"). Pure: handover.server.ts applies it.

export type HandoverPlan = { plan: 'single' | 'rotate' | 'co-facilitator' | 'peer'; coFacilitator?: string; peerByCycle?: number }

/** The role's holder after moving to cycle `cycle`: unchanged (undefined), another member, or no one (null). */
export function handoverAt(
  plan: HandoverPlan | undefined,
  cycle: number,
  /** Members who can hold the role (no placeholder seats), in joining order. */
  members: readonly string[],
  holder: string | null,
): string | null | undefined {
  if (!plan) return undefined
  if (plan.plan === 'rotate') {
    if (members.length < 2) return undefined
    // The next member in joining order after the holder, round again after the last; the first when no one holds it.
    const at = holder === null ? -1 : members.indexOf(holder)
    const next = members[(at + 1) % members.length]!
    return next === holder ? undefined : next
  }
  if (plan.plan === 'peer' && plan.peerByCycle !== undefined && cycle >= plan.peerByCycle) return holder === null ? undefined : null
  return undefined
}

/** The plan in words, for the pages that show it beside the chart. */
export function describePlan(plan: HandoverPlan | undefined, nameOf: (key: string) => string): string {
  switch (plan?.plan ?? 'single') {
    case 'single':
      return 'One facilitator, until the group hands the role on.'
    case 'rotate':
      return 'Rotate: the facilitator role passes to the next member, in joining order, each time the inquiry moves to its next cycle.'
    case 'co-facilitator':
      return `A co-facilitator, ${nameOf(plan!.coFacilitator!)}, shares the role: their proposals, resolutions and words count with the facilitator’s.`
    case 'peer':
      return `Peer facilitation from cycle ${plan!.peerByCycle}: the facilitator role is laid down when the inquiry moves to that cycle, and the group facilitates itself.`
  }
}
