import { describe, expect, test } from 'vitest'
import { computeIndicators, indicatorKeyFor } from '~/features/validity/core'
import { collusive, ended, healthyCycle as input, indicator, procedures, statusesOf } from './fixtures/indicator-input'

// The validity indicators as a set: the eleven of them in order, the procedures each is shown
// beside, and what whole cycles read. The verdict and the one-truth texts are in
// validity-indicators-verdict.test.ts.

describe('computeIndicators: the set', () => {
  test('returns the eleven indicators in a fixed order with their human names', () => {
    const all = computeIndicators(input(), procedures)
    expect(all.map((i) => [i.key, i.name])).toEqual([
      ['conformity-shift', 'Conformity shift'],
      ['variance-ratio', 'Variance ratio'],
      ['unexplained-moves', 'Unexplained moves'],
      ['dissent', 'Dissent'],
      ['participation-balance', 'Participation balance'],
      ['grounding', 'Grounding in action'],
      ['ways-of-knowing', 'Ways of knowing'],
      ['research-cycling', 'Research cycling'],
      ['divergence-balance', 'Divergence balance'],
      ['unaware-projections', 'Unaware projections (distress)'],
      ['authentic-collaboration', 'Authentic collaboration (facilitator dependence)'],
    ])
  })

  test('every sentence is one plain sentence ending in a full stop or question mark, at every level', () => {
    const unclear = input(
      { decisionsClosed: 1, decisionsWithDissent: 0, challengesRaised: 0, checkInsFlagged: 1 },
      { changed: 2, changedWithoutReason: 2, conformityShift: 0.3 },
    )
    for (const cycle of [input(), ended(), collusive, unclear, input({ ratings: null, participation: null, checkIns: 0 })]) {
      for (const i of computeIndicators(cycle, procedures)) expect(i.sentence, i.key).toMatch(/^[A-Z0-9].*[.?]$/)
    }
  })
})

describe('procedures mapping', () => {
  test('each indicator names the template procedures that list it', () => {
    const byKey = Object.fromEntries(computeIndicators(input(), procedures).map((i) => [i.key, i.procedures]))
    expect(byKey).toEqual({
      'conformity-shift': ['divergence-convergence', 'challenging-collusion'],
      'variance-ratio': ['divergence-convergence'],
      'unexplained-moves': ['challenging-collusion'],
      dissent: ['challenging-collusion'],
      'participation-balance': ['authentic-collaboration'],
      grounding: ['reflection-action'],
      'ways-of-knowing': ['aspects-of-reflection'],
      'research-cycling': ['research-cycling'],
      'divergence-balance': ['divergence-convergence'],
      'unaware-projections': ['unaware-projections'],
      'authentic-collaboration': ['authentic-collaboration'],
    })
  })

  test("the template's 'cycling' and the renamed 'research-cycling' both map to research cycling", () => {
    const procs = [
      { key: 'old', indicators: ['cycling'] },
      { key: 'new', indicators: ['research-cycling'] },
      { key: 'other', indicators: ['grounding', 'no-such-indicator'] },
    ]
    expect(indicator('research-cycling', input(), procs).procedures).toEqual(['old', 'new'])
    expect(indicator('grounding', input(), procs).procedures).toEqual(['other'])
    expect(indicator('dissent', input(), []).procedures).toEqual([])
  })

  test('indicatorKeyFor resolves aliases and rejects unknown names', () => {
    expect(indicatorKeyFor('cycling')).toBe('research-cycling')
    expect(indicatorKeyFor('research-cycling')).toBe('research-cycling')
    expect(indicatorKeyFor('dissent')).toBe('dissent')
    expect(indicatorKeyFor('participation-gini')).toBeNull()
  })
})

describe('whole cycles', () => {
  test('a collusive cycle alerts on conformity shift, unexplained moves, dissent and participation', () => {
    expect(statusesOf(computeIndicators(collusive, procedures))).toEqual({
      'conformity-shift': 'alert',
      'variance-ratio': 'warn',
      'unexplained-moves': 'alert',
      dissent: 'alert',
      'participation-balance': 'alert',
      grounding: 'ok',
      'ways-of-knowing': 'ok',
      'research-cycling': 'n/a',
      'divergence-balance': 'warn',
      'unaware-projections': 'warn',
      'authentic-collaboration': 'warn',
    })
  })

  test('the same cycle without the evidence: counts alone still alert, but cannot name a voice the others follow', () => {
    const counts = { ...collusive, evidence: undefined }
    const s = statusesOf(computeIndicators(counts, procedures))
    expect(s).toMatchObject({
      'conformity-shift': 'alert',
      'unexplained-moves': 'alert',
      dissent: 'alert',
      'participation-balance': 'ok',
      'unaware-projections': 'unclear',
    })
  })

  test('a healthy ended cycle has every indicator ok', () => {
    expect(Object.values(statusesOf(computeIndicators(ended(), procedures)))).toEqual(Array(11).fill('ok'))
  })

  test('a cycle just begun has nothing to read', () => {
    const start = input({
      cycleNumber: 1,
      ratings: null,
      challengesRaised: 0,
      decisionsClosed: 0,
      decisionsWithDissent: 0,
      unanimousWithoutReasons: 0,
      participation: null,
      membersWithoutActionRecords: 6,
      actionPhaseReached: false,
      waysOfKnowing: { experiential: 0, presentational: 0, propositional: 0, practical: 0 },
      checkIns: 0,
    })
    expect(Object.values(statusesOf(computeIndicators(start, procedures)))).toEqual(Array(11).fill('n/a'))
  })
})
