/** Gini coefficient, population form Σ_i Σ_j |x_i − x_j| / (2 n² mean) (Sen 1973); 0 when empty, single or all zero. */
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
