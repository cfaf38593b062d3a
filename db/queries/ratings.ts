import type { Executor } from '../connection'

/**
 * The one gate on ratings: until a cycle's blind round is revealed, a viewer sees only
 * their own ratings — no one else's, whatever their role. Every read of ratings goes here.
 */
export function ratingsVisibleTo(db: Executor, cycle: { id: string; blindRevealedAt: string | null }, viewerId: string) {
  let query = db
    .selectFrom('ratings')
    .select(['ratings.themeId', 'ratings.personId', 'ratings.round', 'ratings.value', 'ratings.reason', 'ratings.updatedAt'])
    .where('ratings.cycleId', '=', cycle.id)
  if (!cycle.blindRevealedAt) query = query.where('ratings.personId', '=', viewerId)
  return query
}

/** How many members have rated every theme blind: a count only, never whose or what. */
export async function countCompleteBlindRaters(db: Executor, cycleId: string, themeIds: string[], memberIds: string[]) {
  if (themeIds.length === 0 || memberIds.length === 0) return 0
  const rows = await db
    .selectFrom('ratings')
    .select(['personId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cycleId', '=', cycleId)
    .where('round', '=', 'blind')
    .where('themeId', 'in', themeIds)
    .where('personId', 'in', memberIds)
    .groupBy('personId')
    .execute()
  return rows.filter((r) => Number(r.n) === themeIds.length).length
}
