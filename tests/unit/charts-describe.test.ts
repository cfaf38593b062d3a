import { describe, expect, test } from 'vitest'
import {
  collapsedThemes,
  describeBlindToOpen,
  describeConvergence,
  describeDistributions,
  describeOpinionMap,
  describeParticipation,
  describeThemesAcrossCycles,
  participationWords,
} from '~/features/analysis/core/describe'
import type { ThemeSeries } from '~/features/analysis/core/chart-data'
import type { OpinionMap, RoundShift, ThemeAnalysis, ThemeClass } from '~/features/analysis/core/types'
import { computeIndicators, PARTICIPATION_WORDS, type IndicatorInput } from '~/features/validity/core'
import { analyseTheme, openThemes, participationOf, scale, series, shift } from './fixtures/analysis-fixture'

/** A theme with just the fields the sentences read. */
function theme(name: string, cls: ThemeClass, direction: ThemeAnalysis['direction'] = 'neutral', n = 6): ThemeAnalysis {
  return {
    themeId: `t-${name}`,
    name,
    stats: { n, mean: null, median: null, sd: null, q1: null, q3: null, iqr: null, withinOneOfMedian: null, distribution: [] },
    class: cls,
    direction,
    polarised: false,
    belowQuorum: false,
  }
}

describe('describeConvergence', () => {
  test('reads the brief’s example: convergent themes by direction, divergent ones by name', () => {
    const themes = [
      theme('Holding the container', 'convergent', 'endorsed'),
      theme('Naming the silence', 'divergent'),
      theme('Tea as ritual', 'convergent', 'endorsed'),
      theme('Rotating facilitation', 'mixed'),
      theme('Cultural silence', 'divergent'),
      theme('Permission to not know', 'convergent', 'endorsed'),
      theme('Fear of getting it wrong', 'mixed'),
    ]
    expect(describeConvergence(themes)).toBe(
      '3 of 7 themes are convergent and endorsed; 2 divergent themes split the group: Naming the silence, Cultural silence.',
    )
  })

  test('the realistic fixture gives the same reading', () => {
    expect(describeConvergence(openThemes)).toBe(
      '3 of 7 themes are convergent and endorsed; 2 divergent themes split the group: Naming the silence, Cultural silence.',
    )
  })

  test('convergent themes pointing different ways are counted by direction', () => {
    const themes = [
      theme('A', 'convergent', 'endorsed'),
      theme('B', 'convergent', 'rejected'),
      theme('C', 'convergent', 'endorsed'),
      theme('D', 'mixed'),
    ]
    expect(describeConvergence(themes)).toBe('3 of 4 themes are convergent (2 endorsed, 1 rejected); no theme is divergent.')
  })

  test('a single divergent theme and unrated themes are worded in the singular', () => {
    const themes = [theme('A', 'convergent', 'rejected'), theme('B', 'divergent'), theme('C', 'mixed', 'neutral', 0)]
    expect(describeConvergence(themes)).toBe(
      '1 of 2 rated themes is convergent and rejected (1 theme has no ratings yet); 1 divergent theme splits the group: B.',
    )
  })

  test('no convergent theme, and no ratings at all', () => {
    expect(describeConvergence([theme('A', 'divergent'), theme('B', 'mixed')])).toBe(
      'None of the 2 themes is convergent; 1 divergent theme splits the group: A.',
    )
    expect(describeConvergence([theme('A', 'mixed', 'neutral', 0), theme('B', 'mixed', 'neutral', 0)])).toBe(
      'None of the 2 themes has ratings yet.',
    )
    expect(describeConvergence([])).toBe('There are no themes to rate yet.')
  })
})

