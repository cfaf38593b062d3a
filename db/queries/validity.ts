import type { Insertable } from 'kysely'
import type { Executor } from '../connection'
import type { CheckInsTable, IndicatorAnswersTable, ValidityJudgementsTable } from '../schema'

// The validity review of a cycle: judgements on its procedures, answers to its indicators,
// its check-ins, and the evidence its indicators weigh.

/** Every member's judgements on a cycle's procedures. */
export function listValidityJudgements(db: Executor, cycleId: string) {
  return db
    .selectFrom('validityJudgements')
    .select(['procedureKey', 'status', 'note', 'updatedBy'])
    .where('cycleId', '=', cycleId)
    .execute()
}

/**
 * Every member's judgements on a cycle's procedures, each with its member's name, for the
 * review page: by procedure, least recently changed first.
 */
export function listValidityJudgementsWithNames(db: Executor, cycleId: string) {
  return db
    .selectFrom('validityJudgements')
    .innerJoin('people', 'people.id', 'validityJudgements.updatedBy')
    .select([
      'validityJudgements.procedureKey',
      'validityJudgements.status',
      'validityJudgements.note',
      'validityJudgements.updatedBy',
      'validityJudgements.updatedAt',
      'people.displayName',
    ])
    .where('validityJudgements.cycleId', '=', cycleId)
    .orderBy('validityJudgements.procedureKey')
    .orderBy('validityJudgements.updatedAt')
    .orderBy('validityJudgements.id')
    .execute()
}

/**
 * Sets a member's own judgement of one procedure: made the first time, changed after. Only
 * that member's row is touched (unique per cycle, procedure and person), so no judgement
 * ever overwrites another person's, and two saves at once cannot make two rows.
 */
export async function setOwnValidityJudgement(
  db: Executor,
  judgement: Pick<Insertable<ValidityJudgementsTable>, 'id' | 'cycleId' | 'procedureKey' | 'status' | 'note' | 'updatedBy' | 'updatedAt'>,
) {
  await db
    .insertInto('validityJudgements')
    .values(judgement)
    .onConflict((oc) =>
      oc
        .columns(['cycleId', 'procedureKey', 'updatedBy'])
        .doUpdateSet({ status: judgement.status, note: judgement.note, updatedAt: judgement.updatedAt }),
    )
    .execute()
}

/** The group's answers to one cycle's indicators, oldest first per indicator, each with who gave it. */
export function listIndicatorAnswers(db: Executor, cycleId: string) {
  return db
    .selectFrom('indicatorAnswers')
    .innerJoin('people', 'people.id', 'indicatorAnswers.answeredBy')
    .select([
      'indicatorAnswers.indicatorKey',
      'indicatorAnswers.version',
      'indicatorAnswers.status',
      'indicatorAnswers.note',
      'indicatorAnswers.answeredAt',
      'people.displayName',
    ])
    .where('indicatorAnswers.cycleId', '=', cycleId)
    .orderBy('indicatorAnswers.indicatorKey')
    .orderBy('indicatorAnswers.version')
    .execute()
}

/** The version the next answer to an indicator of a cycle takes: one past the highest so far. */
export async function nextIndicatorAnswerVersion(db: Executor, cycleId: string, indicatorKey: string): Promise<number> {
  const last = await db
    .selectFrom('indicatorAnswers')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('cycleId', '=', cycleId)
    .where('indicatorKey', '=', indicatorKey)
    .executeTakeFirst()
  return Number(last?.version ?? 0) + 1
}

export async function insertIndicatorAnswer(db: Executor, answer: Insertable<IndicatorAnswersTable>) {
  await db.insertInto('indicatorAnswers').values(answer).execute()
}

/** A person's check-in in a phase, if they gave one. */
export function findCheckIn(db: Executor, phaseId: string, personId: string) {
  return db.selectFrom('checkIns').select('id').where('phaseId', '=', phaseId).where('personId', '=', personId).executeTakeFirst()
}

export async function insertCheckIn(db: Executor, checkIn: Insertable<CheckInsTable>) {
  await db.insertInto('checkIns').values(checkIn).execute()
}

export async function updateCheckIn(db: Executor, checkInId: string, change: { text: string; needsTime: number; updatedAt: string }) {
  await db.updateTable('checkIns').set(change).where('id', '=', checkInId).execute()
}

/** A phase's check-ins, first given first, each with its member's name. */
export function listCheckInsOfPhase(db: Executor, phaseId: string) {
  return db
    .selectFrom('checkIns')
    .innerJoin('people', 'people.id', 'checkIns.personId')
    .select(['checkIns.personId', 'checkIns.text', 'checkIns.needsTime', 'checkIns.updatedAt', 'people.displayName'])
    .where('checkIns.phaseId', '=', phaseId)
    .orderBy('checkIns.createdAt')
    .execute()
}

/** A cycle's decisions that have closed by passing or being rejected, with their anonymous stances. */
export function listClosedDecisionsOfCycle(db: Executor, cycleId: string) {
  return db
    .selectFrom('decisions')
    .select(['id', 'anonymousJson'])
    .where('cycleId', '=', cycleId)
    .where('status', 'in', ['passed', 'rejected'])
    .execute()
}

/**
 * For each theme rated in a cycle, the kinds of phase its shared linked records were made in
 * (private records never count). Read only once the cycle's blind round is revealed.
 */
export function listRatedThemeLinkKinds(db: Executor, cycleId: string) {
  // The rated themes as a subquery, not a join: joined, every rating of a theme met every link
  // of it before DISTINCT (4,800 ratings × their links: 118 ms a cycle on the benchmark; now 15).
  return db
    .selectFrom('themeLinks')
    .innerJoin('records', 'records.id', 'themeLinks.recordId')
    .innerJoin('phases', 'phases.id', 'records.phaseId')
    .select(['themeLinks.themeId', 'phases.kind'])
    .where('themeLinks.themeId', 'in', (eb) => eb.selectFrom('ratings').select('ratings.themeId').where('ratings.cycleId', '=', cycleId))
    .where('records.visibility', '=', 'group')
    .distinct()
    .execute()
}

/** How many of an inquiry's cycles each person has been devil's advocate in. */
export function countDevilsAdvocateTurns(db: Executor, inquiryId: string) {
  return db
    .selectFrom('cycles')
    .select(['devilsAdvocateId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('inquiryId', '=', inquiryId)
    .where('devilsAdvocateId', 'is not', null)
    .groupBy('devilsAdvocateId')
    .execute()
}
