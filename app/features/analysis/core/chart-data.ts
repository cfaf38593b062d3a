// The data the charts draw, shaped once: pure, so the React charts (components/) and the
// exports (exports/core) show the same numbers under the same labels.
import type { ContributionKind, ParticipationAnalysis, Trajectory } from './types'

/** One theme across the revealed cycles: the open round's endorsement (median) and spread (IQR) in each. */
export type ThemeCyclePoint = { cycle: number; median: number | null; iqr: number | null; trajectory: Trajectory }
export type ThemeSeries = { themeId: string; name: string; points: ThemeCyclePoint[] }

/** The kinds of contribution, in the order the charts and tables show them, with their labels. */
export const KINDS: { kind: ContributionKind; label: string }[] = [
  { kind: 'records', label: 'Records' },
  { kind: 'words', label: 'Words' },
  { kind: 'themesProposed', label: 'Themes proposed' },
  { kind: 'stances', label: 'Stances' },
  { kind: 'challenges', label: 'Challenges' },
]

/**
 * Shares as the analysis computes them: each count over the group's total of that kind, kinds
 * nobody contributed to left out, so words (counted in hundreds) weigh the same as records.
 */
export function participationShares(p: ParticipationAnalysis) {
  const totals = Object.fromEntries(KINDS.map(({ kind }) => [kind, p.members.reduce((s, m) => s + m[kind], 0)])) as Record<
    ContributionKind,
    number
  >
  const active = KINDS.filter(({ kind }) => totals[kind] > 0)
  return p.members.map((m) => {
    const share = Object.fromEntries(KINDS.map(({ kind }) => [kind, totals[kind] > 0 ? m[kind] / totals[kind] : 0])) as Record<
      ContributionKind,
      number
    >
    const mean = active.length === 0 ? 0 : active.reduce((s, { kind }) => s + share[kind], 0) / active.length
    return { member: m, share, mean, activeKinds: active.length }
  })
}
