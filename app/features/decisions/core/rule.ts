import type { DecisionRule } from '~/features/decisions/decision-rule.schema'

export type StanceValue = 'agree' | 'abstain' | 'disagree' | 'block'

export type StanceCounts = Record<StanceValue, number>

export type RuleOutcome = {
  status: 'open' | 'passed' | 'rejected'
  counts: StanceCounts
  /** How many stances the quorum needs. */
  needed: number
  /** Plain-language reason for the status, shown beside the decision. */
  explanation: string
}

export function countStances(stances: readonly StanceValue[]): StanceCounts {
  const counts: StanceCounts = { agree: 0, abstain: 0, disagree: 0, block: 0 }
  for (const s of stances) counts[s] += 1
  return counts
}

/**
 * The members a decision's quorum counts, and whom "everyone has …" rules wait for: a
 * placeholder seat (made by an archive import for someone with no account here) cannot take
 * a stance or rate, so counting it would leave an imported inquiry waiting for ever.
 */
export function countingMembers<T extends { placeholder: number }>(members: readonly T[]): T[] {
  return members.filter((m) => m.placeholder !== 1)
}

/** Number of stances needed for a quorum; the epsilon lets 0.6667 mean two thirds. */
export function quorumNeeded(quorum: number, memberCount: number): number {
  return Math.max(1, Math.ceil(quorum * memberCount - 0.001))
}

/**
 * Applies the template's decision rule to the current stances of current members.
 * Default rule (docs/design.md §3): quorum of stances reached and no one blocks; we also require
 * agrees to outnumber disagrees, since a quorum of pure disagreement must not pass.
 */
export function evaluateDecision(
  rule: DecisionRule,
  memberCount: number,
  stances: readonly StanceValue[],
  /** Counted now, once and for all (an anonymous decision's count): what has not passed is rejected. */
  options: { final?: boolean } = {},
): RuleOutcome {
  const counts = countStances(stances)
  const needed = quorumNeeded(rule.quorum, memberCount)
  const given = stances.length
  const everyoneSpoke = given >= memberCount
  const blocked = rule.blockVetoes && counts.block > 0
  const support = rule.agreeMustOutnumberDisagree ? counts.agree > counts.disagree : counts.agree > 0

  if (given >= needed && !blocked && support) {
    return {
      status: 'passed',
      counts,
      needed,
      explanation: `Passed: ${given} of ${memberCount} members took a stance, ${counts.agree} agreed${counts.block ? `, ${counts.block} blocked (blocks do not veto under this rule)` : ', no one blocked'}.`,
    }
  }
  const why = blocked
    ? `${counts.block} ${counts.block === 1 ? 'member blocks' : 'members block'} it`
    : given < needed
      ? `${given} of the ${needed} stances needed have been taken`
      : 'agreement does not outweigh disagreement'
  if (everyoneSpoke) {
    return { status: 'rejected', counts, needed, explanation: `Not passed: everyone has taken a stance and ${why}.` }
  }
  if (options.final) {
    return {
      status: 'rejected',
      counts,
      needed,
      explanation: `Not passed when counted: ${given} of ${memberCount} members had taken a stance and ${why}.`,
    }
  }
  return { status: 'open', counts, needed, explanation: `Open: ${why}.` }
}
