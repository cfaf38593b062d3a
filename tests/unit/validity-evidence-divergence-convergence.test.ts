import { describe, expect, test } from 'vitest'
import { type CycleEvidence, type IndicatorInput } from '~/features/validity/core'
import { type Ratings } from './fixtures/indicator-input'
import {
  challenge,
  counted,
  indicator,
  input,
  members,
  NINE,
  pair,
  rows,
  statusOf,
  withRows,
  type Row,
} from './fixtures/indicator-evidence'

// Divergence and convergence: conformity shift, variance ratio and divergence balance weigh
// the blind and open Ratings, reasons and Challenges.

describe('conformity shift weighs moves toward one member', () => {
  const three = rows(9, 3, [
    ['m2', 't1', 4],
    ['m3', 't2', 4],
    ['m4', 't3', 4],
  ])
  const nine = (r: Row[], shift: number | null, o: Partial<IndicatorInput> = {}) => withRows(r, shift, { ...NINE, ...o })

  test('nine: a minority of three moving to one member without reasons alerts, though the group hardly moved', () => {
    const c = indicator('conformity-shift', nine(three, 0.03))
    expect(c).toMatchObject({ status: 'alert', value: 0.03 })
    expect(c.reason).toContain(
      "3 of 3 changed ratings moved without a reason toward one member's blind ratings (3 members moved; alert at 3 or more",
    )
    expect(c.sentence).toBe("3 members moved 3 ratings toward one member's without giving a reason (shift 0.03).")
    // The same counts without the rows: the group shift alone is small, so it is ok.
    expect(statusOf('conformity-shift', input({ ...NINE, challengesRaised: 0 }, counted(three, 0.03)))).toBe('ok')
  })

  test('just below the minimum, two such moves are left to the group shift and its own minimum', () => {
    const two = rows(9, 3, [
      ['m2', 't1', 4],
      ['m3', 't2', 4],
    ])
    expect(statusOf('conformity-shift', nine(two, 0.03))).toBe('ok')
    const shifted = indicator('conformity-shift', nine(two, 0.25))
    expect(shifted.status).toBe('unclear')
    expect(shifted.reason).toBe('the shift was 0.25 (alert at 0.20 or more), but only 2 ratings changed (at least 3 needed)')
  })

  test('the moves must be at least half of the changes', () => {
    const toward: [string, string, number, boolean?][] = [
      ['m2', 't1', 4],
      ['m3', 't2', 4],
      ['m4', 't3', 4],
    ]
    const away = (n: number) =>
      members(9)
        .slice(4, 4 + n)
        .map((m) => [m, 't1', 1, true] as [string, string, number, boolean])
    expect(statusOf('conformity-shift', nine(rows(9, 3, [...toward, ...away(3)]), 0.03))).toBe('alert')
    // 3 of 7: the group shift decides, and 4 of 7 changes gave a reason.
    const diluted = indicator('conformity-shift', nine(rows(9, 3, [...toward, ...away(4)]), 0.15))
    expect(diluted.status).toBe('ok')
    expect(diluted.reason).toContain('judged ok because more than half of the changed ratings gave a reason')
  })

  test('moves toward one member that give reasons are learning, not conformity', () => {
    const reasoned = rows(9, 3, [
      ['m2', 't1', 4, true],
      ['m3', 't2', 4, true],
      ['m4', 't3', 4, true],
    ])
    expect(statusOf('conformity-shift', nine(reasoned, 0.03))).toBe('ok')
  })

  test('a challenge taken up with a revision makes it a warning; answered or kept open, it stays an alert', () => {
    const revised = indicator('conformity-shift', nine(three, 0.03, { challengesRaised: 1, evidence: challenge('revised') }))
    expect(revised.status).toBe('warn')
    expect(revised.reason).toMatch(/made one level milder \(warning\) because 1 challenge was taken up with a revision$/)
    expect(statusOf('conformity-shift', nine(three, 0.03, { challengesRaised: 1, evidence: challenge('answered') }))).toBe('alert')
    expect(statusOf('conformity-shift', nine(three, 0.03, { challengesRaised: 1, evidence: challenge('left_open') }))).toBe('alert')
  })

  test('with no group shift to measure the moves are still judged', () => {
    const c = indicator('conformity-shift', nine(three, null))
    expect(c).toMatchObject({ status: 'alert', value: 0, display: '0.00' })
    expect(indicator('conformity-shift', nine(rows(9, 3, [['m2', 't1', 4]]), null)).status).toBe('n/a')
  })

  test('pair: one member moving to the other on three themes alerts; on two themes it is not enough to tell', () => {
    const all = rows(2, 3, [
      ['m2', 't1', 4],
      ['m2', 't2', 4],
      ['m2', 't3', 4],
    ])
    const c = indicator('conformity-shift', withRows(all, 0.3, {}, pair))
    expect(c.status).toBe('alert')
    expect(c.sentence).toBe("1 member moved 3 ratings toward one member's without giving a reason (shift 0.30).")
    const two = rows(2, 2, [
      ['m2', 't1', 4],
      ['m2', 't2', 4],
    ])
    expect(statusOf('conformity-shift', withRows(two, 0.3, {}, pair))).toBe('unclear')
  })
})

