import { Matrix, SingularValueDecomposition } from 'ml-matrix'
import type { MemberRef, OpinionMap, RatingMatrix, ThemeRef } from './types'

const SEPARATING_THEMES = 5
// Below this a sum of squares or a loading is rounding noise, not a difference of opinion.
const TINY = 1e-12

type Unrated = NonNullable<OpinionMap['unrated']>

function flat(members: readonly MemberRef[], unrated: Unrated, note: string): OpinionMap {
  return {
    members: members.map((m) => ({ memberId: m.id, name: m.name, x: 0, y: 0 })),
    unrated,
    explained: [0, 0],
    separatingThemes: [],
    note,
  }
}

function hasRating(row: readonly (number | null)[] | undefined, themeCount: number): boolean {
  for (let j = 0; j < themeCount; j++) {
    const v = row?.[j]
    if (v != null && Number.isFinite(v)) return true
  }
  return false
}

/**
 * PCA of the members × themes matrix by SVD of the column-centred, theme-mean-imputed ratings
 * (docs/design.md §4; Jolliffe 2002, §3.5). A member with no rating of any theme has nothing to place:
 * imputing every cell would put them at the origin, which reads as "in the middle of the group".
 * They are left out of the decomposition and returned in `unrated` instead. Leaving them out
 * changes nobody else's place: their centred row would be all zeros, which adds nothing to the
 * column means (taken over given ratings) or to the singular values and vectors.
 */
export function opinionMap(allRatings: RatingMatrix, allMembers: readonly MemberRef[], themes: readonly ThemeRef[]): OpinionMap {
  const members: MemberRef[] = []
  const matrix: RatingMatrix = []
  const unrated: Unrated = []
  allMembers.forEach((m, i) => {
    if (hasRating(allRatings[i], themes.length)) {
      members.push(m)
      matrix.push(allRatings[i]!)
    } else unrated.push({ memberId: m.id, name: m.name })
  })
  if (members.length < 2) return flat(members, unrated, 'The opinion map needs ratings from at least two members.')

  const usable: { col: number; mean: number }[] = []
  for (let j = 0; j < themes.length; j++) {
    let sum = 0
    let n = 0
    for (let i = 0; i < members.length; i++) {
      const v = matrix[i]?.[j]
      if (v != null && Number.isFinite(v)) {
        sum += v
        n++
      }
    }
    if (n > 0) usable.push({ col: j, mean: sum / n })
  }
  if (usable.length < 2) return flat(members, unrated, 'The opinion map needs at least two themes that someone has rated.')

  // A missing rating is imputed with the theme mean, which is 0 once the column is centred.
  const centred = new Matrix(members.length, usable.length)
  let total = 0
  for (let i = 0; i < members.length; i++) {
    for (let c = 0; c < usable.length; c++) {
      const { col, mean } = usable[c]!
      const v = matrix[i]?.[col]
      const d = v != null && Number.isFinite(v) ? v - mean : 0
      centred.set(i, c, d)
      total += d * d
    }
  }
  if (total < TINY) return flat(members, unrated, 'Everyone rated every theme alike, so there is no difference of opinion to map.')

  const svd = new SingularValueDecomposition(centred, { autoTranspose: true })
  const U = svd.leftSingularVectors
  const V = svd.rightSingularVectors
  const s = svd.diagonal
  let ss = 0
  for (const x of s) ss += x * x

  // SVD signs are arbitrary; fix each component so its largest-|loading| theme loads positively.
  const sign = [1, 1]
  for (let k = 0; k < 2 && k < s.length; k++) {
    let best = 0
    let at = 0
    for (let c = 0; c < usable.length; c++) {
      const a = Math.abs(V.get(c, k))
      if (a > best + TINY) {
        best = a
        at = c
      }
    }
    if (V.get(at, k) < 0) sign[k] = -1
  }

  const coord = (i: number, k: number) => (k < s.length ? U.get(i, k) * s[k]! * sign[k]! : 0)
  const explained = (k: number) => (k < s.length ? s[k]! ** 2 / ss : 0)

  const separatingThemes = usable
    .map(({ col }, c) => ({ themeId: themes[col]!.id, name: themes[col]!.name, loading: V.get(c, 0) * sign[0]! }))
    .filter((t) => Math.abs(t.loading) > 1e-9)
    .sort((a, b) => Math.abs(b.loading) - Math.abs(a.loading))
    .slice(0, SEPARATING_THEMES)

  return {
    members: members.map((m, i) => ({ memberId: m.id, name: m.name, x: coord(i, 0), y: coord(i, 1) })),
    unrated,
    explained: [explained(0), explained(1)],
    separatingThemes,
    note: null,
  }
}
