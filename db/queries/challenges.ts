import type { Insertable } from 'kysely'
import type { Executor } from '../connection'
import type { ChallengeResolution, ChallengesTable, ChallengeTargetKind } from '../schema'

export function findChallenge(db: Executor, inquiryId: string, challengeId: string) {
  return db.selectFrom('challenges').selectAll().where('id', '=', challengeId).where('inquiryId', '=', inquiryId).executeTakeFirst()
}

export async function insertChallenge(db: Executor, challenge: Insertable<ChallengesTable>) {
  await db.insertInto('challenges').values(challenge).execute()
}

export async function updateChallengeResolution(
  db: Executor,
  challengeId: string,
  resolution: { resolution: ChallengeResolution; resolutionText: string | null; resolvedBy: string; resolvedAt: string },
) {
  await db.updateTable('challenges').set(resolution).where('id', '=', challengeId).execute()
}

/** Which of an inquiry's challenges: one cycle's, those on one target, or one challenge. */
export type ChallengeFilter = { cycleId?: string; target?: { kind: ChallengeTargetKind; id: string }; id?: string }

function challengesOf(db: Executor, inquiryId: string, filter: ChallengeFilter) {
  let query = db.selectFrom('challenges').where('challenges.inquiryId', '=', inquiryId)
  if (filter.cycleId) query = query.where('challenges.cycleId', '=', filter.cycleId)
  if (filter.target)
    query = query.where('challenges.targetKind', '=', filter.target.kind).where('challenges.targetId', '=', filter.target.id)
  if (filter.id) query = query.where('challenges.id', '=', filter.id)
  return query
}

/**
 * An inquiry's challenges (all, or as filtered), newest first, with who raised and resolved
 * them and, for a challenge on a theme or a decision of the inquiry, its name or title (read in
 * the same statement, so a list costs one query however long it is). A challenged record is
 * described by the caller through visibleRecords. With `page`, one page of them.
 */
export function listChallengesOfInquiry(
  db: Executor,
  inquiryId: string,
  filter: ChallengeFilter = {},
  page?: { limit: number; offset: number },
) {
  const query = challengesOf(db, inquiryId, filter)
    .innerJoin('people as raiser', 'raiser.id', 'challenges.raisedBy')
    .leftJoin('people as resolver', 'resolver.id', 'challenges.resolvedBy')
    .innerJoin('cycles', 'cycles.id', 'challenges.cycleId')
    .leftJoin('themes as targetTheme', (join) =>
      join
        .onRef('targetTheme.id', '=', 'challenges.targetId')
        .on('challenges.targetKind', '=', 'theme')
        .onRef('targetTheme.inquiryId', '=', 'challenges.inquiryId'),
    )
    .leftJoin('decisions as targetDecision', (join) =>
      join
        .onRef('targetDecision.id', '=', 'challenges.targetId')
        .on('challenges.targetKind', '=', 'decision')
        .onRef('targetDecision.inquiryId', '=', 'challenges.inquiryId'),
    )
    .select([
      'challenges.id',
      'challenges.targetKind',
      'challenges.targetId',
      'challenges.hazard',
      'challenges.text',
      'challenges.resolution',
      'challenges.resolutionText',
      'challenges.resolvedAt',
      'challenges.createdAt',
      'challenges.raisedBy',
      'raiser.displayName as raisedByName',
      'resolver.displayName as resolvedByName',
      'cycles.number as cycleNumber',
      'targetTheme.name as targetThemeName',
      'targetDecision.title as targetDecisionTitle',
      'targetDecision.groupId as targetDecisionGroupId',
    ])
    .orderBy('challenges.createdAt', 'desc')
    .orderBy('challenges.id', 'desc')
  return (page ? query.limit(page.limit).offset(page.offset) : query).execute()
}

/** How many challenges an inquiry has (or as filtered). */
export async function countChallengesOfInquiry(db: Executor, inquiryId: string, filter: ChallengeFilter = {}): Promise<number> {
  const row = await challengesOf(db, inquiryId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A cycle's challenges: who raised each, on which hazard, and how it was resolved (not their words). */
export function listCycleChallenges(db: Executor, cycleId: string) {
  return db.selectFrom('challenges').select(['id', 'raisedBy', 'resolution', 'hazard']).where('cycleId', '=', cycleId).execute()
}
