import { describe, expect, test } from 'vitest'
import { cycleDependence, excessOver, leastSquaresSlope, PART_MINIMUM, type CycleActs } from '~/features/facilitation/core/measure'
import { coFacilitatorTerms, facilitatorTerms, heldDuring } from '~/features/facilitation/core/terms'
import { handoverAt } from '~/features/facilitation/core/plan'

// Facilitator dependence (docs/design.md §4 "Facilitation over the cycles"): the measure, the
// role's history, and what a handover plan does.

const six = ['f', 'a', 'b', 'c', 'd', 'e']
const acts = (over: Partial<CycleActs> = {}): CycleActs => ({
  cycle: 1,
  memberIds: six,
  facilitators: ['f'],
  coFacilitators: [],
  proposals: [],
  resolutions: [],
  reflection: [],
  ...over,
})
const proposals = (...by: string[]) => by.map((b) => ({ by: b, kind: 'focus' }))
const moves = (...by: string[]) => by.map((b) => ({ by: b, kind: 'phase_change' }))

describe('the excess over an equal share', () => {
  test('0 at the equal share k/n, 1 at everything, clipped at 0 below the equal share', () => {
    expect(excessOver(1 / 6, 1, 6)).toBeCloseTo(0)
    expect(excessOver(1, 1, 6)).toBe(1)
    expect(excessOver(0.5, 1, 6)).toBeCloseTo(0.4)
    expect(excessOver(0, 1, 6)).toBe(0)
    // Two seats (a co-facilitator) among six: the equal share is 2/6.
    expect(excessOver(2 / 6, 2, 6)).toBeCloseTo(0)
    expect(excessOver(2 / 3, 2, 6)).toBeCloseTo(0.5)
  })
})

describe('cycleDependence', () => {
  test('the mean excess over the parts with at least the minimum of acts', () => {
    const d = cycleDependence(
      acts({
        // 2 of 6 proposals (excess 0.2), 1 move on and 1 resolution (too few), 300 of 600 words in 4 records (0.4).
        proposals: [...proposals('f', 'a'), ...moves('f'), ...proposals('b', 'c', 'd')],
        resolutions: [{ by: 'f' }],
        reflection: [
          { by: 'f', records: 2, words: 300 },
          { by: 'a', records: 2, words: 300 },
        ],
      }),
    )
    const byPart = Object.fromEntries(d.parts.map((p) => [p.part, p]))
    expect(byPart.proposals).toMatchObject({ facilitation: 2, total: 6, counted: true })
    expect(byPart.proposals!.excess).toBeCloseTo((2 / 6 - 1 / 6) / (5 / 6))
    expect(byPart.movesOn).toMatchObject({ facilitation: 1, total: 1, counted: false, excess: null })
    expect(byPart.resolutions).toMatchObject({ facilitation: 1, total: 1, counted: false })
    expect(byPart.reflectionWords).toMatchObject({ facilitation: 300, total: 600, acts: 4, counted: true })
    expect(d.status).toBe('measured')
    expect(d.countedParts).toBe(2)
    expect(d.dependence).toBeCloseTo((0.2 + 0.4) / 2)
  })

  test(`a part counts from ${PART_MINIMUM} acts; words count by their records, not their number`, () => {
    const two = cycleDependence(acts({ proposals: proposals('f', 'f') }))
    expect(two.status).toBe('too-few')
    expect(two.dependence).toBeNull()
    const three = cycleDependence(acts({ proposals: proposals('f', 'f', 'a') }))
    expect(three.status).toBe('measured')
    const oneLongRecord = cycleDependence(acts({ reflection: [{ by: 'f', records: 1, words: 900 }] }))
    expect(oneLongRecord.status).toBe('too-few')
  })

  test('a cycle no one facilitated has dependence 0 by definition', () => {
    const d = cycleDependence(acts({ facilitators: [], proposals: proposals('a', 'a', 'a') }))
    expect(d).toMatchObject({ status: 'peer', dependence: 0 })
  })

  test('a pair has no facilitator role; a facilitator who left is out of the analysis', () => {
    expect(cycleDependence(acts({ noRole: true, proposals: proposals('f', 'f', 'f') }))).toMatchObject({
      status: 'no-role',
      dependence: null,
    })
    expect(cycleDependence(acts({ facilitators: ['gone'], proposals: proposals('a', 'b', 'c') }))).toMatchObject({
      status: 'left',
      dependence: null,
    })
  })

  test('acts of people who are not current members count nowhere', () => {
    const d = cycleDependence(acts({ proposals: proposals('f', 'gone', 'gone', 'gone', 'a', 'b') }))
    expect(d.parts[0]).toMatchObject({ facilitation: 1, total: 3 })
  })

  test("a co-facilitator's acts count with the facilitator's, against an equal share of two seats", () => {
    const d = cycleDependence(acts({ coFacilitators: ['a'], proposals: proposals('f', 'a', 'a', 'b', 'c', 'd') }))
    expect(d.seats).toBe(2)
    expect(d.parts[0]!.share).toBeCloseTo(0.5)
    expect(d.dependence).toBeCloseTo((0.5 - 2 / 6) / (1 - 2 / 6))
  })

  test('a handover mid-way: both holders are the cycle’s facilitation', () => {
    const terms = facilitatorTerms(
      [
        { kind: 'created', at: '2026-01-01T00:00:00Z', facilitator: 'f' },
        { kind: 'changed', at: '2026-02-15T00:00:00Z', by: 'f', to: 'a' },
      ],
      'a',
      '2026-01-01T00:00:00Z',
    )
    expect(heldDuring(terms, '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')).toEqual(['f', 'a'])
    // A handover at the very moment a cycle begins belongs to that cycle only.
    expect(heldDuring(terms, '2026-01-01T00:00:00Z', '2026-02-15T00:00:00Z')).toEqual(['f'])
    expect(heldDuring(terms, '2026-02-15T00:00:00Z', null)).toEqual(['a'])
  })
})

