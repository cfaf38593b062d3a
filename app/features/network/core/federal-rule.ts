import { z } from 'zod'

// How the network closes a federal proposal (issue 18; seed 003: "the same applies to federal
// decision-making between groups"). Each member group decides its stance inside itself, by its own
// rule, and only that stance and its reason cross. The network's rule is consensus of groups: a
// block from any group holds the proposal open for dialogue. The network may amend the rule, by
// the rule; a proposal is closed by the rule as it stood when it was put.

export type FederalStanceValue = 'agree' | 'stand_aside' | 'block'

export const FederalRuleSchema = z.strictObject({
  /** Share of member groups that must have cast a stance. */
  quorum: z.number().gt(0).max(1).default(1),
  /** A block from any one group holds the proposal open. */
  blocksHoldOpen: z.boolean().default(true),
})
export type FederalRule = z.infer<typeof FederalRuleSchema>

export const DEFAULT_FEDERAL_RULE: FederalRule = FederalRuleSchema.parse({})

export const FEDERAL_STANCE_LABELS: Record<FederalStanceValue, string> = {
  agree: 'Agrees',
  stand_aside: 'Stands aside',
  block: 'Blocks',
}

export type FederalOutcome = {
  status: 'open' | 'passed'
  /** Groups that count: member groups (of any standing) when the proposal is weighed. */
  eligible: number
  cast: number
  needed: number
  blocking: string[]
  explanation: string
}

/** The rule in words, where the network reads it. */
export function federalRuleInWords(rule: FederalRule): string {
  const share = rule.quorum >= 1 ? 'every member group' : `at least ${Math.round(rule.quorum * 100)} % of member groups`
  const blocks = rule.blocksHoldOpen
    ? 'a block from any one group holds it open for dialogue'
    : 'blocks do not hold it open; it passes when agreements outnumber blocks'
  return `A federal proposal passes when ${share} has cast its stance, each decided inside the group, at least one group agrees, and no group blocks; ${blocks}.`
}

/**
 * Weighs the latest stance of each eligible group. Stances of groups no longer eligible (laid
 * down, or not yet member groups) do not count.
 */
export function federalOutcome(
  rule: FederalRule,
  eligibleGroupIds: readonly string[],
  latest: ReadonlyMap<string, FederalStanceValue>,
): FederalOutcome {
  const eligible = new Set(eligibleGroupIds)
  const counted = [...latest].filter(([group]) => eligible.has(group))
  const cast = counted.length
  const needed = Math.max(1, Math.ceil(rule.quorum * eligible.size - 0.001))
  const agrees = counted.filter(([, s]) => s === 'agree').length
  const blocking = counted.filter(([, s]) => s === 'block').map(([g]) => g)
  const base = { eligible: eligible.size, cast, needed, blocking }
  if (rule.blocksHoldOpen && blocking.length > 0) {
    const n = blocking.length
    return {
      ...base,
      status: 'open',
      explanation: `Held open for dialogue: ${n} ${n === 1 ? 'group blocks' : 'groups block'} it. ${cast} of ${eligible.size} member groups have cast a stance.`,
    }
  }
  if (cast < needed)
    return {
      ...base,
      status: 'open',
      explanation: `Open: ${cast} of ${eligible.size} member groups have cast a stance; ${needed} are needed.`,
    }
  const support = rule.blocksHoldOpen ? agrees > 0 : agrees > blocking.length
  if (!support)
    return { ...base, status: 'open', explanation: `Open: no group agrees yet (${cast} of ${eligible.size} have cast a stance).` }
  return { ...base, status: 'passed', explanation: `Passed: ${agrees} of ${eligible.size} member groups agree, and none holds it open.` }
}
