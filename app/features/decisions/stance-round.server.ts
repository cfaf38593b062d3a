import type { Db } from '~db/connection'
import type { SessionUser } from '~/utils/session.server'
import type { StanceValue } from './core/rule'
import { takeStance } from './stances.server'

/**
 * Members take their stances on a decision in turn, through the service people use, until it
 * closes: the builder the demo's story and the tests share (Epic Stack's pattern: one way to
 * make a world, for the seed and for the tests). Dissent goes first, so that a decision which
 * would pass does not close before it is heard. Returns the decision's status at the end.
 */
export async function takeStancesInTurn(
  db: Db,
  decisionId: string,
  stances: readonly { person: SessionUser; stance: StanceValue; reason?: string | null }[],
): Promise<string> {
  const ordered = [...stances].sort((a, b) => Number(a.stance === 'agree') - Number(b.stance === 'agree'))
  for (const s of ordered) {
    const outcome = await takeStance(db, s.person, decisionId, { stance: s.stance, reason: s.reason ?? null })
    if (outcome.status !== 'open') return outcome.status
  }
  return 'open'
}

/** Every one of `people` agrees, in turn, until the decision closes; returns its status. */
export function everyoneAgrees(db: Db, decisionId: string, people: readonly SessionUser[]): Promise<string> {
  return takeStancesInTurn(
    db,
    decisionId,
    people.map((person) => ({ person, stance: 'agree' as const })),
  )
}
