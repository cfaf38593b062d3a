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

/** An inquiry's challenges (of one cycle, or on one target, when given), newest first, with who raised and resolved them. */
export function listChallengesOfInquiry(
  db: Executor,
  inquiryId: string,
  filter: { cycleId?: string; target?: { kind: ChallengeTargetKind; id: string } } = {},
) {
  let query = db
    .selectFrom('challenges')
    .innerJoin('people as raiser', 'raiser.id', 'challenges.raisedBy')
    .leftJoin('people as resolver', 'resolver.id', 'challenges.resolvedBy')
    .innerJoin('cycles', 'cycles.id', 'challenges.cycleId')
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
    ])
    .where('challenges.inquiryId', '=', inquiryId)
  if (filter.cycleId) query = query.where('challenges.cycleId', '=', filter.cycleId)
  if (filter.target)
    query = query.where('challenges.targetKind', '=', filter.target.kind).where('challenges.targetId', '=', filter.target.id)
  return query.orderBy('challenges.createdAt', 'desc').execute()
}

/** A cycle's challenges: who raised each, on which hazard, and how it was resolved (not their words). */
export function listCycleChallenges(db: Executor, cycleId: string) {
  return db.selectFrom('challenges').select(['id', 'raisedBy', 'resolution', 'hazard']).where('cycleId', '=', cycleId).execute()
}
