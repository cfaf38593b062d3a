// A group's standing in the network (issue 18; docs/design.md §11). The stage is moved only by
// the group's own decisions; full membership follows from the rule: a member group with two
// links whose groups have each validated its standing-by process. Nobody presses a button for it.

/** Where a group is on its way through the network, moved only by its own decisions. */
export type NetworkStage = 'forming' | 'standing_by' | 'member' | 'laid_down'
/** What the directory shows: the stage, and for a member group what its links make it. */
export type NetworkStanding = 'forming' | 'standing_by' | 'member' | 'full_member' | 'seeking_link' | 'laid_down'

/** Links a member group needs, each validating it, to be a full member group. */
export const LINKS_NEEDED = 2

export const STANDING_LABELS: Record<NetworkStanding, string> = {
  forming: 'Forming',
  standing_by: 'Standing by (statement to come)',
  member: 'Member group',
  full_member: 'Full member group',
  seeking_link: 'Seeking a link',
  laid_down: 'Laid down',
}

/** What each standing means, where the directory shows it. */
export const STANDING_MEANINGS: Record<NetworkStanding, string> = {
  forming: 'Getting to know each other until they can stand by each other as practitioners, by a route of their own choosing.',
  standing_by:
    'The group decided by consensus that its members stand by each other; it is writing the statement of its ethical stance toward clients.',
  member: 'Has published its statement of ethical stance; its two link groups have not yet both validated its standing-by process.',
  full_member: `Has ${LINKS_NEEDED} links, and both link groups have validated its standing-by process.`,
  seeking_link: `Was a full member group and now has fewer than ${LINKS_NEEDED} validating links: it keeps its standing for the network's grace period while it seeks a link.`,
  laid_down: 'The group has laid itself down (dissolved or left the network).',
}

export type StandingInput = {
  stage: NetworkStage
  /** Active links whose other group's latest judgement of this group is "validated". */
  validatingLinks: number
  previous: NetworkStanding
  seekingSince: string | null
  graceDays: number
  now: string
}

/**
 * The standing a group's stage and links give it now. A full member group that loses a
 * validating link is never silently stripped: it is seeking a link from that moment, for the
 * grace period, and only then a member group again (with that written in its history).
 */
export function standingOf(input: StandingInput): { standing: NetworkStanding; seekingSince: string | null } {
  if (input.stage !== 'member') return { standing: input.stage, seekingSince: null }
  if (input.validatingLinks >= LINKS_NEEDED) return { standing: 'full_member', seekingSince: null }
  if (input.previous === 'full_member') return { standing: 'seeking_link', seekingSince: input.now }
  if (input.previous === 'seeking_link' && input.seekingSince) {
    if (graceEnded(input.seekingSince, input.graceDays, input.now)) return { standing: 'member', seekingSince: null }
    return { standing: 'seeking_link', seekingSince: input.seekingSince }
  }
  return { standing: 'member', seekingSince: null }
}

/** The end of a seeking group's grace period. */
export function graceEndsAt(seekingSince: string, graceDays: number): string {
  return new Date(Date.parse(seekingSince) + graceDays * 86_400_000).toISOString()
}

export function graceEnded(seekingSince: string, graceDays: number, now: string): boolean {
  return Date.parse(now) >= Date.parse(graceEndsAt(seekingSince, graceDays))
}

/** The standing as shown now: a seeking group whose grace has ended reads as a member group, even before anything rewrites it. */
export function shownStanding(stored: NetworkStanding, seekingSince: string | null, graceDays: number, now: string): NetworkStanding {
  if (stored === 'seeking_link' && seekingSince && graceEnded(seekingSince, graceDays, now)) return 'member'
  return stored
}

/** Why a standing changed, for the group's history. */
export function standingNote(from: NetworkStanding, to: NetworkStanding, graceDays: number): string {
  if (to === 'full_member') return `Both link groups have validated the group's standing-by process: a full member group.`
  if (to === 'seeking_link')
    return `Fewer than ${LINKS_NEEDED} validating links: seeking a link, with a grace period of ${graceDays} days before full membership lapses.`
  if (from === 'seeking_link' && to === 'member')
    return `The grace period ended without ${LINKS_NEEDED} validating links: a member group again.`
  return STANDING_MEANINGS[to]
}
