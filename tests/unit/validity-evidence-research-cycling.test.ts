import { describe, expect, test } from 'vitest'
import { type IndicatorInput } from '~/features/validity/core'
import { indicator, input, NINE, PAIR } from './fixtures/indicator-evidence'

// Research cycling: judged once, on the last Cycle of an ended Inquiry.

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
