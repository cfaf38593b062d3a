import { quorumNeeded } from '~/features/decisions/core/rule'
import type { AnalysisThresholds, RatingScale, ThemeAnalysis, ThemeStats } from './types'

type ThemeClassification = Pick<ThemeAnalysis, 'class' | 'direction' | 'polarised' | 'belowQuorum'>

// Shares are compared with a small tolerance so a template's 0.25 or 0.3333 is not undone by rounding.
const EPS = 1e-9

/** Fewer ratings than this are never polarised: two people who differ are a difference, not two camps (docs/design.md §4). */
export const POLARISED_MIN_RATINGS = 3

/**
 * The bimodality rule for "polarised" (docs/design.md §4; docs/indicators-and-statistics.md). With
 * c(v) the number of ratings at scale point v and m the scale midpoint, a theme is polarised when
 *   1. it has at least POLARISED_MIN_RATINGS ratings,
 *   2. at least `share` of its ratings lie below m and at least `share` above m, and
 *   3. the ratings dip between two camps: there are points a < m < b with at least one point
 *      between them, and every point strictly between a and b holds fewer ratings than a and
 *      fewer than b (max c(v) for a < v < b  <  min(c(a), c(b))).
 * So [1, 1, 5, 5], [1, 2, 4, 5] and [1, 1, 4, 7, 7] (on 1–7) are polarised; [2, 3, 3, 4] (one
 * spread around the middle), [1, 2, 3, 4, 5] (flat, no dip), [1, 1, 3, 3, 3, 5, 5] (the middle
 * is the largest camp) and [2, 2, 3, 3] on 1–4 (adjacent points, nothing between) are not.
 * Ratings are whole scale points, so `distribution` holds every one of them.
 */
export function isPolarised(stats: Pick<ThemeStats, 'n' | 'distribution'>, scale: RatingScale, share: number): boolean {
  if (stats.n < POLARISED_MIN_RATINGS) return false
  const midpoint = (scale.min + scale.max) / 2
  const points = [...stats.distribution].sort((a, b) => a.value - b.value)
  let below = 0
  let above = 0
  for (const { value, count } of points) {
    if (value < midpoint) below += count
    else if (value > midpoint) above += count
  }
  const enough = (k: number) => k / stats.n >= share - EPS
  if (!enough(below) || !enough(above)) return false

  for (let a = 0; a < points.length && points[a]!.value < midpoint; a++) {
    const ca = points[a]!.count
    if (ca === 0) continue
    let between = -1
    for (let b = a + 1; b < points.length; b++) {
      const { value, count } = points[b]!
      if (b > a + 1 && value > midpoint && between < Math.min(ca, count)) return true
      between = Math.max(between, count)
    }
  }
  return false
}

/**
 * Classifies a theme as convergent, divergent or mixed (docs/design.md §4).
 * Divergence is checked first: a polarised or widely spread theme is divergent even when it
 * also has a small IQR, because a hidden split is exactly what blind-first rating must surface.
 */
export function classifyTheme(
  stats: ThemeStats,
  scale: RatingScale,
  thresholds: AnalysisThresholds,
  memberCount: number,
): ThemeClassification {
  if (stats.n === 0 || stats.median === null || stats.iqr === null) {
    return { class: 'mixed', direction: 'neutral', polarised: false, belowQuorum: true }
  }
  const midpoint = (scale.min + scale.max) / 2
  const direction = stats.median > midpoint ? 'endorsed' : stats.median < midpoint ? 'rejected' : 'neutral'
  const polarised = isPolarised(stats, scale, thresholds.polarisedShare)

  if (stats.iqr >= thresholds.divergentMinIqr - EPS || polarised) {
    return { class: 'divergent', direction, polarised, belowQuorum: false }
  }
  if (stats.iqr <= thresholds.convergentMaxIqr + EPS) {
    const enough = stats.n >= quorumNeeded(thresholds.quorum, memberCount)
    return { class: enough ? 'convergent' : 'mixed', direction, polarised, belowQuorum: !enough }
  }
  return { class: 'mixed', direction, polarised, belowQuorum: false }
}
