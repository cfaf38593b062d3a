import { describe, expect, test } from 'vitest'
import {
  classifyTheme,
  isPolarised,
  POLARISED_MIN_RATINGS,
  quantile,
  themeStats,
  type AnalysisThresholds,
  type RatingScale,
} from '~/features/analysis/core'

const scale: RatingScale = { min: 1, max: 5, labels: {} }
const thresholds: AnalysisThresholds = { convergentMaxIqr: 1, divergentMinIqr: 2, polarisedShare: 0.25, quorum: 0.6667 }

describe('themeStats', () => {
  test('1..5: median 3, quartiles 2 and 4, sample sd √2.5', () => {
    const s = themeStats([5, 1, 4, 2, 3], scale)
    expect(s).toMatchObject({ n: 5, mean: 3, median: 3, q1: 2, q3: 4, iqr: 2, withinOneOfMedian: 0.6 })
    expect(s.sd).toBeCloseTo(1.5811, 4)
    expect(s.distribution).toEqual([1, 2, 3, 4, 5].map((value) => ({ value, count: 1 })))
  })

  test('[2,2,3,3]: median 2.5, q1 2, q3 3 by type 7 interpolation', () => {
    const s = themeStats([2, 3, 2, 3], scale)
    expect(s).toMatchObject({ n: 4, mean: 2.5, median: 2.5, q1: 2, q3: 3, iqr: 1, withinOneOfMedian: 1 })
    // deviations ±0.5 → Σ = 1, / (n − 1) = 1/3
    expect(s.sd).toBeCloseTo(Math.sqrt(1 / 3), 12)
  })

  test('[1,2,4,5]: quartiles interpolate between order statistics (1.75 and 4.25)', () => {
    // type 7: h = (n − 1)p; p = .25 → h = .75 → 1 + .75·(2 − 1); p = .75 → h = 2.25 → 4 + .25·(5 − 4)
    const s = themeStats([1, 2, 4, 5], scale)
    expect(s.q1).toBeCloseTo(1.75, 12)
    expect(s.q3).toBeCloseTo(4.25, 12)
    expect(s.iqr).toBeCloseTo(2.5, 12)
    expect(s.median).toBe(3)
    expect(s.withinOneOfMedian).toBe(0.5)
  })

  test('a single rating has sd 0 and IQR 0', () => {
    expect(themeStats([4], scale)).toMatchObject({ n: 1, mean: 4, median: 4, sd: 0, iqr: 0, withinOneOfMedian: 1 })
  })

  test('no ratings give n 0, nulls and a distribution of zeros over every scale point', () => {
    const s = themeStats([], scale)
    expect(s).toEqual({
      n: 0,
      mean: null,
      median: null,
      sd: null,
      q1: null,
      q3: null,
      iqr: null,
      withinOneOfMedian: null,
      distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: 0 })),
    })
  })

  test('the distribution follows the scale, including points nobody chose', () => {
    const s = themeStats([0, 0, 3], { min: 0, max: 6, labels: {} })
    expect(s.distribution.map((d) => d.count)).toEqual([2, 0, 0, 1, 0, 0, 0])
  })

  test('quantile at the ends returns the extremes', () => {
    expect(quantile([1, 4, 9], 0)).toBe(1)
    expect(quantile([1, 4, 9], 1)).toBe(9)
  })
})

describe('classifyTheme (6 members, so the quorum of 0.6667 needs 4 ratings)', () => {
  const classify = (values: number[], members = 6) => classifyTheme(themeStats(values, scale), scale, thresholds, members)

  test('close agreement above the midpoint is convergent and endorsed', () => {
    expect(classify([4, 4, 5, 5, 4, 4])).toEqual({ class: 'convergent', direction: 'endorsed', polarised: false, belowQuorum: false })
  })

  test('close agreement below the midpoint is convergent and rejected', () => {
    // sorted 1 1 2 2 2 → q1 1, q3 2, IQR 1 (at the limit)
    expect(classify([1, 2, 2, 1, 2])).toMatchObject({ class: 'convergent', direction: 'rejected' })
  })

  test('agreement on the midpoint is convergent and neutral', () => {
    expect(classify([3, 3, 3, 3])).toMatchObject({ class: 'convergent', direction: 'neutral' })
  })

  test('exactly the quorum of ratings is enough', () => {
    expect(classify([4, 4, 4, 5])).toMatchObject({ class: 'convergent', belowQuorum: false })
  })

  test('a wide IQR is divergent even with nobody below the midpoint', () => {
    // sorted 3 3 3 5 5 5 → q1 3, q3 5, IQR 2
    expect(classify([3, 3, 3, 5, 5, 5])).toEqual({ class: 'divergent', direction: 'endorsed', polarised: false, belowQuorum: false })
  })

  test('a quarter on each side of the midpoint, with a gap between, is divergent even when the IQR is small', () => {
    // sorted 1 1 4 4 4 4 4 4 → q1 = 1 + .75·3 = 3.25, q3 4, IQR .75; 2 of 8 below, 6 above, none at 2 or 3
    const stats = themeStats([1, 1, 4, 4, 4, 4, 4, 4], scale)
    expect(stats.iqr).toBeCloseTo(0.75, 12)
    expect(classifyTheme(stats, scale, thresholds, 8)).toEqual({
      class: 'divergent',
      direction: 'endorsed',
      polarised: true,
      belowQuorum: false,
    })
  })

  test('one rating short of a quarter on a side is not polarised', () => {
    // 1 of 5 below the midpoint is 0.2 < 0.25
    expect(classify([1, 4, 4, 4, 4])).toMatchObject({ polarised: false })
  })

  test('an IQR between the thresholds is mixed', () => {
    // sorted 2 3 4 4 5 5 → q1 3.25, q3 5, IQR 1.75; 1 below, 4 above
    expect(classify([2, 3, 4, 4, 5, 5])).toEqual({ class: 'mixed', direction: 'endorsed', polarised: false, belowQuorum: false })
  })

  test('close agreement among too few raters is mixed and flagged below quorum', () => {
    expect(classify([4, 4, 5])).toEqual({ class: 'mixed', direction: 'endorsed', polarised: false, belowQuorum: true })
  })

  test('a split among too few raters is still divergent, not below quorum', () => {
    expect(classify([1, 5])).toMatchObject({ class: 'divergent', belowQuorum: false })
  })

  test('no ratings are mixed and neutral', () => {
    expect(classify([])).toEqual({ class: 'mixed', direction: 'neutral', polarised: false, belowQuorum: true })
  })

  test('the midpoint of an even-length scale lies between points', () => {
    const sixPoint: RatingScale = { min: 1, max: 6, labels: {} }
    // midpoint 3.5: a median of 4 is endorsed, 3 rejected
    expect(classifyTheme(themeStats([4, 4, 4, 4], sixPoint), sixPoint, thresholds, 4).direction).toBe('endorsed')
    expect(classifyTheme(themeStats([3, 3, 3, 3], sixPoint), sixPoint, thresholds, 4).direction).toBe('rejected')
  })
})

