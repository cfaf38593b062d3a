import type { Executor } from '../connection'
import type { RatingRound } from '../schema'

// The ratings page, a page of themes at a time (issue 17). Each query here reads themes, counts
// or the viewer's own ratings; none reads another person's rating. Everyone's ratings are read
// only through ratingsVisibleTo (db/queries/ratings.ts).

type RoundCycle = { id: string; blindRevealedAt: string | null }

/**
 * The themes a cycle's rating round rates: while it is blind, every active theme of the
 * inquiry; once revealed, the active themes that were in the blind round (that have a blind
 * rating in the cycle: which themes, never whose or what). The one definition: the ratings
 * page, saving a form, revealing on completion and the phase guidance all read it here.
 */
function ratableThemes(db: Executor, inquiryId: string, cycle: RoundCycle) {
  let query = db.selectFrom('themes').where('themes.inquiryId', '=', inquiryId).where('themes.status', '=', 'active')
  if (cycle.blindRevealedAt) {
    // Not a correlated EXISTS: the themes rated blind are read once, by the cycle's index.
    const ratedBlind = db
      .selectFrom('ratings')
      .select('ratings.themeId')
      .where('ratings.cycleId', '=', cycle.id)
      .where('ratings.round', '=', 'blind')
    query = query.where('themes.id', 'in', ratedBlind)
  }
  return query
}

/** How many themes the round asks each member to rate. */
export async function countRatableThemes(db: Executor, inquiryId: string, cycle: RoundCycle): Promise<number> {
  const row = await ratableThemes(db, inquiryId, cycle)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Which themes the round rates, by id: for checking a saved form, and counting a member's own ratings of the round. */
export async function listRatableThemeIds(db: Executor, inquiryId: string, cycle: RoundCycle): Promise<string[]> {
  const rows = await ratableThemes(db, inquiryId, cycle).select('themes.id').execute()
  return rows.map((r) => r.id)
}

/** One page of those themes, in the order they were proposed (as the themes list). */
export function listRatableThemesPage(db: Executor, inquiryId: string, cycle: RoundCycle, page: { limit: number; offset: number }) {
  return ratableThemes(db, inquiryId, cycle)
    .select(['themes.id', 'themes.name', 'themes.description'])
    .orderBy('themes.createdAt')
    .orderBy('themes.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

/** The themes of the round the person has not rated in it yet: their own gaps. */
function unratedBy(db: Executor, inquiryId: string, cycle: RoundCycle, personId: string, round: RatingRound) {
  const rated = db
    .selectFrom('ratings')
    .select('ratings.themeId')
    .where('ratings.cycleId', '=', cycle.id)
    .where('ratings.round', '=', round)
    .where('ratings.personId', '=', personId)
  return ratableThemes(db, inquiryId, cycle).where('themes.id', 'not in', rated)
}

/** How many themes of the round the person has not rated in it yet. */
export async function countUnratedBy(db: Executor, inquiryId: string, cycle: RoundCycle, personId: string, round: RatingRound) {
  const row = await unratedBy(db, inquiryId, cycle, personId, round)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Where in the list of the round's themes (from 0, in the page order) the first one the person
 * has not rated yet stands, so the page can send them to it; null when they have rated them all.
 */
export async function findFirstUnratedPosition(
  db: Executor,
  inquiryId: string,
  cycle: RoundCycle,
  personId: string,
  round: RatingRound,
): Promise<number | null> {
  const first = await unratedBy(db, inquiryId, cycle, personId, round)
    .select(['themes.id', 'themes.createdAt'])
    .orderBy('themes.createdAt')
    .orderBy('themes.id')
    .limit(1)
    .executeTakeFirst()
  if (!first) return null
  const row = await ratableThemes(db, inquiryId, cycle)
    .where((eb) =>
      eb.or([
        eb('themes.createdAt', '<', first.createdAt),
        eb.and([eb('themes.createdAt', '=', first.createdAt), eb('themes.id', '<', first.id)]),
      ]),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * How many of these members have rated blind every theme of the round (every active theme of
 * the inquiry, or once revealed, those that were in the blind round): a count only, never whose
 * or what. The themes are chosen in SQL, so the page need not list them all.
 */
export async function countCompleteBlindRatersOfInquiry(
  db: Executor,
  inquiryId: string,
  cycle: RoundCycle,
  memberIds: string[],
  /** countRatableThemes, when the caller has it already. */
  ratableCount?: number,
) {
  if (memberIds.length === 0) return 0
  const themes = ratableCount ?? (await countRatableThemes(db, inquiryId, cycle))
  if (themes === 0) return 0
  const rows = await db
    .selectFrom('ratings')
    .select(['personId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cycleId', '=', cycle.id)
    .where('round', '=', 'blind')
    .where('themeId', 'in', ratableThemes(db, inquiryId, cycle).select('themes.id'))
    .where('personId', 'in', memberIds)
    .groupBy('personId')
    .execute()
  return rows.filter((r) => Number(r.n) === themes).length
}
