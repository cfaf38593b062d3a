import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import {
  computeIndicators,
  excessShare,
  leadingVoice,
  movesTowardOne,
  type CycleEvidence,
  type Indicator,
  type IndicatorInput,
  type IndicatorKey,
} from '~/features/validity/core'
import { healthyCycle, type Ratings } from './fixtures/indicator-input'

// Issue 14: the indicators weigh evidence. For every indicator: its evidence minimum (just below
// it says "not enough to tell", at it the indicator judges), each level it can reach, a pair and
// a group of nine. The healthy cycle below changes only in what each test is about.

type Template = { recommendedMinCycles: number; validityProcedures: { key: string; indicators: string[] }[] }
const load = (name: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../inquiry-templates/${name}.json`, import.meta.url)), 'utf8')) as Template
const group = load('cooperative-inquiry')
const pairTemplate = load('client-practitioner-peer-review')

type Row = NonNullable<CycleEvidence['ratings']>[number]

function input(overrides: Partial<IndicatorInput> = {}, ratings: Partial<Ratings> = {}): IndicatorInput {
  return healthyCycle(overrides, ratings, group.recommendedMinCycles)
}

/** A client–practitioner pair on its own template. */
const PAIR = {
  memberCount: 2,
  recommendedMinCycles: pairTemplate.recommendedMinCycles,
  challengesRaised: 0,
  evidence: { pair: true },
} satisfies Partial<IndicatorInput>
function pair(overrides: Partial<IndicatorInput> = {}, ratings: Partial<Ratings> = {}): IndicatorInput {
  return input({ ...PAIR, ...overrides, evidence: { ...PAIR.evidence, ...overrides.evidence } }, ratings)
}
const NINE = { memberCount: 9 } satisfies Partial<IndicatorInput>

function indicator(key: IndicatorKey, i: IndicatorInput): Indicator {
  const procedures = i.evidence?.pair ? pairTemplate.validityProcedures : group.validityProcedures
  const found = computeIndicators(i, procedures).find((x) => x.key === key)
  if (!found) throw new Error(`no indicator ${key}`)
  return found
}
const statusOf = (key: IndicatorKey, i: IndicatorInput) => indicator(key, i).status

const members = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`)
const themes = (n: number) => Array.from({ length: n }, (_, i) => `t${i + 1}`)

/**
 * Blind and open ratings of n members on k themes: `anchor` rates 5 blind, everyone else 2.
 * Each move [member, theme, to, reasoned] re-rates that cell in the open round; a move to 4 is a
 * move toward the anchor, a move to 1 a move away from everyone.
 */
function rows(n: number, k: number, moves: [member: string, theme: string, to: number, reasoned?: boolean][], anchor = 'm1'): Row[] {
  return members(n).flatMap((member) =>
    themes(k).map((theme) => {
      const blind = member === anchor ? 5 : 2
      const move = moves.find(([m, t]) => m === member && t === theme)
      return { member, theme, blind, open: move ? move[2] : blind, reasoned: move?.[3] ?? false }
    }),
  )
}

/** The counts the analysis gives for those rows, with the group shift the test names. */
function counted(r: Row[], conformityShift: number | null): Partial<Ratings> {
  const changed = r.filter((x) => x.open !== x.blind)
  return { conformityShift, changed: changed.length, changedWithoutReason: changed.filter((x) => !x.reasoned).length }
}

/** A cycle whose ratings are `r`: the counts agree with the rows. */
function withRows(r: Row[], shift: number | null, overrides: Partial<IndicatorInput> = {}, make = input): IndicatorInput {
  return make({ challengesRaised: 0, ...overrides, evidence: { ...overrides.evidence, ratings: r } }, counted(r, shift))
}

const challenge = (resolution: 'revised' | 'answered' | 'left_open' | null) => ({ challenges: [{ raisedBy: 'm2', resolution }] })

