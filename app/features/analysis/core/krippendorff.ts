import type { MeasurementLevel } from './types'

type Degenerate = 'no-pairable-units' | 'no-variation' | null

type AlphaResult = { alpha: number; degenerate: Degenerate }

// Coincidence-matrix method of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability".
// Ragged rows and null or non-finite values count as missing.
function compute(data: readonly (readonly (number | null)[])[], level: MeasurementLevel): AlphaResult {
  let units = 0
  for (const row of data) units = Math.max(units, row.length)

  // Index the distinct values, ascending, so the ordinal metric can sum ranks between them.
  const seen = new Set<number>()
  const unitValues: number[][] = []
  for (let u = 0; u < units; u++) {
    const vals: number[] = []
    for (const row of data) {
      const v = row[u]
      if (v != null && Number.isFinite(v)) vals.push(v)
    }
    // Only units with two or more values are pairable (Krippendorff 2011).
    if (vals.length < 2) continue
    unitValues.push(vals)
    for (const v of vals) seen.add(v)
  }
  if (unitValues.length === 0) return { alpha: 0, degenerate: 'no-pairable-units' }
  // Alpha does not depend on the order of observers or units, but a floating-point sum does:
  // sort both, so the same ratings give the same bits whichever order a database returns them in.
  for (const vals of unitValues) vals.sort((a, b) => a - b)
  unitValues.sort(compareUnits)

  const values = [...seen].sort((a, b) => a - b)
  const v = values.length
  if (v === 1) return { alpha: 1, degenerate: 'no-variation' }
  const index = new Map(values.map((x, i) => [x, i]))

  // o_ck = Σ_u (number of c–k pairs in u) / (m_u − 1)
  const o = new Float64Array(v * v)
  const counts = new Float64Array(v)
  for (const vals of unitValues) {
    counts.fill(0)
    const present: number[] = []
    for (const x of vals) {
      const i = index.get(x)!
      if (counts[i] === 0) present.push(i)
      counts[i]! += 1
    }
    const w = 1 / (vals.length - 1)
    for (const c of present) {
      const nc = counts[c]!
      for (const k of present) o[c * v + k]! += (c === k ? nc * (nc - 1) : nc * counts[k]!) * w
    }
  }

  const nMarg = new Float64Array(v)
  let n = 0
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) nMarg[c]! += o[c * v + k]!
    n += nMarg[c]!
  }

  const delta2 = metric(level, values, nMarg)
  let observed = 0
  let expected = 0
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      const d = delta2(c, k)
      observed += o[c * v + k]! * d
      expected += nMarg[c]! * nMarg[k]! * d
    }
  }
  // Only reachable when ratio values cancel (c + k = 0); treated like no variation.
  if (expected === 0) return { alpha: 1, degenerate: 'no-variation' }
  return { alpha: 1 - ((n - 1) * observed) / expected, degenerate: null }
}

function compareUnits(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return a.length - b.length
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

/** Squared difference functions δ²_ck of Krippendorff (2011), over value indices. */
function metric(level: MeasurementLevel, values: readonly number[], nMarg: Float64Array): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1)
    case 'ordinal': {
      const cum = new Float64Array(values.length + 1)
      for (let g = 0; g < values.length; g++) cum[g + 1] = cum[g]! + nMarg[g]!
      return (c, k) => {
        const lo = Math.min(c, k)
        const hi = Math.max(c, k)
        return (cum[hi + 1]! - cum[lo]! - (nMarg[c]! + nMarg[k]!) / 2) ** 2
      }
    }
    case 'interval':
      return (c, k) => (values[c]! - values[k]!) ** 2
    case 'ratio':
      return (c, k) => {
        const sum = values[c]! + values[k]!
        return sum === 0 ? 0 : ((values[c]! - values[k]!) / sum) ** 2
      }
    default: {
      const never: never = level
      throw new RangeError(`Unknown level of measurement: ${String(never)}`)
    }
  }
}

/** Krippendorff's alpha, data[observer][unit], α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck (Krippendorff 2011); 0 if nothing pairs, 1 if no variation. */
export function krippendorffAlpha(data: (number | null)[][], level: 'nominal' | 'ordinal' | 'interval' | 'ratio'): number {
  return compute(data, level).alpha
}

const NOTES: Record<Exclude<Degenerate, null>, string> = {
  'no-pairable-units': 'No theme has ratings from two or more members, so agreement cannot be measured; alpha is shown as 0.',
  'no-variation': 'Every rating that can be compared has the same value, so there is no disagreement to measure; alpha is shown as 1.',
}

/** A plain sentence explaining a degenerate alpha (see krippendorffAlpha), or null when alpha is ordinary. */
export function alphaNote(data: (number | null)[][], level: MeasurementLevel): string | null {
  return alphaWithNote(data, level).note
}

/** krippendorffAlpha and alphaNote from one pass over the data. */
export function alphaWithNote(data: (number | null)[][], level: MeasurementLevel): { alpha: number; note: string | null } {
  const { alpha, degenerate } = compute(data, level)
  return { alpha, note: degenerate === null ? null : NOTES[degenerate] }
}
