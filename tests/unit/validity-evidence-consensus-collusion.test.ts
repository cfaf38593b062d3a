import { describe, expect, test } from 'vitest'
import { type IndicatorInput } from '~/features/validity/core'
import { indicator, input, PAIR, pair, statusOf } from './fixtures/indicator-evidence'

// Challenging consensus collusion: unexplained moves and dissent weigh reasons, Challenges
// and the devil's advocate.

describe('unexplained moves needs a minimum of changes', () => {
  const moves = (changed: number, without: number, o: Partial<IndicatorInput> = {}) => input(o, { changed, changedWithoutReason: without })

  test('the issue’s case: 1 of 1 unexplained is not enough to tell, nor is 2 of 2', () => {
    const one = indicator('unexplained-moves', moves(1, 1))
    expect(one.status).toBe('unclear')
    expect(one.reason).toBe(
      '1 of 1 changed rating (100%) gave no reason (alert at 75% or more), but a share of fewer than 3 changes says little',
    )
    expect(statusOf('unexplained-moves', moves(2, 2))).toBe('unclear')
    expect(statusOf('unexplained-moves', moves(2, 1))).toBe('unclear')
    // Below the minimum an explained change is simply ok.
    expect(statusOf('unexplained-moves', moves(2, 0))).toBe('ok')
  })

  test('at the minimum of three changes each level is reached', () => {
    expect([moves(3, 0), moves(3, 1), moves(3, 2), moves(3, 3)].map((i) => statusOf('unexplained-moves', i))).toEqual([
      'ok',
      'ok',
      'warn',
      'alert',
    ])
  })

  test('an alert needs three unexplained changes, whatever the share', () => {
    const thresholds = { 'unexplained-moves': { warn: 0.25, alert: 0.5 } }
    const two = indicator('unexplained-moves', moves(4, 2, { thresholds }))
    expect(two.status).toBe('warn')
    expect(two.reason).toBe(
      '2 of 4 changed ratings (50%) gave no reason (alert at 50% or more), but an alert needs at least 3 unexplained changes',
    )
    expect(statusOf('unexplained-moves', moves(6, 3, { thresholds }))).toBe('alert')
  })

  test('pair: two themes each re-rated once is below the minimum; three are judged', () => {
    expect(statusOf('unexplained-moves', pair({}, { changed: 2, changedWithoutReason: 2 }))).toBe('unclear')
    expect(statusOf('unexplained-moves', pair({}, { changed: 3, changedWithoutReason: 3 }))).toBe('alert')
  })

  test('nine: the share decides once the minimum is met', () => {
    const nine = (changed: number, without: number) =>
      statusOf('unexplained-moves', input({ memberCount: 9 }, { changed, changedWithoutReason: without }))
    expect([nine(12, 5), nine(12, 6), nine(12, 8), nine(12, 9)]).toEqual(['ok', 'warn', 'warn', 'alert'])
  })
})

describe('dissent weighs reasons, challenges and the devil’s advocate', () => {
  const silent = (closed: number, o: Partial<IndicatorInput> = {}) =>
    input({
      ...o,
      challengesRaised: o.challengesRaised ?? 0,
      decisionsClosed: closed,
      decisionsWithDissent: o.decisionsWithDissent ?? 0,
      unanimousWithoutReasons: o.unanimousWithoutReasons ?? closed,
    })

  test('its minimum: one silent decision is not enough to tell, two alert', () => {
    const one = indicator('dissent', silent(1))
    expect(one.status).toBe('unclear')
    expect(one.reason).toBe('1 closed decision agreed by all and no challenge raised; at least 2 closed decisions are needed')
    const two = indicator('dissent', silent(2))
    expect(two.status).toBe('alert')
    expect(two.reason).toBe(
      'all 2 closed decisions were agreed by everyone without a single reason, and no challenge was raised (alert at 2 or more such decisions)',
    )
  })

  test('a reason on any unanimous decision is evidence against silence: the alert needs every decision silent', () => {
    expect(indicator('dissent', silent(3)).rule).toContain(
      'alert when every closed decision (at least 2) was agreed by everyone without a single reason',
    )
    expect(statusOf('dissent', silent(3, { unanimousWithoutReasons: 2 }))).toBe('ok')
    const d = indicator('dissent', silent(5, { unanimousWithoutReasons: 4 }))
    expect(d.status).toBe('ok')
    expect(d.reason).toBe('all 5 closed decisions were agreed by everyone and no challenge was raised, but reasons were given')
    const stances = indicator(
      'dissent',
      silent(3, { unanimousWithoutReasons: 2, evidence: { stances: { total: 18, reasoned: 4, nonAgree: 0, nonAgreeReasoned: 0 } } }),
    )
    expect(stances.reason).toContain('but reasons were given on 4 of 18 stances')
  })

  test('voiced disagreement is ok: a challenge, or a stance other than agree', () => {
    expect(statusOf('dissent', silent(4, { challengesRaised: 1 }))).toBe('ok')
    expect(statusOf('dissent', silent(10, { decisionsWithDissent: 1, unanimousWithoutReasons: 9 }))).toBe('ok')
  })

  test('a devil’s advocate the template asks for and no one held warns, unless disagreement was voiced', () => {
    const missing = { devilsAdvocate: { required: true, held: null } }
    const d = indicator('dissent', silent(3, { unanimousWithoutReasons: 1, evidence: missing }))
    expect(d.status).toBe('warn')
    expect(d.reason).toBe(
      'no challenge was raised and all 3 closed decisions were agreed by everyone, and the devil’s advocate role the template asks for was not held (warn)',
    )
    expect(d.sentence).toMatch(/The template asks for a devil’s advocate, and no one held the role this cycle\.$/)
    // Nothing closed yet: the missing role is still worth a look, and is not n/a.
    expect(statusOf('dissent', silent(0, { evidence: missing }))).toBe('warn')
    expect(statusOf('dissent', silent(1, { evidence: missing }))).toBe('warn')
    // Silence throughout is still an alert, and says the role was not held.
    const silence = indicator('dissent', silent(2, { evidence: missing }))
    expect(silence.status).toBe('alert')
    expect(silence.reason).toContain('no devil’s advocate held the role the template asks for')
    expect(statusOf('dissent', silent(3, { challengesRaised: 1, evidence: missing }))).toBe('ok')
    expect(
      statusOf('dissent', silent(3, { unanimousWithoutReasons: 1, evidence: { devilsAdvocate: { required: true, held: 'm3' } } })),
    ).toBe('ok')
    expect(
      statusOf('dissent', silent(3, { unanimousWithoutReasons: 1, evidence: { devilsAdvocate: { required: false, held: null } } })),
    ).toBe('ok')
  })

  test('pair: one decision is not enough to tell, two silent ones alert, a client’s other stance is ok', () => {
    expect(statusOf('dissent', silent(1, PAIR))).toBe('unclear')
    expect(statusOf('dissent', silent(2, PAIR))).toBe('alert')
    expect(statusOf('dissent', silent(2, { ...PAIR, decisionsWithDissent: 1, unanimousWithoutReasons: 1 }))).toBe('ok')
  })

  test('nine: one stance in nine other than agree on one decision is disagreement voiced', () => {
    const d = indicator('dissent', silent(3, { memberCount: 9, decisionsWithDissent: 1, unanimousWithoutReasons: 2 }))
    expect(d.status).toBe('ok')
    expect(d.reason).toContain('disagreement was voiced')
    expect(statusOf('dissent', silent(3, { memberCount: 9 }))).toBe('alert')
  })
})