describe('evidence readings', () => {
  test('movesTowardOne names the member others moved toward, not the one who moved', () => {
    const r = rows(6, 3, [
      ['m2', 't1', 4],
      ['m3', 't2', 4],
      ['m4', 't3', 4, true],
    ])
    expect(movesTowardOne(r)).toEqual({ anchor: 'm1', toward: 3, unexplained: 2, movers: 2, changed: 3 })
    // The anchor's own change is a move toward the others, never toward the anchor.
    expect(movesTowardOne(rows(3, 2, [['m1', 't1', 3]]))).toMatchObject({ anchor: 'm2', toward: 1, unexplained: 1 })
    // Moving away from everyone is a change toward no one.
    expect(movesTowardOne(rows(3, 2, [['m2', 't1', 1]]))).toMatchObject({ toward: 0, unexplained: 0, movers: 0, changed: 1 })
    expect(movesTowardOne(rows(4, 2, []))).toBeNull()
  })

  test('movesTowardOne counts each moving member once', () => {
    const r = rows(5, 3, [
      ['m2', 't1', 4],
      ['m2', 't2', 4],
      ['m2', 't3', 3],
    ])
    expect(movesTowardOne(r)).toEqual({ anchor: 'm1', toward: 3, unexplained: 3, movers: 1, changed: 3 })
  })

  test('leadingVoice is the member with the most words, with their share of the themes proposed', () => {
    const c = [
      { member: 'a', records: 3, words: 600, themesProposed: 3, actionRecords: 1 },
      { member: 'b', records: 2, words: 300, themesProposed: 1, actionRecords: 1 },
      { member: 'c', records: 1, words: 100, themesProposed: 0, actionRecords: 0 },
    ]
    expect(leadingVoice(c)).toEqual({ member: 'a', wordShare: 0.6, themeShare: 0.75, themes: 4 })
    expect(leadingVoice(c.map((x) => ({ ...x, themesProposed: 0 })))!.themeShare).toBeNull()
    expect(leadingVoice(c.slice(0, 1))).toBeNull()
    expect(leadingVoice(c.map((x) => ({ ...x, words: 0 })))).toBeNull()
  })

  test('excessShare: 0 at an equal share, 1 at everything, the same reading for 2 and 9 members', () => {
    expect(excessShare(0.5, 2)).toBe(0)
    expect(excessShare(1 / 9, 9)).toBeCloseTo(0, 12)
    expect(excessShare(1, 2)).toBe(1)
    expect(excessShare(1, 9)).toBeCloseTo(1, 12)
    // Halfway from an equal share to everything: 75% of a pair, 5/9 of nine.
    expect(excessShare(0.75, 2)).toBeCloseTo(0.5, 12)
    expect(excessShare(5 / 9, 9)).toBeCloseTo(0.5, 12)
    // Less than an equal share is no excess; one member has nothing to exceed.
    expect(excessShare(0.1, 6)).toBe(0)
    expect(excessShare(1, 1)).toBe(0)
  })
})

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

/** Contributions: `top` words for m1 of 100, the rest shared evenly (whole words), and themes proposed. */
function voice(n: number, top: number, themesBy: number[]): NonNullable<CycleEvidence['contributions']> {
  const rest = 100 - top
  return members(n).map((member, i) => ({
    member,
    records: 1,
    words: i === 0 ? top : Math.floor(rest / (n - 1)) + (i <= rest % (n - 1) ? 1 : 0),
    themesProposed: themesBy[i] ?? 0,
    actionRecords: 1,
  }))
}

