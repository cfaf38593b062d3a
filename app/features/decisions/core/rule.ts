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
 * Applies the decision rule to the current stances of current members (docs/design.md §3).
 *
 * Time to deliberate: a proposal stays open until every member has taken a stance, or until
 * its closing time (`final`), whichever comes first, so that a quorum reached early does not
 * close it before the others have spoken. Then it passes when the quorum took a stance, no one
 * blocks (under a rule where blocks veto) and agreement outweighs disagreement (a quorum of
 * pure disagreement must not pass). A block holds the proposal open for an answer until its
 * closing time, even once everyone has spoken: the blocker may be answered and move.
 * `everyoneNeeded` (a pair's decisions) makes every member's stance part of the quorum.
 */
export function evaluateDecision(
  rule: DecisionRule,
  memberCount: number,
  stances: readonly StanceValue[],
  options: { final?: boolean; everyoneNeeded?: boolean } = {},
): RuleOutcome {
  const counts = countStances(stances)
  const needed = options.everyoneNeeded ? Math.max(1, memberCount) : quorumNeeded(rule.quorum, memberCount)
  const given = stances.length
  const everyoneSpoke = given >= memberCount
  const blocked = rule.blockVetoes && counts.block > 0
  const support = rule.agreeMustOutnumberDisagree ? counts.agree > counts.disagree : counts.agree > 0
  const passes = given >= needed && !blocked && support
  const blocks = `${counts.block} ${counts.block === 1 ? 'member blocks' : 'members block'} it`

  if (everyoneSpoke || options.final) {
    if (passes) {
      return {
        status: 'passed',
        counts,
        needed,
        explanation: `Passed: ${given} of ${memberCount} members took a stance, ${counts.agree} agreed${counts.block ? `, ${counts.block} blocked (blocks do not veto under this rule)` : ', no one blocked'}.`,
      }
    }
    if (blocked && !options.final) {
      return {
        status: 'open',
        counts,
        needed,
        explanation: `Open: everyone has taken a stance and ${blocks}. A block holds the proposal open for an answer until its closing time.`,
      }
    }
    const why = blocked
      ? blocks
      : given < needed
        ? options.everyoneNeeded
          ? `it needs every member's stance and ${given} of ${memberCount} took one`
          : `${given} of the ${needed} stances needed were taken`
        : 'agreement does not outweigh disagreement'
    const explanation = everyoneSpoke
      ? `Not passed: everyone has taken a stance and ${why}.`
      : `Not passed when counted: ${given} of ${memberCount} members had taken a stance and ${why}.`
    return { status: 'rejected', counts, needed, explanation }
  }
  return {
    status: 'open',
    counts,
    needed,
    explanation: blocked
      ? `Open: ${given} of ${memberCount} members have taken a stance, and ${blocks}: a block holds the proposal open for an answer until its closing time.`
      : `Open: ${given} of ${memberCount} members have taken a stance. It closes when everyone has, or at its closing time.`,
  }
}
