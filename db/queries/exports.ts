import type { Executor } from '../connection'

// What an inquiry's archive is built from (app/features/exports/archive.server.ts), and the
// group's export history. Which of these rows may leave the group is decided there, by consent
// and publication; the reads that carry a rule of their own say so. The validity review reads
// one cycle's check-in flags and revealed ratings here too (app/features/validity/validity.server.ts).
// Lists of ids go into an `in`: callers pass a non-empty list.

/** Everyone who was ever a member of the group, with what an archive says of them, in pseudonym order. */
export function listArchiveMembers(db: Executor, groupId: string) {
  return db
    .selectFrom('members')
    .innerJoin('people', 'people.id', 'members.personId')
    .select([
      'members.personId',
      'members.isFacilitator',
      'members.pairRole',
      'members.joinedAt',
      'members.leftAt',
      'members.exportName',
      'members.pseudonymIndex',
      'people.displayName',
      'people.deletedAt',
    ])
    .where('members.groupId', '=', groupId)
    .orderBy('members.pseudonymIndex')
    .orderBy('members.joinedAt')
    .execute()
}

/** The phases of these cycles, in template order. */
export function listPhasesOfCycles(db: Executor, cycleIds: string[]) {
  return db.selectFrom('phases').selectAll().where('cycleId', 'in', cycleIds).orderBy('position').execute()
}

/**
 * A page of the records shared with the group in these cycles of an inquiry, without their
 * words, in the order an archive keys them (when made, cycle number, when it happened; then id),
 * after the last row of the page before: keyset pagination, so an export holds one page at a
 * time. An export reads the words in batches (listSharedRecordsWithWords). Never a private
 * record: whether a shared one's words may leave is the author's consent.
 */
export function listSharedRecordsForArchive(
  db: Executor,
  inquiryId: string,
  cycleIds: string[],
  after: { createdAt: string; cycleNumber: number; occurredAt: string; id: string } | null,
  limit: number,
) {
  let query = db
    .selectFrom('records')
    .innerJoin('cycles', 'cycles.id', 'records.cycleId')
    .innerJoin('phases', 'phases.id', 'records.phaseId')
    .select([
      'records.id',
      'records.authorId',
      'records.occurredAt',
      'records.createdAt',
      'records.exportConsent',
      'cycles.number as cycleNumber',
      'phases.position',
    ])
    .where('records.inquiryId', '=', inquiryId)
    .where('records.cycleId', 'in', cycleIds)
    .where('records.visibility', '=', 'group')
  if (after)
    query = query.where((eb) =>
      eb(
        eb.refTuple('records.createdAt', 'cycles.number', 'records.occurredAt', 'records.id'),
        '>',
        eb.tuple(after.createdAt, after.cycleNumber, after.occurredAt, after.id),
      ),
    )
  return query
    .orderBy('records.createdAt')
    .orderBy('cycles.number')
    .orderBy('records.occurredAt')
    .orderBy('records.id')
    .limit(limit)
    .execute()
}

/** Who wrote the records shared in these cycles of an inquiry: each author once, with what an archive may say of them. */
export function listRecordAuthorsForArchive(db: Executor, inquiryId: string, cycleIds: string[]) {
  return db
    .selectFrom('people')
    .select(['people.id', 'people.displayName', 'people.placeholder'])
    .where((eb) =>
      eb(
        'people.id',
        'in',
        eb
          .selectFrom('records')
          .select('records.authorId')
          .where('records.inquiryId', '=', inquiryId)
          .where('records.cycleId', 'in', cycleIds)
          .where('records.visibility', '=', 'group'),
      ),
    )
    .execute()
}

/**
 * These records with their words, their author and their consent as they stand now: one batch
 * of an export. Never a private record: one made private since the export began is not returned.
 */
export function listSharedRecordsWithWords(db: Executor, recordIds: string[]) {
  return db
    .selectFrom('records')
    .innerJoin('people', 'people.id', 'records.authorId')
    .select([
      'records.id',
      'records.text',
      'records.exportConsent',
      'records.authorId',
      'records.wayOfKnowing',
      'records.occurredAt',
      'records.createdAt',
      'people.placeholder',
      'people.displayName',
    ])
    .where('records.id', 'in', recordIds)
    .where('records.visibility', '=', 'group')
    .execute()
}

/** What the shared records of these cycles count towards their analysis: never a private record. */
export function listSharedRecordCounts(db: Executor, cycleIds: string[]) {
  return db
    .selectFrom('records')
    .innerJoin('phases', 'phases.id', 'records.phaseId')
    .select(['records.cycleId', 'records.authorId', 'records.wayOfKnowing', 'records.text', 'phases.kind'])
    .where('records.cycleId', 'in', cycleIds)
    .where('records.visibility', '=', 'group')
    .execute()
}