describe('participation balance weighs a leading voice and whether the others follow it', () => {
  const even = { gini: 0.2, largestShare: 0.3 }
  const cycle = (n: number, contributions: CycleEvidence['contributions'], r: Row[] = [], participation = even, make = input) =>
    withRows(r, 0.05, { memberCount: n, participation, evidence: { contributions, ratings: r } }, make)
  const followers = (n: number, moves: number, anchor = 'm1') =>
    rows(
      n,
      3,
      members(n)
        .slice(1, 1 + moves)
        .map((m, i) => [m === anchor ? 'm2' : m, `t${i + 1}`, 4] as [string, string, number]),
      anchor,
    )

  test('one member nearly the only voice alerts: at the minimum, and just below it', () => {
    // Five members: 80 of 100 words is 75% of the way from an equal share (20%) to all; 3 of 4 themes is 75%.
    const at = indicator('participation-balance', cycle(5, voice(5, 80, [3, 1])))
    expect(at.status).toBe('alert')
    expect(at.reason).toContain(
      'the member with the most words wrote 80% of them and proposed 75% of the 4 themes (alert: one member is nearly the only voice',
    )
    expect(statusOf('participation-balance', cycle(5, voice(5, 79, [3, 1])))).toBe('ok')
    expect(statusOf('participation-balance', cycle(5, voice(5, 80, [2, 1])))).toBe('ok')
    // Fewer than 3 themes proposed is too few to call anyone the only voice.
    expect(statusOf('participation-balance', cycle(5, voice(5, 95, [2])))).toBe('ok')
  })

  test('a leading voice the others follow without reasons alerts; its minimum is two unexplained moves', () => {
    // Six members: 50 of 100 words is 40% of the way from an equal share to all; 2 of 4 themes.
    const c = voice(6, 50, [2, 2])
    const followed = indicator('participation-balance', cycle(6, c, followers(6, 2)))
    expect(followed.status).toBe('alert')
    expect(followed.reason).toContain(
      "2 of 2 changed ratings moved toward that member's blind ratings without a reason (alert: a leading voice the others follow without reasons)",
    )
    expect(statusOf('participation-balance', cycle(6, c, followers(6, 1)))).toBe('ok')
    // Moves with reasons, or toward someone else, are not following this voice.
    const reasoned = rows(6, 3, [
      ['m2', 't1', 4, true],
      ['m3', 't2', 4, true],
    ])
    expect(statusOf('participation-balance', cycle(6, c, reasoned))).toBe('ok')
    expect(statusOf('participation-balance', cycle(6, c, followers(6, 2, 'm6')))).toBe('ok')
    // Two unexplained moves among five changes are not half of them.
    const diluted = rows(6, 3, [
      ['m2', 't1', 4],
      ['m3', 't2', 4],
      ['m4', 't1', 1, true],
      ['m5', 't1', 1, true],
      ['m6', 't1', 1, true],
    ])
    expect(statusOf('participation-balance', cycle(6, c, diluted))).toBe('ok')
  })

  test('a leading voice writes at least 30% of the way from an equal share to all the words', () => {
    // Six members: 42 of 100 words is 30.4% of the way from 1/6 to all, 41 is 29.2%.
    expect(statusOf('participation-balance', cycle(6, voice(6, 42, [2, 2]), followers(6, 2)))).toBe('alert')
    expect(statusOf('participation-balance', cycle(6, voice(6, 41, [2, 2]), followers(6, 2)))).toBe('ok')
  })

  test('a member who writes most but proposes less than half the themes does not lead', () => {
    expect(statusOf('participation-balance', cycle(6, voice(6, 50, [1, 3]), followers(6, 2)))).toBe('ok')
    expect(statusOf('participation-balance', cycle(6, voice(6, 50, [1, 3]), followers(6, 2), { gini: 0.35, largestShare: 0.3 }))).toBe(
      'alert',
    )
  })

  test('unequal participation the others follow alerts; following alone is not a participation hazard', () => {
    const flat = voice(6, 20, [1, 1, 1])
    const unequal = indicator('participation-balance', cycle(6, flat, followers(6, 2), { gini: 0.35, largestShare: 0.3 }))
    expect(unequal.status).toBe('alert')
    expect(unequal.reason).toContain('(alert: unequal participation the others follow without reasons)')
    expect(statusOf('participation-balance', cycle(6, flat, followers(6, 2)))).toBe('ok')
  })

  test('without anyone following: very unequal warns, unequal warns only with a leading voice', () => {
    expect(indicator('participation-balance', input()).rule).toMatch(
      /otherwise warn when participation is very unequal: a normalised Gini of 0\.45 or more or a largest share 50% or more of the way from equal to all \(unequal from a normalised Gini of 0\.30 or more or 35% or more\), or unequal while one member writes most of the words and proposes at least half the themes;/,
    )
    expect(statusOf('participation-balance', input({ participation: { gini: 0.5, largestShare: 0.3 } }))).toBe('warn')
    expect(statusOf('participation-balance', input({ participation: { gini: 0.35, largestShare: 0.3 } }))).toBe('ok')
    expect(statusOf('participation-balance', cycle(6, voice(6, 50, [2, 2]), [], { gini: 0.35, largestShare: 0.3 }))).toBe('warn')
    expect(statusOf('participation-balance', cycle(6, voice(6, 50, [2, 2]), [], even))).toBe('ok')
  })

  test('pair: the share is measured from an equal half, so 60% is even and 75% is very unequal', () => {
    const share = (largestShare: number) => statusOf('participation-balance', pair({ participation: { gini: 0.1, largestShare } }))
    expect([share(0.5), share(0.6), share(0.7), share(0.75)]).toEqual(['ok', 'ok', 'ok', 'warn'])
    // A practitioner writing 90% and proposing every theme is nearly the only voice.
    const evenPair = { gini: 0.2, largestShare: 0.6 }
    expect(statusOf('participation-balance', cycle(2, voice(2, 90, [3]), [], evenPair, pair))).toBe('alert')
    // Leading (70% of the words, 2 of 3 themes) is not dominance until the client follows without reasons.
    expect(statusOf('participation-balance', cycle(2, voice(2, 70, [2, 1]), [], evenPair, pair))).toBe('ok')
    const follows = rows(2, 3, [
      ['m2', 't1', 4],
      ['m2', 't2', 4],
    ])
    expect(statusOf('participation-balance', cycle(2, voice(2, 70, [2, 1]), follows, evenPair, pair))).toBe('alert')
    expect(statusOf('participation-balance', pair({ memberCount: 1 }))).toBe('n/a')
  })

  test('nine: the same distance from an equal share reads the same as in a pair', () => {
    const nine = (largestShare: number) =>
      statusOf('participation-balance', input({ memberCount: 9, participation: { gini: 0.1, largestShare } }))
    // 5/9 is as far from 1/9 toward all as 75% is from 50% in a pair.
    expect(nine(5 / 9)).toBe(statusOf('participation-balance', pair({ participation: { gini: 0.1, largestShare: 0.75 } })))
    expect(nine(5 / 9)).toBe('warn')
    // 60% is even for a pair, very unequal for nine.
    expect(nine(0.6)).toBe('warn')
    // A leading voice in nine (44 of 100 words, 3 of 5 themes) followed by two members alerts.
    expect(statusOf('participation-balance', cycle(9, voice(9, 44, [3, 1, 1]), followers(9, 2)))).toBe('alert')
    expect(statusOf('participation-balance', cycle(9, voice(9, 44, [3, 1, 1]), followers(9, 1)))).toBe('ok')
  })
})

