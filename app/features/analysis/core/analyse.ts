import { classifyTheme } from './classify'
import { alphaWithNote } from './krippendorff'
import { opinionMap } from './opinion-map'
import { participation } from './participation'
import { roundShift } from './shift'
import { columnValues, themeStats } from './stats'
import type { CycleAnalysis, CycleAnalysisInput, RatingMatrix, ReasonMatrix, Round, RoundAnalysis, ThemeStats } from './types'

type CycleMatrices = { blind: RatingMatrix; open: RatingMatrix; reasons: ReasonMatrix }

/** Members × themes matrices for both rounds; the open value falls back to the blind one (docs/design.md §2). */
export function buildMatrices(input: Pick<CycleAnalysisInput, 'members' | 'themes' | 'ratings'>): CycleMatrices {
  const memberIndex = new Map(input.members.map((m, i) => [m.id, i]))
  const themeIndex = new Map(input.themes.map((t, j) => [t.id, j]))
  const empty = <T>() => input.members.map(() => new Array<T | null>(input.themes.length).fill(null))
  const blind = empty<number>()
  const explicitOpen = empty<number>()
  const reasons = empty<string>()
  // Ratings by withdrawn members or for themes outside this cycle are left out; a later
  // duplicate for the same member, theme and round replaces an earlier one.
  for (const r of input.ratings) {
    const i = memberIndex.get(r.memberId)
    const j = themeIndex.get(r.themeId)
    if (i === undefined || j === undefined || !Number.isFinite(r.value)) continue
    if (r.round === 'blind') blind[i]![j] = r.value
    else {
      explicitOpen[i]![j] = r.value
      reasons[i]![j] = r.reason
    }
  }
  const open = explicitOpen.map((row, i) => row.map((v, j) => v ?? blind[i]![j]!))
  return { blind, open, reasons }
}

function analyseRound(round: Round, matrix: RatingMatrix, stats: ThemeStats[], input: CycleAnalysisInput): RoundAnalysis {
  const themes = input.themes.map((t, j) => ({
    themeId: t.id,
    name: t.name,
    stats: stats[j]!,
    ...classifyTheme(stats[j]!, input.scale, input.thresholds, input.members.length),
  }))
  let ratings = 0
  for (const s of stats) ratings += s.n
  const { alpha, note } = alphaWithNote(matrix, input.level)
  return { round, themes, alpha, alphaNote: note, ratings }
}

/** The whole sense-making analysis of one cycle (docs/design.md §4), composed from the core functions. */
export function analyseCycle(input: CycleAnalysisInput): CycleAnalysis {
  const { blind, open, reasons } = buildMatrices(input)
  const statsOf = (m: RatingMatrix) => input.themes.map((_, j) => themeStats(columnValues(m, j), input.scale))
  const blindStats = statsOf(blind)
  const openStats = statsOf(open)
  return {
    scale: input.scale,
    level: input.level,
    memberCount: input.members.length,
    themeCount: input.themes.length,
    blind: analyseRound('blind', blind, blindStats, input),
    open: analyseRound('open', open, openStats, input),
    shift: roundShift(blind, open, reasons, input.themes, input.scale, { blind: blindStats, open: openStats }),
    opinionMap: opinionMap(open, input.members, input.themes),
    participation: participation(input.participation, input.members),
  }
}
