/** One closed decision's stances, in the order given: `who` names the person (each anonymous stance its own). */
export type DecisionStances = { stances: { who: string; stance: string; reasoned: boolean }[] }

/**
 * The dissent evidence of a cycle's closed decisions (DESIGN §4): how many had any stance other
 * than agree, and how many were agreed by everyone without a single reason. A person's last
 * stance is the one that counts.
 */
export function dissentOf(decisions: readonly DecisionStances[]): { withDissent: number; unanimousWithoutReasons: number } {
  let withDissent = 0
  let unanimousWithoutReasons = 0
  for (const decision of decisions) {
    const latest = new Map<string, { stance: string; reasoned: boolean }>()
    for (const s of decision.stances) latest.set(s.who, s)
    const all = [...latest.values()]
    if (all.some((s) => s.stance !== 'agree')) withDissent += 1
    else if (all.every((s) => !s.reasoned)) unanimousWithoutReasons += 1
  }
  return { withDissent, unanimousWithoutReasons }
}