describe('grounding weighs the share of the group and theme–record links', () => {
  const missing = (n: number, m: number, o: Partial<IndicatorInput> = {}) =>
    statusOf('grounding', input({ memberCount: n, membersWithoutActionRecords: m, ...o }))
  const links = (themes: number, linkedToAction: number, more: Partial<NonNullable<CycleEvidence['themeLinks']>> = {}) => ({
    evidence: { themeLinks: { themes, linkedToAction, actionRecordsVisible: 4, ...more } },
  })

  test('six: the count thresholds apply at half the group, and are one level milder below it', () => {
    expect([0, 1, 2, 3, 6].map((m) => missing(6, m))).toEqual(['ok', 'ok', 'warn', 'alert', 'alert'])
    const two = indicator('grounding', input({ membersWithoutActionRecords: 2 }))
    expect(two.reason).toContain('alert at 2 or more')
    expect(two.reason).toContain('less than half the group')
  })

  test('nine: four without records warns, five alerts', () => {
    expect([1, 2, 4, 5].map((m) => missing(9, m))).toEqual(['ok', 'warn', 'warn', 'alert'])
  })

  test('small groups: one of three is ok, two of three alert; one of a group of two warns', () => {
    expect([missing(3, 1), missing(3, 2), missing(2, 1), missing(2, 2)]).toEqual(['ok', 'alert', 'warn', 'alert'])
  })

  test('pair: the action phase is the client’s, so one without action records is the method', () => {
    const p = (m: number, o: Partial<IndicatorInput> = {}) => indicator('grounding', pair({ membersWithoutActionRecords: m, ...o }))
    expect([p(0).status, p(1).status, p(2).status]).toEqual(['ok', 'ok', 'alert'])
    expect(p(1).reason).toContain("in a pair the action phase is the client's")
    // No rated theme linked to a visible action record alerts, once there are two themes to link.
    expect(p(0, { evidence: { pair: true, ...links(2, 0).evidence } }).status).toBe('alert')
    expect(p(0, { evidence: { pair: true, ...links(1, 0).evidence } }).status).toBe('ok')
    expect(p(0, { evidence: { pair: true, ...links(2, 1).evidence } }).status).toBe('ok')
  })

  test('at least half of the rated themes linked to action records makes an alert a warning', () => {
    expect(indicator('grounding', input()).rule).toContain(
      'an alert becomes a warning when at least half of 2 or more rated themes are linked to action-phase records',
    )
    expect(indicator('grounding', input({ membersWithoutActionRecords: 3, ...links(2, 1) })).reason).toContain(
      'made one level milder because at least half of the rated themes are linked',
    )
    expect(missing(6, 3, links(2, 1))).toBe('warn')
    expect(missing(6, 3, links(4, 2))).toBe('warn')
    expect(missing(6, 3, links(3, 1))).toBe('alert')
    // One rated theme is below the minimum for links to count.
    expect(missing(6, 3, links(1, 1))).toBe('alert')
  })

  test('no rated theme linked though action records were shared: alert with a member missing, else warn', () => {
    expect(missing(6, 1, links(3, 0))).toBe('alert')
    expect(missing(6, 0, links(3, 0))).toBe('warn')
    const g = indicator('grounding', input({ membersWithoutActionRecords: 0, ...links(3, 0) }))
    expect(g.reason).toContain('0 of 3 rated themes are linked to an action-phase record')
    // Just below the minimum: one rated theme says nothing about links.
    expect(missing(6, 0, links(1, 0))).toBe('ok')
    // A group that links no theme to any record has shown nothing either way.
    expect(missing(6, 0, links(3, 0, { linked: 0 }))).toBe('ok')
    expect(missing(6, 0, links(3, 0, { linked: 2 }))).toBe('warn')
    expect(missing(6, 0, links(3, 0, { actionRecordsVisible: 0 }))).toBe('ok')
  })

  test('while the action phase is under way, what would warn or alert is not enough to tell', () => {
    const ongoing = { actionPhaseOngoing: true }
    expect([0, 1, 2, 3].map((m) => missing(6, m, ongoing))).toEqual(['ok', 'ok', 'unclear', 'unclear'])
    expect(indicator('grounding', input({ membersWithoutActionRecords: 3, ...ongoing })).reason).toMatch(
      /the action phase is still under way/,
    )
    expect(missing(6, 0, { ...ongoing, ...links(3, 0) })).toBe('unclear')
    expect(statusOf('grounding', pair({ membersWithoutActionRecords: 2, ...ongoing }))).toBe('unclear')
  })

  test('is n/a before the action phase, whatever the links', () => {
    expect(missing(6, 6, { actionPhaseReached: false, ...links(3, 0) })).toBe('n/a')
  })
})

