import type { Executor } from '../connection'

// What the analysis of a cycle reads beyond ratings (db/queries/ratings.ts) and records (db/queries/records.ts).

/** The cycles of an inquiry whose blind round has been revealed, first to last: only these have an analysis anyone may see. */
export function listRevealedCycles(db: Executor, inquiryId: string) {
  return db
    .selectFrom('cycles')
    .select(['id', 'number', 'blindRevealedAt'])
    .where('inquiryId', '=', inquiryId)
    .where('blindRevealedAt', 'is not', null)
    .orderBy('number')
    .execute()
}

/** An inquiry's active themes in the order they were proposed, each with the number of the cycle it was first proposed in. */
export function listActiveThemesWithFirstCycle(db: Executor, inquiryId: string) {
  return db
    .selectFrom('themes')
    .innerJoin('cycles', 'cycles.id', 'themes.firstCycleId')
    .select(['themes.id', 'themes.name', 'cycles.number as firstCycleNumber'])
    .where('themes.inquiryId', '=', inquiryId)
    .where('themes.status', '=', 'active')
    .orderBy('themes.createdAt')
    .execute()
}

/** Who proposed each theme first proposed in a cycle. */
export function listThemeProposersOfCycle(db: Executor, inquiryId: string, cycleId: string) {
  return db.selectFrom('themes').select('proposedBy').where('inquiryId', '=', inquiryId).where('firstCycleId', '=', cycleId).execute()
}

/** Who took each named stance on a cycle's decisions (one row a stance). */
export function listStanceTakersOfCycle(db: Executor, cycleId: string) {
  return db
    .selectFrom('stances')
    .innerJoin('decisions', 'decisions.id', 'stances.decisionId')
    .select('stances.personId')
    .where('decisions.cycleId', '=', cycleId)
    .execute()
}