/** Every member's own judgements of the procedures of these cycles. */
export function listJudgementsOfCycles(db: Executor, cycleIds: string[]) {
  return db.selectFrom('validityJudgements').selectAll().where('cycleId', 'in', cycleIds).orderBy('procedureKey').execute()
}

/** Whether each check-in of these cycles flagged a need for time: never its words or its author. */
export function listCheckInFlags(db: Executor, cycleIds: string[]) {
  return db
    .selectFrom('checkIns')
    .innerJoin('phases', 'phases.id', 'checkIns.phaseId')
    .select(['phases.cycleId', 'checkIns.needsTime'])
    .where('phases.cycleId', 'in', cycleIds)
    .execute()
}

export function listCarriedContributionsOfCycles(db: Executor, cycleIds: string[]) {
  return db.selectFrom('carriedContributions').selectAll().where('cycleId', 'in', cycleIds).execute()
}

export function listIndicatorAnswersOfCycles(db: Executor, cycleIds: string[]) {
  return db.selectFrom('indicatorAnswers').selectAll().where('cycleId', 'in', cycleIds).orderBy('indicatorKey').orderBy('version').execute()
}

/** The inquiry's themes (merged and split ones too) first proposed in cycle `throughCycle` or earlier. */
export function listThemesThroughCycle(db: Executor, inquiryId: string, throughCycle: number) {
  return db
    .selectFrom('themes')
    .innerJoin('cycles', 'cycles.id', 'themes.firstCycleId')
    .select([
      'themes.id',
      'themes.name',
      'themes.description',
      'themes.proposedBy',
      'themes.status',
      'themes.mergedIntoId',
      'themes.splitFromId',
      'themes.createdAt',
      'cycles.number as firstCycle',
    ])
    .where('themes.inquiryId', '=', inquiryId)
    .where('cycles.number', '<=', throughCycle)
    .execute()
}

/** The links of these themes to records, oldest first: what an archive says of each. */
export function listThemeLinksOfThemes(db: Executor, themeIds: string[]) {
  return db
    .selectFrom('themeLinks')
    .select(['themeId', 'recordId', 'linkedBy', 'createdAt'])
    .where('themeId', 'in', themeIds)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
}

/**
 * Every rating of these cycles, whoever gave it. Blind ratings are their author's alone until
 * revealed, so a caller (an export, a cycle's indicators) passes only cycles whose blind round
 * is revealed; before the reveal, ratingsVisibleTo is the only way in.
 */
export function listRatingsOfRevealedCycles(db: Executor, revealedCycleIds: string[]) {
  return db
    .selectFrom('ratings')
    .select(['personId', 'themeId', 'cycleId', 'round', 'value', 'reason'])
    .where('cycleId', 'in', revealedCycleIds)
    .execute()
}

/**
 * The ratings of these themes in these cycles, whoever gave them: a page of an export, read by
 * the ratings' unique index (theme, cycle, …). Blind ratings are their author's alone until
 * revealed, so an export passes only cycles whose blind round is revealed.
 */
export function listRatingsOfThemes(db: Executor, themeIds: string[], revealedCycleIds: string[]) {
  return db
    .selectFrom('ratings')
    .select(['personId', 'themeId', 'cycleId', 'round', 'value', 'reason'])
    .where('themeId', 'in', themeIds)
    .where('cycleId', 'in', revealedCycleIds)
    .execute()
}

/** The inquiry's decisions of these cycles, oldest first. */
export function listDecisionsOfCycles(db: Executor, inquiryId: string, cycleIds: string[]) {
  return db
    .selectFrom('decisions')
    .selectAll()
    .where('inquiryId', '=', inquiryId)
    .where('cycleId', 'in', cycleIds)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
}

/** The challenges raised in these cycles, oldest first. */
export function listChallengesOfCycles(db: Executor, cycleIds: string[]) {
  return db.selectFrom('challenges').selectAll().where('cycleId', 'in', cycleIds).orderBy('createdAt').orderBy('id').execute()
}

/** The group's latest 50 exports, newest first, with who made them (none: the command line). */
export function listExportEvents(db: Executor, groupId: string) {
  return db
    .selectFrom('auditEvents')
    .leftJoin('people', 'people.id', 'auditEvents.personId')
    .select(['auditEvents.createdAt', 'auditEvents.detailJson', 'people.displayName'])
    .where('auditEvents.groupId', '=', groupId)
    .where('auditEvents.kind', '=', 'exported')
    .orderBy('auditEvents.createdAt', 'desc')
    .limit(50)
    .execute()
}
