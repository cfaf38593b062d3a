import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import {
  computeIndicators,
  DEFAULT_THRESHOLDS,
  INDICATOR_STATUS_TEXT,
  indicatorKeyFor,
  reasonAndRuleText,
  reasonText,
  ruleText,
  statusFor,
  summarise,
  type Indicator,
  type IndicatorInput,
  type IndicatorKey,
  type Threshold,
} from '~/features/validity/core'

const template = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../inquiry-templates/cooperative-inquiry.json', import.meta.url)), 'utf8'),
) as { validityProcedures: { key: string; indicators: string[] }[]; indicatorThresholds: Record<string, Threshold> }
const procedures = template.validityProcedures

type Ratings = NonNullable<IndicatorInput['ratings']>

/** A healthy cycle: every indicator ok. Each test changes only what it is about. */
function input(overrides: Partial<IndicatorInput> = {}, ratings: Partial<Ratings> = {}): IndicatorInput {
  const base: IndicatorInput = {
    cycleNumber: 3,
    recommendedMinCycles: 6,
    concluded: false,
    memberCount: 6,
    ratings: {
      conformityShift: 0.05,
      varianceRatio: 0.8,
      changed: 4,
      changedWithoutReason: 1,
      themeClasses: ['convergent', 'divergent', 'mixed'],
    },
    challengesRaised: 2,
    decisionsClosed: 5,
    decisionsWithDissent: 2,
    unanimousWithoutReasons: 1,
    participation: { gini: 0.15, largestShare: 0.25 },
    membersWithoutActionRecords: 0,
    actionPhaseReached: true,
    waysOfKnowing: { experiential: 5, presentational: 2, propositional: 3, practical: 1 },
    checkInsFlagged: 0,
    checkIns: 6,
    thresholds: {},
  }
  const merged = { ...base, ...overrides }
  if (merged.ratings !== null) merged.ratings = { ...merged.ratings, ...ratings }
  return merged
}

function indicator(key: IndicatorKey, i: IndicatorInput, procs = procedures): Indicator {
  const found = computeIndicators(i, procs).find((x) => x.key === key)
  if (!found) throw new Error(`no indicator ${key}`)
  return found
}

const statusesOf = (xs: Indicator[]) => Object.fromEntries(xs.map((x) => [x.key, x.status]))

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

  test('the dissent default alerts only at zero and warns up to a tenth', () => {
    const t = DEFAULT_THRESHOLDS['dissent']!
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

  test('every sentence is one plain sentence ending in a full stop or question mark', () => {
    for (const i of computeIndicators(input(), procedures)) expect(i.sentence).toMatch(/^[A-Z0-9].*[.?]$/)
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
    expect(t['participation-balance']).toEqual({ warn: 0.3, alert: 0.45 })
    expect(t['ways-of-knowing']).toEqual({ warn: 0.1, alert: 0 })
    expect(t['research-cycling']).toBeNull()
    expect(t['divergence-balance']).toBeNull()
    expect(t['unaware-projections']).toBeNull()
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
    // Keys the template leaves out keep their defaults.
    expect(indicator('ways-of-knowing', i).threshold).toEqual({ warn: 0.1, alert: 0 })
    expect(indicator('unexplained-moves', i).status).toBe('alert')
  })

  test('the participation largest-share threshold can be overridden separately from the Gini one', () => {
    const i = input({ participation: { gini: 0.1, largestShare: 0.3 }, thresholds: { 'participation-largest-share': { warn: 0.2, alert: 0.25 } } })
    const p = indicator('participation-balance', i)
    expect(p.status).toBe('alert')
    expect(p.threshold).toEqual({ warn: 0.3, alert: 0.45 })
  })

  test('changing a returned threshold does not change the defaults', () => {
    indicator('grounding', input()).threshold!.warn = 99
    expect(DEFAULT_THRESHOLDS['grounding']).toEqual({ warn: 1, alert: 2 })
  })
})

