import { describe, expect, test } from 'vitest'
import {
  computeIndicators,
  DEFAULT_THRESHOLDS,
  indicatorKeyFor,
  statusFor,
  type CycleEvidence,
  type Threshold,
} from '~/features/validity/core'
import { collusive, ended, healthyCycle, indicator, procedures, statusesOf, template } from './fixtures/indicator-input'

// The validity indicators of issue 14: each reads the evidence for and against collusion, says
// "not enough to tell" below its minimum, and states its rule with the thresholds it used. The
// evidence-based cases (each indicator at its minimum, each level, a pair, nine) are in
// validity-indicators-evidence.test.ts; this file holds the set, the counts-based readings, the
// thresholds and the mapping to procedures; the verdict and the one-truth texts are in
// validity-indicators-verdict.test.ts.

const input = healthyCycle

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
