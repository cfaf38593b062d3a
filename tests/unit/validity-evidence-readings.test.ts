import { describe, expect, test } from 'vitest'
import { excessShare, leadingVoice, movesTowardOne } from '~/features/validity/core'
import { rows } from './fixtures/indicator-evidence'

// The readings of the per-member evidence the indicators weigh: moves toward one member, the
// leading voice, and how far a share is from an equal one.

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
