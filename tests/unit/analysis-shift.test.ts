import { describe, expect, test } from 'vitest'
import { buildMatrices, conformityShift, ratingChanges, roundShift, varianceRatio, type RatingScale } from '~/features/analysis/core'

const scale: RatingScale = { min: 1, max: 5, labels: {} }
const _ = null
// Members × themes, one column per theme.
const col = (...values: (number | null)[]) => values.map((v) => [v])

describe('conformityShift', () => {
  test('three members drawing together on one theme: 0.25', () => {
    // blind 1 3 5, open 2 3 4, range 4
    // m1: |1 − (3+5)/2| − |2 − (3+4)/2| = 3 − 1.5 = 1.5
    // m2: |3 − (1+5)/2| − |3 − (2+4)/2| = 0 − 0   = 0
    // m3: |5 − (1+3)/2| − |4 − (2+3)/2| = 3 − 1.5 = 1.5
    // mean 1 / range 4 = 0.25
    expect(conformityShift(col(1, 3, 5), col(2, 3, 4), scale)).toBeCloseTo(0.25, 12)
  })

  test('moving apart gives a negative shift', () => {
    // blind 2 3 4, open 1 3 5: m1 1.5 − 3, m2 0, m3 1.5 − 3 → mean −1 / 4
    expect(conformityShift(col(2, 3, 4), col(1, 3, 5), scale)).toBeCloseTo(-0.25, 12)
  })

  test('nobody moving gives 0', () => {
    expect(conformityShift(col(1, 3, 5), col(1, 3, 5), scale)).toBe(0)
  })

  test('a member with no blind rating is neither a pair nor one of the others', () => {
    // only m1 and m3 pair: m1 |1 − 5| − |2 − 4| = 2; m3 |5 − 1| − |4 − 2| = 2 → 2 / 4
    expect(conformityShift(col(1, _, 5), col(2, 3, 4), scale)).toBeCloseTo(0.5, 12)
  })

  test('averages over every member × theme pair, across themes', () => {
    const blind = [
      [1, 2],
      [3, 2],
      [5, 2],
    ]
    const open = [
      [2, 2],
      [3, 2],
      [4, 2],
    ]
    // theme 1 contributes 1.5, 0, 1.5; theme 2 contributes 0 three times → 3 / 6 / 4
    expect(conformityShift(blind, open, scale)).toBeCloseTo(0.125, 12)
  })

  test('"the others" include a member who did not re-rate: their blind rating stands in the open round', () => {
    // Through buildMatrices, as the analysis runs: m2 rated 3 blind and did not re-rate, so its
    // open value is 3 and it is one of the others for m1 and m3. Same as col(1, 3, 5) → col(2, 3, 4).
    const members = [
      { id: 'm1', name: 'M1' },
      { id: 'm2', name: 'M2' },
      { id: 'm3', name: 'M3' },
    ]
    const themes = [{ id: 't', name: 'T' }]
    const r = (memberId: string, round: 'blind' | 'open', value: number) => ({ memberId, themeId: 't', round, value, reason: null })
    const { blind, open } = buildMatrices({
      members,
      themes,
      ratings: [r('m1', 'blind', 1), r('m2', 'blind', 3), r('m3', 'blind', 5), r('m1', 'open', 2), r('m3', 'open', 4)],
    })
    expect(open).toEqual([[2], [3], [4]])
    expect(conformityShift(blind, open, scale)).toBeCloseTo(0.25, 12)
  })

  test('a member who rated only in the open round is in neither mean', () => {
    // m2 has an open 1 but no blind rating: the others of m1 are m3 only, in both rounds.
    // m1: |1 − 5| − |2 − 4| = 2; m3: |5 − 1| − |4 − 2| = 2 → 2 / 4. With m2 in the open mean it would differ.
    expect(conformityShift(col(1, _, 5), col(2, 1, 4), scale)).toBeCloseTo(0.5, 12)
  })

  test('is null when no theme has two members rated in both rounds', () => {
    expect(conformityShift(col(1, _), col(2, 4), scale)).toBeNull()
    expect(conformityShift([], [], scale)).toBeNull()
  })
})

describe('varianceRatio', () => {
  test('open variance over blind variance for one theme', () => {
    // blind 1 3 5 → s² 4; open 2 3 4 → s² 1
    expect(varianceRatio(col(1, 3, 5), col(2, 3, 4))).toBeCloseTo(0.25, 12)
  })

  test('means the variances over themes before dividing', () => {
    const blind = [
      [1, 2],
      [3, 2],
      [5, 5],
    ]
    const open = [
      [2, 2],
      [3, 2],
      [4, 2],
    ]
    // blind s² 4 and 3, open s² 1 and 0 → (1/2) / (7/2)
    expect(varianceRatio(blind, open)).toBeCloseTo(1 / 7, 12)
  })

  test('skips themes with fewer than two ratings in either round', () => {
    const blind = [
      [1, 1],
      [3, _],
      [5, _],
    ]
    expect(
      varianceRatio(
        blind,
        blind.map((r) => [...r]),
      ),
    ).toBe(1)
  })

  test('is null when the blind round had no spread or no usable theme', () => {
    expect(varianceRatio(col(3, 3, 3), col(2, 3, 4))).toBeNull()
    expect(varianceRatio(col(3, _), col(3, _))).toBeNull()
  })
})

describe('ratingChanges', () => {
  test('counts changed open ratings and those without a reason, blanks included', () => {
    const blind = [
      [1, 2],
      [3, 4],
    ]
    const open = [
      [2, 2],
      [1, 5],
    ]
    const reasons = [
      ['the discussion reminded me of a session', null],
      [null, '   '],
    ]
    expect(ratingChanges(blind, open, reasons)).toEqual({ changed: 3, changedWithoutReason: 2 })
  })

  test('an open rating with no blind rating is not a change', () => {
    expect(ratingChanges(col(_), col(4), [[null]])).toEqual({ changed: 0, changedWithoutReason: 0 })
  })
})

describe('roundShift', () => {
  test('gathers the indicators and per-theme spread', () => {
    // m4 rated only in the open round: not a pair, but part of the open spread (2 3 4 4 → s² 11/12)
    const themes = [{ id: 't1', name: 'Being heard' }]
    const shift = roundShift(col(1, 3, 5, _), col(2, 3, 4, 4), [[null], [null], ['moved'], ['new']], themes, scale)
    expect(shift.pairs).toBe(3)
    expect(shift.conformityShift).toBeCloseTo(0.25, 12)
    expect(shift.varianceRatio).toBeCloseTo(11 / 12 / 4, 12)
    expect(shift).toMatchObject({ changed: 2, changedWithoutReason: 1 })
    expect(shift.themes).toEqual([
      { themeId: 't1', name: 'Being heard', blindIqr: 2, openIqr: 1.25, blindSd: 2, openSd: expect.closeTo(Math.sqrt(11 / 12), 12) },
    ])
  })
})
