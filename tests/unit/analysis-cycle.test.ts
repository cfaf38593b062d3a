import { describe, expect, test } from 'vitest'
import { analyseCycle, buildMatrices, krippendorffAlpha, type CycleAnalysisInput, type RatingInput } from '~/features/analysis/core'

const members = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((id, i) => ({ id, name: ['Ann', 'Ben', 'Cas', 'Dee', 'Eli', 'Fay'][i]! }))
const themes = [
  { id: 'heard', name: 'Being heard' },
  { id: 'holding', name: 'Holding back' },
  { id: 'silence', name: 'Silence as avoidance' },
  { id: 'rushing', name: 'Rushing to fix' },
]

const blind = (themeId: string, values: (number | null)[]): RatingInput[] =>
  values.flatMap((v, i) => (v === null ? [] : [{ memberId: members[i]!.id, themeId, round: 'blind' as const, value: v, reason: null }]))
const open = (memberId: string, themeId: string, value: number, reason: string | null = null): RatingInput => ({
  memberId,
  themeId,
  round: 'open',
  value,
  reason,
})

const input: CycleAnalysisInput = {
  scale: { min: 1, max: 5, labels: { '1': 'does not fit my experience at all', '5': 'fits it strongly' } },
  level: 'ordinal',
  thresholds: { convergentMaxIqr: 1, divergentMinIqr: 2, polarisedShare: 0.25, quorum: 0.6667 },
  members,
  themes,
  ratings: [
    ...blind('heard', [4, 5, 4, 4, 5, 4]),
    ...blind('holding', [1, 5, 1, 5, 1, 5]),
    ...blind('silence', [1, 2, 1, 2, 1, null]),
    ...blind('rushing', [3, 3, 4, null, null, null]),
    open('m1', 'holding', 3, 'hearing Ben made me see my own holding back'),
    open('m2', 'holding', 4),
    open('m3', 'heard', 4), // re-rated but unchanged: not a change
    open('m4', 'rushing', 3), // open only: no blind rating to compare
    { memberId: 'withdrawn', themeId: 'heard', round: 'blind', value: 1, reason: null },
    { memberId: 'm1', themeId: 'other-cycle', round: 'blind', value: 1, reason: null },
  ],
  participation: [
    { memberId: 'm1', records: 4, words: 900, themesProposed: 2, stances: 3, challenges: 1 },
    { memberId: 'm2', records: 3, words: 500, themesProposed: 1, stances: 3, challenges: 0 },
    { memberId: 'm3', records: 2, words: 300, themesProposed: 1, stances: 3, challenges: 0 },
    { memberId: 'm4', records: 1, words: 100, themesProposed: 0, stances: 3, challenges: 0 },
    { memberId: 'm5', records: 2, words: 250, themesProposed: 0, stances: 2, challenges: 1 },
  ],
}