describe('conformity shift: the group shift', () => {
  const unexplained = (changed: number) => ({ conformityShift: 0.25, changed, changedWithoutReason: changed })

  test('its minimum: two changed ratings are not enough to tell, three are judged', () => {
    expect(statusOf('conformity-shift', input({ challengesRaised: 0 }, unexplained(2)))).toBe('unclear')
    expect(statusOf('conformity-shift', input({ challengesRaised: 0 }, unexplained(3)))).toBe('alert')
    // A shift below the warning needs no minimum: it is ok whatever the count.
    expect(
      statusOf('conformity-shift', input({ challengesRaised: 0 }, { conformityShift: 0.05, changed: 1, changedWithoutReason: 1 })),
    ).toBe('ok')
  })

  test('each level, nine members', () => {
    const at = (shift: number) =>
      statusOf('conformity-shift', input({ ...NINE, challengesRaised: 0 }, { conformityShift: shift, changed: 9, changedWithoutReason: 6 }))
    expect([at(-0.1), at(0), at(0.09), at(0.1), at(0.19), at(0.2)]).toEqual(['ok', 'ok', 'ok', 'warn', 'warn', 'alert'])
  })

  test('a challenge revised or kept open softens one level; one answered, or still open, does not', () => {
    const at = (shift: number, c: CycleEvidence) =>
      statusOf(
        'conformity-shift',
        input({ challengesRaised: 1, evidence: c }, { conformityShift: shift, changed: 6, changedWithoutReason: 6 }),
      )
    expect(at(0.25, challenge('revised'))).toBe('warn')
    expect(at(0.25, challenge('left_open'))).toBe('warn')
    expect(at(0.15, challenge('revised'))).toBe('ok')
    expect(at(0.25, challenge('answered'))).toBe('alert')
    expect(at(0.25, challenge(null))).toBe('alert')
    const c = indicator(
      'conformity-shift',
      input({ challengesRaised: 1, evidence: challenge('left_open') }, { conformityShift: 0.25, changed: 6, changedWithoutReason: 6 }),
    )
    expect(c.reason).toBe(
      'the shift toward the group was 0.25 (alert at 0.20 or more), judged warning because 1 challenge was revised or kept open',
    )
  })

  test('pair: the same minimum and the same bands', () => {
    expect(statusOf('conformity-shift', pair({}, unexplained(2)))).toBe('unclear')
    expect(statusOf('conformity-shift', pair({}, unexplained(3)))).toBe('alert')
    expect(statusOf('conformity-shift', pair({}, { conformityShift: 0.12, changed: 4, changedWithoutReason: 2 }))).toBe('warn')
  })
})

