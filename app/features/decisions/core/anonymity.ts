import type { StanceValue } from './rule'

export type AnonymousStance = { stance: StanceValue; reason: string | null }

/** Fewer members than this who can take a stance, and anonymity hides next to nothing. */
export const MIN_ANONYMOUS_VOTERS = 3

const STANCE_ORDER: Record<StanceValue, number> = { agree: 0, abstain: 1, disagree: 2, block: 3 }

/**
 * Anonymous stances in one canonical order, by stance and then by reason (none first, then by
 * code point): a function of the set alone, so neither storage nor any page can follow the
 * order in which they were cast.
 */
export function canonicalOrder(stances: readonly AnonymousStance[]): AnonymousStance[] {
  return [...stances].sort((a, b) => {
    if (a.stance !== b.stance) return STANCE_ORDER[a.stance] - STANCE_ORDER[b.stance]
    if (a.reason === b.reason) return 0
    if (a.reason === null) return -1
    if (b.reason === null) return 1
    return a.reason < b.reason ? -1 : 1
  })
}

/** Reads a decision's stored anonymous stances; anything malformed is dropped rather than shown. */
export function parseAnonymousStances(json: string): AnonymousStance[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return []
  }
  if (!Array.isArray(parsed)) return []
  return canonicalOrder(
    parsed.flatMap((item: unknown): AnonymousStance[] => {
      if (!item || typeof item !== 'object') return []
      const { stance, reason } = item as { stance?: unknown; reason?: unknown }
      if (typeof stance !== 'string' || !(stance in STANCE_ORDER)) return []
      return [{ stance: stance as StanceValue, reason: typeof reason === 'string' && reason ? reason : null }]
    }),
  )
}

export type AnonymityLimits = {
  /** Too few can take a stance for anonymity to hide anything: a proposer may not choose it. */
  tooFew: boolean
  /** One plain sentence about this group's size, or null when the general limits are all there is to say. */
  warning: string | null
}

/** What anonymity can hide in a group where `voters` members can take a stance. */
export function anonymityLimits(voters: number): AnonymityLimits {
  if (voters <= 1) {
    return { tooFew: true, warning: 'Only one member can take a stance here, so an anonymous stance is plainly theirs.' }
  }
  if (voters === 2) {
    return {
      tooFew: true,
      warning: 'In a group of two, anonymity hides nothing: each of you can tell the other’s stance from your own and the tally.',
    }
  }
  if (voters < 5) {
    return {
      tooFew: false,
      warning: `With ${voters} members who can take a stance, anonymity hides little: a tally with one dissent leaves each of the others only ${voters - 1} people it could be.`,
    }
  }
  return { tooFew: false, warning: null }
}

/** Why a proposer may not make stances anonymous in a group this small. */
export function tooFewMessage(voters: number): string {
  return `Anonymous stances need at least ${MIN_ANONYMOUS_VOTERS} members who can take a stance; here ${voters === 1 ? 'there is 1' : `there are ${voters}`}, and anonymity would hide nothing.`
}

/** Whether a decision's stored rule (its `ruleJson`) makes every stance on it anonymous; unreadable rules are named ones. */
export function isAnonymousRuleJson(ruleJson: string): boolean {
  try {
    return (JSON.parse(ruleJson) as { allowAnonymousDissent?: unknown } | null)?.allowAnonymousDissent === true
  } catch {
    return false
  }
}

/**
 * A decision's anonymous stances as they may leave the group (an export): none while it is
 * open, since the tally shows only when it closes; after, in canonical order, each reason given
 * only as whether there was one. `named` are the latest named stances that join the unnamed
 * pool on an anonymous decision (taken before its stances became anonymous).
 */
export function exportableAnonymousStances(
  decision: { status: string; anonymousJson: string },
  named: readonly AnonymousStance[] = [],
): { stance: StanceValue; reasoned: boolean }[] {
  if (decision.status === 'open') return []
  return canonicalOrder([...named, ...parseAnonymousStances(decision.anonymousJson)]).map((s) => ({
    stance: s.stance,
    reasoned: s.reason !== null,
  }))
}