describe('polarised: a stated bimodality rule (docs/design.md §4)', () => {
  const polar = (values: number[], s: RatingScale = scale, share = 0.25) => isPolarised(themeStats(values, s), s, share)
  const classify = (values: number[], members = values.length) => classifyTheme(themeStats(values, scale), scale, thresholds, members)

  test('[2, 3, 3, 4] is one spread around the middle, not polarised', () => {
    // a quarter on each side, but the midpoint holds more than either side's point: no dip
    expect(polar([2, 3, 3, 4])).toBe(false)
    // IQR 0.5 (type 7): convergent and neutral, as one spread around the middle is
    expect(classify([2, 3, 3, 4])).toEqual({ class: 'convergent', direction: 'neutral', polarised: false, belowQuorum: false })
  })

  test('[1, 1, 5, 5] is two camps at the ends: polarised and divergent', () => {
    expect(polar([1, 1, 5, 5])).toBe(true)
    expect(classify([1, 1, 5, 5])).toEqual({ class: 'divergent', direction: 'neutral', polarised: true, belowQuorum: false })
  })

  test('[1, 2, 4, 5] is polarised: nobody in the middle between two camps', () => {
    expect(polar([1, 2, 4, 5])).toBe(true)
  })

  test('a flat spread has no dip and is not polarised', () => {
    expect(polar([1, 2, 3, 4, 5])).toBe(false)
    expect(polar([1, 1, 2, 2, 3, 3, 4, 4, 5, 5])).toBe(false)
  })

  test('a middle camp larger than the end camps is not polarised; a smaller one is', () => {
    expect(polar([1, 1, 3, 3, 3, 5, 5])).toBe(false)
    expect(polar([1, 1, 3, 5, 5])).toBe(true)
    // on 1–7, one member at the midpoint between two pairs at the ends
    const seven: RatingScale = { min: 1, max: 7, labels: {} }
    expect(polar([1, 1, 4, 7, 7], seven)).toBe(true)
  })

  test('camps with an uneven number of members still dip: 5 low, 3 high, nobody at the midpoint', () => {
    // counts 3 2 0 1 2: points 2 and 5 each hold more than 3 and 4 between them
    expect(polar([1, 1, 1, 2, 2, 4, 5, 5])).toBe(true)
  })

  test('fewer than three ratings are never polarised: a pair that differs is not two camps', () => {
    expect(POLARISED_MIN_RATINGS).toBe(3)
    expect(polar([1, 5])).toBe(false)
    expect(polar([1])).toBe(false)
    expect(polar([])).toBe(false)
    // a pair at the ends is still divergent by its IQR
    expect(classify([1, 5])).toMatchObject({ class: 'divergent', polarised: false })
  })

  test('three ratings: two camps with a gap are polarised, three different points are not', () => {
    expect(polar([1, 1, 5])).toBe(true)
    expect(polar([1, 5, 5])).toBe(true)
    expect(polar([1, 3, 5])).toBe(false)
    expect(polar([2, 3, 4])).toBe(false)
    expect(polar([2, 2, 4])).toBe(true)
  })

  test('everyone on one side, or too few on one side, is not polarised however wide', () => {
    expect(polar([3, 3, 3, 5, 5, 5])).toBe(false)
    expect(polar([1, 4, 4, 4, 4])).toBe(false)
    expect(polar([1, 4, 4, 4, 4], scale, 0.2)).toBe(true)
  })

  test('on an even-length scale, adjacent points either side of the midpoint are not two camps', () => {
    const four: RatingScale = { min: 1, max: 4, labels: {} }
    expect(polar([2, 2, 3, 3], four)).toBe(false)
    expect(polar([1, 2, 3, 4], four)).toBe(false)
    expect(polar([1, 1, 4, 4], four)).toBe(true)
    expect(polar([1, 1, 2, 3, 4, 4], four)).toBe(true)
  })

  test('the rule does not depend on the order of the distribution', () => {
    const s = themeStats([1, 2, 4, 5], scale)
    expect(isPolarised({ n: s.n, distribution: [...s.distribution].reverse() }, scale, 0.25)).toBe(true)
  })
})
