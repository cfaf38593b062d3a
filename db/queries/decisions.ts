import { SqliteAdapter, type Insertable } from 'kysely'
import type { Executor } from '../connection'
import type { DecisionKind, DecisionsTable, DecisionStatus, StancesTable } from '../schema'

/** The open decision of a kind in a group, an inquiry or a cycle: each kind allows one at a time there. */
export function findOpenDecision(
  db: Executor,
  kind: DecisionKind,
  where: { groupId: string } | { inquiryId: string } | { cycleId: string },
) {
  let query = db.selectFrom('decisions').select(['id', 'title']).where('kind', '=', kind).where('status', '=', 'open')
  if ('groupId' in where) query = query.where('groupId', '=', where.groupId)
  else if ('inquiryId' in where) query = query.where('inquiryId', '=', where.inquiryId)
  else query = query.where('cycleId', '=', where.cycleId)
  return query.executeTakeFirst()
}

export function findDecision(db: Executor, decisionId: string) {
  return db.selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirst()
}

/** Every stance ever taken on a decision, oldest first (the table is append-only). */
export function listStanceHistory(db: Executor, decisionId: string) {
  return db
    .selectFrom('stances')
    .innerJoin('people', 'people.id', 'stances.personId')
    .select(['stances.personId', 'stances.stance', 'stances.reason', 'stances.createdAt', 'stances.seq', 'people.displayName'])
    .where('stances.decisionId', '=', decisionId)
    .orderBy('stances.seq')
    .execute()
}

export async function nextStanceSeq(db: Executor, decisionId: string, personId: string): Promise<number> {
  const row = await db
    .selectFrom('stances')
    .select((eb) => eb.fn.max('seq').as('maxSeq'))
    .where('decisionId', '=', decisionId)
    .where('personId', '=', personId)
    .executeTakeFirst()
  return Number(row?.maxSeq ?? 0) + 1
}

export function listDecisions(db: Executor, filter: { groupId: string; inquiryId?: string; status?: 'open' }) {
  let query = db
    .selectFrom('decisions')
    .innerJoin('people', 'people.id', 'decisions.proposedBy')
    .select([
      'decisions.id',
      'decisions.kind',
      'decisions.title',
      'decisions.status',
      'decisions.createdAt',
      'decisions.closedAt',
      'decisions.inquiryId',
      'decisions.cycleId',
      'people.displayName as proposedByName',
    ])
    .where('decisions.groupId', '=', filter.groupId)
  if (filter.inquiryId) query = query.where('decisions.inquiryId', '=', filter.inquiryId)
  if (filter.status) query = query.where('decisions.status', '=', filter.status)
  return query.orderBy('decisions.createdAt', 'desc').execute()
}

export async function insertDecision(db: Executor, decision: Insertable<DecisionsTable>) {
  await db.insertInto('decisions').values(decision).execute()
}

/** The ids of an inquiry's open decisions (of one cycle, when given), but `exceptId`. */
export async function listOpenDecisionIds(
  db: Executor,
  scope: { inquiryId: string; cycleId?: string },
  exceptId: string,
): Promise<string[]> {
  let query = db
    .selectFrom('decisions')
    .select('id')
    .where('inquiryId', '=', scope.inquiryId)
    .where('status', '=', 'open')
    .where('id', '!=', exceptId)
  if (scope.cycleId) query = query.where('cycleId', '=', scope.cycleId)
  return (await query.execute()).map((d) => d.id)
}

export async function updateDecisionsClosed(
  db: Executor,
  decisionIds: string[],
  close: { status: DecisionStatus; closedAt: string; outcomeNote: string },
) {
  if (decisionIds.length === 0) return
  await db.updateTable('decisions').set(close).where('id', 'in', decisionIds).execute()
}

/** A person's named stance on a decision, if they ever took one. */
export function findNamedStance(db: Executor, decisionId: string, personId: string) {
  return db.selectFrom('stances').select('id').where('decisionId', '=', decisionId).where('personId', '=', personId).executeTakeFirst()
}

export async function insertStance(db: Executor, stance: Insertable<StancesTable>) {
  await db.insertInto('stances').values(stance).execute()
}

/** The ballot with this keyed hash on a decision, if one was cast. */
export function findAnonymousBallot(db: Executor, decisionId: string, voterHash: string) {
  return db
    .selectFrom('anonymousBallots')
    .select('voterHash')
    .where('decisionId', '=', decisionId)
    .where('voterHash', '=', voterHash)
    .executeTakeFirst()
}

export async function insertAnonymousBallot(db: Executor, ballot: { decisionId: string; voterHash: string }) {
  await db.insertInto('anonymousBallots').values(ballot).execute()
}

/** Deletes the anonymous ballots of decisions that have closed. */
export async function deleteAnonymousBallots(db: Executor, decisionIds: string[]) {
  if (decisionIds.length === 0) return
  await db.deleteFrom('anonymousBallots').where('decisionId', 'in', decisionIds).execute()
}

/** Open decisions whose closing time has come, oldest first. */
export function listDueDecisions(db: Executor, now: string) {
  return db.selectFrom('decisions').select('id').where('status', '=', 'open').where('closesAt', '<=', now).orderBy('closesAt').execute()
}

/**
 * An open decision, locked for the rest of the transaction where the database can lock a row
 * (PostgreSQL: a second process closing it waits, then finds it closed). SQLite serialises
 * writing transactions, and one whose snapshot went stale cannot write at all.
 */
export function findOpenDecisionForUpdate(db: Executor, decisionId: string) {
  const query = db.selectFrom('decisions').selectAll().where('id', '=', decisionId).where('status', '=', 'open')
  return (db.getExecutor().adapter instanceof SqliteAdapter ? query : query.forUpdate()).executeTakeFirst()
}

/** Open decisions closing between `now` and `until` whose members have not been reminded. */
export function listDecisionsToRemind(db: Executor, now: string, until: string) {
  return db
    .selectFrom('decisions')
    .selectAll()
    .where('status', '=', 'open')
    .where('remindedAt', 'is', null)
    .where('closesAt', '>', now)
    .where('closesAt', '<=', until)
    .execute()
}

/** Marks a decision's reminder sent; true for the one process that marked it. */
export async function markDecisionReminded(db: Executor, decisionId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('decisions')
    .set({ remindedAt: at })
    .where('id', '=', decisionId)
    .where('remindedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The latest 200 decisions of an inquiry in its group, newest first: id and title only. */
export function listDecisionTitles(db: Executor, groupId: string, inquiryId: string) {
  return db
    .selectFrom('decisions')
    .select(['id', 'title'])
    .where('groupId', '=', groupId)
    .where('inquiryId', '=', inquiryId)
    .orderBy('createdAt', 'desc')
    .limit(200)
    .execute()
}

/** Every stance taken on these decisions, oldest first. */
export function listStancesOfDecisions(db: Executor, decisionIds: string[]) {
  return db.selectFrom('stances').selectAll().where('decisionId', 'in', decisionIds).orderBy('seq').execute()
}