describe('describeDistributions', () => {
  test('counts which way each theme leans and names the most evenly divided', () => {
    const themes = [
      analyseTheme('a', 'Fits', [4, 5, 5, 4, 3]),
      analyseTheme('b', 'Does not fit', [1, 2, 2, 3]),
      analyseTheme('c', 'Split', [1, 1, 5, 5, 2, 4]),
      analyseTheme('d', 'Leaning split', [1, 4, 5, 5]),
      analyseTheme('e', 'Unrated', []),
    ]
    expect(describeDistributions(themes, scale)).toBe(
      '2 of 4 themes have more ratings above the midpoint (fits) than below it, 1 has more below (does not fit) and 1 is balanced; the most divided is Split, with 3 ratings below and 3 above the midpoint.',
    )
  })

  test('when no theme has ratings on both sides it says so', () => {
    const themes = [analyseTheme('a', 'A', [4, 5]), analyseTheme('b', 'B', [5, 5, 3])]
    expect(describeDistributions(themes, scale)).toBe(
      '2 of 2 themes have more ratings above the midpoint (fits) than below it and none has more below (does not fit); no theme has ratings on both sides of the midpoint.',
    )
  })
})

describe('describeBlindToOpen', () => {
  const base: RoundShift = { conformityShift: null, varianceRatio: null, pairs: 20, changed: 0, changedWithoutReason: 0, themes: [] }
  const row = (name: string, blindIqr: number | null, openIqr: number | null) => ({
    themeId: name,
    name,
    blindIqr,
    openIqr,
    blindSd: null,
    openSd: null,
  })

  test('a spread collapses when it at least halves from one scale point or more', () => {
    const themes = [
      row('Halved', 2, 1),
      row('Shrunk a little', 2, 1.25),
      row('Was already narrow', 0.5, 0),
      row('To nothing', 1, 0),
      row('Unrated', null, null),
    ]
    expect(collapsedThemes({ ...base, themes }).map((t) => t.name)).toEqual(['Halved', 'To nothing'])
  })

  test('names the collapsed themes and reports changes with and without reasons', () => {
    const s: RoundShift = {
      ...base,
      changed: 5,
      changedWithoutReason: 2,
      themes: [row('Naming the silence', 3, 1), row('Tea as ritual', 1, 1)],
    }
    expect(describeBlindToOpen(s)).toBe(
      'The spread collapsed in discussion for 1 theme (Naming the silence); 5 of 20 ratings changed in the open round, 2 without a reason.',
    )
  })

  test('no collapse, no change', () => {
    expect(describeBlindToOpen({ ...base, themes: [row('A', 2, 2)] })).toBe(
      "No theme's spread collapsed in discussion; no rating changed in the open round.",
    )
    expect(describeBlindToOpen({ ...base, changed: 3, changedWithoutReason: 0 })).toBe(
      "No theme's spread collapsed in discussion; 3 of 20 ratings changed in the open round, all with a reason.",
    )
    expect(describeBlindToOpen({ ...base, changed: 3, changedWithoutReason: 3 })).toBe(
      "No theme's spread collapsed in discussion; 3 of 20 ratings changed in the open round, none with a reason.",
    )
  })

  test('the fixture: two spreads collapse, ten ratings change, six without a reason', () => {
    expect(describeBlindToOpen(shift)).toBe(
      'The spread collapsed in discussion for 2 themes (Permission to not know, Rotating facilitation); 10 of 46 ratings changed in the open round, 6 without a reason.',
    )
  })
})

