import { describe, expect, test } from 'vitest'
import {
  computeIndicators,
  DEFAULT_THRESHOLDS,
  INDICATOR_KEYS,
  INDICATOR_STATUS_TEXT,
  reasonAndRuleText,
  reasonText,
  ruleFor,
  ruleText,
  summarise,
  verdictText,
  type IndicatorInput,
  type IndicatorKey,
} from '~/features/validity/core'
import { collusive, ended, healthyCycle, indicator, procedures } from './fixtures/indicator-input'

// The validity indicators of issue 14, read as a whole: one verdict per cycle naming the evidence
// that drove it, and one text per indicator (its rule with the thresholds it used, its reason),
// the same wherever it is shown. The single indicators are in validity-indicators-*.test.ts and
// validity-evidence-*.test.ts.

const input = healthyCycle

describe('summarise: one verdict, and the evidence that drove it', () => {
  test('a collusive cycle: alert, the collusion reading, alerts named first, the evidence is the alerts’ reasons', () => {
    const all = computeIndicators(collusive, procedures)
    const s = summarise(all)
    expect(s).toMatchObject({ ok: 2, warn: 4, alert: 4, unclear: 0, na: 1, verdict: 'alert' })
    const alerts = all.filter((i) => i.status === 'alert')
    expect(s.evidence).toEqual(alerts.map((i) => `${i.name}: ${i.reason}`))
    expect(s.evidence.map((e) => e.split(':')[0])).toEqual(['Conformity shift', 'Unexplained moves', 'Dissent', 'Participation balance'])
    expect(s.sentence).toMatch(/^4 alerts and 4 warnings: Ratings moved toward the group or one member without reasons/)
    expect(s.sentence).toContain(
      'look first at conformity shift, unexplained moves, dissent and participation balance, then at variance ratio, divergence balance, unaware projections (distress) and authentic collaboration (facilitator dependence).',
    )
    for (const i of alerts) expect(s.sentence).toContain(`${i.name.toLowerCase()} (${i.reason})`)
    // Warnings do not drive an alert verdict.
    expect(s.sentence).not.toContain(all.find((i) => i.key === 'variance-ratio')!.reason)
  })

  test('a healthy ended cycle', () => {
    expect(summarise(computeIndicators(ended(), procedures))).toEqual({
      ok: 11,
      warn: 0,
      alert: 0,
      unclear: 0,
      na: 0,
      verdict: 'ok',
      evidence: [],
      sentence: 'No alerts or warnings: all 11 indicators are ok.',
    })
  })

  test('alerts and warnings without the collusion pattern', () => {
    const s = summarise(
      computeIndicators(input({ membersWithoutActionRecords: 3, checkInsFlagged: 1, evidence: { timeMade: false } }), procedures),
    )
    expect(s).toMatchObject({ ok: 7, warn: 1, alert: 1, unclear: 0, na: 2, verdict: 'alert' })
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
    expect(s).toMatchObject({ ok: 0, warn: 0, alert: 0, unclear: 3, na: 8, verdict: 'unclear' })
    expect(s.sentence).toBe('Not enough to tell yet: dissent, ways of knowing and unaware projections (distress) have too little evidence.')
    expect(s.evidence.map((e) => e.split(':')[0])).toEqual(['Dissent', 'Ways of knowing', 'Unaware projections (distress)'])
    // The evidence is the reason alone: the verdict already says "not enough to tell".
    for (const e of s.evidence) expect(e).not.toMatch(/not enough to tell/i)
  })

  test('ok with some unclear and some n/a: counted apart, and the sentence says so', () => {
    const s = summarise(computeIndicators(input({ ratings: null, checkInsFlagged: 1 }), procedures))
    expect(s).toMatchObject({ ok: 4, warn: 0, alert: 0, unclear: 1, na: 6, verdict: 'ok', evidence: [] })
    expect(s.sentence).toBe(
      'No alerts or warnings: all 4 indicators with enough evidence are ok, and 1 has too little evidence to tell and 6 have nothing to compute yet.',
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
    expect(summarise(start)).toEqual({ ...empty, na: 11 })
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
