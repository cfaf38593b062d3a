import type { RatingMatrix, RatingScale, ThemeStats } from './types'

/** Quantile of ascending-sorted values by linear interpolation (Hyndman & Fan 1996, type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  const n = sorted.length
  if (n === 0) throw new RangeError('quantile of an empty list')
  const h = (n - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, n - 1)
  const a = sorted[lo]!
  return a + (h - lo) * (sorted[hi]! - a)
}

/** Sample variance with the n − 1 denominator; 0 for one value, null for none. */
export function sampleVariance(values: readonly number[]): number | null {
  const n = values.length
  if (n === 0) return null
  if (n === 1) return 0
  let sum = 0
  for (const v of values) sum += v
  const mean = sum / n
  let ss = 0
  for (const v of values) ss += (v - mean) ** 2
  return ss / (n - 1)
}

/** The non-missing values in column j of a members × themes matrix (rows may be ragged). */
export function columnValues(matrix: RatingMatrix, j: number): number[] {
  const out: number[] = []
  for (const row of matrix) {
    const v = row[j]
    if (v != null && Number.isFinite(v)) out.push(v)
  }
  return out
}

/** Per-theme descriptive statistics (docs/design.md §4); quartiles by Hyndman & Fan type 7. */
export function themeStats(values: readonly number[], scale: RatingScale): ThemeStats {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  const n = sorted.length
  const counts = new Map<number, number>()
  for (const v of sorted) counts.set(v, (counts.get(v) ?? 0) + 1)
  // Values off the scale's whole points still count in n and the moments, but have no bar.
  const distribution: ThemeStats['distribution'] = []
  for (let value = scale.min; value <= scale.max; value++) distribution.push({ value, count: counts.get(value) ?? 0 })

  if (n === 0) {
    return { n: 0, mean: null, median: null, sd: null, q1: null, q3: null, iqr: null, withinOneOfMedian: null, distribution }
  }
  let sum = 0
  for (const v of sorted) sum += v
  const median = quantile(sorted, 0.5)
  const q1 = quantile(sorted, 0.25)
  const q3 = quantile(sorted, 0.75)
  let within = 0
  for (const v of sorted) if (Math.abs(v - median) <= 1) within++
  return {
    n,
    mean: sum / n,
    median,
    sd: Math.sqrt(sampleVariance(sorted)!),
    q1,
    q3,
    iqr: q3 - q1,
    withinOneOfMedian: within / n,
    distribution,
  }
}