describe('describeThemesAcrossCycles', () => {
  test('reports each theme’s latest trajectory and the largest move in median', () => {
    expect(describeThemesAcrossCycles(series)).toBe(
      'By cycle 3, 3 themes persist, 1 is emergent (Cultural silence) and 1 is fading (Tea as ritual); the largest move in median is Holding the container, from 3.5 to 5.',
    )
  })

  test('a single cycle has no trend yet, and an unchanged median is said so', () => {
    const one: ThemeSeries[] = [{ themeId: 'a', name: 'A', points: [{ cycle: 1, median: 4, iqr: 1, trajectory: 'emergent' }] }]
    expect(describeThemesAcrossCycles(one)).toBe('Only cycle 1 has theme ratings so far, so there is no trend yet.')
    const flat: ThemeSeries[] = [
      {
        themeId: 'a',
        name: 'A',
        points: [
          { cycle: 1, median: 4, iqr: 1, trajectory: 'emergent' },
          { cycle: 2, median: 4, iqr: 0, trajectory: 'persisting' },
        ],
      },
    ]
    expect(describeThemesAcrossCycles(flat)).toBe('By cycle 2, 1 theme persists; no theme’s median has moved.')
    expect(describeThemesAcrossCycles([])).toBe('No cycle has theme ratings yet.')
  })
})

describe('describeOpinionMap', () => {
  const map: OpinionMap = {
    members: [],
    explained: [0.584, 0.17],
    separatingThemes: [
      { themeId: 'a', name: 'Naming the silence', loading: 0.7 },
      { themeId: 'b', name: 'Cultural silence', loading: -0.5 },
      { themeId: 'c', name: 'Tea as ritual', loading: 0.2 },
      { themeId: 'd', name: 'Fourth', loading: 0.1 },
    ],
    note: null,
  }

  test('names up to three separating themes, strongest first', () => {
    expect(describeOpinionMap(map)).toBe(
      'The left–right axis accounts for 58% of the differences between members’ ratings and separates them mainly by how they rated Naming the silence, Cultural silence and Tea as ritual.',
    )
  })

  test('without separating themes, and when the map carries a note instead', () => {
    expect(describeOpinionMap({ ...map, separatingThemes: [] })).toBe(
      'The left–right axis accounts for 58% of the differences between members’ ratings; no single theme stands out.',
    )
    expect(describeOpinionMap({ ...map, note: 'The opinion map needs ratings from at least two members.' })).toBe(
      'No opinion map is drawn for this cycle.',
    )
  })

  test('members with no ratings are said to be listed, not placed', () => {
    const one = { ...map, unrated: [{ memberId: 'z', name: 'Zoë' }] }
    expect(describeOpinionMap(one)).toBe(
      'The left–right axis accounts for 58% of the differences between members’ ratings and separates them mainly by how they rated Naming the silence, Cultural silence and Tea as ritual; 1 member with no ratings is listed, not placed.',
    )
    const two = {
      ...map,
      separatingThemes: [],
      unrated: [
        { memberId: 'y', name: 'Yan' },
        { memberId: 'z', name: 'Zoë' },
      ],
    }
    expect(describeOpinionMap(two)).toBe(
      'The left–right axis accounts for 58% of the differences between members’ ratings; no single theme stands out; 2 members with no ratings are listed, not placed.',
    )
  })
})

