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

/** What the indicators read from a cycle's analysis; null before the blind round is revealed. */
export function ratingEvidence(analysis: {
  shift: { conformityShift: number | null; varianceRatio: number | null; changed: number; changedWithoutReason: number }
  open: { themes: { class: 'convergent' | 'divergent' | 'mixed' }[] }
} | null) {
  if (!analysis) return null
  const { conformityShift, varianceRatio, changed, changedWithoutReason } = analysis.shift
  return { conformityShift, varianceRatio, changed, changedWithoutReason, themeClasses: analysis.open.themes.map((t) => t.class) }
}

/** Whether a cycle has reached an action phase (grounding is n/a before). */
export function actionPhaseReached(phases: readonly { kind: string; status: string }[]): boolean {
  return phases.some((p) => p.kind === 'action' && (p.status === 'current' || p.status === 'done'))
}
