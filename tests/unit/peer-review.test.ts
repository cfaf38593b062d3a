import { describe, expect, test } from 'vitest'
import { placeOfNewItem } from '~/features/peer-review/core/agenda'
import { involvement, resolveOutcome } from '~/features/peer-review/core/involvement'

describe('the outcome of a peer review', () => {
  test('either person may end the work alone', () => {
    expect(resolveOutcome('end', null)).toBe('end')
    expect(resolveOutcome(null, 'end')).toBe('end')
    expect(resolveOutcome('continue', 'end')).toBe('end')
  })
  test('continuing, changing and pausing need both to choose the same', () => {
    expect(resolveOutcome('continue', null)).toBeNull()
    expect(resolveOutcome(null, 'pause')).toBeNull()
    expect(resolveOutcome('continue', 'continue')).toBe('continue')
    expect(resolveOutcome('change', 'change')).toBe('change')
    expect(resolveOutcome('pause', 'pause')).toBe('pause')
  })
  test('two different choices are recorded as not agreed', () => {
    expect(resolveOutcome('continue', 'pause')).toBe('not_agreed')
    expect(resolveOutcome('change', 'continue')).toBe('not_agreed')
  })
})

describe('progressive involvement', () => {
  const item = (
    raisedAs: 'client' | 'practitioner',
    kind: 'satisfaction' | 'dissatisfaction' | 'proposal' | 'between_us' = 'proposal',
  ) => ({ raisedAs, kind })

  test('gives the client’s share of items and decisions per review, in review order', () => {
    const result = involvement([
      { number: 2, items: [item('client', 'dissatisfaction'), item('client'), item('practitioner')], decisions: { total: 2, byClient: 1 } },
      {
        number: 1,
        items: [item('client', 'satisfaction'), item('practitioner'), item('practitioner'), item('practitioner')],
        decisions: { total: 0, byClient: 0 },
      },
    ])
    expect(result.points.map((p) => p.review)).toEqual([1, 2])
    expect(result.points[0]).toMatchObject({
      clientItemShare: 0.25,
      clientDecisionShare: null,
      clientItems: 1,
      practitionerItems: 3,
      satisfactions: 1,
      dissatisfactions: 0,
    })
    expect(result.points[1]!.clientItemShare).toBeCloseTo(2 / 3)
    expect(result.points[1]).toMatchObject({ clientDecisionShare: 0.5, satisfactions: 0, dissatisfactions: 1 })
    expect(result.sentence).toBe(
      "The client's share of the agenda grew, from 25% in review 1 to 67% in review 2; the client proposed 50% of the pair's decisions in the latest period, and that review raised 0 satisfactions and 1 dissatisfaction.",
    )
  })

  test('a falling share is read as falling, and an empty history says so', () => {
    const result = involvement([
      { number: 1, items: [item('client'), item('client')], decisions: { total: 1, byClient: 1 } },
      { number: 2, items: [item('client'), item('practitioner'), item('practitioner')], decisions: { total: 1, byClient: 0 } },
    ])
    expect(result.sentence).toMatch(/^The client's share of the agenda fell, from 100% in review 1 to 33% in review 2;/)
    expect(involvement([]).sentence).toBe('No review has closed yet.')
  })

  test('a review with no items has no share rather than a share of zero', () => {
    const [point] = involvement([{ number: 1, items: [], decisions: { total: 0, byClient: 0 } }]).points
    expect(point).toMatchObject({ clientItemShare: null, clientDecisionShare: null })
  })
})

describe('where a newly raised agenda item goes', () => {
  const agenda = (roles: string) => [...roles].map((r) => ({ raisedAs: r === 'c' ? ('client' as const) : ('practitioner' as const) }))

  test("the client's first item goes before everything the practitioner raised earlier", () => {
    expect(placeOfNewItem(agenda('ppp'), 'client')).toBe(0)
    expect(placeOfNewItem(agenda(''), 'client')).toBe(0)
  })
  test("the client's next item goes just after the client's last; the practitioner's at the end", () => {
    expect(placeOfNewItem(agenda('cpp'), 'client')).toBe(1)
    expect(placeOfNewItem(agenda('ccp'), 'practitioner')).toBe(3)
    expect(placeOfNewItem(agenda(''), 'practitioner')).toBe(0)
  })
  test('an order the client set stays: a practitioner item the client moved up is not pushed back down', () => {
    expect(placeOfNewItem(agenda('pcp'), 'client')).toBe(2)
    expect(placeOfNewItem(agenda('cpc'), 'client')).toBe(3)
  })
})
