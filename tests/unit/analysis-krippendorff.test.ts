import { describe, expect, test } from 'vitest'
import { alphaNote, krippendorffAlpha, type MeasurementLevel } from '~/features/analysis/core'

const _ = null

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers × 12 units.
const reliabilityData: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]

const levels: MeasurementLevel[] = ['nominal', 'ordinal', 'interval', 'ratio']

describe('krippendorffAlpha reproduces the published worked examples', () => {
  test.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ] as const)('the 4 × 12 example with missing values at the %s level is %f', (level, expected) => {
    expect(krippendorffAlpha(reliabilityData, level)).toBeCloseTo(expected, 3)
    expect(alphaNote(reliabilityData, level)).toBeNull()
  })

  test('the binary two-observer example is 0.095', () => {
    // o_00 = 10, o_01 = o_10 = 4, o_11 = 2; α = 1 − 19 · 4 / (14 · 6) = 0.0952
    const data = [
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ]
    expect(krippendorffAlpha(data, 'nominal')).toBeCloseTo(0.095, 3)
  })
})

describe('krippendorffAlpha on awkward input', () => {
  test('ragged rows count missing trailing units as missing', () => {
    const ragged = reliabilityData.map((row) => {
      const copy = [...row]
      while (copy.length > 0 && copy[copy.length - 1] === null) copy.pop()
      return copy
    })
    expect(ragged[0]).toHaveLength(9)
    for (const level of levels) expect(krippendorffAlpha(ragged, level)).toBe(krippendorffAlpha(reliabilityData, level))
  })

  test('non-finite numbers are treated as missing', () => {
    const withNaN = reliabilityData.map((row, i) => row.map((v) => (v === null ? (i % 2 ? Number.NaN : Infinity) : v)))
    for (const level of levels) expect(krippendorffAlpha(withNaN, level)).toBe(krippendorffAlpha(reliabilityData, level))
  })

  test('a unit rated by only one observer does not change alpha', () => {
    const extended = reliabilityData.map((row, i) => [...row, i === 0 ? 5 : null])
    for (const level of levels) expect(krippendorffAlpha(extended, level)).toBe(krippendorffAlpha(reliabilityData, level))
  })

  test('the order of observers and of units does not matter', () => {
    const reversedObservers = [...reliabilityData].reverse()
    const reversedUnits = reliabilityData.map((row) => [...row].reverse())
    for (const level of levels) {
      expect(krippendorffAlpha(reversedObservers, level)).toBeCloseTo(krippendorffAlpha(reliabilityData, level), 12)
      expect(krippendorffAlpha(reversedUnits, level)).toBeCloseTo(krippendorffAlpha(reliabilityData, level), 12)
    }
  })

  test('one observer gives 0 with a note, since nothing can be paired', () => {
    const data = [[1, 2, 3, 4, 5]]
    for (const level of levels) expect(krippendorffAlpha(data, level)).toBe(0)
    expect(alphaNote(data, 'ordinal')).toMatch(/two or more members/)
  })

  test('no pairable unit gives 0 even with several observers', () => {
    const data = [
      [1, _, _],
      [_, 2, _],
      [_, _, 3],
    ]
    expect(krippendorffAlpha(data, 'interval')).toBe(0)
    expect(alphaNote(data, 'interval')).toMatch(/shown as 0/)
  })

  test('identical values everywhere give 1 with a note, since there is nothing to disagree about', () => {
    const data = [
      [3, 3, 3, _],
      [3, 3, _, 3],
      [_, 3, 3, 3],
    ]
    for (const level of levels) expect(krippendorffAlpha(data, level)).toBe(1)
    expect(alphaNote(data, 'nominal')).toMatch(/shown as 1/)
  })

  test('a value that only appears in an unpairable unit does not count as variation', () => {
    const data = [
      [2, 2, 5],
      [2, 2, _],
    ]
    expect(krippendorffAlpha(data, 'ordinal')).toBe(1)
  })

  test('degenerate shapes never give NaN or throw', () => {
    const shapes: (number | null)[][][] = [
      [],
      [[]],
      [[_]],
      [[Number.NaN, Infinity]],
      [
        [0, 0],
        [0, 0],
      ],
      [
        [_, _],
        [_, _],
      ],
    ]
    for (const data of shapes) {
      for (const level of levels) {
        const alpha = krippendorffAlpha(data, level)
        expect(Number.isFinite(alpha)).toBe(true)
      }
    }
  })

  test('perfect agreement with variation gives exactly 1 and no note', () => {
    const data = [
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
    ]
    for (const level of levels) expect(krippendorffAlpha(data, level)).toBeCloseTo(1, 12)
    expect(alphaNote(data, 'ordinal')).toBeNull()
  })

  test('systematic disagreement falls below 0', () => {
    const data = [
      [1, 5, 1, 5],
      [5, 1, 5, 1],
    ]
    expect(krippendorffAlpha(data, 'interval')).toBeLessThan(0)
  })
})

describe('krippendorffAlpha gives the same bits in any order', () => {
  // A database returns rows in no promised order; the same ratings must give the same figure.
  const shuffled = <T>(xs: readonly T[], seed: number): T[] => {
    const out = [...xs]
    let s = seed
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648
      const j = s % (i + 1)
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }
  // Seven observers, forty units on a 1–7 scale, a fifth missing: unit weights 1/(m − 1) such as
  // 1/3 and 1/5 are inexact in binary, so summing them in another order changes the last bits.
  let s = 42
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648)
  const data0 = Array.from({ length: 7 }, () => Array.from({ length: 40 }, () => (next() % 5 === 0 ? null : 1 + (next() % 7))))
  const units = data0[0]!.map((_, u) => data0.map((row) => row[u] ?? null))
  test.each(levels)('at the %s level, over units and observers permuted', (level) => {
    const base = krippendorffAlpha(data0, level)
    for (let seed = 1; seed <= 20; seed++) {
      const order = shuffled(units, seed)
      const observers = shuffled([0, 1, 2, 3, 4, 5, 6], seed * 7)
      const data = observers.map((o) => order.map((unit) => unit[o] ?? null))
      expect(krippendorffAlpha(data, level)).toBe(base)
    }
  })
})
