// Facilitator dependence (docs/design.md §4 "Facilitation over the cycles", issue 19): how much of a
// cycle's process runs through its facilitation, measured from four parts of what the group does.
// Pure: the app reads the acts from its database (facilitation.server.ts), the archive analysis
// from an archive (exports/core/analyse-archive.ts); both call cycleDependence.

/** The parts of the process the measure reads, in the order every table shows them. */
export const FACILITATION_PARTS = ['proposals', 'movesOn', 'resolutions', 'reflectionWords'] as const
export type FacilitationPart = (typeof FACILITATION_PARTS)[number]

export const PART_NAMES: Record<FacilitationPart, string> = {
  proposals: 'decisions proposed',
  movesOn: 'moves on proposed',
  resolutions: 'challenges resolved',
  reflectionWords: 'words in reflection phases',
}

/**
 * The minimum number of acts before a part counts: a share of one or two acts is mostly chance
 * (one proposal of one is 100%). For words, the act is a record: at least 3 records written in
 * reflection phases, so one long record does not decide the share of the words.
 */
export const PART_MINIMUM = 3

/** The decision kinds that move the process on (docs/design.md §2: the group moves on only by Decision). */
export const MOVE_ON_KINDS: readonly string[] = ['phase_change', 'next_cycle', 'conclude']

/** What a cycle's facilitation is measured from: the acts of the group's current members, by member. */
export type CycleActs = {
  cycle: number
  /** The group's current members: n = their number. Acts of anyone else are left out (the analysis reads current members only). */
  memberIds: readonly string[]
  /** No facilitator role exists (a client–practitioner pair). */
  noRole?: boolean
  /** Who held the facilitator role at any moment of the cycle, former members included. */
  facilitators: readonly string[]
  /** A co-facilitator named by the group's handover plan at any moment of the cycle: their acts count with the facilitator's. */
  coFacilitators: readonly string[]
  /** Every decision proposed in the cycle (any kind, any outcome): who proposed it and its kind. */
  proposals: readonly { by: string; kind: string }[]
  /** Every challenge of the cycle that has a resolution: who recorded the resolution. */
  resolutions: readonly { by: string | null }[]
  /** Per member: shared records written in the cycle's reflection phases and their words. */
  reflection: readonly { by: string; records: number; words: number }[]
}

export type PartShare = {
  part: FacilitationPart
  /** Acts of the facilitation (words for reflectionWords). */
  facilitation: number
  /** All current members' acts (words for reflectionWords). */
  total: number
  /** Acts that decide whether the part counts: proposals, moves on, resolutions, or reflection-phase records. */
  acts: number
  /** facilitation / total; null when total is 0. */
  share: number | null
  /** (share − k/n) / (1 − k/n), clipped at 0; null when the part does not count. */
  excess: number | null
  /** Whether the part has at least PART_MINIMUM acts and so enters the dependence. */
  counted: boolean
}

/**
 * `measured`: the dependence is the mean excess of the counted parts. `peer`: nobody held the
 * role, so the dependence is 0 by definition. `no-role`: a pair, which has no facilitator role.
 * `left`: the cycle's facilitation are no longer members, so their acts are out of the analysis.
 * `too-few`: no part has enough acts. `too-small`: the facilitation is the whole group.
 */
export type DependenceStatus = 'measured' | 'peer' | 'no-role' | 'left' | 'too-few' | 'too-small'

export type CycleDependence = {
  cycle: number
  status: DependenceStatus
  /** Null unless status is measured (a number) or peer (0). */
  dependence: number | null
  /** The cycle's facilitators and co-facilitators who are current members. */
  facilitators: string[]
  coFacilitators: string[]
  /** k: current members in the cycle's facilitation; n: current members. */
  seats: number
  members: number
  parts: PartShare[]
  countedParts: number
}

