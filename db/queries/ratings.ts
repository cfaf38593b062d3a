import type { Insertable } from 'kysely'
import type { Executor } from '../connection'
import type { RatingRound, RatingsTable } from '../schema'

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

/** A person's own ratings of one round of a cycle: which theme each rates. */
export function listOwnRatingIds(db: Executor, cycleId: string, personId: string, round: RatingRound) {
  return db
    .selectFrom('ratings')
    .select(['id', 'themeId'])
    .where('cycleId', '=', cycleId)
    .where('personId', '=', personId)
    .where('round', '=', round)
    .execute()
}

export async function insertRating(db: Executor, rating: Insertable<RatingsTable>) {
  await db.insertInto('ratings').values(rating).execute()
}

export async function updateRating(db: Executor, ratingId: string, change: { value: number; reason: string | null; updatedAt: string }) {
  await db.updateTable('ratings').set(change).where('id', '=', ratingId).execute()
}

/** Every rating of a theme, whoever gave it, without values: for moving ratings on a merge, never to show. */
export function listRatingsOfTheme(db: Executor, themeId: string) {
  return db.selectFrom('ratings').select(['id', 'cycleId', 'personId', 'round']).where('themeId', '=', themeId).execute()
}
