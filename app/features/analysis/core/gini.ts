/**
 * Gini coefficient, population form G = Σ_i Σ_j |x_i − x_j| / (2 n² mean) (Sen 1973);
 * 0 when empty, single or all zero.
 *
 * Its largest value is (n − 1)/n, reached when one member makes every contribution, so a pair
 * can reach only 0.5 and nine members 0.89: the same threshold means different things at
 * different group sizes. Thresholds should read giniNormalised.
 */
export function gini(values: number[]): number {
  for (const x of values) {
    if (!Number.isFinite(x) || x < 0) {
      throw new RangeError(`gini needs finite, non-negative contributions (counts); got ${x}`)
    }
  }
  const n = values.length
  if (n < 2) return 0
  // Sorted identity Σ_i (2i − n − 1) x_(i) / (n Σ x) keeps it O(n log n).
  const sorted = [...values].sort((a, b) => a - b)
  let total = 0
  let weighted = 0
  for (let i = 0; i < n; i++) {
    total += sorted[i]!
    weighted += (2 * (i + 1) - n - 1) * sorted[i]!
  }
  if (total === 0) return 0
  return weighted / (n * total)
}

/**
 * Normalised Gini G · n/(n − 1): 0 when everyone contributes equally and 1 when one member
 * makes every contribution, for any n ≥ 2, so a threshold means the same for a pair and for
 * nine. It equals Σ_i Σ_j |x_i − x_j| / (2 n (n − 1) mean), the mean absolute difference over
 * distinct pairs (the "sample" Gini; Deltas 2003). 0 when empty, single or all zero.
 */
export function giniNormalised(values: number[]): number {
  const n = values.length
  const g = gini(values)
  // At most 1 in exact arithmetic; the min only keeps rounding from showing 1.0000000000000002.
  return n < 2 ? 0 : Math.min(1, (g * n) / (n - 1))
}
