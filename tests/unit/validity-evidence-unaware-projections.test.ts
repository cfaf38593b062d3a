import { describe, expect, test } from 'vitest'
import { type IndicatorInput } from '~/features/validity/core'
import { indicator, input, PAIR } from './fixtures/indicator-evidence'

// Managing unaware projections: distress flagged at check-in and never given time.

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
