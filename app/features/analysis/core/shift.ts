import { columnValues, sampleVariance, themeStats } from './stats'
import type { RatingMatrix, RatingScale, ReasonMatrix, RoundShift, ThemeRef, ThemeStats } from './types'

function cell(matrix: RatingMatrix, i: number, j: number): number | null {
  const v = matrix[i]?.[j]
  return v != null && Number.isFinite(v) ? v : null
}

function width(...matrices: RatingMatrix[]): number {
  let w = 0
  for (const m of matrices) for (const row of m) w = Math.max(w, row.length)
  return w
}

/**
 * docs/design.md §4 conformity shift: the mean, over every member × theme rated in both rounds, of
 *   (|blind − others' blind mean| − |open − others' open mean|) / (max − min).
 * Who "the others" are: for member i and theme j, the other members who have a value for j in
 * both rounds, i.e. who rated j blind (their open value is their open rating, or their blind
 * rating carried over when they did not re-rate; `open` must already hold that fallback). A
 * member who rated only in the open round is in neither mean, so both means are over the same
 * people. A theme with fewer than two such members adds no term. Positive: members moved toward
 * the others; 0: no net movement; negative: they moved apart. Null with no terms or no range.
 */
export function conformityShift(blind: RatingMatrix, open: RatingMatrix, scale: RatingScale): number | null {
  const range = scale.max - scale.min
  if (!(range > 0)) return null
  const members = Math.max(blind.length, open.length)
  const themes = width(blind, open)
  let total = 0
  let terms = 0
  const both: number[] = []
  for (let j = 0; j < themes; j++) {
    // "Others" are the other members with a value in both rounds (a blind rating; open falls back
    // to it), so the blind and the open mean are over the same people.
    both.length = 0
    let sumB = 0
    let sumO = 0
    for (let i = 0; i < members; i++) {
      const b = cell(blind, i, j)
      const o = cell(open, i, j)
      if (b === null || o === null) continue
      both.push(i)
      sumB += b
      sumO += o
    }
    const k = both.length
    if (k < 2) continue
    for (const i of both) {
      const b = cell(blind, i, j)!
      const o = cell(open, i, j)!
      const othersB = (sumB - b) / (k - 1)
      const othersO = (sumO - o) / (k - 1)
      total += (Math.abs(b - othersB) - Math.abs(o - othersO)) / range
      terms++
    }
  }
  return terms === 0 ? null : total / terms
}

/** Mean over themes of open sample variance ÷ the same for blind, over themes with ≥ 2 ratings in both rounds (docs/design.md §4). */
export function varianceRatio(blind: RatingMatrix, open: RatingMatrix): number | null {
  const themes = width(blind, open)
  let sumB = 0
  let sumO = 0
  let used = 0
  for (let j = 0; j < themes; j++) {
    const b = columnValues(blind, j)
    const o = columnValues(open, j)
    if (b.length < 2 || o.length < 2) continue
    sumB += sampleVariance(b)!
    sumO += sampleVariance(o)!
    used++
  }
  if (used === 0 || sumB === 0) return null
  return sumO / used / (sumB / used)
}

/** Open ratings that differ from the same member's blind rating, and those with no (or a blank) reason. */
export function ratingChanges(
  blind: RatingMatrix,
  open: RatingMatrix,
  reasons: ReasonMatrix,
): { changed: number; changedWithoutReason: number } {
  const members = Math.max(blind.length, open.length)
  const themes = width(blind, open)
  let changed = 0
  let changedWithoutReason = 0
  for (let i = 0; i < members; i++) {
    for (let j = 0; j < themes; j++) {
      const b = cell(blind, i, j)
      const o = cell(open, i, j)
      if (b === null || o === null || b === o) continue
      changed++
      const reason = reasons[i]?.[j]
      if (reason == null || reason.trim() === '') changedWithoutReason++
    }
  }
  return { changed, changedWithoutReason }
}

function countPairs(blind: RatingMatrix, open: RatingMatrix): number {
  const members = Math.max(blind.length, open.length)
  const themes = width(blind, open)
  let pairs = 0
  for (let i = 0; i < members; i++) {
    for (let j = 0; j < themes; j++) if (cell(blind, i, j) !== null && cell(open, i, j) !== null) pairs++
  }
  return pairs
}

/** The blind → open comparison of one cycle; `open` must already fall back to blind (docs/design.md §2, §4). */
export function roundShift(
  blind: RatingMatrix,
  open: RatingMatrix,
  reasons: ReasonMatrix,
  themes: readonly ThemeRef[],
  scale: RatingScale,
  /** Per-theme stats already computed by the caller, in `themes` order. */
  stats?: { blind: readonly ThemeStats[]; open: readonly ThemeStats[] },
): RoundShift {
  return {
    conformityShift: conformityShift(blind, open, scale),
    varianceRatio: varianceRatio(blind, open),
    pairs: countPairs(blind, open),
    ...ratingChanges(blind, open, reasons),
    themes: themes.map((t, j) => {
      const b = stats?.blind[j] ?? themeStats(columnValues(blind, j), scale)
      const o = stats?.open[j] ?? themeStats(columnValues(open, j), scale)
      return { themeId: t.id, name: t.name, blindIqr: b.iqr, openIqr: o.iqr, blindSd: b.sd, openSd: o.sd }
    }),
  }
}
