type PhaseKind = 'reflection' | 'action'
type PhaseRole = 'co-researcher' | 'co-subject'

export type PhaseSlot = { position: number; optional: boolean; name: string }

type NextStep = { type: 'phase'; position: number; skipped: number[] } | { type: 'next_cycle'; skipped: number[] }

/** A member's role follows the phase: co-researcher when reflecting, co-subject when acting (Heron 1996). */
export function roleFor(kind: PhaseKind): PhaseRole {
  return kind === 'reflection' ? 'co-researcher' : 'co-subject'
}

/**
 * The step after the current phase in template order. With skipOptional, optional
 * phases directly after the current one are passed over (e.g. immersion).
 */
export function nextStep(phases: readonly PhaseSlot[], currentPosition: number, skipOptional = false): NextStep {
  const ordered = [...phases].sort((a, b) => a.position - b.position)
  const index = ordered.findIndex((p) => p.position === currentPosition)
  if (index === -1) throw new Error(`no phase at position ${currentPosition}`)
  const skipped: number[] = []
  for (let i = index + 1; i < ordered.length; i += 1) {
    const candidate = ordered[i]!
    if (skipOptional && candidate.optional) {
      skipped.push(candidate.position)
      continue
    }
    return { type: 'phase', position: candidate.position, skipped }
  }
  return { type: 'next_cycle', skipped }
}

/** Whether an optional phase follows the current one, so the proposer may choose to skip it. */
export function optionalPhaseFollows(phases: readonly PhaseSlot[], currentPosition: number): PhaseSlot | undefined {
  const ordered = [...phases].sort((a, b) => a.position - b.position)
  const index = ordered.findIndex((p) => p.position === currentPosition)
  if (index === -1) throw new Error(`no phase at position ${currentPosition}`)
  const next = ordered[index + 1]
  return next?.optional ? next : undefined
}
