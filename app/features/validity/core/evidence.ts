import type { CycleEvidence } from './types'

// Pure readings of a cycle's evidence that more than one indicator weighs (issue 14).

type Row = NonNullable<CycleEvidence['ratings']>[number]

/**
 * Moves toward one member: for each member (the "anchor"), the other members' changed ratings
 * that ended closer to the anchor's blind rating than they began, and how many of those gave
 * no reason. Returns the anchor with the most unexplained moves toward them.
 */
export function movesTowardOne(
  rows: readonly Row[],
): { anchor: string; toward: number; unexplained: number; movers: number; changed: number } | null {
  const changed = rows.filter((r) => r.open !== r.blind)
  if (changed.length === 0) return null
  const blindOf = new Map(rows.map((r) => [`${r.member}\u0000${r.theme}`, r.blind]))
  const members = [...new Set(rows.map((r) => r.member))]
  let best: { anchor: string; toward: number; unexplained: number; movers: number; changed: number } | null = null
  for (const anchor of members) {
    // The anchor's own changes are not moves toward the anchor.
    const moves = changed.filter((r) => {
      if (r.member === anchor) return false
      const target = blindOf.get(`${anchor}\u0000${r.theme}`)
      return target !== undefined && Math.abs(r.open - target) < Math.abs(r.blind - target)
    })
    const unexplained = moves.filter((r) => !r.reasoned)
    const candidate = {
      anchor,
      toward: moves.length,
      unexplained: unexplained.length,
      movers: new Set(unexplained.map((r) => r.member)).size,
      changed: changed.length,
    }
    if (!best || candidate.unexplained > best.unexplained || (candidate.unexplained === best.unexplained && candidate.toward > best.toward))
      best = candidate
  }
  return best
}

/** A member's share of the cycle's words and of its themes proposed, for the member with the most words. */
export function leadingVoice(
  contributions: NonNullable<CycleEvidence['contributions']>,
): { member: string; wordShare: number; themeShare: number | null; themes: number } | null {
  const words = contributions.reduce((n, c) => n + c.words, 0)
  if (contributions.length < 2 || words === 0) return null
  const top = [...contributions].sort((a, b) => b.words - a.words)[0]!
  const themes = contributions.reduce((n, c) => n + c.themesProposed, 0)
  return { member: top.member, wordShare: top.words / words, themeShare: themes === 0 ? null : top.themesProposed / themes, themes }
}

/** How far a share stands above an equal share, on a 0–1 scale that means the same for 2 and 9 members: (share − 1/n) / (1 − 1/n). */
export function excessShare(share: number, n: number): number {
  if (n < 2) return 0
  return Math.max(0, (share - 1 / n) / (1 - 1 / n))
}