describe('ways of knowing judges absence over cycles, with enough records', () => {
  const none = (records: number) => ({ experiential: records, presentational: 0, propositional: 0, practical: 0 })
  const ways = (thisCycle: number, previous: ReturnType<typeof none>[] | undefined, o: Partial<IndicatorInput> = {}) =>
    indicator(
      'ways-of-knowing',
      input({
        ...o,
        waysOfKnowing: none(thisCycle),
        evidence: { ...o.evidence, ...(previous ? { previousWaysOfKnowing: previous } : {}) },
      }),
    )

  test('one cycle without a presentational record is not judged; with earlier cycles unknown it is not enough to tell', () => {
    expect(ways(9, []).status).toBe('ok')
    expect(ways(9, [{ ...none(3), presentational: 1 }]).status).toBe('ok')
    const unknown = ways(9, undefined)
    expect(unknown.status).toBe('unclear')
    expect(unknown.reason).toBe('no presentational record this cycle, and earlier cycles are not known')
  })

  test('two cycles in a row: the warning needs 8 records among them', () => {
    const below = ways(4, [none(3)])
    expect(below.status).toBe('unclear')
    expect(below.reason).toBe(
      'no presentational record in the last 2 cycles with records (7 records); at least 8 records are needed to tell',
    )
    const at = ways(4, [none(4)])
    expect(at.status).toBe('warn')
    expect(at.reason).toBe(
      'no presentational record in the last 2 cycles with records (8 records) (warn at 2 cycles in a row and 8 records)',
    )
  })

  test('three cycles in a row: the alert needs 15 records, else it stays a warning', () => {
    expect(ways(5, [none(5), none(4)]).status).toBe('warn')
    const at = ways(5, [none(5), none(5)])
    expect(at.status).toBe('alert')
    expect(at.reason).toContain('(alert at 3 cycles in a row and 15 records)')
  })

  test('a presentational record breaks the run; cycles with no records at all are skipped', () => {
    expect(ways(9, [none(9), { ...none(9), presentational: 1 }]).status).toBe('ok')
    expect(ways(9, [{ ...none(9), presentational: 1 }, none(9)]).status).toBe('warn')
    expect(ways(5, [none(5), none(0), none(5)]).status).toBe('alert')
  })

  test('pair: few records per cycle keep the absence unclear for longer', () => {
    expect(ways(3, [none(3)], PAIR).status).toBe('unclear')
    expect(ways(3, [none(3), none(3)], PAIR).status).toBe('warn')
    expect(ways(3, [none(3), none(3), none(3)], PAIR).status).toBe('warn')
    expect(ways(3, [none(3), none(3), none(3), none(3)], PAIR).status).toBe('alert')
  })

  test('nine: a busy cycle without presentational knowing is still only one cycle', () => {
    expect(ways(40, [], NINE).status).toBe('ok')
    expect(ways(20, [none(20)], NINE).status).toBe('warn')
    expect(ways(20, [none(20), none(20)], NINE).status).toBe('alert')
  })
})

