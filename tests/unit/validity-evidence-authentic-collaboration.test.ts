import { describe, expect, test } from 'vitest'
import { type CycleEvidence } from '~/features/validity/core'
import { indicator, input, members, pair, rows, statusOf, withRows, type Row } from './fixtures/indicator-evidence'

// Authentic collaboration: participation balance weighs a leading voice and whether the
// others follow it.

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
