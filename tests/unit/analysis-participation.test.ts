import { describe, expect, test } from 'vitest'
import { gini, giniNormalised, participation, trajectory, type ParticipationInput } from '~/features/analysis/core'

/** The definition itself, O(n²), to check the sorted formula against. */
function giniByPairs(xs: number[]): number {
  const n = xs.length
  const mean = xs.reduce((a, b) => a + b, 0) / n
  let sum = 0
  for (const a of xs) for (const b of xs) sum += Math.abs(a - b)
  return sum / (2 * n * n * mean)
}

describe('gini', () => {
  test.each([
    [[1, 1, 1, 1], 0],
    [[0, 0, 0, 4], 0.75],
    [[1, 2, 3, 4], 0.25],
    [[4, 3, 2, 1], 0.25],
  ])('%j → %f', (values, expected) => {
    expect(gini(values)).toBeCloseTo(expected, 12)
  })

  test('empty, single and all-zero inputs give 0', () => {
    expect(gini([])).toBe(0)
    expect(gini([7])).toBe(0)
    expect(gini([0, 0, 0])).toBe(0)
  })

  test('agrees with the pairwise definition', () => {
    const xs = [3, 0, 12, 5, 5, 1, 40, 2]
    expect(gini(xs)).toBeCloseTo(giniByPairs(xs), 12)
  })

  test('negative or non-finite contributions throw a RangeError', () => {
    expect(() => gini([1, -2, 3])).toThrow(RangeError)
    expect(() => gini([1, -2, 3])).toThrow(/non-negative/)
    expect(() => gini([1, Number.NaN])).toThrow(RangeError)
    expect(() => gini([Infinity, 1])).toThrow(RangeError)
  })

  test('does not reorder its input', () => {
    const xs = [3, 1, 2]
    gini(xs)
    expect(xs).toEqual([3, 1, 2])
  })
})

describe('giniNormalised (G · n/(n − 1))', () => {
  test('one member making every contribution gives 1 at every group size; the population form gives (n − 1)/n', () => {
    for (const n of [2, 3, 5, 9]) {
      const xs = [10, ...new Array<number>(n - 1).fill(0)]
      expect(gini(xs)).toBeCloseTo((n - 1) / n, 12)
      expect(giniNormalised(xs)).toBeCloseTo(1, 12)
    }
    expect(gini([0, 1])).toBe(0.5)
    expect(giniNormalised([0, 1])).toBe(1)
  })

  test.each([
    [[1, 1, 1, 1], 0],
    [[0, 0, 0, 4], 1],
    [[1, 2, 3, 4], 1 / 3],
    [[1, 3], 0.5],
    [[2, 2, 0], 0.5],
  ])('%j → %f', (values, expected) => {
    expect(giniNormalised(values)).toBeCloseTo(expected, 12)
  })

  test('is the mean absolute difference over distinct pairs over twice the mean', () => {
    const xs = [3, 0, 12, 5, 5, 1, 40, 2]
    const n = xs.length
    const mean = xs.reduce((a, b) => a + b, 0) / n
    let sum = 0
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sum += Math.abs(xs[i]! - xs[j]!)
    expect(giniNormalised(xs)).toBeCloseTo(sum / (n * (n - 1)) / (2 * mean), 12)
    expect(giniNormalised(xs)).toBeCloseTo((gini(xs) * n) / (n - 1), 12)
  })

  test('empty, single and all-zero give 0; bad input throws as gini does', () => {
    expect(giniNormalised([])).toBe(0)
    expect(giniNormalised([7])).toBe(0)
    expect(giniNormalised([0, 0])).toBe(0)
    expect(() => giniNormalised([1, -1])).toThrow(RangeError)
  })

  test('a pair at 3 : 1 is half-way to one member doing everything', () => {
    expect(gini([3, 1])).toBeCloseTo(0.25, 12)
    expect(giniNormalised([3, 1])).toBeCloseTo(0.5, 12)
  })
})