describe("the role's history", () => {
  test('the first holder is told by the first hand-over where the creation did not record one', () => {
    const terms = facilitatorTerms([{ kind: 'changed', at: '2026-02-01T00:00:00Z', by: 'f', to: 'a' }], 'a', '2026-01-01T00:00:00Z')
    expect(terms).toEqual([
      { person: 'f', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      { person: 'a', from: '2026-02-01T00:00:00Z', to: null },
    ])
  })

  test('laying the role down, taking it up, and leaving the group end and begin terms', () => {
    const terms = facilitatorTerms(
      [
        { kind: 'created', at: '2026-01-01T00:00:00Z', facilitator: 'f' },
        { kind: 'changed', at: '2026-02-01T00:00:00Z', by: 'f', to: null },
        { kind: 'changed', at: '2026-03-01T00:00:00Z', by: 'b', to: 'b' },
        { kind: 'left', at: '2026-04-01T00:00:00Z', person: 'b' },
      ],
      null,
      '2026-01-01T00:00:00Z',
    )
    expect(terms).toEqual([
      { person: 'f', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      { person: 'b', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
    ])
    expect(heldDuring(terms, '2026-02-02T00:00:00Z', '2026-02-28T00:00:00Z')).toEqual([])
  })

  test('a co-facilitator holds from the template version that names them until the next', () => {
    expect(
      coFacilitatorTerms([
        { at: '2026-01-01T00:00:00Z', coFacilitator: null },
        { at: '2026-02-01T00:00:00Z', coFacilitator: 'a' },
        { at: '2026-03-01T00:00:00Z', coFacilitator: null },
      ]),
    ).toEqual([{ person: 'a', from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }])
  })
})

describe('the handover plan as the inquiry moves to a cycle', () => {
  const order = ['f', 'a', 'b']
  test('rotate passes the role to the next member in joining order, round again after the last', () => {
    expect(handoverAt({ plan: 'rotate' }, 2, order, 'f')).toBe('a')
    expect(handoverAt({ plan: 'rotate' }, 3, order, 'b')).toBe('f')
    expect(handoverAt({ plan: 'rotate' }, 2, order, null)).toBe('f')
  })
  test('peer lays the role down from its cycle on; single and co-facilitator change nothing', () => {
    expect(handoverAt({ plan: 'peer', peerByCycle: 3 }, 2, order, 'f')).toBeUndefined()
    expect(handoverAt({ plan: 'peer', peerByCycle: 3 }, 3, order, 'f')).toBeNull()
    expect(handoverAt({ plan: 'peer', peerByCycle: 3 }, 4, order, null)).toBeUndefined()
    expect(handoverAt({ plan: 'single' }, 2, order, 'f')).toBeUndefined()
    expect(handoverAt({ plan: 'co-facilitator', coFacilitator: 'Member B' }, 2, order, 'f')).toBeUndefined()
    expect(handoverAt(undefined, 2, order, 'f')).toBeUndefined()
  })
})

test('least-squares slope: for three equally spaced cycles it is (last − first) / 2', () => {
  expect(
    leastSquaresSlope([
      { x: 1, y: 0.6 },
      { x: 2, y: 0.1 },
      { x: 3, y: 0.4 },
    ]),
  ).toBeCloseTo(-0.1)
  expect(leastSquaresSlope([{ x: 1, y: 0.5 }])).toBe(0)
})
