// Number and word helpers shared by the chart components, their sentences and the exports. Pure: no React.

/** Up to two decimals, trailing zeros dropped, a true minus sign: 2.5 → "2.5", 3 → "3", -0.214 → "−0.21". */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return '—'
  const rounded = Number(value.toFixed(decimals))
  return rounded < 0 ? `\u2212${-rounded}` : String(rounded === 0 ? 0 : rounded)
}

/** A share (0..1) as a whole percentage: 0.236 → "24%". */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`
}

/** "1 theme", "3 themes". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`
}

/** "A", "A and B", "A, B and C". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export function midpoint(scale: { min: number; max: number }): number {
  return (scale.min + scale.max) / 2
}

/** The scale's points from min to max, each with its label when the scale names it. */
export function scalePoints(scale: {
  min: number
  max: number
  labels: Record<string, string>
}): { value: number; label: string | null }[] {
  const points: { value: number; label: string | null }[] = []
  for (let v = scale.min; v <= scale.max; v++) points.push({ value: v, label: scale.labels[String(v)] ?? null })
  return points
}
