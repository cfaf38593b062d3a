import type { Insertable, Updateable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

// A group's concerns and conflicts (issue 18 item 6). These read a group's rows by id; the service
// (app/features/conflicts) decides who may read them. Nothing here ever reaches the network: a
// link group reads only conflict_help_requests.summary (and writes its answer), by the link.

type Row<T extends keyof Database> = Insertable<Database[T]>
const none = ['__none__']
const list = (ids: readonly string[]) => (ids.length ? ids : none)

/** Every adopted version of the group's form, newest first. */
export function listConflictForms(db: Executor, groupId: string) {
  return db
    .selectFrom('conflictForms')
    .leftJoin('decisions', 'decisions.id', 'conflictForms.decisionId')
    .select([
      'conflictForms.id',
      'conflictForms.version',
      'conflictForms.intro',
      'conflictForms.stepsJson',
      'conflictForms.decisionId',
      'conflictForms.adoptedAt',
      'decisions.title as decisionTitle',
    ])
    .where('conflictForms.groupId', '=', groupId)
    .orderBy('conflictForms.version', 'desc')
    .execute()
}

export function findConflictForm(db: Executor, groupId: string, version: number) {
  return db.selectFrom('conflictForms').selectAll().where('groupId', '=', groupId).where('version', '=', version).executeTakeFirst()
}

export function findLatestConflictForm(db: Executor, groupId: string) {
  return db.selectFrom('conflictForms').selectAll().where('groupId', '=', groupId).orderBy('version', 'desc').limit(1).executeTakeFirst()
}

export async function insertConflictForm(db: Executor, row: Row<'conflictForms'>) {
  await db.insertInto('conflictForms').values(row).execute()
}

export function findConflict(db: Executor, conflictId: string) {
  return db.selectFrom('conflicts').selectAll().where('id', '=', conflictId).executeTakeFirst()
}

/** The group's concerns, newest first: the service filters them by who may see each. */
export function listConflicts(db: Executor, groupId: string) {
  return db.selectFrom('conflicts').selectAll().where('groupId', '=', groupId).orderBy('createdAt', 'desc').orderBy('id').execute()
}

export async function insertConflict(db: Executor, row: Row<'conflicts'>) {
  await db.insertInto('conflicts').values(row).execute()
}

export async function updateConflict(db: Executor, conflictId: string, set: Updateable<Database['conflicts']>) {
  await db.updateTable('conflicts').set(set).where('id', '=', conflictId).execute()
}

/** Those involved in these concerns, with their names. */
export function listConflictParties(db: Executor, conflictIds: readonly string[]) {
  return db
    .selectFrom('conflictParties')
    .innerJoin('people', 'people.id', 'conflictParties.personId')
    .select(['conflictParties.conflictId', 'conflictParties.personId', 'conflictParties.role', 'people.displayName'])
    .where('conflictParties.conflictId', 'in', list(conflictIds))
    .orderBy('conflictParties.conflictId')
    .orderBy('people.displayName')
    .execute()
}

export async function insertConflictParty(db: Executor, row: Row<'conflictParties'>) {
  await db.insertInto('conflictParties').values(row).execute()
}

export function listConflictSteps(db: Executor, conflictId: string) {
  return db
    .selectFrom('conflictSteps')
    .leftJoin('people', 'people.id', 'conflictSteps.byPersonId')
    .select([
      'conflictSteps.id',
      'conflictSteps.stepKey',
      'conflictSteps.note',
      'conflictSteps.byPersonId',
      'conflictSteps.at',
      'people.displayName as byName',
    ])
    .where('conflictSteps.conflictId', '=', conflictId)
    .orderBy('conflictSteps.at')
    .orderBy('conflictSteps.id')
    .execute()
}

export async function insertConflictStep(db: Executor, row: Row<'conflictSteps'>) {
  await db.insertInto('conflictSteps').values(row).execute()
}

export function listHelpRequestsOfConflict(db: Executor, conflictId: string) {
  return db
    .selectFrom('conflictHelpRequests')
    .select(['id', 'linkId', 'summary', 'decisionId', 'askedAt', 'answer', 'answeredAt'])
    .where('conflictId', '=', conflictId)
    .orderBy('askedAt')
    .execute()
}

/**
 * The help requests made over a link, with the group that asked: only what crosses the link
 * (the summary and the answer), never the concern they came from.
 */
export function listHelpRequestsOfLink(db: Executor, linkId: string) {
  return db
    .selectFrom('conflictHelpRequests')
    .innerJoin('conflicts', 'conflicts.id', 'conflictHelpRequests.conflictId')
    .leftJoin('people', 'people.id', 'conflictHelpRequests.answeredBy')
    .select([
      'conflictHelpRequests.id',
      'conflictHelpRequests.conflictId',
      'conflicts.groupId as askingGroupId',
      'conflictHelpRequests.summary',
      'conflictHelpRequests.askedAt',
      'conflictHelpRequests.answer',
      'conflictHelpRequests.answeredAt',
      'people.displayName as answeredByName',
    ])
    .where('conflictHelpRequests.linkId', '=', linkId)
    .orderBy('conflictHelpRequests.askedAt')
    .orderBy('conflictHelpRequests.id')
    .execute()
}

export function findHelpRequest(db: Executor, requestId: string) {
  return db
    .selectFrom('conflictHelpRequests')
    .innerJoin('conflicts', 'conflicts.id', 'conflictHelpRequests.conflictId')
    .select(['conflictHelpRequests.id', 'conflictHelpRequests.linkId', 'conflictHelpRequests.answer', 'conflicts.groupId as askingGroupId'])
    .where('conflictHelpRequests.id', '=', requestId)
    .executeTakeFirst()
}

export async function insertHelpRequest(db: Executor, row: Row<'conflictHelpRequests'>) {
  await db.insertInto('conflictHelpRequests').values(row).execute()
}

export async function updateHelpRequest(db: Executor, requestId: string, set: Updateable<Database['conflictHelpRequests']>) {
  await db.updateTable('conflictHelpRequests').set(set).where('id', '=', requestId).execute()
}

/**
 * A withdrawing member's words in one group's concerns (issue 9, the right to withdraw): the
 * concerns they raised keep their place in the others' record, but the concern's text becomes
 * `marker` and an open one is withdrawn; their step notes go, an outcome note they wrote goes,
 * their part as one of those involved goes, and an answer they wrote for the group to another
 * group's request for help goes. Others' notes stay.
 */
export async function eraseConflictWordsOf(db: Executor, personId: string, groupId: string, marker: string, at: string) {
  const conflictIds = (await db.selectFrom('conflicts').select('id').where('groupId', '=', groupId).execute()).map((r) => r.id)
  const ids = list(conflictIds)
  const raised = await db.selectFrom('conflicts').select(['id', 'status']).where('id', 'in', ids).where('raisedBy', '=', personId).execute()
  for (const c of raised) {
    await db
      .updateTable('conflicts')
      .set(
        c.status === 'open' ? { concern: marker, raisedBy: null, status: 'withdrawn', closedAt: at } : { concern: marker, raisedBy: null },
      )
      .where('id', '=', c.id)
      .execute()
  }
  // The outcome note is its closer's words: the closing is kept as a step row in their name.
  const closedBy = (
    await db
      .selectFrom('conflictSteps')
      .select('conflictId')
      .where('conflictId', 'in', ids)
      .where('byPersonId', '=', personId)
      .where('stepKey', '=', OUTCOME_STEP)
      .execute()
  ).map((r) => r.conflictId)
  if (closedBy.length) await db.updateTable('conflicts').set({ outcomeNote: null }).where('id', 'in', closedBy).execute()
  const notes = await db.deleteFrom('conflictSteps').where('conflictId', 'in', ids).where('byPersonId', '=', personId).executeTakeFirst()
  await db.deleteFrom('conflictParties').where('conflictId', 'in', ids).where('personId', '=', personId).execute()
  // Answers they wrote, for this group, to a request another group sent it over a link.
  const links = (
    await db
      .selectFrom('networkLinks')
      .select('id')
      .where((eb) => eb.or([eb('askingGroupId', '=', groupId), eb('answeringGroupId', '=', groupId)]))
      .execute()
  ).map((r) => r.id)
  await db
    .updateTable('conflictHelpRequests')
    .set({ answer: null, answeredBy: null, answeredAt: null })
    .where('linkId', 'in', list(links))
    .where('conflictId', 'not in', ids)
    .where('answeredBy', '=', personId)
    .execute()
  return { concerns: raised.length, conflictNotes: Number(notes.numDeletedRows) }
}

/** A deleted account's words in every group's concerns, wherever they are left (withdrawal from each group ran first). */
export async function eraseConflictPresenceOf(db: Executor, personId: string, marker: string) {
  await db.updateTable('conflicts').set({ concern: marker, raisedBy: null }).where('raisedBy', '=', personId).execute()
  await db.deleteFrom('conflictSteps').where('byPersonId', '=', personId).execute()
  await db.deleteFrom('conflictParties').where('personId', '=', personId).execute()
  await db
    .updateTable('conflictHelpRequests')
    .set({ answer: null, answeredBy: null, answeredAt: null })
    .where('answeredBy', '=', personId)
    .execute()
}

/** The step key that records who closed a concern (its note is the outcome note's place): never a form's key, which starts with a letter or digit. */
export const OUTCOME_STEP = '_outcome'
