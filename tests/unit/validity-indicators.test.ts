import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import {
  computeIndicators,
  DEFAULT_THRESHOLDS,
  INDICATOR_KEYS,
  INDICATOR_STATUS_TEXT,
  indicatorKeyFor,
  reasonAndRuleText,
  reasonText,
  ruleFor,
  ruleText,
  statusFor,
  summarise,
  verdictText,
  type CycleEvidence,
  type Indicator,
  type IndicatorInput,
  type IndicatorKey,
  type Threshold,
} from '~/features/validity/core'
import { healthyCycle, type Ratings } from './fixtures/indicator-input'

// The validity indicators of issue 14: each reads the evidence for and against collusion, says
// "not enough to tell" below its minimum, and states its rule with the thresholds it used. The
// evidence-based cases (each indicator at its minimum, each level, a pair, nine) are in
// validity-indicators-evidence.test.ts; this file holds the set, the counts-based readings, the
// verdict and the one-truth texts.

const template = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../inquiry-templates/cooperative-inquiry.json', import.meta.url)), 'utf8'),
) as { validityProcedures: { key: string; indicators: string[] }[]; indicatorThresholds: Record<string, Threshold> }
const procedures = template.validityProcedures

const input = healthyCycle

/** The healthy cycle as the last of a concluded inquiry of six cycles: every indicator has something to judge. */
const ended = (overrides: Partial<IndicatorInput> = {}, ratings: Partial<Ratings> = {}) =>
  input({ cycleNumber: 6, concluded: true, ...overrides, evidence: { inquiryCycles: 6, ...overrides.evidence } }, ratings)

function indicator(key: IndicatorKey, i: IndicatorInput, procs = procedures): Indicator {
  const found = computeIndicators(i, procs).find((x) => x.key === key)
  if (!found) throw new Error(`no indicator ${key}`)
  return found
}

const statusesOf = (xs: Indicator[]) => Object.fromEntries(xs.map((x) => [x.key, x.status]))

/** Six members; m1 writes half the words and proposes 3 of 4 themes; m2–m4 move one rating each to m1's without a reason. */
const collusiveEvidence: CycleEvidence = {
  ratings: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].flatMap((member, i) =>
    ['t1', 't2', 't3'].map((theme, j) => {
      const blind = member === 'm1' ? 5 : 2
      return { member, theme, blind, open: i >= 1 && i <= 3 && j === i - 1 ? 4 : blind, reasoned: false }
    }),
  ),
  contributions: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((member, i) => ({
    member,
    records: 2,
    words: i === 0 ? 500 : 100,
    themesProposed: i === 0 ? 3 : i === 1 ? 1 : 0,
    actionRecords: 1,
  })),
  challenges: [],
  devilsAdvocate: { required: true, held: null },
  timeMade: false,
}
const collusive = input(
  {
    challengesRaised: 0,
    decisionsClosed: 4,
    decisionsWithDissent: 0,
    unanimousWithoutReasons: 4,
    participation: { gini: 0.4, largestShare: 0.45 },
    checkInsFlagged: 1,
    evidence: collusiveEvidence,
  },
  {
    conformityShift: 0.25,
    varianceRatio: 0.5,
    changed: 3,
    changedWithoutReason: 3,
    themeClasses: ['convergent', 'convergent'],
    blindThemeClasses: ['divergent', 'mixed'],
  },
)

describe('statusFor', () => {
  test('warn below alert: higher is worse, each bound inclusive', () => {
    const t = { warn: 0.1, alert: 0.2 }
    expect(statusFor(0.05, t)).toBe('ok')
    expect(statusFor(0.0999, t)).toBe('ok')
    expect(statusFor(0.1, t)).toBe('warn')
    expect(statusFor(0.15, t)).toBe('warn')
    expect(statusFor(0.2, t)).toBe('alert')
    expect(statusFor(0.9, t)).toBe('alert')
  })

  test('warn above alert: lower is worse, each bound inclusive', () => {
    const t = { warn: 0.6, alert: 0.4 }
    expect(statusFor(0.9, t)).toBe('ok')
    expect(statusFor(0.6001, t)).toBe('ok')
    expect(statusFor(0.6, t)).toBe('warn')
    expect(statusFor(0.5, t)).toBe('warn')
    expect(statusFor(0.4, t)).toBe('alert')
    expect(statusFor(0, t)).toBe('alert')
  })

  test('an alert bound of zero on the lower-is-worse side alerts only at zero', () => {
    const t = { warn: 0.1, alert: 0 }
    expect(statusFor(0, t)).toBe('alert')
    expect(statusFor(0.05, t)).toBe('warn')
    expect(statusFor(0.1, t)).toBe('warn')
    expect(statusFor(0.11, t)).toBe('ok')
  })

  test('equal warn and alert means higher is worse, with no warn band', () => {
    const t = { warn: 0.5, alert: 0.5 }
    expect(statusFor(0.49, t)).toBe('ok')
    expect(statusFor(0.5, t)).toBe('alert')
    expect(statusFor(0.8, t)).toBe('alert')
  })
})

