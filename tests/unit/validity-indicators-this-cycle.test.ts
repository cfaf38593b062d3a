import { describe, expect, test } from 'vitest'
import { ended, healthyCycle as input, indicator } from './fixtures/indicator-input'

// The validity indicators that read the cycle itself: ways of knowing, research cycling,
// divergence balance and unaware projections.

describe('ways of knowing (this cycle)', () => {
  test('presentational share of all records; any presentational record is ok', () => {
    const w = indicator('ways-of-knowing', input())
    expect(w.value).toBeCloseTo(2 / 11, 12)
    expect(w).toMatchObject({ display: '18%', status: 'ok' })
    expect(w.sentence).toBe(
      'Records by way of knowing: 5 experiential, 2 presentational, 3 propositional, 1 practical; presentational knowing (image, story, metaphor) is present (18% of records).',
    )
    expect(
      indicator('ways-of-knowing', input({ waysOfKnowing: { experiential: 9, presentational: 1, propositional: 10, practical: 0 } }))
        .status,
    ).toBe('ok')
  })

  test('no presentational record this cycle, earlier cycles unknown: not enough to tell', () => {
    const w = indicator('ways-of-knowing', input({ waysOfKnowing: { experiential: 4, presentational: 0, propositional: 6, practical: 0 } }))
    expect(w).toMatchObject({ value: 0, display: '0%', status: 'unclear' })
    expect(w.sentence).toBe(
      'Records by way of knowing: 4 experiential, 0 presentational, 6 propositional, 0 practical; presentational knowing (image, story, metaphor) is missing this cycle.',
    )
  })

  test('is n/a with no records', () => {
    const w = indicator('ways-of-knowing', input({ waysOfKnowing: { experiential: 0, presentational: 0, propositional: 0, practical: 0 } }))
    expect(w).toMatchObject({ value: null, display: '—', status: 'n/a', sentence: 'No records have been made this cycle.' })
  })
})

describe('research cycling (this cycle)', () => {
  test('during the inquiry it counts completed cycles and is not judged', () => {
    const r = indicator('research-cycling', input({ cycleNumber: 2, concluded: false }))
    expect(r).toMatchObject({ value: 1, display: '1 of 6', threshold: null, status: 'n/a' })
    expect(r.sentence).toBe('This is cycle 2; the template recommends at least 6.')
  })

  test('ending short of the recommended minimum warns', () => {
    const r = indicator('research-cycling', ended({ cycleNumber: 3, evidence: { inquiryCycles: 3 } }))
    expect(r).toMatchObject({ value: 3, display: '3 of 6', status: 'warn' })
    expect(r.sentence).toBe('The inquiry ended after 3 cycles, fewer than the 6 recommended.')
    expect(indicator('research-cycling', ended({ cycleNumber: 1, evidence: { inquiryCycles: 1 } })).sentence).toBe(
      'The inquiry ended after 1 cycle, fewer than the 6 recommended.',
    )
  })

  test('ending at the recommended minimum is ok', () => {
    const r = indicator('research-cycling', ended())
    expect(r).toMatchObject({ value: 6, status: 'ok' })
    expect(r.sentence).toBe('The inquiry ended after 6 cycles; the template recommends at least 6.')
  })
})

describe('divergence balance (this cycle)', () => {
  test('ok with at least one convergent and one divergent theme', () => {
    const d = indicator('divergence-balance', input({}, { themeClasses: ['convergent', 'divergent', 'mixed'] }))
    expect(d.value).toBeCloseTo(1 / 3, 12)
    expect(d).toMatchObject({ display: '1 of 3', threshold: null, status: 'ok' })
    expect(d.sentence).toBe('1 of 3 themes divided the group and 1 converged: difference and agreement are both in view.')
  })

  test('no divergent theme after discussion warns only when the blind round had one and few reasons came', () => {
    const lost = indicator(
      'divergence-balance',
      input(
        { challengesRaised: 0 },
        {
          themeClasses: ['convergent', 'convergent', 'mixed'],
          blindThemeClasses: ['divergent', 'convergent', 'mixed'],
          changedWithoutReason: 2,
        },
      ),
    )
    expect(lost).toMatchObject({ value: 0, status: 'warn' })
    expect(lost.sentence).toBe(
      'Every theme converged or was mixed; no theme divided the group after discussion. Difference seen in the blind round was not kept, and few reasons were given.',
    )
    const kept = indicator(
      'divergence-balance',
      input({}, { themeClasses: ['convergent', 'convergent', 'mixed'], blindThemeClasses: ['convergent', 'convergent', 'mixed'] }),
    )
    expect(kept).toMatchObject({
      value: 0,
      status: 'ok',
      sentence: 'Every theme converged or was mixed; no theme divided the group after discussion.',
    })
  })

  test('no convergent theme is difference in view, not a warning', () => {
    const d = indicator('divergence-balance', input({}, { themeClasses: ['divergent', 'divergent', 'mixed', 'mixed'] }))
    expect(d).toMatchObject({ value: 0.5, status: 'ok' })
    expect(d.sentence).toBe('2 of 4 themes divided the group and none converged: difference is in view.')
  })

  test('is n/a with no themes or before reveal', () => {
    expect(indicator('divergence-balance', input({}, { themeClasses: [] }))).toMatchObject({
      value: null,
      status: 'n/a',
      sentence: 'No themes were rated this cycle.',
    })
    expect(indicator('divergence-balance', input({ ratings: null })).status).toBe('n/a')
  })
})

describe('unaware projections (this cycle)', () => {
  test('a flag nobody has answered yet asks whether time was made, and is not enough to tell', () => {
    const u = indicator('unaware-projections', input({ checkIns: 6, checkInsFlagged: 2 }))
    expect(u).toMatchObject({ value: 2, display: '2 of 6', threshold: null, status: 'unclear' })
    expect(u.sentence).toBe('2 check-ins flagged something that needs time: has the group made time for it?')
    expect(indicator('unaware-projections', input({ checkIns: 6, checkInsFlagged: 1 })).sentence).toBe(
      '1 check-in flagged something that needs time: has the group made time for it?',
    )
  })

  test('no flags is ok', () => {
    const u = indicator('unaware-projections', input({ checkIns: 4, checkInsFlagged: 0 }))
    expect(u).toMatchObject({ value: 0, status: 'ok', sentence: 'None of the 4 check-ins flagged anything that needs time.' })
  })

  test('is n/a with no check-ins', () => {
    const u = indicator('unaware-projections', input({ checkIns: 0, checkInsFlagged: 0 }))
    expect(u).toMatchObject({ value: null, display: '—', status: 'n/a', sentence: 'No check-ins were held this cycle.' })
  })
})
