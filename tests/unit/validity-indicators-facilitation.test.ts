import { describe, expect, test } from 'vitest'
import { DEPENDENCE_LEVEL, FALLING_SLOPE } from '~/features/validity/core/indicators-facilitation'
import { dependenceSeries, healthyCycle, indicator } from './fixtures/indicator-input'

// Authentic collaboration (facilitator dependence), issue 19: the trend rule. Warn when the
// dependence is at or above 0.25 in each of the last three cycles and the least-squares slope
// over them is −0.05 per cycle or more; never alert.

const judge = (values: (number | null)[], over: { parts?: number; pair?: boolean } = {}) =>
  indicator(
    'authentic-collaboration',
    healthyCycle({ cycleNumber: values.length, evidence: { facilitation: dependenceSeries(values, over.parts ?? 3, over.pair ?? false) } }),
  )

describe('the level', () => {
  test('below the level this cycle: ok, whatever the trend', () => {
    expect(judge([0.1, 0.2, 0.24])).toMatchObject({ status: 'ok', value: 0.24 })
    expect(judge([0.24]).status).toBe('ok')
  })
  test('exactly at the level, flat over three cycles: warn', () => {
    expect(DEPENDENCE_LEVEL).toBe(0.25)
    expect(judge([0.25, 0.25, 0.25]).status).toBe('warn')
  })
  test('this cycle at the level but an earlier one of the three below it: ok (one high cycle is not dependence held)', () => {
    const i = judge([0.6, 0.24, 0.6])
    expect(i.status).toBe('ok')
    expect(i.reason).toMatch(/not 0\.25 or more in each of cycles 1–3/)
    expect(judge([0.25, 0.25, 0.6]).status).toBe('warn')
  })
})

describe('the slope', () => {
  test(`a slope of exactly ${FALLING_SLOPE} per cycle is flat: warn`, () => {
    // Least-squares slope over three equally spaced cycles is (last − first) / 2: (0.5 − 0.6) / 2 = −0.05.
    expect(judge([0.6, 0.55, 0.5]).status).toBe('warn')
  })
  test('just steeper than that is falling: ok', () => {
    const i = judge([0.62, 0.56, 0.5])
    expect(i.status).toBe('ok')
    expect(i.reason).toMatch(/falling over cycles 1–3/)
  })
  test('falling, flat and rising', () => {
    expect(judge([0.8, 0.6, 0.4]).status).toBe('ok')
    expect(judge([0.5, 0.5, 0.5]).status).toBe('warn')
    expect(judge([0.3, 0.45, 0.6]).status).toBe('warn')
    expect(judge([0.1, 0.45, 0.6]).status).toBe('ok')
  })
  test('the trend is read over the last three cycles only', () => {
    expect(judge([0.9, 0.9, 0.3, 0.3, 0.3]).status).toBe('warn')
    expect(judge([0.3, 0.3, 0.9, 0.6, 0.3]).status).toBe('ok')
  })
  test('it never alerts', () => {
    expect(judge([1, 1, 1]).status).toBe('warn')
  })
})

describe('the minimum', () => {
  test('fewer than three cycles: not enough to tell when the level is reached', () => {
    const i = judge([0.6, 0.6])
    expect(i.status).toBe('unclear')
    expect(i.reason).toMatch(/needs 3 cycles in a row/)
  })
  test('a cycle measured from only one part: a warning is not enough to tell, a low dependence is ok', () => {
    expect(judge([0.6, 0.6, 0.6], { parts: 1 }).status).toBe('unclear')
    expect(judge([0.1], { parts: 1 }).status).toBe('ok')
  })
  test('an earlier cycle in the window with too few acts: not enough to tell', () => {
    const input = healthyCycle({ cycleNumber: 3, evidence: { facilitation: dependenceSeries([0.6, 0.6, 0.6]) } })
    input.evidence!.facilitation!.cycles[0] = { cycle: 1, status: 'too-few', dependence: null, countedParts: 0, acts: 2 }
    expect(indicator('authentic-collaboration', input).status).toBe('unclear')
  })
  test('this cycle with too few acts: not enough to tell; with none at all: nothing yet', () => {
    const input = healthyCycle({ cycleNumber: 1, evidence: { facilitation: dependenceSeries([0.6]) } })
    input.evidence!.facilitation!.cycles[0] = { cycle: 1, status: 'too-few', dependence: null, countedParts: 0, acts: 2 }
    expect(indicator('authentic-collaboration', input).status).toBe('unclear')
    input.evidence!.facilitation!.cycles[0] = { cycle: 1, status: 'too-few', dependence: null, countedParts: 0, acts: 0 }
    expect(indicator('authentic-collaboration', input).status).toBe('n/a')
  })
})

describe('peer facilitation and handovers', () => {
  test('a cycle no one facilitated is ok, dependence 0', () => {
    expect(judge([0.6, 0.6, null])).toMatchObject({ status: 'ok', value: 0 })
  })
  test('peer cycles in the window count as 0 and are read', () => {
    // 0, 0, then a facilitator again at 0.5: rising, but not held over the three cycles: ok.
    expect(judge([null, null, 0.5]).status).toBe('ok')
  })
  test('a handover mid-way that does not change how much runs through the role still warns', () => {
    // Cycle 2 had two holders (a hand-over in the middle); the dependence on the role stayed where it was.
    expect(judge([0.5, 0.5, 0.5]).status).toBe('warn')
  })
  test('a handover that passes the process to the group shows as falling: ok', () => {
    expect(judge([0.7, 0.4, 0.3]).status).toBe('ok')
  })
  test('a pair has no facilitator role; without the evidence, nothing is recorded', () => {
    expect(judge([0.6, 0.6, 0.6], { pair: true }).status).toBe('n/a')
    expect(indicator('authentic-collaboration', healthyCycle()).status).toBe('n/a')
  })
})