describe('analyseCycle', () => {
  const result = analyseCycle(input)
  const classOf = (round: 'blind' | 'open', id: string) => {
    const t = result[round].themes.find((x) => x.themeId === id)!
    return [t.class, t.direction, t.belowQuorum]
  }

  test('classifies each theme in each round', () => {
    expect(result.blind.themes.map((t) => t.themeId)).toEqual(themes.map((t) => t.id))
    expect(classOf('blind', 'heard')).toEqual(['convergent', 'endorsed', false])
    expect(classOf('blind', 'holding')).toEqual(['divergent', 'neutral', false])
    expect(classOf('blind', 'silence')).toEqual(['convergent', 'rejected', false])
    // rushing: 3 3 4 is close agreement, but 3 ratings are below the quorum of 4
    expect(classOf('blind', 'rushing')).toEqual(['mixed', 'neutral', true])
    // open: m4's new rating brings rushing to the quorum of 4 (3 3 3 4 → IQR .25)
    expect(classOf('open', 'rushing')).toEqual(['convergent', 'neutral', false])
    expect(classOf('open', 'holding')[0]).toBe('divergent')
  })

  test('a member who did not re-rate keeps their blind rating in the open round', () => {
    const heardOpen = result.open.themes[0]!.stats
    expect(heardOpen).toEqual(result.blind.themes[0]!.stats)
    expect(heardOpen.n).toBe(6)
    const { open: openMatrix } = buildMatrices(input)
    expect(openMatrix[4]).toEqual([5, 1, 1, null])
    expect(openMatrix[0]).toEqual([4, 3, 1, 3])
  })

  test('ignores ratings from people who are not members and themes outside the cycle', () => {
    expect(result.blind.ratings).toBe(6 + 6 + 5 + 3)
    expect(result.open.ratings).toBe(6 + 6 + 5 + 4)
    expect(result.memberCount).toBe(6)
    expect(result.themeCount).toBe(4)
  })

  test('alpha is computed per round over members × themes at the template level', () => {
    const matrices = buildMatrices(input)
    expect(result.blind.alpha).toBe(krippendorffAlpha(matrices.blind, 'ordinal'))
    expect(result.open.alpha).toBe(krippendorffAlpha(matrices.open, 'ordinal'))
    expect(result.blind.alphaNote).toBeNull()
  })

  test('the shift counts pairs and moves, and sees the group drawing together', () => {
    // holding back, open 1 1 3 4 5 5: q1 = 1 + .25·2 = 1.5, q3 = 4 + .75·1 = 4.75
    expect(result.shift).toMatchObject({ pairs: 20, changed: 2, changedWithoutReason: 1 })
    expect(result.shift.conformityShift).toBeGreaterThan(0)
    expect(result.shift.varianceRatio).toBeLessThan(1)
    expect(result.shift.themes[1]).toMatchObject({ themeId: 'holding', blindIqr: 4, openIqr: 3.25 })
  })

  test('maps opinions from the open round and reports participation for every member', () => {
    expect(result.opinionMap.members.map((m) => m.memberId)).toEqual(members.map((m) => m.id))
    expect(result.opinionMap.note).toBeNull()
    const xs = result.opinionMap.members.map((m) => m.x)
    // the "holding back" split is the strongest difference: m2/m4/m6 against m3/m5
    expect(Math.sign(xs[1]!)).toBe(Math.sign(xs[3]!))
    expect(Math.sign(xs[2]!)).toBe(-Math.sign(xs[3]!))
    expect(result.participation.members.find((m) => m.memberId === 'm6')!.total).toBe(0)
    expect(result.participation.gini.challenges).toBeGreaterThan(result.participation.gini.stances)
  })

  test('a member who rated nothing is listed as unrated on the opinion map, not placed', () => {
    const seventh = { id: 'm7', name: 'Gil' }
    const withSilent = analyseCycle({ ...input, members: [...members, seventh] })
    expect(withSilent.opinionMap.unrated).toEqual([{ memberId: 'm7', name: 'Gil' }])
    expect(withSilent.opinionMap.members.map((m) => m.memberId)).toEqual(members.map((m) => m.id))
    withSilent.opinionMap.members.forEach((m, i) => expect(m.x).toBeCloseTo(result.opinionMap.members[i]!.x, 12))
    expect(result.opinionMap.unrated).toEqual([])
  })

  test('participation gives each Gini in the population form and normalised by n/(n − 1)', () => {
    const n = members.length
    expect(result.participation.overallGiniNormalised).toBeCloseTo((result.participation.overallGini * n) / (n - 1), 12)
    expect(result.participation.giniNormalised.records).toBeCloseTo((result.participation.gini.records * n) / (n - 1), 12)
  })

  test('"holding back" at 1 5 1 5 1 5 is polarised in the blind round', () => {
    expect(result.blind.themes[1]).toMatchObject({ themeId: 'holding', class: 'divergent', polarised: true })
    expect(result.blind.themes[0]).toMatchObject({ themeId: 'heard', polarised: false })
  })

  test('an empty cycle analyses without NaN', () => {
    const empty = analyseCycle({ ...input, ratings: [], participation: [] })
    expect(empty.blind.alpha).toBe(0)
    expect(empty.blind.alphaNote).not.toBeNull()
    expect(empty.shift).toMatchObject({ conformityShift: null, varianceRatio: null, pairs: 0, changed: 0 })
    expect(empty.opinionMap.note).not.toBeNull()
    expect(JSON.stringify(empty)).not.toContain('NaN')
  })
})
