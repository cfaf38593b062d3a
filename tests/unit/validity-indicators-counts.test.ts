import { describe, expect, test } from 'vitest'
import { type CycleEvidence } from '~/features/validity/core'
import { healthyCycle as input, indicator } from './fixtures/indicator-input'

// The validity indicators read from a cycle's counts alone, without the per-member evidence
// (that is in the validity-evidence-*.test.ts files).

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
