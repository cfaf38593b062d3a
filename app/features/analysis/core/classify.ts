import { quorumNeeded } from '~/features/decisions/core/rule'
import type { AnalysisThresholds, RatingScale, ThemeAnalysis, ThemeStats } from './types'

export type ThemeClassification = Pick<ThemeAnalysis, 'class' | 'direction' | 'polarised' | 'belowQuorum'>

// Shares are compared with a small tolerance so a template's 0.25 or 0.3333 is not undone by rounding.
const EPS = 1e-9

/**
 * Classifies a theme as convergent, divergent or mixed (DESIGN §4).
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

  // Ratings are whole scale points (validated at the edge), so the distribution holds them all.
  let below = 0
  let above = 0
  for (const { value, count } of stats.distribution) {
    if (value < midpoint) below += count
    else if (value > midpoint) above += count
  }
  const share = (k: number) => k / stats.n >= thresholds.polarisedShare - EPS
  const polarised = share(below) && share(above)

  if (stats.iqr >= thresholds.divergentMinIqr - EPS || polarised) {
    return { class: 'divergent', direction, polarised, belowQuorum: false }
  }
  if (stats.iqr <= thresholds.convergentMaxIqr + EPS) {
    const enough = stats.n >= quorumNeeded(thresholds.quorum, memberCount)
    return { class: enough ? 'convergent' : 'mixed', direction, polarised, belowQuorum: !enough }
  }
  return { class: 'mixed', direction, polarised, belowQuorum: false }
}
