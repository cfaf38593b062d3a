import { gini, giniNormalised } from './gini'
import type { ContributionKind, MemberRef, ParticipationAnalysis, ParticipationInput } from './types'

const CONTRIBUTION_KINDS: readonly ContributionKind[] = ['records', 'words', 'themesProposed', 'stances', 'challenges']

/**
 * Participation balance (docs/design.md §4): Gini per kind of contribution and of members' mean shares
 * across kinds, over current members. Each Gini is given in two forms: `gini`/`overallGini` in
 * the population form (at most (n − 1)/n) and `giniNormalised`/`overallGiniNormalised` scaled by
 * n/(n − 1) (at most 1 for any n ≥ 2), which is the one a threshold should read.
 */
export function participation(rows: readonly ParticipationInput[], members: readonly MemberRef[]): ParticipationAnalysis {
  const byMember = new Map<string, Record<ContributionKind, number>>()
  for (const m of members) byMember.set(m.id, { records: 0, words: 0, themesProposed: 0, stances: 0, challenges: 0 })
  // Rows for people who are no longer members are ignored: a withdrawn member leaves the analysis.
  for (const row of rows) {
    const counts = byMember.get(row.memberId)
    if (!counts) continue
    for (const kind of CONTRIBUTION_KINDS) counts[kind] += row[kind]
  }

  const table = members.map((m) => {
    const counts = byMember.get(m.id)!
    let total = 0
    for (const kind of CONTRIBUTION_KINDS) total += counts[kind]
    return { memberId: m.id, name: m.name, total, ...counts }
  })

  const giniByKind = {} as Record<ContributionKind, number>
  const normalisedByKind = {} as Record<ContributionKind, number>
  const kindTotals = {} as Record<ContributionKind, number>
  for (const kind of CONTRIBUTION_KINDS) {
    const column = table.map((r) => r[kind])
    giniByKind[kind] = gini(column)
    normalisedByKind[kind] = giniNormalised(column)
    kindTotals[kind] = column.reduce((a, b) => a + b, 0)
  }

  // A kind nobody contributed to says nothing about balance, so it is left out of the mean share.
  const activeKinds = CONTRIBUTION_KINDS.filter((k) => kindTotals[k] > 0)
  const shares = table.map((r) =>
    activeKinds.length === 0 ? 0 : activeKinds.reduce((sum, k) => sum + r[k] / kindTotals[k], 0) / activeKinds.length,
  )

  return {
    members: table,
    gini: giniByKind,
    overallGini: gini(shares),
    giniNormalised: normalisedByKind,
    overallGiniNormalised: giniNormalised(shares),
    largestShare: shares.length === 0 ? 0 : Math.max(...shares),
  }
}