describe('conformity shift', () => {
  test('moving toward the group with most changes unexplained and no challenge warns', () => {
    const c = indicator('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: 0.18, changed: 9, changedWithoutReason: 7 }))
    expect(c).toMatchObject({ value: 0.18, display: '0.18', status: 'warn' })
    expect(c.sentence).toBe('Ratings moved toward the group after discussion (shift 0.18), and 7 of 9 changes gave no reason.')
  })

  test('a shift at the alert threshold alerts when unexplained and unchallenged', () => {
    const c = indicator('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: 0.2, changed: 4, changedWithoutReason: 2 }))
    // 2 of 4 is exactly half: not "mostly explained", so no softening.
    expect(c.status).toBe('alert')
  })

  test('a challenge softens an alert to a warning and says so', () => {
    const c = indicator('conformity-shift', input({ challengesRaised: 1 }, { conformityShift: 0.25, changed: 6, changedWithoutReason: 6 }))
    expect(c.status).toBe('warn')
    expect(c.sentence).toBe(
      'Ratings moved toward the group after discussion (shift 0.25), and 6 of 6 changes gave no reason, but 1 challenge was raised.',
    )
  })

  test('mostly explained moves soften a warning to ok', () => {
    // 1 of 4 without reason → 0.25 < 0.5
    const c = indicator('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: 0.15, changed: 4, changedWithoutReason: 1 }))
    expect(c.status).toBe('ok')
    expect(c.sentence).toBe('Ratings moved toward the group after discussion (shift 0.15), and 1 of 4 changes gave no reason.')
  })

  test('softening goes one level only, and explained moves plus challenges do not stack', () => {
    const c = indicator('conformity-shift', input({ challengesRaised: 3 }, { conformityShift: 0.3, changed: 5, changedWithoutReason: 0 }))
    expect(c.status).toBe('warn')
    expect(c.sentence).toBe(
      'Ratings moved toward the group after discussion (shift 0.30), and all 5 changes gave a reason, but 3 challenges were raised.',
    )
  })

  test('with no changed ratings there is nothing explained to soften by', () => {
    const c = indicator('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: 0.22, changed: 0, changedWithoutReason: 0 }))
    expect(c.status).toBe('alert')
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

  test('is n/a when no shift could be computed', () => {
    const c = indicator('conformity-shift', input({}, { conformityShift: null }))
    expect(c.status).toBe('n/a')
    expect(c.value).toBeNull()
  })
})

describe('variance ratio', () => {
  test('a spread shrunk to 35% alerts', () => {
    const v = indicator('variance-ratio', input({}, { varianceRatio: 0.35 }))
    expect(v).toMatchObject({ value: 0.35, display: '0.35', status: 'alert', threshold: { warn: 0.6, alert: 0.4 } })
    expect(v.sentence).toBe('After discussion the spread of ratings was 35% of what it was in the blind round.')
  })

  test('lower is worse, with inclusive bounds', () => {
    expect(indicator('variance-ratio', input({}, { varianceRatio: 0.4 })).status).toBe('alert')
    expect(indicator('variance-ratio', input({}, { varianceRatio: 0.5 })).status).toBe('warn')
    expect(indicator('variance-ratio', input({}, { varianceRatio: 0.6 })).status).toBe('warn')
    expect(indicator('variance-ratio', input({}, { varianceRatio: 0.61 })).status).toBe('ok')
  })

  test('a spread that grew is ok and says it grew', () => {
    const v = indicator('variance-ratio', input({}, { varianceRatio: 1.2 }))
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

describe('unexplained moves', () => {
  test('7 of 9 changes without a reason alerts', () => {
    const u = indicator('unexplained-moves', input({}, { changed: 9, changedWithoutReason: 7 }))
    expect(u.value).toBeCloseTo(7 / 9, 12)
    expect(u).toMatchObject({ display: '7 of 9', status: 'alert' })
    expect(u.sentence).toBe('7 of the 9 ratings changed after discussion gave no reason.')
  })

  test('boundaries: half warns, three quarters alerts, a quarter is ok', () => {
    expect(indicator('unexplained-moves', input({}, { changed: 2, changedWithoutReason: 1 })).status).toBe('warn')
    expect(indicator('unexplained-moves', input({}, { changed: 8, changedWithoutReason: 6 })).status).toBe('alert')
    expect(indicator('unexplained-moves', input({}, { changed: 4, changedWithoutReason: 1 })).status).toBe('ok')
  })

  test('all changes explained', () => {
    const u = indicator('unexplained-moves', input({}, { changed: 3, changedWithoutReason: 0 }))
    expect(u).toMatchObject({ value: 0, display: '0 of 3', status: 'ok' })
    expect(u.sentence).toBe('All 3 ratings changed after discussion gave a reason.')
    expect(indicator('unexplained-moves', input({}, { changed: 1, changedWithoutReason: 1 })).sentence).toBe(
      'The one rating changed after discussion gave no reason.',
    )
  })

  test('no changed ratings: 0 of 0, ok', () => {
    const u = indicator('unexplained-moves', input({}, { changed: 0, changedWithoutReason: 0 }))
    expect(u).toMatchObject({ value: 0, display: '0 of 0', status: 'ok', sentence: 'No one changed a rating after discussion.' })
  })

  test('is n/a before reveal', () => {
    expect(indicator('unexplained-moves', input({ ratings: null }))).toMatchObject({ value: null, display: '—', status: 'n/a' })
  })
})

describe('dissent', () => {
  test('unanimity with no challenges alerts and names the bare decisions', () => {
    const d = indicator('dissent', input({ challengesRaised: 0, decisionsClosed: 5, decisionsWithDissent: 0, unanimousWithoutReasons: 4 }))
    expect(d).toMatchObject({ value: 0, display: '0 of 5', status: 'alert', threshold: { warn: 0.1, alert: 0 } })
    expect(d.sentence).toBe('No challenges were raised, and all 5 decisions were unanimous, 4 of them without a single reason.')
  })

  test('a challenge softens unanimity from alert to warn', () => {
    const d = indicator('dissent', input({ challengesRaised: 2, decisionsClosed: 3, decisionsWithDissent: 0, unanimousWithoutReasons: 3 }))
    expect(d.status).toBe('warn')
    expect(d.sentence).toBe('2 challenges were raised, and all 3 decisions were unanimous, without a single reason.')
  })

  test('one decision in ten with dissent warns; a challenge softens it to ok', () => {
    const base = { decisionsClosed: 10, decisionsWithDissent: 1, unanimousWithoutReasons: 0 }
    const d = indicator('dissent', input({ ...base, challengesRaised: 0 }))
    expect(d).toMatchObject({ value: 0.1, display: '1 of 10', status: 'warn' })
    expect(d.sentence).toBe('No challenges were raised; 1 of 10 decisions had a stance other than agree.')
    expect(indicator('dissent', input({ ...base, challengesRaised: 1 })).status).toBe('ok')
  })

  test('regular dissent is ok and still names unanimous decisions without reasons', () => {
    const d = indicator('dissent', input({ challengesRaised: 1, decisionsClosed: 5, decisionsWithDissent: 2, unanimousWithoutReasons: 1 }))
    expect(d).toMatchObject({ value: 0.4, status: 'ok' })
    expect(d.sentence).toBe(
      '1 challenge was raised; 2 of 5 decisions had a stance other than agree, and 1 unanimous decision had no reason given.',
    )
  })

  test('a single unanimous decision reads in the singular', () => {
    const d = indicator('dissent', input({ challengesRaised: 0, decisionsClosed: 1, decisionsWithDissent: 0, unanimousWithoutReasons: 0 }))
    expect(d.sentence).toBe('No challenges were raised, and the one decision was unanimous.')
  })

  test('no decisions closed and no challenges: nothing to read yet, not an alert', () => {
    const none = { decisionsClosed: 0, decisionsWithDissent: 0, unanimousWithoutReasons: 0 }
    const d = indicator('dissent', input({ ...none, challengesRaised: 0 }))
    expect(d).toMatchObject({ value: null, status: 'n/a' })
    expect(d.sentence).toBe('No challenges have been raised and no decision has closed yet.')
    const challenged = indicator('dissent', input({ ...none, challengesRaised: 1 }))
    expect(challenged).toMatchObject({ value: 0, display: '0 of 0', status: 'ok' })
    expect(challenged.sentence).toBe('1 challenge was raised, and no decision has closed yet.')
  })
})

describe('participation balance', () => {
  test('uneven participation warns and gives both numbers', () => {
    const p = indicator('participation-balance', input({ participation: { gini: 0.41, largestShare: 0.38 } }))
    expect(p).toMatchObject({ value: 0.41, display: '0.41', status: 'warn', threshold: { warn: 0.3, alert: 0.45 } })
    expect(p.sentence).toBe('Participation is uneven (Gini 0.41); one member made 38% of the contributions.')
  })

  test('the status is the worse of Gini and largest share', () => {
    // Gini ok, largest share at the alert bound
    const p = indicator('participation-balance', input({ participation: { gini: 0.2, largestShare: 0.5 } }))
    expect(p).toMatchObject({ value: 0.2, status: 'alert' })
    expect(p.sentence).toBe('Participation is very uneven (Gini 0.20); one member made 50% of the contributions.')
    // Gini alert, largest share ok
    const q = indicator('participation-balance', input({ participation: { gini: 0.5, largestShare: 0.3 } }))
    expect(q.status).toBe('alert')
    expect(q.sentence).toBe('Participation is very uneven (Gini 0.50); no member made more than 30% of the contributions.')
  })

  test('balanced participation is ok', () => {
    const p = indicator('participation-balance', input({ participation: { gini: 0.15, largestShare: 0.25 } }))
    expect(p.status).toBe('ok')
    expect(p.sentence).toBe('Participation is fairly even (Gini 0.15); no member made more than 25% of the contributions.')
  })

  test('is n/a with one member, even if contributions were counted', () => {
    const p = indicator('participation-balance', input({ memberCount: 1, participation: { gini: 0, largestShare: 1 } }))
    expect(p).toMatchObject({ value: null, display: '—', status: 'n/a', threshold: { warn: 0.3, alert: 0.45 } })
    expect(p.sentence).toBe('Participation balance needs at least two members.')
  })

  test('is n/a when participation has not been counted', () => {
    expect(indicator('participation-balance', input({ participation: null })).status).toBe('n/a')
  })
})

describe('grounding in action', () => {
  test('every member recorded: ok', () => {
    const g = indicator('grounding', input({ membersWithoutActionRecords: 0 }))
    expect(g).toMatchObject({ value: 0, display: '0 of 6', status: 'ok', sentence: 'Every member shared a record from the action phase.' })
  })

  test('one member without records warns, two alert', () => {
    const one = indicator('grounding', input({ membersWithoutActionRecords: 1 }))
    expect(one.status).toBe('warn')
    expect(one.sentence).toBe('1 of 6 members has no shared record from the action phase: reflection may not be grounded in action.')
    const two = indicator('grounding', input({ membersWithoutActionRecords: 2 }))
    expect(two).toMatchObject({ value: 2, display: '2 of 6', status: 'alert' })
    expect(two.sentence).toBe('2 of 6 members have no shared record from the action phase: reflection may not be grounded in action.')
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

describe('ways of knowing', () => {
  test('presentational share of all records', () => {
    // 2 of 11 records
    const w = indicator('ways-of-knowing', input())
    expect(w.value).toBeCloseTo(2 / 11, 12)
    expect(w).toMatchObject({ display: '18%', status: 'ok' })
    expect(w.sentence).toBe(
      'Records by way of knowing: 5 experiential, 2 presentational, 3 propositional, 1 practical; presentational knowing (image, story, metaphor) is present (18% of records).',
    )
  })

  test('no presentational records alerts', () => {
    const w = indicator('ways-of-knowing', input({ waysOfKnowing: { experiential: 4, presentational: 0, propositional: 6, practical: 0 } }))
    expect(w).toMatchObject({ value: 0, display: '0%', status: 'alert' })
    expect(w.sentence).toBe(
      'Records by way of knowing: 4 experiential, 0 presentational, 6 propositional, 0 practical; presentational knowing (image, story, metaphor) is missing.',
    )
  })

  test('a tenth presentational warns', () => {
    const w = indicator('ways-of-knowing', input({ waysOfKnowing: { experiential: 5, presentational: 1, propositional: 4, practical: 0 } }))
    expect(w.status).toBe('warn')
    expect(w.sentence).toMatch(/is rare \(10% of records\)\.$/)
  })

  test('is n/a with no records', () => {
    const w = indicator('ways-of-knowing', input({ waysOfKnowing: { experiential: 0, presentational: 0, propositional: 0, practical: 0 } }))
    expect(w).toMatchObject({ value: null, display: '—', status: 'n/a', sentence: 'No records have been made this cycle.' })
  })
})

describe('research cycling', () => {
  test('during the inquiry it counts completed cycles and is ok', () => {
    const r = indicator('research-cycling', input({ cycleNumber: 2, concluded: false }))
    expect(r).toMatchObject({ value: 1, display: '1 of 6', threshold: null, status: 'ok' })
    expect(r.sentence).toBe('This is cycle 2; the template recommends at least 6.')
  })

  test('ending short of the recommended minimum alerts', () => {
    const r = indicator('research-cycling', input({ cycleNumber: 3, concluded: true }))
    expect(r).toMatchObject({ value: 3, display: '3 of 6', status: 'alert' })
    expect(r.sentence).toBe('The inquiry ended after 3 cycles, fewer than the 6 recommended.')
    expect(indicator('research-cycling', input({ cycleNumber: 1, concluded: true })).sentence).toBe(
      'The inquiry ended after 1 cycle, fewer than the 6 recommended.',
    )
  })

  test('ending at the recommended minimum is ok', () => {
    const r = indicator('research-cycling', input({ cycleNumber: 6, concluded: true }))
    expect(r).toMatchObject({ value: 6, status: 'ok' })
    expect(r.sentence).toBe('The inquiry ended after 6 cycles; the template recommends at least 6.')
  })
})

describe('divergence balance', () => {
  test('ok with at least one convergent and one divergent theme', () => {
    const d = indicator('divergence-balance', input({}, { themeClasses: ['convergent', 'divergent', 'mixed'] }))
    expect(d.value).toBeCloseTo(1 / 3, 12)
    expect(d).toMatchObject({ display: '1 of 3', threshold: null, status: 'ok' })
    expect(d.sentence).toBe('1 of 3 themes divided the group and 1 converged: difference and agreement are both in view.')
  })

  test('no divergent theme warns', () => {
    const d = indicator('divergence-balance', input({}, { themeClasses: ['convergent', 'convergent', 'mixed'] }))
    expect(d).toMatchObject({ value: 0, status: 'warn' })
    expect(d.sentence).toBe('Every theme converged or was mixed; no theme divided the group — has difference been explored?')
  })

  test('no convergent theme warns', () => {
    const d = indicator('divergence-balance', input({}, { themeClasses: ['divergent', 'divergent', 'mixed', 'mixed'] }))
    expect(d).toMatchObject({ value: 0.5, status: 'warn' })
    expect(d.sentence).toBe('2 of 4 themes divided the group and none converged — has common ground been looked for?')
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

describe('unaware projections', () => {
  test('flagged check-ins warn', () => {
    const u = indicator('unaware-projections', input({ checkIns: 6, checkInsFlagged: 2 }))
    expect(u).toMatchObject({ value: 2, display: '2 of 6', threshold: null, status: 'warn' })
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

const collusive = input(
  {
    challengesRaised: 0,
    decisionsClosed: 4,
    decisionsWithDissent: 0,
    unanimousWithoutReasons: 4,
    participation: { gini: 0.5, largestShare: 0.4 },
  },
  { conformityShift: 0.25, varianceRatio: 0.5, changed: 6, changedWithoutReason: 6, themeClasses: ['convergent', 'divergent'] },
)

describe('whole cycles', () => {
  test('a collusive cycle alerts on conformity shift, unexplained moves, dissent and participation', () => {
    const all = computeIndicators(collusive, procedures)
    expect(all.filter((i) => i.status === 'alert').map((i) => i.key)).toEqual([
      'conformity-shift',
      'unexplained-moves',
      'dissent',
      'participation-balance',
    ])
    expect(all.find((i) => i.key === 'dissent')!.sentence).toBe(
      'No challenges were raised, and all 4 decisions were unanimous, without a single reason.',
    )
  })

  test('a healthy cycle has no alerts or warnings', () => {
    const all = computeIndicators(input(), procedures)
    expect(Object.values(statusesOf(all)).every((s) => s === 'ok')).toBe(true)
  })

  test('a cycle just begun has little to read', () => {
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
    expect(statusesOf(computeIndicators(start, procedures))).toEqual({
      'conformity-shift': 'n/a',
      'variance-ratio': 'n/a',
      'unexplained-moves': 'n/a',
      dissent: 'n/a',
      'participation-balance': 'n/a',
      grounding: 'n/a',
      'ways-of-knowing': 'n/a',
      'research-cycling': 'ok',
      'divergence-balance': 'n/a',
      'unaware-projections': 'n/a',
    })
  })
})

describe('summarise', () => {
  test('a collusive cycle: counts, the collusion reading, alerts named first', () => {
    const s = summarise(computeIndicators(collusive, procedures))
    expect(s).toMatchObject({ ok: 5, warn: 1, alert: 4, na: 0 })
    expect(s.sentence).toBe(
      '4 alerts and 1 warning: Ratings moved toward the group without reasons and no one challenged it; ' +
        'look first at conformity shift, unexplained moves, dissent and participation balance, then at variance ratio.',
    )
  })

  test('a healthy cycle', () => {
    expect(summarise(computeIndicators(input(), procedures))).toEqual({
      ok: 10,
      warn: 0,
      alert: 0,
      na: 0,
      sentence: 'No alerts or warnings: all 10 indicators are ok.',
    })
  })

  test('alerts and warnings without the collusion pattern', () => {
    const s = summarise(computeIndicators(input({ membersWithoutActionRecords: 3 }, { varianceRatio: 0.5 }), procedures))
    expect(s).toMatchObject({ ok: 8, warn: 1, alert: 1 })
    expect(s.sentence).toBe('1 alert and 1 warning: Look first at grounding in action, then at variance ratio.')
  })

  test('warnings only', () => {
    const s = summarise(computeIndicators(input({ checkInsFlagged: 1 }, { varianceRatio: 0.5 }), procedures))
    expect(s.sentence).toBe('2 warnings: Look at variance ratio and unaware projections (distress).')
  })

  test('counts n/a apart and says what has data', () => {
    const s = summarise(computeIndicators(input({ ratings: null, checkIns: 0 }), procedures))
    expect(s).toMatchObject({ ok: 5, warn: 0, alert: 0, na: 5 })
    expect(s.sentence).toBe('No alerts or warnings: all 5 indicators with data are ok, and 5 have nothing to compute yet.')
  })

  test('nothing to read', () => {
    expect(summarise([])).toEqual({ ok: 0, warn: 0, alert: 0, na: 0, sentence: 'Nothing to read yet: no indicator has data.' })
  })
})

describe('rule and reason: one text per indicator, its thresholds filled in', () => {
  const RULES: Record<IndicatorKey, string> = {
    'conformity-shift':
      'warn when the shift of ratings toward the group after discussion is 0.10 or more, alert at 0.20 or more; ' +
      'one level milder when more than half of the changed ratings gave a reason or a challenge was raised; ok when ratings did not move toward the group',
    'variance-ratio': 'warn when the spread of ratings after discussion, as a share of the blind spread, is 60% or less, alert at 40% or less',
    'unexplained-moves': 'warn when the share of ratings changed after discussion without a reason is 50% or more, alert at 75% or more',
    dissent: 'warn when the share of closed decisions with a stance other than agree is 10% or less, alert at 0%; one level milder when a challenge was raised',
    'participation-balance':
      'warn when the Gini of contributions is 0.30 or more or one member makes 35% or more of them; ' +
      'alert at a Gini of 0.45 or more or a share of 50% or more; the worse of the two counts; needs at least two members',
    grounding: 'warn when the number of members with no shared record from the action phase is 1 or more, alert at 2 or more',
    'ways-of-knowing': 'warn when the share of presentational records (image, story, metaphor) is 10% or less, alert at 0%',
    'research-cycling': "alert when the inquiry ends after fewer than 6 cycles, the template's recommended minimum; judged only when the inquiry ends",
    'divergence-balance': 'warn when no rated theme is divergent, or when none is convergent',
    'unaware-projections': 'warn when any check-in of the cycle flags something that needs time',
  }

  type Case = [status: 'ok' | 'warn' | 'alert', cycle: IndicatorInput, reason: string]
  const unchallenged = { challengesRaised: 0 }
  const CASES: Record<IndicatorKey, Case[]> = {
    'conformity-shift': [
      ['ok', input(unchallenged, { conformityShift: 0.05, changedWithoutReason: 4 }), 'the shift toward the group was 0.05 (below the warning at 0.10)'],
      ['warn', input(unchallenged, { conformityShift: 0.15, changedWithoutReason: 4 }), 'the shift toward the group was 0.15 (warn at 0.10 or more)'],
      ['alert', input(unchallenged, { conformityShift: 0.25, changedWithoutReason: 4 }), 'the shift toward the group was 0.25 (alert at 0.20 or more)'],
    ],
    'variance-ratio': [
      ['ok', input({}, { varianceRatio: 0.8 }), 'the spread after discussion was 80% of the blind spread (above the warning at 60%)'],
      ['warn', input({}, { varianceRatio: 0.5 }), 'the spread after discussion was 50% of the blind spread (warn at 60% or less)'],
      ['alert', input({}, { varianceRatio: 0.35 }), 'the spread after discussion was 35% of the blind spread (alert at 40% or less)'],
    ],
    'unexplained-moves': [
      ['ok', input({}, { changed: 4, changedWithoutReason: 1 }), '1 of 4 changed ratings (25%) gave no reason (below the warning at 50%)'],
      ['warn', input({}, { changed: 4, changedWithoutReason: 2 }), '2 of 4 changed ratings (50%) gave no reason (warn at 50% or more)'],
      ['alert', input({}, { changed: 9, changedWithoutReason: 7 }), '7 of 9 changed ratings (78%) gave no reason (alert at 75% or more)'],
    ],
    dissent: [
      ['ok', input({ ...unchallenged, decisionsClosed: 5, decisionsWithDissent: 2 }), '2 of 5 closed decisions (40%) had a stance other than agree (above the warning at 10%)'],
      ['warn', input({ ...unchallenged, decisionsClosed: 10, decisionsWithDissent: 1 }), '1 of 10 closed decisions (10%) had a stance other than agree (warn at 10% or less)'],
      ['alert', input({ ...unchallenged, decisionsClosed: 4, decisionsWithDissent: 0 }), '0 of 4 closed decisions (0%) had a stance other than agree (alert at 0%)'],
    ],
    'participation-balance': [
      [
        'ok',
        input({ participation: { gini: 0.15, largestShare: 0.25 } }),
        'Gini 0.15 (below the warning at 0.30); no member made more than 25% of the contributions (below the warning at 35%); an equal share is 17% with 6 members',
      ],
      [
        'warn',
        // The case of issue 13: a low Gini, and one of three members over the largest-share threshold.
        input({ memberCount: 3, participation: { gini: 0.12, largestShare: 0.38 } }),
        'one member made 38% of the contributions (warn at 35% or more); Gini 0.12 (below the warning at 0.30); an equal share is 33% with 3 members',
      ],
      [
        'alert',
        input({ participation: { gini: 0.5, largestShare: 0.3 } }),
        'Gini 0.50 (alert at 0.45 or more); no member made more than 30% of the contributions (below the warning at 35%); an equal share is 17% with 6 members',
      ],
    ],
    grounding: [
      ['ok', input({ membersWithoutActionRecords: 0 }), '0 of 6 members have no shared record from the action phase (below the warning at 1)'],
      ['warn', input({ membersWithoutActionRecords: 1 }), '1 of 6 members has no shared record from the action phase (warn at 1 or more)'],
      ['alert', input({ membersWithoutActionRecords: 3 }), '3 of 6 members have no shared record from the action phase (alert at 2 or more)'],
    ],
    'ways-of-knowing': [
      ['ok', input(), '2 of 11 records (18%) are presentational (above the warning at 10%)'],
      ['warn', input({ waysOfKnowing: { experiential: 5, presentational: 1, propositional: 3, practical: 1 } }), '1 of 10 records (10%) is presentational (warn at 10% or less)'],
      ['alert', input({ waysOfKnowing: { experiential: 5, presentational: 0, propositional: 3, practical: 1 } }), '0 of 9 records (0%) are presentational (alert at 0%)'],
    ],
    'research-cycling': [
      ['ok', input({ cycleNumber: 3 }), 'the inquiry is still cycling (2 cycles completed of at least 6 recommended), so it is not judged yet'],
      ['ok', input({ cycleNumber: 6, concluded: true }), 'the inquiry ended after 6 cycles, at least the 6 recommended'],
      ['alert', input({ cycleNumber: 4, concluded: true }), 'the inquiry ended after 4 cycles, fewer than the 6 recommended'],
    ],
    'divergence-balance': [
      ['ok', input(), '1 of 3 rated themes is divergent and 1 convergent (both are present)'],
      ['warn', input({}, { themeClasses: ['convergent', 'mixed'] }), '0 of 2 rated themes are divergent and 1 convergent (warn: none is divergent)'],
      ['warn', input({}, { themeClasses: ['divergent', 'mixed'] }), '1 of 2 rated themes is divergent and 0 convergent (warn: none is convergent)'],
    ],
    'unaware-projections': [
      ['ok', input(), 'none of the 6 check-ins flagged anything that needs time (warn at 1 or more)'],
      ['warn', input({ checkInsFlagged: 2 }), '2 of 6 check-ins flagged something that needs time (warn at 1 or more)'],
    ],
  }

  for (const key of Object.keys(CASES) as IndicatorKey[]) {
    test(`${key}: each status gives the same rule and a reason naming the threshold it met or stayed clear of`, () => {
      const statuses = new Set<string>()
      for (const [status, cycle, reason] of CASES[key]) {
        const i = indicator(key, cycle)
        statuses.add(i.status)
        expect(i.status, reason).toBe(status)
        expect(i.rule).toBe(RULES[key])
        expect(i.reason).toBe(reason)
      }
      // Every indicator is tried ok and at each level it can reach.
      expect(statuses.has('ok')).toBe(true)
      expect(statuses.size).toBeGreaterThanOrEqual(2)
    })
  }

  test('every rule names the thresholds that decide it, every reason the one that applied', () => {
    const thresholdsIn = (key: IndicatorKey): string[] => {
      const pct = (x: number) => `${Math.round(x * 100)}%`
      const d = DEFAULT_THRESHOLDS
      switch (key) {
        case 'conformity-shift': return [d['conformity-shift']!.warn.toFixed(2), d['conformity-shift']!.alert.toFixed(2)]
        case 'participation-balance':
          return [d['participation-gini']!.warn.toFixed(2), d['participation-gini']!.alert.toFixed(2), pct(d['participation-largest-share']!.warn), pct(d['participation-largest-share']!.alert)]
        case 'variance-ratio': case 'unexplained-moves': case 'dissent': case 'ways-of-knowing':
          return [pct(d[key]!.warn), pct(d[key]!.alert)]
        case 'grounding': return [String(d.grounding!.warn), String(d.grounding!.alert)]
        case 'research-cycling': return ['6 cycles']
        default: return []
      }
    }
    for (const key of Object.keys(RULES) as IndicatorKey[]) {
      for (const t of thresholdsIn(key)) expect(RULES[key], key).toContain(t)
      for (const [status, , reason] of CASES[key]) {
        if (status === 'ok') continue
        expect(reason, `${key} ${status}`).toMatch(/\((warn|alert) at |fewer than|\(warn: /)
      }
    }
  })

  test('the largest-share threshold that made 0.12 warn is in the rule, the reason and no other place', () => {
    const p = indicator('participation-balance', input({ memberCount: 3, participation: { gini: 0.12, largestShare: 0.38 } }))
    expect(p.status).toBe('warn')
    expect(p.threshold).toEqual({ warn: 0.3, alert: 0.45 })
    expect(p.rule).toContain('one member makes 35% or more of them')
    expect(p.reason).toContain('one member made 38% of the contributions (warn at 35% or more)')
    expect(p.sentence).toBe('Participation is uneven (Gini 0.12); one member made 38% of the contributions.')
  })

  test("a template's thresholds are the ones written in the rule and the reason", () => {
    const thresholds = { 'participation-largest-share': { warn: 0.4, alert: 0.6 }, 'participation-gini': { warn: 0.25, alert: 0.4 } }
    const p = indicator('participation-balance', input({ memberCount: 3, participation: { gini: 0.12, largestShare: 0.38 }, thresholds }))
    expect(p.status).toBe('ok')
    expect(p.rule).toMatch(/^warn when the Gini of contributions is 0\.25 or more or one member makes 40% or more of them; alert at a Gini of 0\.40 or more or a share of 60% or more/)
    expect(p.reason).toContain('(below the warning at 40%)')
    expect(p.reason).toContain('Gini 0.12 (below the warning at 0.25)')
    const short = indicator('research-cycling', input({ recommendedMinCycles: 8, cycleNumber: 7, concluded: true }))
    expect(short.rule).toContain('fewer than 8 cycles')
    expect(short.reason).toBe('the inquiry ended after 7 cycles, fewer than the 8 recommended')
  })

  test('equal warn and alert thresholds are written as one alert bound with no warning band', () => {
    const g = indicator('grounding', input({ membersWithoutActionRecords: 0, thresholds: { grounding: { warn: 2, alert: 2 } } }))
    expect(g.rule).toBe('alert when the number of members with no shared record from the action phase is 2 or more (no warning band)')
    expect(g.reason).toBe('0 of 6 members have no shared record from the action phase (below the alert at 2)')
  })

  test('softening is in the rule, and the reason says when and why it applied', () => {
    const c = indicator('conformity-shift', input({ challengesRaised: 1 }, { conformityShift: 0.25, changedWithoutReason: 4 }))
    expect(c.status).toBe('warn')
    expect(c.reason).toBe('the shift toward the group was 0.25 (alert at 0.20 or more), made one level milder (warning) because 1 challenge was raised')
    const explained = indicator('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: 0.15, changed: 4, changedWithoutReason: 1 }))
    expect(explained.status).toBe('ok')
    expect(explained.reason).toBe('the shift toward the group was 0.15 (warn at 0.10 or more), made one level milder (ok) because more than half of the changed ratings gave a reason')
    const d = indicator('dissent', input({ challengesRaised: 2, decisionsClosed: 4, decisionsWithDissent: 0 }))
    expect(d.status).toBe('warn')
    expect(d.reason).toBe('0 of 4 closed decisions (0%) had a stance other than agree (alert at 0%), made one level milder (warning) because 2 challenges were raised')
  })

  test('with nothing to compute the rule still stands, and the reason says what is missing', () => {
    const start = computeIndicators(input({ ratings: null, participation: null, actionPhaseReached: false, checkIns: 0, challengesRaised: 0, decisionsClosed: 0 }), procedures)
    for (const i of start) {
      expect(i.rule, i.key).toBe(RULES[i.key])
      expect(i.reason.length, i.key).toBeGreaterThan(10)
      expect(i.reason, i.key).not.toMatch(/\.$/)
    }
    expect(start.find((i) => i.key === 'participation-balance')!.reason).toBe('no contributions have been counted yet')
    expect(start.find((i) => i.key === 'conformity-shift')!.reason).toBe('the blind round has not been revealed yet')
  })

  test('the shown texts: reason, rule and both as one cell', () => {
    const p = indicator('participation-balance', input({ memberCount: 3, participation: { gini: 0.12, largestShare: 0.38 } }))
    expect(reasonText(p)).toBe(`One member made 38% of the contributions (warn at 35% or more); Gini 0.12 (below the warning at 0.30); an equal share is 33% with 3 members.`)
    expect(ruleText(p)).toBe(`Rule: ${RULES['participation-balance']}.`)
    expect(reasonAndRuleText(p)).toBe(`${reasonText(p)} ${ruleText(p)}`)
    expect(INDICATOR_STATUS_TEXT).toEqual({ ok: 'ok', warn: 'warning', alert: 'alert', 'n/a': 'nothing yet' })
  })
})
