import { describe, expect, test } from 'vitest'
import { opinionMap, type RatingMatrix } from '~/features/analysis/core'

const members = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].map((id) => ({ id, name: id.toUpperCase() }))
const themes = ['t1', 't2', 't3', 't4'].map((id) => ({ id, name: `Theme ${id}` }))

// Camp a endorses t1 and t2 and rejects t3 and t4; camp b the reverse.
const camps: RatingMatrix = [
  [5, 5, 1, 2],
  [5, 4, 1, 1],
  [4, 5, 2, 1],
  [1, 1, 5, 5],
  [2, 1, 5, 4],
  [1, 2, 4, 5],
]

const xOf = (map: ReturnType<typeof opinionMap>, id: string) => map.members.find((m) => m.memberId === id)!.x

describe('opinionMap', () => {
  test('two clear camps land on opposite sides of the first axis', () => {
    const map = opinionMap(camps, members, themes)
    expect(map.note).toBeNull()
    const signs = map.members.map((m) => Math.sign(m.x))
    expect(new Set(signs.slice(0, 3)).size).toBe(1)
    expect(new Set(signs.slice(3)).size).toBe(1)
    expect(signs[0]).toBe(-signs[3]!)
    expect(map.explained[0]).toBeGreaterThan(0.9)
    expect(map.explained[0] + map.explained[1]).toBeLessThanOrEqual(1 + 1e-12)
    expect(map.separatingThemes).toHaveLength(4)
  })

  test('coordinates are the centred ratings projected on the loadings', () => {
    const map = opinionMap(camps, members, themes)
    const means = themes.map((_, j) => camps.reduce((s, r) => s + r[j]!, 0) / camps.length)
    const loading = new Map(map.separatingThemes.map((t) => [t.themeId, t.loading]))
    camps.forEach((row, i) => {
      const projected = row.reduce<number>((s, v, j) => s + (v! - means[j]!) * loading.get(themes[j]!.id)!, 0)
      expect(map.members[i]!.x).toBeCloseTo(projected, 9)
    })
    expect(map.members.reduce((s, m) => s + m.x, 0)).toBeCloseTo(0, 9)
  })

  test('signs are fixed so the strongest theme loads positively, whatever the member order', () => {
    const map = opinionMap(camps, members, themes)
    expect(map.separatingThemes[0]!.loading).toBeGreaterThan(0)
    const strongest = map.separatingThemes[0]!.loading
    for (const t of map.separatingThemes) expect(Math.abs(t.loading)).toBeLessThanOrEqual(strongest + 1e-12)

    const order = [4, 1, 5, 0, 3, 2]
    const shuffled = opinionMap(
      order.map((i) => camps[i]!),
      order.map((i) => members[i]!),
      themes,
    )
    for (const m of members) expect(xOf(shuffled, m.id)).toBeCloseTo(xOf(map, m.id), 9)
  })

  test('separating themes are ordered by absolute loading, at most five', () => {
    const wide = camps.map((row) => [...row, ...row])
    const wideThemes = [...themes, ...themes.map((t) => ({ id: `${t.id}b`, name: `${t.name} again` }))]
    const map = opinionMap(wide, members, wideThemes)
    expect(map.separatingThemes).toHaveLength(5)
    const abs = map.separatingThemes.map((t) => Math.abs(t.loading))
    expect([...abs].sort((a, b) => b - a)).toEqual(abs)
  })

  test('a missing rating is imputed with the theme mean and a theme nobody rated is dropped', () => {
    const withGaps = camps.map((row, i) => [...row, null].map((v, j) => (i === 0 && j === 1 ? null : v)))
    const map = opinionMap(withGaps, members, [...themes, { id: 'unrated', name: 'Nobody rated' }])
    expect(map.note).toBeNull()
    expect(map.separatingThemes.map((t) => t.themeId)).not.toContain('unrated')
    expect(Math.sign(xOf(map, 'a1'))).toBe(Math.sign(xOf(map, 'a2')))
    expect(Math.sign(xOf(map, 'a1'))).toBe(-Math.sign(xOf(map, 'b1')))
  })

  test('a theme everyone rated alike has no loading', () => {
    const withFlat = camps.map((row) => [...row, 3])
    const map = opinionMap(withFlat, members, [...themes, { id: 'flat', name: 'Flat' }])
    expect(map.separatingThemes.map((t) => t.themeId)).not.toContain('flat')
  })

  test('fewer than two members gives a flat map with a note', () => {
    const map = opinionMap([[5, 1, 3]], members.slice(0, 1), themes.slice(0, 3))
    expect(map).toEqual({
      members: [{ memberId: 'a1', name: 'A1', x: 0, y: 0 }],
      unrated: [],
      explained: [0, 0],
      separatingThemes: [],
      note: expect.stringMatching(/two members/),
    })
  })

  test('fewer than two rated themes gives a flat map with a note', () => {
    const map = opinionMap(
      camps.map((r) => [r[0]!, null]),
      members,
      themes.slice(0, 2),
    )
    expect(map.note).toMatch(/two themes/)
    expect(map.members.every((m) => m.x === 0 && m.y === 0)).toBe(true)
  })

  test('no variation gives a flat map with a note', () => {
    const map = opinionMap(
      camps.map(() => [3, 4, 2, 5]),
      members,
      themes,
    )
    expect(map.note).toMatch(/no difference of opinion/)
    expect(map.explained).toEqual([0, 0])
    expect(map.separatingThemes).toEqual([])
  })

  test('two members still get a map, all on the first axis', () => {
    const map = opinionMap([camps[0]!, camps[3]!], [members[0]!, members[3]!], themes)
    expect(map.note).toBeNull()
    expect(map.explained[0]).toBeCloseTo(1, 12)
    expect(map.members[0]!.x).toBeCloseTo(-map.members[1]!.x, 12)
    expect(Math.abs(map.members[0]!.y)).toBeLessThan(1e-9)
  })

  test('a member with no ratings is listed as unrated, not placed at the origin', () => {
    const withSilent = [...camps, [null, null, null, null]]
    const everyone = [...members, { id: 'z', name: 'Zoë' }]
    const map = opinionMap(withSilent, everyone, themes)
    expect(map.note).toBeNull()
    expect(map.unrated).toEqual([{ memberId: 'z', name: 'Zoë' }])
    expect(map.members.map((m) => m.memberId)).toEqual(members.map((m) => m.id))
    // Leaving them out moves nobody else: the same places and shares as without them.
    const without = opinionMap(camps, members, themes)
    for (const m of members) expect(xOf(map, m.id)).toBeCloseTo(xOf(without, m.id), 12)
    expect(map.explained[0]).toBeCloseTo(without.explained[0], 12)
    expect(map.explained[1]).toBeCloseTo(without.explained[1], 12)
  })

  test('a short or missing row counts as no ratings, wherever the member is in the order', () => {
    const rows: RatingMatrix = [camps[0]!, [], camps[3]!, camps[1]!]
    const four = [members[0]!, { id: 'y', name: 'Yan' }, members[3]!, members[1]!, { id: 'z', name: 'Zoë' }]
    const map = opinionMap(rows, four, themes)
    expect(map.unrated).toEqual([
      { memberId: 'y', name: 'Yan' },
      { memberId: 'z', name: 'Zoë' },
    ])
    expect(map.members.map((m) => m.memberId)).toEqual(['a1', 'b1', 'a2'])
  })

  test('one member with ratings and the rest with none: a note, and the rest listed as unrated', () => {
    const map = opinionMap([camps[0]!, [null, null, null, null]], [members[0]!, members[1]!], themes)
    expect(map.note).toMatch(/two members/)
    expect(map.members.map((m) => m.memberId)).toEqual(['a1'])
    expect(map.unrated).toEqual([{ memberId: 'a2', name: 'A2' }])
  })

  test('every full map has an empty unrated list', () => {
    expect(opinionMap(camps, members, themes).unrated).toEqual([])
  })
})
