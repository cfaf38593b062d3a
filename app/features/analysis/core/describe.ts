// The sentences that read each chart in words. Pure functions of the analysis, so they can be
// unit tested and reused outside React (exports, the CLI), and the charts import them from here.
import type { ThemeCyclePoint, ThemeSeries } from './chart-data'
import type { OpinionMap, ParticipationAnalysis, RatingScale, RoundShift, ThemeAnalysis, Trajectory } from './types'
import { endSentence } from '~/utils/format'
import { INDICATOR_STATUS_TEXT, PARTICIPATION_WORDS } from '~/features/validity/core/indicators'
import type { Indicator } from '~/features/validity/core/types'
import { countOf, formatNumber, formatPercent, listNames, midpoint } from './format'

/** Capitalised, with one full stop: a sentence may end on a theme's name, which may end in its own. */
function sentence(text: string): string {
  return endSentence(`${text.charAt(0).toUpperCase()}${text.slice(1)}`)
}

const isAre = (n: number) => (n === 1 ? 'is' : 'are')

/** "convergent, endorsed", "divergent, polarised", "mixed, below quorum". */
export function themeReading(theme: ThemeAnalysis): string {
  const words: string[] = [theme.class]
  if (theme.class === 'convergent') words.push(theme.direction)
  if (theme.polarised) words.push('polarised')
  if (theme.belowQuorum) words.push('below quorum')
  return words.join(', ')
}

/** ConvergenceMap: how many themes converge (and which way) and which divergent themes split the group. */
export function describeConvergence(themes: readonly ThemeAnalysis[]): string {
  if (themes.length === 0) return 'There are no themes to rate yet.'
  const rated = themes.filter((t) => t.stats.n > 0)
  const unrated = themes.length - rated.length
  if (rated.length === 0)
    return themes.length === 1 ? 'The theme has no ratings yet.' : `None of the ${themes.length} themes has ratings yet.`

  const of = unrated > 0 ? `${rated.length} rated themes` : `${rated.length} ${rated.length === 1 ? 'theme' : 'themes'}`
  const pending = unrated > 0 ? ` (${countOf(unrated, 'theme')} ${unrated === 1 ? 'has' : 'have'} no ratings yet)` : ''
  const convergent = rated.filter((t) => t.class === 'convergent')
  const divergent = rated.filter((t) => t.class === 'divergent')

  let first: string
  if (convergent.length === 0) {
    first = rated.length === 1 ? `the only rated theme is not convergent${pending}` : `none of the ${of} is convergent${pending}`
  } else {
    const directions = (['endorsed', 'rejected', 'neutral'] as const)
      .map((d) => ({ d, n: convergent.filter((t) => t.direction === d).length }))
      .filter(({ n }) => n > 0)
    const how = directions.length === 1 ? ` and ${directions[0]!.d}` : ` (${directions.map(({ d, n }) => `${n} ${d}`).join(', ')})`
    first = `${convergent.length} of ${of} ${isAre(convergent.length)} convergent${how}${pending}`
  }
  const second =
    divergent.length === 0
      ? 'no theme is divergent'
      : `${divergent.length} divergent ${divergent.length === 1 ? 'theme splits' : 'themes split'} the group: ${divergent.map((t) => t.name).join(', ')}`
  return sentence(`${first}; ${second}`)
}

function sides(theme: ThemeAnalysis, mid: number): { below: number; above: number } {
  let below = 0
  let above = 0
  for (const { value, count } of theme.stats.distribution) {
    if (value < mid) below += count
    else if (value > mid) above += count
  }
  return { below, above }
}

/** RatingDistributions: which way the ratings lean, and the most evenly divided theme. */
export function describeDistributions(themes: readonly ThemeAnalysis[], scale: RatingScale): string {
  const mid = midpoint(scale)
  const rated = themes.filter((t) => t.stats.n > 0).map((t) => ({ t, ...sides(t, mid) }))
  if (rated.length === 0) return 'No theme has ratings yet.'
  const fits = rated.filter((r) => r.above > r.below).length
  const notFit = rated.filter((r) => r.below > r.above).length
  const balanced = rated.length - fits - notFit

  const has = (n: number) => (n === 1 ? 'has' : 'have')
  const leaning = [`${fits} of ${countOf(rated.length, 'theme')} ${has(fits)} more ratings above the midpoint (fits) than below it`]
  leaning.push(notFit === 0 ? 'none has more below (does not fit)' : `${notFit} ${has(notFit)} more below (does not fit)`)
  if (balanced > 0) leaning.push(`${balanced} ${isAre(balanced)} balanced`)

  // The most divided theme has the most ratings on its smaller side; ties go to the closer balance.
  let split: (typeof rated)[number] | undefined
  for (const r of rated) {
    const smaller = Math.min(r.below, r.above)
    if (smaller === 0) continue
    const best = split ? Math.min(split.below, split.above) : 0
    if (!split || smaller > best || (smaller === best && Math.abs(r.above - r.below) < Math.abs(split.above - split.below))) split = r
  }
  const second = split
    ? `the most divided is ${split.t.name}, with ${countOf(split.below, 'rating')} below and ${split.above} above the midpoint`
    : 'no theme has ratings on both sides of the midpoint'
  return sentence(`${listNames(leaning)}; ${second}`)
}

/** Themes whose spread at least halved in discussion, from a spread of one scale point or more. */
export function collapsedThemes(shift: RoundShift): RoundShift['themes'] {
  return shift.themes.filter((t) => t.blindIqr !== null && t.openIqr !== null && t.blindIqr >= 1 && t.openIqr <= t.blindIqr / 2)
}