describe('research cycling is judged once, on the last cycle of an ended inquiry', () => {
  const cycling = (cycleNumber: number, inquiryCycles: number, o: Partial<IndicatorInput> = {}) =>
    indicator('research-cycling', input({ ...o, cycleNumber, concluded: true, evidence: { ...o.evidence, inquiryCycles } }))

  test('the issue’s case: an early cycle of a concluded inquiry is not short of cycles', () => {
    const early = cycling(2, 6)
    expect(early).toMatchObject({ status: 'n/a', value: 6, display: '6 of 6' })
    expect(early.reason).toBe("the inquiry's cycling is judged on its last cycle (cycle 6), not on cycle 2")
    expect(cycling(6, 6).status).toBe('ok')
  })

  test('at the recommended minimum it is ok, one below it warns', () => {
    expect(cycling(6, 6).status).toBe('ok')
    const short = cycling(5, 5)
    expect(short).toMatchObject({ status: 'warn', value: 5, display: '5 of 6' })
    expect(short.reason).toBe('the inquiry ended after 5 cycles, fewer than the 6 recommended (warn)')
    expect(cycling(4, 5).status).toBe('n/a')
  })

  test('while the inquiry runs it is not judged', () => {
    const r = indicator('research-cycling', input({ cycleNumber: 2, concluded: false, evidence: { inquiryCycles: 2 } }))
    expect(r).toMatchObject({ status: 'n/a', value: 1, display: '1 of 6' })
    expect(r.reason).toContain('so it is not judged yet')
  })

  test('pair: its template recommends 3 cycles', () => {
    expect(cycling(3, 3, PAIR).status).toBe('ok')
    expect(cycling(2, 2, PAIR).status).toBe('warn')
    expect(cycling(1, 2, PAIR).status).toBe('n/a')
  })

  test('nine: group size does not change the judgement', () => {
    expect(cycling(6, 6, NINE).status).toBe('ok')
    expect(cycling(5, 5, NINE).status).toBe('warn')
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

describe('unaware projections: the danger is distress flagged and never given time', () => {
  const flagged = (n: number, timeMade: boolean | undefined, o: Partial<IndicatorInput> = {}) =>
    indicator(
      'unaware-projections',
      input({ checkIns: 6, ...o, checkInsFlagged: n, evidence: { ...o.evidence, ...(timeMade === undefined ? {} : { timeMade }) } }),
    )

  test('asking for time is the procedure working: ok once the group recorded making time', () => {
    const u = flagged(2, true)
    expect(u.status).toBe('ok')
    expect(u.reason).toBe('2 of 6 check-ins flagged something that needs time, and the group recorded making time for it')
  })

  test('its minimum: until the review records anything it is not enough to tell; then no time made warns', () => {
    const open = flagged(2, undefined)
    expect(open.status).toBe('unclear')
    expect(open.sentence).toBe('2 check-ins flagged something that needs time: has the group made time for it?')
    const none = flagged(2, false)
    expect(none.status).toBe('warn')
    expect(none.reason).toBe(
      "2 of 6 check-ins flagged something that needs time, and neither the group's review nor a challenge records that time was made for it (warn)",
    )
  })

  test('no flag is ok whatever the review says, and no check-in is n/a', () => {
    expect(flagged(0, false).status).toBe('ok')
    expect(flagged(0, undefined, { checkIns: 0 }).status).toBe('n/a')
  })

  test('pair and nine read the same', () => {
    expect(flagged(1, false, { ...PAIR, checkIns: 2 }).status).toBe('warn')
    expect(flagged(1, true, { ...PAIR, checkIns: 2 }).status).toBe('ok')
    expect(flagged(4, false, { memberCount: 9, checkIns: 9 }).status).toBe('warn')
    expect(flagged(4, undefined, { memberCount: 9, checkIns: 9 }).status).toBe('unclear')
  })
})
