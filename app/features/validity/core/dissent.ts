/** One closed decision's stances, in the order given: `who` names the person (each anonymous stance its own). */
type DecisionStances = { stances: { who: string; stance: string; reasoned: boolean }[] }

/**
 * The dissent evidence of a cycle's closed decisions (docs/design.md §4): how many had any stance other
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
export function ratingEvidence(
  analysis: {
    shift: {
      conformityShift: number | null
      varianceRatio: number | null
      changed: number
      changedWithoutReason: number
      themes?: { blindSd: number | null }[]
    }
    open: { themes: { class: 'convergent' | 'divergent' | 'mixed' }[] }
    blind?: { themes: { class: 'convergent' | 'divergent' | 'mixed' }[] }
  } | null,
) {
  if (!analysis) return null
  const { conformityShift, varianceRatio, changed, changedWithoutReason } = analysis.shift
  const sds = (analysis.shift.themes ?? []).map((t) => t.blindSd).filter((x): x is number => x !== null)
  return {
    conformityShift,
    varianceRatio,
    changed,
    changedWithoutReason,
    themeClasses: analysis.open.themes.map((t) => t.class),
    ...(analysis.blind ? { blindThemeClasses: analysis.blind.themes.map((t) => t.class) } : {}),
    meanBlindSd: sds.length ? sds.reduce((a, b) => a + b, 0) / sds.length : null,
  }
}

/**
 * Each member's blind and open rating per theme (the open falls back to the blind), and whether
 * a reason came with the open rating: the rows the indicators read for moves toward one member.
 */
export function ratingRows(
  ratings: readonly { member: string; theme: string; round: 'blind' | 'open'; value: number; reasoned: boolean }[],
) {
  const blind = new Map<string, { member: string; theme: string; value: number }>()
  const open = new Map<string, { value: number; reasoned: boolean }>()
  for (const r of ratings) {
    const key = `${r.member}\u0000${r.theme}`
    if (r.round === 'blind') blind.set(key, { member: r.member, theme: r.theme, value: r.value })
    else open.set(key, { value: r.value, reasoned: r.reasoned })
  }
  return [...blind.entries()].map(([key, b]) => {
    const o = open.get(key)
    return { member: b.member, theme: b.theme, blind: b.value, open: o?.value ?? b.value, reasoned: o?.reasoned ?? false }
  })
}

/** Whether a cycle has reached an action phase (grounding is n/a before). */
export function actionPhaseReached(phases: readonly { kind: string; status: string }[]): boolean {
  return phases.some((p) => p.kind === 'action' && (p.status === 'current' || p.status === 'done'))
}

/** Whether the group is in an action phase now: members may still be recording what they do. */
export function actionPhaseOngoing(phases: readonly { kind: string; status: string }[]): boolean {
  return phases.some((p) => p.kind === 'action' && p.status === 'current')
}

/** The final stances of a cycle's closed decisions: how many, how many gave a reason, how many were other than agree. */
export function stanceEvidence(decisions: readonly DecisionStances[]): {
  total: number
  reasoned: number
  nonAgree: number
  nonAgreeReasoned: number
} {
  let total = 0
  let reasoned = 0
  let nonAgree = 0
  let nonAgreeReasoned = 0
  for (const decision of decisions) {
    const latest = new Map<string, { stance: string; reasoned: boolean }>()
    for (const s of decision.stances) latest.set(s.who, s)
    for (const s of latest.values()) {
      total += 1
      if (s.reasoned) reasoned += 1
      if (s.stance !== 'agree') {
        nonAgree += 1
        if (s.reasoned) nonAgreeReasoned += 1
      }
    }
  }
  return { total, reasoned, nonAgree, nonAgreeReasoned }
}
