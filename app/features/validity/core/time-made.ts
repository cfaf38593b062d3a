import { indicatorKeyFor } from './indicators'

/**
 * Whether the group recorded making time for what a check-in flagged: a challenge about unaware
 * projection, or any member's met/partly judgement with a note on a procedure that reads that
 * indicator (each member judges for themselves, so one such judgement is enough).
 * Undefined while the review has not been worked on (no judgement, not adopted): not yet known.
 */
export function timeMadeAfterFlags(
  procedures: readonly { key: string; indicators: readonly string[] }[],
  challenges: readonly { hazard: string }[],
  judgements: readonly { procedureKey: string; status: string; note: string }[],
  reviewAdopted: boolean,
): boolean | undefined {
  const projection = new Set(
    procedures.filter((p) => p.indicators.some((i) => indicatorKeyFor(i) === 'unaware-projections')).map((p) => p.key),
  )
  const made =
    challenges.some((c) => c.hazard === 'unaware_projection') ||
    judgements.some((j) => projection.has(j.procedureKey) && (j.status === 'met' || j.status === 'partly') && j.note.trim() !== '')
  if (made) return true
  return judgements.length > 0 || reviewAdopted ? false : undefined
}