describe('computeIndicators: the set', () => {
  test('returns the ten indicators in a fixed order with their human names', () => {
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

describe('thresholds', () => {
  test('defaults apply when the template gives none', () => {
    const all = computeIndicators(input(), procedures)
    const t = Object.fromEntries(all.map((i) => [i.key, i.threshold]))
    expect(t['conformity-shift']).toEqual({ warn: 0.1, alert: 0.2 })
    expect(t['variance-ratio']).toEqual({ warn: 0.6, alert: 0.4 })
    expect(t['participation-balance']).toEqual({ warn: 0.3, alert: 0.45 })
    expect(t['grounding']).toEqual({ warn: 1, alert: 2 })
    expect(t['research-cycling']).toBeNull()
    expect(t['divergence-balance']).toBeNull()
    expect(t['unaware-projections']).toBeNull()
    expect(all.find((i) => i.key === 'participation-balance')!.thresholds).toEqual({
      'participation-gini': { warn: 0.3, alert: 0.45 },
      'participation-largest-share': { warn: 0.35, alert: 0.5 },
    })
  })

  test("the shipped template's thresholds equal the defaults", () => {
    for (const [key, t] of Object.entries(template.indicatorThresholds)) expect(DEFAULT_THRESHOLDS[key]).toEqual(t)
  })

  test('a template threshold overrides its default key by key', () => {
    const thresholds = { ...template.indicatorThresholds, 'conformity-shift': { warn: 0.3, alert: 0.4 } }
    const i = input({ challengesRaised: 0, thresholds }, { conformityShift: 0.25, changed: 6, changedWithoutReason: 6 })
    const shift = indicator('conformity-shift', i)
    expect(shift.threshold).toEqual({ warn: 0.3, alert: 0.4 })
    expect(shift.status).toBe('ok')
    expect(indicator('conformity-shift', { ...i, thresholds: {} }).status).toBe('alert')
    // Keys the template leaves out keep their defaults.
    expect(indicator('variance-ratio', i).threshold).toEqual({ warn: 0.6, alert: 0.4 })
    expect(indicator('unexplained-moves', i).status).toBe('alert')
  })

  test('the participation largest-share threshold can be overridden separately from the Gini one', () => {
    // Half the contributions among six is 40% of the way from an equal share to all: unequal by default, very unequal at 25%.
    const cycle = (thresholds: Record<string, Threshold>) =>
      indicator('participation-balance', input({ participation: { gini: 0.1, largestShare: 0.5 }, thresholds }))
    expect(cycle({}).status).toBe('ok')
    const p = cycle({ 'participation-largest-share': { warn: 0.2, alert: 0.25 } })
    expect(p.status).toBe('warn')
    expect(p.threshold).toEqual({ warn: 0.3, alert: 0.45 })
    expect(p.thresholds['participation-largest-share']).toEqual({ warn: 0.2, alert: 0.25 })
  })

  test('changing a returned threshold does not change the defaults', () => {
    indicator('grounding', input()).threshold!.warn = 99
    expect(DEFAULT_THRESHOLDS['grounding']).toEqual({ warn: 1, alert: 2 })
  })
})

describe('conformity shift (counts only)', () => {
  test('moving toward the group with most changes unexplained and no challenge warns', () => {
    const c = indicator('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: 0.18, changed: 9, changedWithoutReason: 7 }))
    expect(c).toMatchObject({ value: 0.18, display: '0.18', status: 'warn' })
    expect(c.sentence).toBe('Ratings moved toward the group after discussion (shift 0.18), and 7 of 9 changes gave no reason.')
  })

  test('a shift at the alert threshold alerts when unexplained and unchallenged', () => {
    // 2 of 4 is exactly half: not "more than half explained", so no softening.
    expect(
      indicator('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: 0.2, changed: 4, changedWithoutReason: 2 })).status,
    ).toBe('alert')
  })

  test('a challenge raised and answered away does not soften; one revised does', () => {
    const at = (c: CycleEvidence) =>
      indicator(
        'conformity-shift',
        input({ challengesRaised: 1, evidence: c }, { conformityShift: 0.25, changed: 6, changedWithoutReason: 6 }),
      )
    const answered = at({ challenges: [{ raisedBy: 'm2', resolution: 'answered' }] })
    expect(answered.status).toBe('alert')
    expect(answered.sentence).toBe(
      'Ratings moved toward the group after discussion (shift 0.25), and 6 of 6 changes gave no reason, and 1 challenge was raised.',
    )
    expect(at({ challenges: [{ raisedBy: 'm2', resolution: 'revised' }] }).status).toBe('warn')
  })

  test('mostly explained moves are ok, however far ratings moved', () => {
    const c = indicator('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: 0.15, changed: 4, changedWithoutReason: 1 }))
    expect(c.status).toBe('ok')
    expect(c.sentence).toBe('Ratings moved toward the group after discussion (shift 0.15), and 1 of 4 changes gave no reason.')
    const far = indicator('conformity-shift', input({ challengesRaised: 3 }, { conformityShift: 0.3, changed: 5, changedWithoutReason: 0 }))
    expect(far.status).toBe('ok')
    expect(far.sentence).toBe(
      'Ratings moved toward the group after discussion (shift 0.30), and all 5 changes gave a reason, and 3 challenges were raised.',
    )
  })

  test('a shift with no changed rating is not enough to tell', () => {
    const c = indicator('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: 0.22, changed: 0, changedWithoutReason: 0 }))
    expect(c.status).toBe('unclear')
    expect(c.sentence).toBe('Ratings moved toward the group after discussion (shift 0.22).')
  })

  test('moving apart is ok', () => {
    const c = indicator('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: -0.05, changed: 3, changedWithoutReason: 3 }))
    expect(c).toMatchObject({ value: -0.05, display: '-0.05', status: 'ok' })
    expect(c.sentence).toBe('Ratings did not move toward the group after discussion.')
  })

  test('is n/a before the blind round is revealed, keeping its threshold', () => {
    const c = indicator('conformity-shift', input({ ratings: null }))
    expect(c).toMatchObject({ value: null, display: '—', status: 'n/a', threshold: { warn: 0.1, alert: 0.2 } })
    expect(c.sentence).toBe('The blind round has not been revealed yet.')
  })

  test('is n/a when no shift could be computed and no moves toward one member are known', () => {
    const c = indicator('conformity-shift', input({}, { conformityShift: null }))
    expect(c.status).toBe('n/a')
    expect(c.value).toBeNull()
  })
})

describe('variance ratio (counts only)', () => {
  const unexplained = { changed: 4, changedWithoutReason: 2 }

  test('a spread shrunk to 35% with half the changes unexplained alerts', () => {
    const v = indicator('variance-ratio', input({}, { varianceRatio: 0.35, ...unexplained }))
    expect(v).toMatchObject({ value: 0.35, display: '0.35', status: 'alert', threshold: { warn: 0.6, alert: 0.4 } })
    expect(v.sentence).toBe('After discussion the spread of ratings was 35% of what it was in the blind round.')
    // The healthy cycle's changes are mostly explained: the same spread is ok there.
    expect(indicator('variance-ratio', input({}, { varianceRatio: 0.35 })).status).toBe('ok')
  })

  test('lower is worse, with inclusive bounds', () => {
    const at = (varianceRatio: number) => indicator('variance-ratio', input({}, { varianceRatio, ...unexplained })).status
    expect([at(0.4), at(0.5), at(0.6), at(0.61)]).toEqual(['alert', 'warn', 'warn', 'ok'])
  })

  test('a spread that grew is ok and says it grew', () => {
    const v = indicator('variance-ratio', input({}, { varianceRatio: 1.2, ...unexplained }))
    expect(v.status).toBe('ok')
    expect(v.sentence).toBe('After discussion the spread of ratings grew to 120% of what it was in the blind round.')
  })

  test('is n/a when the blind round had no spread, or before reveal', () => {
    const v = indicator('variance-ratio', input({}, { varianceRatio: null }))
    expect(v).toMatchObject({ value: null, display: '—', status: 'n/a' })
    expect(v.sentence).toBe('The blind round had no spread to compare with.')
    expect(indicator('variance-ratio', input({ ratings: null })).status).toBe('n/a')
  })
})

describe('unexplained moves (counts only)', () => {
  const moves = (changed: number, changedWithoutReason: number) =>
    indicator('unexplained-moves', input({}, { changed, changedWithoutReason }))

  test('7 of 9 changes without a reason alerts', () => {
    const u = moves(9, 7)
    expect(u.value).toBeCloseTo(7 / 9, 12)
    expect(u).toMatchObject({ display: '7 of 9', status: 'alert' })
    expect(u.sentence).toBe('7 of the 9 ratings changed after discussion gave no reason.')
  })

  test('boundaries: half warns, three quarters alerts, a quarter is ok; two changes are too few', () => {
    expect([moves(4, 2), moves(8, 6), moves(4, 1), moves(2, 1)].map((u) => u.status)).toEqual(['warn', 'alert', 'ok', 'unclear'])
  })

  test('all changes explained', () => {
    expect(moves(3, 0)).toMatchObject({
      value: 0,
      display: '0 of 3',
      status: 'ok',
      sentence: 'All 3 ratings changed after discussion gave a reason.',
    })
    expect(moves(1, 1).sentence).toBe('The one rating changed after discussion gave no reason.')
  })

  test('no changed ratings: 0 of 0, ok', () => {
    expect(moves(0, 0)).toMatchObject({ value: 0, display: '0 of 0', status: 'ok', sentence: 'No one changed a rating after discussion.' })
  })

  test('is n/a before reveal', () => {
    expect(indicator('unexplained-moves', input({ ratings: null }))).toMatchObject({ value: null, display: '—', status: 'n/a' })
  })
})

describe('dissent (counts only)', () => {
  const decisions = (closed: number, withDissent: number, bare: number, challengesRaised = 0) =>
    indicator(
      'dissent',
      input({ challengesRaised, decisionsClosed: closed, decisionsWithDissent: withDissent, unanimousWithoutReasons: bare }),
    )

  test('unanimity without a single reason and no challenge alerts', () => {
    const d = decisions(5, 0, 5)
    expect(d).toMatchObject({ value: 0, display: '0 of 5', status: 'alert' })
    expect(d.sentence).toBe('No challenges were raised, and all 5 decisions were unanimous, without a single reason.')
  })

  test('unanimity with reasons on some decisions is ok, and names the bare ones', () => {
    const d = decisions(5, 0, 4)
    expect(d.status).toBe('ok')
    expect(d.sentence).toBe('No challenges were raised, and all 5 decisions were unanimous, 4 of them without a single reason.')
  })

  test('a challenge raised is disagreement voiced', () => {
    const d = decisions(3, 0, 3, 2)
    expect(d.status).toBe('ok')
    expect(d.sentence).toBe('2 challenges were raised, and all 3 decisions were unanimous, without a single reason.')
  })

  test('one decision in ten with a stance other than agree is disagreement voiced', () => {
    const d = decisions(10, 1, 0)
    expect(d).toMatchObject({ value: 0.1, display: '1 of 10', status: 'ok' })
    expect(d.sentence).toBe('No challenges were raised; 1 of 10 decisions had a stance other than agree.')
  })

  test('regular dissent is ok and still names unanimous decisions without reasons', () => {
    const d = decisions(5, 2, 1, 1)
    expect(d).toMatchObject({ value: 0.4, status: 'ok' })
    expect(d.sentence).toBe(
      '1 challenge was raised; 2 of 5 decisions had a stance other than agree, and 1 unanimous decision had no reason given.',
    )
  })

  test('a single unanimous decision reads in the singular and is not enough to tell', () => {
    const d = decisions(1, 0, 0)
    expect(d.sentence).toBe('No challenges were raised, and the one decision was unanimous.')
    expect(d.status).toBe('unclear')
  })

  test('no decisions closed and no challenges: nothing to read yet, not an alert', () => {
    const d = decisions(0, 0, 0)
    expect(d).toMatchObject({ value: null, status: 'n/a' })
    expect(d.sentence).toBe('No challenges have been raised and no decision has closed yet.')
    const challenged = decisions(0, 0, 0, 1)
    expect(challenged).toMatchObject({ value: 0, display: '0 of 0', status: 'ok' })
    expect(challenged.sentence).toBe('1 challenge was raised, and no decision has closed yet.')
  })
})

describe('participation balance (counts only)', () => {
  const balance = (gini: number, largestShare: number, memberCount = 6) =>
    indicator('participation-balance', input({ memberCount, participation: { gini, largestShare } }))

  test('very unequal participation with no sign of others following warns, and gives both numbers', () => {
    const p = balance(0.5, 0.3)
    expect(p).toMatchObject({ value: 0.5, display: '0.50', status: 'warn', threshold: { warn: 0.3, alert: 0.45 } })
    expect(p.sentence).toMatch(
      /^Participation is uneven \(.*Gini 0\.50\); one member made 30% of the contributions \(an equal share is 17% with 6 members; 16% of the way from equal to all\)\.$/,
    )
  })

  test('the worse of Gini and largest share decides how unequal it is', () => {
    // Largest share alone very unequal: 60% of six is 52% of the way from equal to all.
    expect(balance(0.2, 0.6).status).toBe('warn')
    expect(balance(0.2, 0.6).reason).toContain('52% of the way from equal to all')
    // Gini alone very unequal.
    expect(balance(0.5, 0.3).status).toBe('warn')
    // Unequal on either is not yet a warning without a leading voice or followers.
    expect(balance(0.35, 0.3).status).toBe('ok')
    expect(balance(0.2, 0.5).status).toBe('ok')
  })

  test('balanced participation is ok', () => {
    const p = balance(0.15, 0.25)
    expect(p.status).toBe('ok')
    expect(p.sentence).toMatch(
      /^Participation is balanced enough \(.*Gini 0\.15\); one member made 25% of the contributions \(an equal share is 17% with 6 members; 10% of the way from equal to all\)\.$/,
    )
  })

  test("issue 13's case: 38% of three members is only 7% of the way from an equal share, and is ok", () => {
    const p = balance(0.12, 0.38, 3)
    expect(p.status).toBe('ok')
    expect(p.reason).toContain(
      'one member made 38% of the contributions (an equal share is 33% with 3 members; 7% of the way from equal to all)',
    )
  })

  test('is n/a with one member, even if contributions were counted', () => {
    const p = balance(0, 1, 1)
    expect(p).toMatchObject({ value: null, display: '—', status: 'n/a', threshold: { warn: 0.3, alert: 0.45 } })
    expect(p.sentence).toBe('Participation balance needs at least two members.')
  })

  test('is n/a when participation has not been counted', () => {
    expect(indicator('participation-balance', input({ participation: null })).status).toBe('n/a')
  })
})

describe('grounding in action (counts only)', () => {
  test('every member recorded: ok', () => {
    const g = indicator('grounding', input({ membersWithoutActionRecords: 0 }))
    expect(g).toMatchObject({ value: 0, display: '0 of 6', status: 'ok', sentence: 'Every member shared a record from the action phase.' })
  })

  test('one of six without records is ok, two warn, three (half the group) alert', () => {
    const at = (m: number) => indicator('grounding', input({ membersWithoutActionRecords: m }))
    expect(at(1).status).toBe('ok')
    expect(at(1).sentence).toBe('1 of 6 members has no shared record from the action phase: reflection may not be grounded in action.')
    expect(at(2)).toMatchObject({ value: 2, display: '2 of 6', status: 'warn' })
    expect(at(2).sentence).toBe('2 of 6 members have no shared record from the action phase: reflection may not be grounded in action.')
    expect(at(3).status).toBe('alert')
  })

  test('a lone member without records reads in the singular', () => {
    const g = indicator('grounding', input({ memberCount: 1, membersWithoutActionRecords: 1 }))
    expect(g.sentence).toBe('1 of 1 member has no shared record from the action phase: reflection may not be grounded in action.')
  })

  test('is n/a before the cycle reaches an action phase', () => {
    const g = indicator('grounding', input({ actionPhaseReached: false, membersWithoutActionRecords: 6 }))
    expect(g).toMatchObject({ value: null, status: 'n/a', sentence: 'The cycle has not reached an action phase yet.' })
  })
})

describe('ways of knowing (this cycle)', () => {
  test('presentational share of all records; any presentational record is ok', () => {
    const w = indicator('ways-of-knowing', input())
    expect(w.value).toBeCloseTo(2 / 11, 12)
    expect(w).toMatchObject({ display: '18%', status: 'ok' })
    expect(w.sentence).toBe(
      'Records by way of knowing: 5 experiential, 2 presentational, 3 propositional, 1 practical; presentational knowing (image, story, metaphor) is present (18% of records).',
    )
    expect(
      indicator('ways-of-knowing', input({ waysOfKnowing: { experiential: 9, presentational: 1, propositional: 10, practical: 0 } }))
        .status,
    ).toBe('ok')
  })

  test('no presentational record this cycle, earlier cycles unknown: not enough to tell', () => {
    const w = indicator('ways-of-knowing', input({ waysOfKnowing: { experiential: 4, presentational: 0, propositional: 6, practical: 0 } }))
    expect(w).toMatchObject({ value: 0, display: '0%', status: 'unclear' })
    expect(w.sentence).toBe(
      'Records by way of knowing: 4 experiential, 0 presentational, 6 propositional, 0 practical; presentational knowing (image, story, metaphor) is missing this cycle.',
    )
  })

  test('is n/a with no records', () => {
    const w = indicator('ways-of-knowing', input({ waysOfKnowing: { experiential: 0, presentational: 0, propositional: 0, practical: 0 } }))
    expect(w).toMatchObject({ value: null, display: '—', status: 'n/a', sentence: 'No records have been made this cycle.' })
  })
})

describe('research cycling (this cycle)', () => {
  test('during the inquiry it counts completed cycles and is not judged', () => {
    const r = indicator('research-cycling', input({ cycleNumber: 2, concluded: false }))
    expect(r).toMatchObject({ value: 1, display: '1 of 6', threshold: null, status: 'n/a' })
    expect(r.sentence).toBe('This is cycle 2; the template recommends at least 6.')
  })

  test('ending short of the recommended minimum warns', () => {
    const r = indicator('research-cycling', ended({ cycleNumber: 3, evidence: { inquiryCycles: 3 } }))
    expect(r).toMatchObject({ value: 3, display: '3 of 6', status: 'warn' })
    expect(r.sentence).toBe('The inquiry ended after 3 cycles, fewer than the 6 recommended.')
    expect(indicator('research-cycling', ended({ cycleNumber: 1, evidence: { inquiryCycles: 1 } })).sentence).toBe(
      'The inquiry ended after 1 cycle, fewer than the 6 recommended.',
    )
  })

  test('ending at the recommended minimum is ok', () => {
    const r = indicator('research-cycling', ended())
    expect(r).toMatchObject({ value: 6, status: 'ok' })
    expect(r.sentence).toBe('The inquiry ended after 6 cycles; the template recommends at least 6.')
  })
})

describe('divergence balance (this cycle)', () => {
  test('ok with at least one convergent and one divergent theme', () => {
    const d = indicator('divergence-balance', input({}, { themeClasses: ['convergent', 'divergent', 'mixed'] }))
    expect(d.value).toBeCloseTo(1 / 3, 12)
    expect(d).toMatchObject({ display: '1 of 3', threshold: null, status: 'ok' })
    expect(d.sentence).toBe('1 of 3 themes divided the group and 1 converged: difference and agreement are both in view.')
  })

  test('no divergent theme after discussion warns only when the blind round had one and few reasons came', () => {
    const lost = indicator(
      'divergence-balance',
      input(
        { challengesRaised: 0 },
        {
          themeClasses: ['convergent', 'convergent', 'mixed'],
          blindThemeClasses: ['divergent', 'convergent', 'mixed'],
          changedWithoutReason: 2,
        },
      ),
    )
    expect(lost).toMatchObject({ value: 0, status: 'warn' })
    expect(lost.sentence).toBe(
      'Every theme converged or was mixed; no theme divided the group after discussion. Difference seen in the blind round was not kept, and few reasons were given.',
    )
    const kept = indicator(
      'divergence-balance',
      input({}, { themeClasses: ['convergent', 'convergent', 'mixed'], blindThemeClasses: ['convergent', 'convergent', 'mixed'] }),
    )
    expect(kept).toMatchObject({
      value: 0,
      status: 'ok',
      sentence: 'Every theme converged or was mixed; no theme divided the group after discussion.',
    })
  })

  test('no convergent theme is difference in view, not a warning', () => {
    const d = indicator('divergence-balance', input({}, { themeClasses: ['divergent', 'divergent', 'mixed', 'mixed'] }))
    expect(d).toMatchObject({ value: 0.5, status: 'ok' })
    expect(d.sentence).toBe('2 of 4 themes divided the group and none converged: difference is in view.')
  })

  test('is n/a with no themes or before reveal', () => {
    expect(indicator('divergence-balance', input({}, { themeClasses: [] }))).toMatchObject({
      value: null,
      status: 'n/a',
      sentence: 'No themes were rated this cycle.',
    })
    expect(indicator('divergence-balance', input({ ratings: null })).status).toBe('n/a')
  })
})

describe('unaware projections (this cycle)', () => {
  test('a flag nobody has answered yet asks whether time was made, and is not enough to tell', () => {
    const u = indicator('unaware-projections', input({ checkIns: 6, checkInsFlagged: 2 }))
    expect(u).toMatchObject({ value: 2, display: '2 of 6', threshold: null, status: 'unclear' })
    expect(u.sentence).toBe('2 check-ins flagged something that needs time: has the group made time for it?')
    expect(indicator('unaware-projections', input({ checkIns: 6, checkInsFlagged: 1 })).sentence).toBe(
      '1 check-in flagged something that needs time: has the group made time for it?',
    )
  })

  test('no flags is ok', () => {
    const u = indicator('unaware-projections', input({ checkIns: 4, checkInsFlagged: 0 }))
    expect(u).toMatchObject({ value: 0, status: 'ok', sentence: 'None of the 4 check-ins flagged anything that needs time.' })
  })

  test('is n/a with no check-ins', () => {
    const u = indicator('unaware-projections', input({ checkIns: 0, checkInsFlagged: 0 }))
    expect(u).toMatchObject({ value: null, display: '—', status: 'n/a', sentence: 'No check-ins were held this cycle.' })
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
    expect(Object.values(statusesOf(computeIndicators(ended(), procedures)))).toEqual(Array(10).fill('ok'))
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
    expect(Object.values(statusesOf(computeIndicators(start, procedures)))).toEqual(Array(10).fill('n/a'))
  })
})

describe('summarise: one verdict, and the evidence that drove it', () => {
  test('a collusive cycle: alert, the collusion reading, alerts named first, the evidence is the alerts’ reasons', () => {
    const all = computeIndicators(collusive, procedures)
    const s = summarise(all)
    expect(s).toMatchObject({ ok: 2, warn: 3, alert: 4, unclear: 0, na: 1, verdict: 'alert' })
    const alerts = all.filter((i) => i.status === 'alert')
    expect(s.evidence).toEqual(alerts.map((i) => `${i.name}: ${i.reason}`))
    expect(s.evidence.map((e) => e.split(':')[0])).toEqual(['Conformity shift', 'Unexplained moves', 'Dissent', 'Participation balance'])
    expect(s.sentence).toMatch(/^4 alerts and 3 warnings: Ratings moved toward the group or one member without reasons/)
    expect(s.sentence).toContain(
      'look first at conformity shift, unexplained moves, dissent and participation balance, then at variance ratio, divergence balance and unaware projections (distress).',
    )
    for (const i of alerts) expect(s.sentence).toContain(`${i.name.toLowerCase()} (${i.reason})`)
    // Warnings do not drive an alert verdict.
    expect(s.sentence).not.toContain(all.find((i) => i.key === 'variance-ratio')!.reason)
  })

  test('a healthy ended cycle', () => {
    expect(summarise(computeIndicators(ended(), procedures))).toEqual({
      ok: 10,
      warn: 0,
      alert: 0,
      unclear: 0,
      na: 0,
      verdict: 'ok',
      evidence: [],
      sentence: 'No alerts or warnings: all 10 indicators are ok.',
    })
  })

  test('alerts and warnings without the collusion pattern', () => {
    const s = summarise(
      computeIndicators(input({ membersWithoutActionRecords: 3, checkInsFlagged: 1, evidence: { timeMade: false } }), procedures),
    )
    expect(s).toMatchObject({ ok: 7, warn: 1, alert: 1, unclear: 0, na: 1, verdict: 'alert' })
    expect(s.sentence).toMatch(
      /^1 alert and 1 warning: Look first at grounding in action, then at unaware projections \(distress\)\. The alert rests on: grounding in action \(3 of 6 members/,
    )
    expect(s.evidence).toHaveLength(1)
    expect(s.evidence[0]).toMatch(/^Grounding in action: 3 of 6 members have no shared record/)
  })

  test('warnings only: the verdict is warn and the evidence is every warning', () => {
    const all = computeIndicators(
      input({ checkInsFlagged: 1, evidence: { timeMade: false } }, { varianceRatio: 0.5, changedWithoutReason: 2 }),
      procedures,
    )
    const s = summarise(all)
    expect(s).toMatchObject({ warn: 3, alert: 0, verdict: 'warn' })
    expect(s.sentence).toMatch(
      /^3 warnings: Look at variance ratio, unexplained moves and unaware projections \(distress\)\. The warning rests on: variance ratio \(/,
    )
    expect(s.evidence).toEqual(all.filter((i) => i.status === 'warn').map((i) => `${i.name}: ${i.reason}`))
  })

  test('too little evidence anywhere: the verdict is not enough to tell, naming what is short', () => {
    const thin = input({
      ratings: null,
      participation: null,
      actionPhaseReached: false,
      challengesRaised: 0,
      decisionsClosed: 1,
      decisionsWithDissent: 0,
      unanimousWithoutReasons: 1,
      waysOfKnowing: { experiential: 3, presentational: 0, propositional: 0, practical: 0 },
      checkIns: 3,
      checkInsFlagged: 1,
    })
    const s = summarise(computeIndicators(thin, procedures))
    expect(s).toMatchObject({ ok: 0, warn: 0, alert: 0, unclear: 3, na: 7, verdict: 'unclear' })
    expect(s.sentence).toBe('Not enough to tell yet: dissent, ways of knowing and unaware projections (distress) have too little evidence.')
    expect(s.evidence.map((e) => e.split(':')[0])).toEqual(['Dissent', 'Ways of knowing', 'Unaware projections (distress)'])
    // The evidence is the reason alone: the verdict already says "not enough to tell".
    for (const e of s.evidence) expect(e).not.toMatch(/not enough to tell/i)
  })

  test('ok with some unclear and some n/a: counted apart, and the sentence says so', () => {
    const s = summarise(computeIndicators(input({ ratings: null, checkInsFlagged: 1 }), procedures))
    expect(s).toMatchObject({ ok: 4, warn: 0, alert: 0, unclear: 1, na: 5, verdict: 'ok', evidence: [] })
    expect(s.sentence).toBe(
      'No alerts or warnings: all 4 indicators with enough evidence are ok, and 1 has too little evidence to tell and 5 have nothing to compute yet.',
    )
  })

  test('nothing to read', () => {
    const empty = {
      ok: 0,
      warn: 0,
      alert: 0,
      unclear: 0,
      na: 0,
      verdict: 'n/a',
      evidence: [],
      sentence: 'Nothing to read yet: no indicator has data.',
    }
    expect(summarise([])).toEqual(empty)
    const start = computeIndicators(
      input({
        ratings: null,
        participation: null,
        actionPhaseReached: false,
        checkIns: 0,
        challengesRaised: 0,
        decisionsClosed: 0,
        waysOfKnowing: { experiential: 0, presentational: 0, propositional: 0, practical: 0 },
      }),
      procedures,
    )
    expect(summarise(start)).toEqual({ ...empty, na: 10 })
  })
})

describe('rule and reason: one text per indicator, the thresholds it uses filled in', () => {
  const cycles = { healthy: input(), ended: ended(), collusive, begun: input({ ratings: null, participation: null, checkIns: 0 }) }

  test('each rule is the same on every cycle of a template, and is what ruleFor gives', () => {
    for (const key of INDICATOR_KEYS) {
      const rule = ruleFor(key, {}, 6)
      for (const [name, cycle] of Object.entries(cycles)) expect(indicator(key, cycle).rule, `${key} on ${name}`).toBe(rule)
    }
  })

  test('every rule names the template thresholds that decide it', () => {
    const d = DEFAULT_THRESHOLDS
    const pct = (x: number) => `${Math.round(x * 100)}%`
    const named: Partial<Record<IndicatorKey, string[]>> = {
      'conformity-shift': ['0.10 or more', '0.20 or more'],
      'variance-ratio': [`${pct(d['variance-ratio']!.warn)} or less`, `${pct(d['variance-ratio']!.alert)} or less`],
      'unexplained-moves': [`${pct(d['unexplained-moves']!.warn)} or more`, `${pct(d['unexplained-moves']!.alert)} or more`],
      'participation-balance': [
        '0.30 or more',
        '0.45 or more',
        `${pct(d['participation-largest-share']!.warn)} or more`,
        `${pct(d['participation-largest-share']!.alert)} or more`,
      ],
      grounding: [`${d.grounding!.warn} or more`, `${d.grounding!.alert} or more`],
      'research-cycling': ['fewer than 6 cycles'],
    }
    for (const [key, texts] of Object.entries(named) as [IndicatorKey, string[]][]) {
      for (const text of texts) expect(ruleFor(key, {}, 6), key).toContain(text)
    }
  })

  test("a template's thresholds are the ones written in the rule, and the ones the status follows", () => {
    const thresholds = {
      'conformity-shift': { warn: 0.3, alert: 0.4 },
      'variance-ratio': { warn: 0.7, alert: 0.5 },
      'unexplained-moves': { warn: 0.4, alert: 0.6 },
      grounding: { warn: 2, alert: 3 },
    }
    const rule = (key: IndicatorKey) => ruleFor(key, thresholds, 6)
    expect(rule('conformity-shift')).toContain('is 0.30 or more, alert at 0.40 or more')
    expect(rule('variance-ratio')).toContain('is 70% or less, alert at 50% or less')
    expect(rule('unexplained-moves')).toContain('is 40% or more, alert at 60% or more')
    expect(rule('grounding')).toContain('is 2 or more, alert at 3 or more')
    const shift = (x: number) =>
      indicator('conformity-shift', input({ thresholds, challengesRaised: 0 }, { conformityShift: x, changed: 6, changedWithoutReason: 6 }))
        .status
    expect([shift(0.29), shift(0.3), shift(0.4)]).toEqual(['ok', 'warn', 'alert'])
    const spread = (x: number) =>
      indicator('variance-ratio', input({ thresholds }, { varianceRatio: x, changed: 6, changedWithoutReason: 6 })).status
    expect([spread(0.71), spread(0.7), spread(0.5)]).toEqual(['ok', 'warn', 'alert'])
    const moves = (without: number) =>
      indicator('unexplained-moves', input({ thresholds }, { changed: 10, changedWithoutReason: without })).status
    expect([moves(3), moves(4), moves(6)]).toEqual(['ok', 'warn', 'alert'])
    const missing = (m: number) => indicator('grounding', input({ thresholds, memberCount: 4, membersWithoutActionRecords: m })).status
    expect([missing(1), missing(2), missing(3)]).toEqual(['ok', 'warn', 'alert'])
    const p = indicator(
      'participation-balance',
      input({
        memberCount: 3,
        participation: { gini: 0.12, largestShare: 0.38 },
        thresholds: { 'participation-gini': { warn: 0.25, alert: 0.4 }, 'participation-largest-share': { warn: 0.4, alert: 0.6 } },
      }),
    )
    expect(p.rule).toContain('0.40 or more')
    expect(p.rule).toContain('60% or more')
    expect(p.rule).not.toContain('0.45')
    expect(p.reason).toContain('0.25')
    expect(p.reason).not.toContain('0.30')
    const short = indicator('research-cycling', ended({ recommendedMinCycles: 8, cycleNumber: 7, evidence: { inquiryCycles: 7 } }))
    expect(short.rule).toContain('fewer than 8 cycles')
    expect(short.reason).toBe('the inquiry ended after 7 cycles, fewer than the 8 recommended (warn)')
  })

  // The minimums and fixed bounds are written in the rule; read them back and check the behaviour turns there.
  const number = (key: IndicatorKey, pattern: RegExp): number => {
    const m = ruleFor(key, {}, 6).match(pattern)
    if (!m) throw new Error(`${key}: the rule does not state ${pattern}`)
    return Number(m[1])
  }

  test('the minimum of changed ratings each rating indicator states is the one it uses', () => {
    const unexplained = (changed: number, o: Partial<IndicatorInput> = {}) =>
      input({ challengesRaised: 0, ...o }, { conformityShift: 0.3, varianceRatio: 0.3, changed, changedWithoutReason: changed })
    for (const key of ['conformity-shift', 'variance-ratio', 'unexplained-moves'] as const) {
      const min = number(key, /not enough to tell with fewer than (\d+) changes/)
      expect(indicator(key, unexplained(min - 1)).status, key).toBe('unclear')
      expect(indicator(key, unexplained(min)).status, key).toBe('alert')
    }
    const needs = number('unexplained-moves', /an alert needs at least (\d+) unexplained changes/)
    const lenient = { thresholds: { 'unexplained-moves': { warn: 0.1, alert: 0.2 } } }
    expect(indicator('unexplained-moves', input(lenient, { changed: 10, changedWithoutReason: needs - 1 })).status).toBe('warn')
    expect(indicator('unexplained-moves', input(lenient, { changed: 10, changedWithoutReason: needs })).status).toBe('alert')
  })

  test('the close-blind bound of variance ratio is the one it uses', () => {
    const sd = number('variance-ratio', /mean standard deviation below (\d+\.\d+)/)
    const at = (meanBlindSd: number) =>
      indicator('variance-ratio', input({ challengesRaised: 0 }, { varianceRatio: 0.3, changed: 6, changedWithoutReason: 6, meanBlindSd }))
        .status
    expect([at(sd - 0.01), at(sd)]).toEqual(['ok', 'alert'])
  })

  test('the moves toward one member that make a conformity alert are the ones stated', () => {
    const min = number('conformity-shift', /alert when at least (\d+) changed ratings moved toward one member's blind ratings/)
    const moved = (n: number) => {
      const ratings = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((member, i) => ({
        member,
        theme: 't1',
        blind: i === 0 ? 5 : 2,
        open: i >= 1 && i <= n ? 4 : i === 0 ? 5 : 2,
        reasoned: false,
      }))
      return indicator(
        'conformity-shift',
        input({ challengesRaised: 0, evidence: { ratings } }, { conformityShift: 0.02, changed: n, changedWithoutReason: n }),
      ).status
    }
    expect([moved(min - 1), moved(min)]).toEqual(['ok', 'alert'])
  })

  test('the closed decisions dissent needs are the ones stated', () => {
    const min = number('dissent', /not enough to tell with fewer than (\d+) closed decisions/)
    const silent = (n: number) =>
      indicator('dissent', input({ challengesRaised: 0, decisionsClosed: n, decisionsWithDissent: 0, unanimousWithoutReasons: n })).status
    expect([silent(min - 1), silent(min)]).toEqual(['unclear', 'alert'])
  })

  test('the cycles and records ways of knowing needs are the ones stated', () => {
    const rule = ruleFor('ways-of-knowing', {}, 6)
    const m = rule.match(
      /in (\d+) cycles in a row with records \(at least (\d+) records among them\), alert at (\d+) cycles \(at least (\d+) records\)/,
    )
    expect(m, rule).not.toBeNull()
    const [warnCycles, warnRecords, alertCycles, alertRecords] = m!.slice(1).map(Number) as [number, number, number, number]
    /** `cycles` cycles without a presentational record, `records` records among them, as evenly as whole records go. */
    const run = (cycles: number, records: number) => {
      const per = Array.from({ length: cycles }, (_, i) => Math.floor(records / cycles) + (i < records % cycles ? 1 : 0))
      const none = (n: number) => ({ experiential: n, presentational: 0, propositional: 0, practical: 0 })
      return indicator(
        'ways-of-knowing',
        input({ waysOfKnowing: none(per[0]!), evidence: { previousWaysOfKnowing: per.slice(1).map(none) } }),
      ).status
    }
    expect([run(warnCycles - 1, 40), run(warnCycles, warnRecords - 1), run(warnCycles, warnRecords)]).toEqual(['ok', 'unclear', 'warn'])
    expect([run(alertCycles, alertRecords - 1), run(alertCycles, alertRecords)]).toEqual(['warn', 'alert'])
  })

  test('the rated themes divergence balance needs are the ones stated', () => {
    const min = number('divergence-balance', /not enough to tell with fewer than (\d+) rated themes/)
    const themes = (n: number) =>
      indicator(
        'divergence-balance',
        input(
          { challengesRaised: 0 },
          {
            themeClasses: Array(n).fill('convergent'),
            blindThemeClasses: ['divergent', ...Array(n - 1).fill('convergent')],
            changedWithoutReason: 4,
          },
        ),
      ).status
    expect([themes(min - 1), themes(min)]).toEqual(['unclear', 'warn'])
  })

  test('the participation shares stated are the ones used, measured from an equal share', () => {
    const sole = number('participation-balance', /nearly the only voice \(at least (\d+)% of the way/) / 100
    const leads = number('participation-balance', /writes most of the words \(at least (\d+)% of the way/) / 100
    /** Five members; m1 writes `share` of the words (to the word) and proposes 3 of 4 themes; `followers` members move to m1's rating. */
    const cycle = (wordsOfM1: number, followers = 0) => {
      const members = ['m1', 'm2', 'm3', 'm4', 'm5']
      const contributions = members.map((member, i) => ({
        member,
        records: 1,
        words: i === 0 ? wordsOfM1 : (1000 - wordsOfM1) / 4,
        themesProposed: i === 0 ? 3 : i === 1 ? 1 : 0,
        actionRecords: 1,
      }))
      const ratings = members.map((member, i) => ({
        member,
        theme: 't1',
        blind: i === 0 ? 5 : 2,
        open: i >= 1 && i <= followers ? 4 : i === 0 ? 5 : 2,
        reasoned: false,
      }))
      return indicator(
        'participation-balance',
        input(
          { memberCount: 5, participation: { gini: 0.1, largestShare: 0.25 }, evidence: { contributions, ratings } },
          { changed: followers, changedWithoutReason: followers },
        ),
      ).status
    }
    // Words of 1000 at the stated distance from an equal fifth: 200 + 800 × share.
    const words = (excess: number) => Math.round(200 + 800 * excess)
    expect([cycle(words(sole) - 4), cycle(words(sole))]).toEqual(['ok', 'alert'])
    expect([cycle(words(leads) - 4, 2), cycle(words(leads), 2)]).toEqual(['ok', 'alert'])
  })

  test('equal warn and alert thresholds are written as one alert bound with no warning band', () => {
    const g = indicator('grounding', input({ membersWithoutActionRecords: 0, thresholds: { grounding: { warn: 2, alert: 2 } } }))
    expect(g.rule).toMatch(/^alert when the number of members with no shared record from the action phase is 2 or more \(no warning band\)/)
    expect(g.status).toBe('ok')
    expect(
      indicator('grounding', input({ memberCount: 4, membersWithoutActionRecords: 2, thresholds: { grounding: { warn: 2, alert: 2 } } }))
        .status,
    ).toBe('alert')
  })

  test('every reason that is not ok names what decided it', () => {
    const unclear = input(
      {
        decisionsClosed: 1,
        decisionsWithDissent: 0,
        challengesRaised: 0,
        checkInsFlagged: 1,
        waysOfKnowing: { experiential: 3, presentational: 0, propositional: 0, practical: 0 },
      },
      { conformityShift: 0.3, varianceRatio: 0.3, changed: 2, changedWithoutReason: 2 },
    )
    const seen = new Set<string>()
    for (const cycle of [collusive, unclear, input({ membersWithoutActionRecords: 3 })]) {
      for (const i of computeIndicators(cycle, procedures)) {
        seen.add(i.status)
        if (i.status === 'unclear') expect(i.reason, i.key).toMatch(/(needed|says little|not known|not recorded|still under way)/)
        if (i.status === 'warn' || i.status === 'alert') expect(i.reason, i.key).toMatch(/(warn|alert) at |\(warn\)|(warn|alert): /)
        expect(i.reason, i.key).not.toMatch(/\.$/)
      }
    }
    expect([...seen].sort()).toEqual(['alert', 'n/a', 'ok', 'unclear', 'warn'])
  })

  test('with nothing to compute the rule still stands, and the reason says what is missing', () => {
    const start = computeIndicators(
      input({ ratings: null, participation: null, actionPhaseReached: false, checkIns: 0, challengesRaised: 0, decisionsClosed: 0 }),
      procedures,
    )
    for (const i of start) {
      expect(i.rule, i.key).toBe(ruleFor(i.key, {}, 6))
      expect(i.reason.length, i.key).toBeGreaterThan(10)
      expect(i.reason, i.key).not.toMatch(/\.$/)
    }
    expect(start.find((i) => i.key === 'participation-balance')!.reason).toBe('no contributions have been counted yet')
    expect(start.find((i) => i.key === 'conformity-shift')!.reason).toBe('the blind round has not been revealed yet')
  })

  test('the shown texts: reason, rule, both as one cell, and the status words', () => {
    const u = indicator('unexplained-moves', input({}, { changed: 4, changedWithoutReason: 2 }))
    expect(reasonText(u)).toBe('2 of 4 changed ratings (50%) gave no reason (warn at 50% or more).')
    expect(ruleText(u)).toBe(
      'Rule: warn when the share of ratings changed after discussion without a reason is 50% or more, alert at 75% or more; not enough to tell with fewer than 3 changes, and an alert needs at least 3 unexplained changes.',
    )
    expect(reasonAndRuleText(u)).toBe(`${reasonText(u)} ${ruleText(u)}`)
    expect(verdictText(u)).toBe(`warning: ${reasonAndRuleText(u)}`)
    const few = indicator('unexplained-moves', input({}, { changed: 1, changedWithoutReason: 1 }))
    expect(few.status).toBe('unclear')
    expect(verdictText(few)).toMatch(/^not enough to tell: /)
    expect(verdictText(few)).toContain('1 of 1 changed rating (100%) gave no reason')
    expect(INDICATOR_STATUS_TEXT).toEqual({
      ok: 'ok',
      warn: 'warning',
      alert: 'alert',
      unclear: 'not enough to tell',
      'n/a': 'nothing yet',
    })
  })
})