describe('variance ratio weighs how close the blind ratings were, reasons and challenges', () => {
  const shrunk = (over: Partial<Ratings> = {}, o: Partial<IndicatorInput> = {}) =>
    input({ challengesRaised: 0, ...o }, { varianceRatio: 0.35, changed: 4, changedWithoutReason: 2, ...over })

  test('its minimum: two changed ratings are not enough to tell, three are judged', () => {
    const below = indicator('variance-ratio', shrunk({ changed: 2, changedWithoutReason: 2 }))
    expect(below.status).toBe('unclear')
    expect(below.reason).toBe(
      'the spread after discussion was 35% of the blind spread (alert at 40% or less), but only 2 ratings changed (at least 3 needed)',
    )
    expect(statusOf('variance-ratio', shrunk({ changed: 3, changedWithoutReason: 2 }))).toBe('alert')
  })

  test('each level, with half the changes unexplained', () => {
    const at = (ratio: number) => statusOf('variance-ratio', shrunk({ varianceRatio: ratio }))
    expect([at(1.2), at(0.61), at(0.6), at(0.41), at(0.4), at(0.1)]).toEqual(['ok', 'ok', 'warn', 'warn', 'alert', 'alert'])
  })

  test('blind ratings already close (mean SD below 0.60) had little spread to lose', () => {
    const close = indicator('variance-ratio', shrunk({ meanBlindSd: 0.59 }))
    expect(close.status).toBe('ok')
    expect(close.reason).toContain('the blind ratings were already close (mean standard deviation 0.59, below 0.60)')
    expect(statusOf('variance-ratio', shrunk({ meanBlindSd: 0.6 }))).toBe('alert')
    expect(statusOf('variance-ratio', shrunk({ meanBlindSd: null }))).toBe('alert')
    // Close blind ratings need no minimum of changes either.
    expect(statusOf('variance-ratio', shrunk({ meanBlindSd: 0.3, changed: 1, changedWithoutReason: 1 }))).toBe('ok')
  })

  test('more than half of the changes with a reason is ok; exactly half is not', () => {
    const explained = indicator('variance-ratio', shrunk({ changed: 3, changedWithoutReason: 1 }))
    expect(explained.status).toBe('ok')
    expect(explained.reason).toContain('judged ok because 2 of the 3 changes gave a reason')
    expect(statusOf('variance-ratio', shrunk({ changed: 4, changedWithoutReason: 2 }))).toBe('alert')
  })

  test('a challenge revised or kept open softens one level; an answered one does not', () => {
    expect(statusOf('variance-ratio', shrunk({}, { evidence: challenge('left_open') }))).toBe('warn')
    expect(statusOf('variance-ratio', shrunk({ varianceRatio: 0.5 }, { evidence: challenge('revised') }))).toBe('ok')
    expect(statusOf('variance-ratio', shrunk({}, { evidence: challenge('answered') }))).toBe('alert')
  })

  test('pair and nine: group size does not move the bands or the minimum', () => {
    for (const make of [pair, (o: Partial<IndicatorInput>, r: Partial<Ratings>) => input({ ...NINE, ...o }, r)]) {
      expect(statusOf('variance-ratio', make({}, { varianceRatio: 0.35, changed: 2, changedWithoutReason: 2 }))).toBe('unclear')
      expect(statusOf('variance-ratio', make({}, { varianceRatio: 0.35, changed: 3, changedWithoutReason: 3 }))).toBe('alert')
      expect(statusOf('variance-ratio', make({}, { varianceRatio: 0.5, changed: 3, changedWithoutReason: 3 }))).toBe('warn')
    }
  })
})