describe('participation', () => {
  const members = [
    { id: 'a', name: 'Ada' },
    { id: 'b', name: 'Bea' },
    { id: 'c', name: 'Cal' },
  ]
  const row = (memberId: string, r: Partial<ParticipationInput> = {}): ParticipationInput => ({
    memberId,
    records: 0,
    words: 0,
    themesProposed: 0,
    stances: 0,
    challenges: 0,
    ...r,
  })

  test('a silent member pulls the balance down; withdrawn members are left out', () => {
    const rows = [
      row('a', { records: 2, words: 100, themesProposed: 1, stances: 1 }),
      row('b', { records: 2, words: 100, themesProposed: 1, stances: 1 }),
      row('gone', { records: 50, words: 9000 }),
    ]
    const p = participation(rows, members)
    expect(p.members.map((m) => [m.memberId, m.total])).toEqual([
      ['a', 104],
      ['b', 104],
      ['c', 0],
    ])
    expect(p.members[2]).toEqual({
      memberId: 'c',
      name: 'Cal',
      total: 0,
      records: 0,
      words: 0,
      themesProposed: 0,
      stances: 0,
      challenges: 0,
    })
    // [2, 2, 0] sorted 0 2 2: (−2·0 + 0·2 + 2·2) / (3 · 4) = 1/3
    expect(p.gini.records).toBeCloseTo(1 / 3, 12)
    expect(p.gini.challenges).toBe(0)
    // challenges has no total, so shares average four kinds: a .5, b .5, c 0
    expect(p.largestShare).toBeCloseTo(0.5, 12)
    expect(p.overallGini).toBeCloseTo(1 / 3, 12)
    // Normalised: × 3/2
    expect(p.giniNormalised.records).toBeCloseTo(0.5, 12)
    expect(p.giniNormalised.challenges).toBe(0)
    expect(p.overallGiniNormalised).toBeCloseTo(0.5, 12)
  })

  test('a pair where one member does everything: population 0.5, normalised 1', () => {
    const pair = members.slice(0, 2)
    const p = participation([row('a', { records: 4, words: 300, themesProposed: 2, stances: 3, challenges: 1 })], pair)
    expect(p.overallGini).toBeCloseTo(0.5, 12)
    expect(p.overallGiniNormalised).toBeCloseTo(1, 12)
    expect(Object.values(p.giniNormalised)).toEqual([1, 1, 1, 1, 1])
  })

  test('mean shares weigh each kind equally, whatever its size', () => {
    const rows = [row('a', { records: 1, words: 1000 }), row('b', { records: 3 }), row('c', { words: 1000 })]
    const p = participation(rows, members)
    // records shares .25 .75 0, words .5 0 .5 → mean shares .375 .375 .25
    expect(p.largestShare).toBeCloseTo(0.375, 12)
    expect(p.overallGini).toBeCloseTo(gini([0.375, 0.375, 0.25]), 12)
  })

  test('two rows for one member are added together', () => {
    const p = participation([row('a', { records: 1 }), row('a', { records: 2 })], members)
    expect(p.members[0]!.records).toBe(3)
    expect(p.largestShare).toBe(1)
  })

  test('nobody contributing gives zeros, not NaN', () => {
    const p = participation([], members)
    expect(p.overallGini).toBe(0)
    expect(p.largestShare).toBe(0)
    expect(Object.values(p.gini)).toEqual([0, 0, 0, 0, 0])
    expect(p.overallGiniNormalised).toBe(0)
    expect(Object.values(p.giniNormalised)).toEqual([0, 0, 0, 0, 0])
  })

  test('no members gives zeros', () => {
    expect(participation([row('a', { records: 1 })], [])).toMatchObject({
      members: [],
      overallGini: 0,
      overallGiniNormalised: 0,
      largestShare: 0,
    })
  })
})

describe('trajectory', () => {
  test('a theme is emergent in its first cycle, links or not', () => {
    expect(trajectory([], 2, 2)).toBe('emergent')
    expect(trajectory([2], 2, 2)).toBe('emergent')
  })

  test('a theme from an earlier cycle persists while this cycle links records to it', () => {
    expect(trajectory([1, 3], 1, 3)).toBe('persisting')
  })

  test('a theme from an earlier cycle with no records from this cycle is fading', () => {
    expect(trajectory([1, 2], 1, 3)).toBe('fading')
  })

  test('a cycle before the theme existed is a caller error', () => {
    expect(() => trajectory([], 3, 2)).toThrow(RangeError)
  })
})