/** e(s) = max(0, (s − k/n) / (1 − k/n)): 0 at the facilitation's equal share, 1 when it has everything (a generalisation of excessShare to k seats). */
export function excessOver(share: number, seats: number, members: number): number {
  const equal = seats / members
  return Math.max(0, (share - equal) / (1 - equal))
}

/** The dependence of one cycle on its facilitation (docs/design.md §4): the mean excess share over the parts with enough acts. */
export function cycleDependence(acts: CycleActs): CycleDependence {
  const current = new Set(acts.memberIds)
  const n = current.size
  const facilitators = [...new Set(acts.facilitators)].filter((m) => current.has(m))
  const coFacilitators = [...new Set(acts.coFacilitators)].filter((m) => current.has(m) && !facilitators.includes(m))
  const seat = new Set([...facilitators, ...coFacilitators])
  const k = seat.size
  const mine = (by: string | null) => by !== null && seat.has(by)
  const ofCurrent = <T extends { by: string | null }>(xs: readonly T[]) => xs.filter((x) => x.by !== null && current.has(x.by))

  const proposals = ofCurrent(acts.proposals)
  const movesOn = proposals.filter((p) => MOVE_ON_KINDS.includes(p.kind))
  const resolutions = ofCurrent(acts.resolutions)
  const reflection = ofCurrent(acts.reflection)
  const measurable = !acts.noRole && k > 0 && k < n
  const part = (name: FacilitationPart, facilitation: number, total: number, count: number): PartShare => {
    const share = total > 0 ? facilitation / total : null
    const counted = measurable && count >= PART_MINIMUM && share !== null
    return { part: name, facilitation, total, acts: count, share, excess: counted ? excessOver(share!, k, n) : null, counted }
  }
  const parts = [
    part('proposals', proposals.filter((p) => mine(p.by)).length, proposals.length, proposals.length),
    part('movesOn', movesOn.filter((p) => mine(p.by)).length, movesOn.length, movesOn.length),
    part('resolutions', resolutions.filter((r) => mine(r.by)).length, resolutions.length, resolutions.length),
    part(
      'reflectionWords',
      reflection.filter((r) => mine(r.by)).reduce((s, r) => s + r.words, 0),
      reflection.reduce((s, r) => s + r.words, 0),
      reflection.reduce((s, r) => s + r.records, 0),
    ),
  ]
  const counted = parts.filter((p) => p.counted)
  const base = { cycle: acts.cycle, facilitators, coFacilitators, seats: k, members: n, parts, countedParts: counted.length }
  if (acts.noRole) return { ...base, status: 'no-role', dependence: null }
  // Peer facilitation: no one held the role, so nothing runs through it (dependence 0 by definition).
  if (acts.facilitators.length === 0 && acts.coFacilitators.length === 0) return { ...base, status: 'peer', dependence: 0 }
  if (k === 0) return { ...base, status: 'left', dependence: null }
  if (k >= n) return { ...base, status: 'too-small', dependence: null }
  if (counted.length === 0) return { ...base, status: 'too-few', dependence: null }
  return { ...base, status: 'measured', dependence: counted.reduce((s, p) => s + p.excess!, 0) / counted.length }
}

/** Least-squares slope of y on x (Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²); 0 with fewer than two distinct x. */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return 0
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length
  const my = points.reduce((s, p) => s + p.y, 0) / points.length
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0)
  if (sxx === 0) return 0
  return points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx
}

/** What the authentic-collaboration indicator reads of a series (validity CycleEvidence['facilitation']): the cycles up to `cycle`. */
export function dependenceEvidence(series: readonly CycleDependence[], cycle: number, pair: boolean) {
  return {
    pair,
    cycles: series
      .filter((c) => c.cycle <= cycle)
      .map((c) => ({
        cycle: c.cycle,
        status: c.status,
        dependence: c.dependence,
        countedParts: c.countedParts,
        acts: c.parts.filter((p) => p.part !== 'movesOn').reduce((s, p) => s + p.acts, 0),
      })),
  }
}