describe('divergence balance tells genuine convergence from lost difference', () => {
  const converged = (o: Partial<IndicatorInput> = {}, r: Partial<Ratings> = {}) =>
    input(
      { challengesRaised: 0, ...o },
      { themeClasses: ['convergent', 'mixed'], blindThemeClasses: ['divergent', 'mixed'], changed: 4, changedWithoutReason: 2, ...r },
    )

  test('its minimum: one rated theme is not enough to tell, two are judged', () => {
    const one = indicator('divergence-balance', converged({}, { themeClasses: ['convergent'], blindThemeClasses: ['divergent'] }))
    expect(one.status).toBe('unclear')
    expect(one.reason).toContain('at least 2 rated themes are needed')
    expect(statusOf('divergence-balance', converged())).toBe('warn')
  })

  test('difference seen blind and lost with few reasons and no resolved challenge warns', () => {
    const d = indicator('divergence-balance', converged())
    expect(d.reason).toBe(
      '0 of 2 rated themes are divergent and 1 convergent, though 1 was divergent in the blind round, and the convergence came with few reasons (2 of 4 changes without one) and no resolved challenge (warn)',
    )
    expect(d.sentence).toBe(
      'Every theme converged or was mixed; no theme divided the group after discussion. Difference seen in the blind round was not kept, and few reasons were given.',
    )
    expect(statusOf('divergence-balance', converged({ challengesRaised: 1, evidence: challenge(null) }))).toBe('warn')
  })

  test('genuine convergence is ok: agreement already there blind, reasons on most changes, or a resolved challenge', () => {
    const blindAgreed = indicator('divergence-balance', converged({}, { blindThemeClasses: ['convergent', 'mixed'] }))
    expect(blindAgreed.status).toBe('ok')
    expect(blindAgreed.reason).toContain('the agreement was there before discussion')
    expect(statusOf('divergence-balance', converged({}, { changedWithoutReason: 1 }))).toBe('ok')
    for (const resolution of ['answered', 'revised', 'left_open'] as const) {
      expect(statusOf('divergence-balance', converged({ challengesRaised: 1, evidence: challenge(resolution) }))).toBe('ok')
    }
  })

  test('without the blind round’s classes, few reasons and no resolved challenge are not enough to tell', () => {
    const unknown = (r: Partial<Ratings> = {}, o: Partial<IndicatorInput> = {}) =>
      indicator('divergence-balance', converged(o, { blindThemeClasses: undefined, ...r }))
    expect(unknown().status).toBe('unclear')
    expect(unknown().reason).toContain('the blind round’s classes are not known')
    expect(unknown().rule).toContain('not enough to tell with fewer than 2 rated themes, or when the blind round is not known')
    // Reasons or a resolved challenge are evidence of genuine convergence, blind classes or not.
    const reasoned = unknown({ changedWithoutReason: 1 })
    expect(reasoned.status).toBe('ok')
    expect(reasoned.reason).toBe(
      '0 of 2 rated themes are divergent and 1 convergent; the convergence came with evidence: 3 of 4 changed ratings gave a reason',
    )
    expect(unknown({}, { challengesRaised: 1, evidence: challenge('answered') }).status).toBe('ok')
  })

  test('any theme divergent after discussion keeps difference in view, even with none convergent', () => {
    const d = indicator('divergence-balance', converged({}, { themeClasses: ['divergent', 'mixed'] }))
    expect(d.status).toBe('ok')
    expect(d.sentence).toBe('1 of 2 themes divided the group and none converged: difference is in view.')
  })

  test('pair: two members who met from opposite ends on both themes without a reason warn; with reasons it is ok', () => {
    const p = (without: number) =>
      statusOf(
        'divergence-balance',
        pair(
          {},
          {
            themeClasses: ['convergent', 'convergent'],
            blindThemeClasses: ['divergent', 'divergent'],
            changed: 2,
            changedWithoutReason: without,
          },
        ),
      )
    expect([p(2), p(1), p(0)]).toEqual(['warn', 'warn', 'ok'])
  })

  test('nine: one divergent theme among many convergent ones is enough', () => {
    const classes = [...Array(8).fill('convergent'), 'divergent'] as Ratings['themeClasses']
    expect(statusOf('divergence-balance', converged({ memberCount: 9 }, { themeClasses: classes, blindThemeClasses: classes }))).toBe('ok')
    const all = Array(9).fill('convergent') as Ratings['themeClasses']
    expect(
      statusOf(
        'divergence-balance',
        converged({ memberCount: 9 }, { themeClasses: all, blindThemeClasses: classes, changed: 12, changedWithoutReason: 8 }),
      ),
    ).toBe('warn')
  })
})