/** BlindToOpen: where discussion collapsed the spread, and how many ratings moved with and without a reason. */
export function describeBlindToOpen(shift: RoundShift): string {
  const collapsed = collapsedThemes(shift)
  const first =
    collapsed.length === 0
      ? "no theme's spread collapsed in discussion"
      : `the spread collapsed in discussion for ${countOf(collapsed.length, 'theme')} (${collapsed.map((t) => t.name).join(', ')})`
  let second: string
  if (shift.changed === 0) second = 'no rating changed in the open round'
  else {
    const reasons =
      shift.changedWithoutReason === 0
        ? 'all with a reason'
        : shift.changedWithoutReason === shift.changed
          ? shift.changed === 1
            ? 'without a reason'
            : 'none with a reason'
          : `${shift.changedWithoutReason} without a reason`
    second = `${shift.changed} of ${countOf(shift.pairs, 'rating')} changed in the open round, ${reasons}`
  }
  return sentence(`${first}; ${second}`)
}

function latest(points: readonly ThemeCyclePoint[]): ThemeCyclePoint | undefined {
  return points.reduce<ThemeCyclePoint | undefined>((a, p) => (!a || p.cycle > a.cycle ? p : a), undefined)
}

/** ThemesAcrossCycles: each theme's latest trajectory, and the largest move in median. */
export function describeThemesAcrossCycles(series: readonly ThemeSeries[]): string {
  const cycles = [...new Set(series.flatMap((s) => s.points.map((p) => p.cycle)))].sort((a, b) => a - b)
  if (cycles.length === 0) return 'No cycle has theme ratings yet.'
  if (cycles.length === 1) return `Only cycle ${cycles[0]} has theme ratings so far, so there is no trend yet.`

  const last = cycles[cycles.length - 1]!
  const by = (t: Trajectory) => series.filter((s) => latest(s.points)?.trajectory === t)
  const persisting = by('persisting')
  const emergent = by('emergent')
  const fading = by('fading')
  const parts: string[] = []
  if (persisting.length > 0) parts.push(`${countOf(persisting.length, 'theme')} ${persisting.length === 1 ? 'persists' : 'persist'}`)
  if (emergent.length > 0) parts.push(`${emergent.length} ${isAre(emergent.length)} emergent (${emergent.map((s) => s.name).join(', ')})`)
  if (fading.length > 0) parts.push(`${fading.length} ${isAre(fading.length)} fading (${fading.map((s) => s.name).join(', ')})`)

  let move: { name: string; from: number; to: number } | undefined
  for (const s of series) {
    const rated = [...s.points].filter((p) => p.median !== null).sort((a, b) => a.cycle - b.cycle)
    if (rated.length < 2) continue
    const from = rated[0]!.median!
    const to = rated[rated.length - 1]!.median!
    if (from !== to && (!move || Math.abs(to - from) > Math.abs(move.to - move.from))) move = { name: s.name, from, to }
  }
  const second = move
    ? `the largest move in median is ${move.name}, from ${formatNumber(move.from)} to ${formatNumber(move.to)}`
    : 'no theme’s median has moved'
  return sentence(`by cycle ${last}, ${listNames(parts)}; ${second}`)
}

/** OpinionMapChart: how much the first axis explains and which themes separate the members. */
export function describeOpinionMap(map: OpinionMap): string {
  if (map.note) return 'No opinion map is drawn for this cycle.'
  const names = map.separatingThemes.slice(0, 3).map((t) => t.name)
  const axis = `the left–right axis accounts for ${formatPercent(map.explained[0])} of the differences between members’ ratings`
  const unrated = map.unrated?.length ?? 0
  const missing = unrated === 0 ? '' : `; ${countOf(unrated, 'member')} with no ratings ${unrated === 1 ? 'is' : 'are'} listed, not placed`
  return sentence(
    `${names.length === 0 ? `${axis}; no single theme stands out` : `${axis} and separates them mainly by how they rated ${listNames(names)}`}${missing}`,
  )
}

/** What the participation-balance indicator says of a cycle: the analysis page reads it, never its own thresholds. */
export type ParticipationVerdict = Pick<Indicator, 'status' | 'rule' | 'reason'>

/** How even participation is, in the indicator's own words for its status; null when it has nothing to read. */
export function participationWords(verdict: Pick<Indicator, 'status'>): string | null {
  return verdict.status === 'n/a' || verdict.status === 'unclear' ? null : PARTICIPATION_WORDS[verdict.status]
}

/**
 * ParticipationChart: the participation-balance indicator's verdict and its reason, so this
 * sentence and the validity page tell one story. Without a verdict it gives the numbers only
 * and calls participation neither even nor uneven.
 */
export function describeParticipation(participation: ParticipationAnalysis, verdict?: ParticipationVerdict | null): string {
  if (participation.members.length === 0) return 'There are no members to compare.'
  if (participation.members.every((m) => m.total === 0)) return 'No member has contributed in this cycle yet.'
  const words = verdict ? participationWords(verdict) : null
  if (verdict && words) {
    return sentence(`participation is ${words} (${INDICATOR_STATUS_TEXT[verdict.status]} on participation balance): ${verdict.reason}`)
  }
  const g = participation.overallGiniNormalised
  return sentence(
    `the normalised Gini of participation is ${g.toFixed(2)} (0 means everyone contributes equally, 1 that one member makes every contribution), and the most active member accounts for ${formatPercent(participation.largestShare)} of contributions on average`,
  )
}