describe('describeParticipation', () => {
  test("the plain words are the participation-balance indicator's, by its status", () => {
    expect(participationWords({ status: 'ok' })).toBe('balanced enough')
    expect(participationWords({ status: 'warn' })).toBe('uneven')
    expect(participationWords({ status: 'alert' })).toBe('led by one voice')
    expect(participationWords({ status: 'n/a' })).toBeNull()
    expect(PARTICIPATION_WORDS).toEqual({ ok: 'balanced enough', warn: 'uneven', alert: 'led by one voice' })
  })

  const row = (name: string, n: number) => ({
    memberId: name,
    name,
    records: n,
    words: n * 100,
    themesProposed: n,
    stances: n,
    challenges: n,
  })

  /** The indicator the validity page computes from this participation, with the default thresholds. */
  function verdictFor(p: ReturnType<typeof participationOf>) {
    return computeIndicators(indicatorInput(p), []).find((i) => i.key === 'participation-balance')!
  }

  test('without the indicator it gives the numbers only, calling participation neither even nor uneven', () => {
    const even = participationOf([row('A', 3), row('B', 3), row('C', 3), row('D', 3)])
    expect(describeParticipation(even)).toBe(
      'The normalised Gini of participation is 0.00 (0 means everyone contributes equally, 1 that one member makes every contribution), and the most active member accounts for 25% of contributions on average.',
    )
    const few = participationOf([row('A', 20), row('B', 1), row('C', 1), row('D', 0)])
    expect(few.overallGini).toBeGreaterThan(0.4)
    // The sentence gives the normalised form, G · n/(n − 1), here G · 4/3.
    expect(few.overallGiniNormalised).toBeCloseTo((few.overallGini * 4) / 3, 12)
    const words = describeParticipation(few)
    expect(words).toBe(
      `The normalised Gini of participation is ${few.overallGiniNormalised.toFixed(2)} (0 means everyone contributes equally, 1 that one member makes every contribution), and the most active member accounts for 91% of contributions on average.`,
    )
    expect(words).not.toMatch(/even|dominated/)
  })

  test("with the indicator it says the indicator's verdict and reason, whatever the Gini alone suggests", () => {
    // Three members, one of whom makes about two thirds of the contributions: the indicator warns
    // (very unequal, with nothing to show the others simply followed), and the sentence says so.
    const uneven = participationOf([row('A', 12), row('B', 3), row('C', 2)])
    const verdict = verdictFor(uneven)
    expect(verdict.status).toBe('warn')
    const words = describeParticipation(uneven, verdict)
    expect(words).toBe(`Participation is uneven (warning on participation balance): ${verdict.reason}.`)
    // The reason gives the same normalised Gini the chart shows, never another number.
    expect(words).toContain(`Gini ${uneven.overallGiniNormalised.toFixed(2)}`)
    expect(words).not.toContain(`Gini ${uneven.overallGini.toFixed(2)}`)
    expect(words).not.toMatch(/balanced enough/)

    const even = participationOf([row('A', 3), row('B', 3), row('C', 3), row('D', 3)])
    expect(describeParticipation(even, verdictFor(even))).toMatch(
      /^Participation is balanced enough \(ok on participation balance\): normalised Gini 0\.00 \(below unequal at 0\.30\)/,
    )
    const few = participationOf([row('A', 20), row('B', 1), row('C', 1), row('D', 0)])
    // Counts alone can earn a warning, never an alert: an alert needs the evidence that others followed one voice.
    expect(describeParticipation(few, verdictFor(few))).toMatch(
      /^Participation is uneven \(warning on participation balance\): normalised Gini 0\.91 \(very unequal at 0\.45 or more\).*no sign the others simply followed/,
    )
  })

  test('an indicator with nothing to read adds no verdict', () => {
    const p = participationOf([row('A', 3), row('B', 1)])
    const na = { status: 'n/a' as const, rule: 'r', reason: 'participation balance needs at least two members' }
    expect(describeParticipation(p, na)).toBe(describeParticipation(p))
  })

  test('nobody has contributed yet', () => {
    expect(describeParticipation(participationOf([row('A', 0), row('B', 0)]))).toBe('No member has contributed in this cycle yet.')
    expect(describeParticipation(participationOf([]))).toBe('There are no members to compare.')
  })
})

function indicatorInput(p: { overallGiniNormalised: number; largestShare: number; members: unknown[] }): IndicatorInput {
  return {
    cycleNumber: 1,
    recommendedMinCycles: 6,
    concluded: false,
    memberCount: p.members.length,
    ratings: null,
    challengesRaised: 0,
    decisionsClosed: 0,
    decisionsWithDissent: 0,
    unanimousWithoutReasons: 0,
    participation: { gini: p.overallGiniNormalised, largestShare: p.largestShare },
    membersWithoutActionRecords: 0,
    actionPhaseReached: false,
    waysOfKnowing: { experiential: 0, presentational: 0, propositional: 0, practical: 0 },
    checkInsFlagged: 0,
    checkIns: 0,
    thresholds: {},
  }
}
