import { describe, expect, test } from 'vitest'
import { type IndicatorInput } from '~/features/validity/core'
import { indicator, input, NINE, PAIR } from './fixtures/indicator-evidence'

// Aspects of reflection: ways of knowing judges the absence of presentational Records over
// Cycles.

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
