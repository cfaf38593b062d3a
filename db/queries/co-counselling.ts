import type { Insertable, Updateable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

// Co-counselling sessions (issue 19): who is in a session, its turns and their times, and each
// person's own private note. Who may read what is decided by the service
// (app/features/co-counselling); these only read and write rows.

export function findCoSession(db: Executor, sessionId: string) {
  return db.selectFrom('coSessions').selectAll().where('id', '=', sessionId).executeTakeFirst()
}

export async function insertCoSession(db: Executor, row: Insertable<Database['coSessions']>) {
  await db.insertInto('coSessions').values(row).execute()
}

export async function updateCoSession(db: Executor, sessionId: string, set: Updateable<Database['coSessions']>) {
  await db.updateTable('coSessions').set(set).where('id', '=', sessionId).execute()
}

export async function insertCoSessionPeople(db: Executor, rows: Insertable<Database['coSessionPeople']>[]) {
  await db.insertInto('coSessionPeople').values(rows).execute()
}

/** The people of a session in seat order, with their names. */
export function listCoSessionPeople(db: Executor, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('coSessionPeople')
    .innerJoin('people', 'people.id', 'coSessionPeople.personId')
    .select(['coSessionPeople.sessionId', 'coSessionPeople.personId', 'coSessionPeople.seat', 'people.displayName', 'people.deletedAt'])
    .where('coSessionPeople.sessionId', 'in', sessionIds)
    .orderBy('coSessionPeople.sessionId')
    .orderBy('coSessionPeople.seat')
    .execute()
}

/** The sessions a person is in, latest first. */
export function listCoSessionsOf(db: Executor, personId: string) {
  return db
    .selectFrom('coSessions')
    .innerJoin('coSessionPeople', 'coSessionPeople.sessionId', 'coSessions.id')
    .selectAll('coSessions')
    .where('coSessionPeople.personId', '=', personId)
    .orderBy('coSessions.startsAt', 'desc')
    .execute()
}

export function listCoTurns(db: Executor, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return Promise.resolve([])
  return db.selectFrom('coTurns').selectAll().where('sessionId', 'in', sessionIds).orderBy('startedAt').execute()
}

export async function insertCoTurn(db: Executor, row: Insertable<Database['coTurns']>) {
  await db.insertInto('coTurns').values(row).execute()
}

export async function updateCoTurn(db: Executor, turnId: string, set: Updateable<Database['coTurns']>) {
  await db.updateTable('coTurns').set(set).where('id', '=', turnId).execute()
}

export async function insertContractChange(db: Executor, row: Insertable<Database['coContractChanges']>) {
  await db.insertInto('coContractChanges').values(row).execute()
}

export function listContractChanges(db: Executor, turnIds: readonly string[]) {
  if (turnIds.length === 0) return Promise.resolve([])
  return db.selectFrom('coContractChanges').selectAll().where('turnId', 'in', turnIds).orderBy('at').execute()
}

export function findPrivateNote(db: Executor, noteId: string) {
  return db.selectFrom('coPrivateNotes').selectAll().where('id', '=', noteId).executeTakeFirst()
}

/** A person's own note for a session: the only query that reads a note's text, always by its writer. */
export function findOwnPrivateNote(db: Executor, sessionId: string, personId: string) {
  return db.selectFrom('coPrivateNotes').selectAll().where('sessionId', '=', sessionId).where('personId', '=', personId).executeTakeFirst()
}

export async function insertPrivateNote(db: Executor, row: Insertable<Database['coPrivateNotes']>) {
  await db.insertInto('coPrivateNotes').values(row).execute()
}

export async function updatePrivateNote(db: Executor, noteId: string, set: { text: string; updatedAt: string }) {
  await db.updateTable('coPrivateNotes').set(set).where('id', '=', noteId).execute()
}

export async function deletePrivateNote(db: Executor, noteId: string) {
  await db.deleteFrom('coPrivateNotes').where('id', '=', noteId).execute()
}

/** The sessions booked through a group, with their finished turns' lengths: for the group's totals. */
export function listGroupFinishedTurns(db: Executor, groupId: string) {
  return db
    .selectFrom('coTurns')
    .innerJoin('coSessions', 'coSessions.id', 'coTurns.sessionId')
    .select(['coTurns.sessionId', 'coTurns.seconds', 'coTurns.endedAt'])
    .where('coSessions.groupId', '=', groupId)
    .where('coTurns.endedAt', 'is not', null)
    .where('coTurns.seconds', 'is not', null)
    .execute()
}

export function findCoGroupSettings(db: Executor, groupId: string) {
  return db.selectFrom('coGroupSettings').selectAll().where('groupId', '=', groupId).executeTakeFirst()
}

export async function upsertCoGroupSettings(db: Executor, row: Insertable<Database['coGroupSettings']>) {
  await db
    .insertInto('coGroupSettings')
    .values(row)
    .onConflict((oc) =>
      oc.column('groupId').doUpdateSet({ showTotals: row.showTotals, decisionId: row.decisionId, decidedAt: row.decidedAt }),
    )
    .execute()
}

/** The current members of every inquiry group a person is a current member of (not themselves, no seats, no deleted accounts). */
export function listGroupmates(db: Executor, personId: string) {
  return db
    .selectFrom('members as mine')
    .innerJoin('members as theirs', 'theirs.groupId', 'mine.groupId')
    .innerJoin('people', 'people.id', 'theirs.personId')
    .innerJoin('groups', 'groups.id', 'mine.groupId')
    .select(['groups.id as groupId', 'groups.name as groupName', 'people.id as personId', 'people.displayName'])
    .where('mine.personId', '=', personId)
    .where('groups.kind', '=', 'inquiry_group')
    .where('mine.leftAt', 'is', null)
    .where('theirs.leftAt', 'is', null)
    .where('theirs.personId', '!=', personId)
    .where('people.placeholder', '=', 0)
    .where('people.deletedAt', 'is', null)
    .orderBy('groups.name')
    .orderBy('people.displayName')
    .execute()
}

/** The inquiry groups a person is a current member of (a client–practitioner pair is no peer group to co-counsel through). */
export function listCurrentGroupIdsOf(db: Executor, personId: string) {
  return db
    .selectFrom('members')
    .innerJoin('groups', 'groups.id', 'members.groupId')
    .select(['groups.id', 'groups.name'])
    .where('members.personId', '=', personId)
    .where('groups.kind', '=', 'inquiry_group')
    .where('members.leftAt', 'is', null)
    .orderBy('groups.name')
    .execute()
}

/** Everyone who is a current member of a group in the network (any stage but laid down). */
export function listNetworkParticipants(db: Executor) {
  return db
    .selectFrom('networkGroups')
    .innerJoin('members', 'members.groupId', 'networkGroups.groupId')
    .innerJoin('people', 'people.id', 'members.personId')
    .select(['people.id as personId', 'people.displayName'])
    .distinct()
    .where('networkGroups.stage', '!=', 'laid_down')
    .where('members.leftAt', 'is', null)
    .where('people.placeholder', '=', 0)
    .where('people.deletedAt', 'is', null)
    .orderBy('people.displayName')
    .execute()
}

/** Of these people, those who are current members of a group in the network. */
export async function listInNetwork(db: Executor, personIds: readonly string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('networkGroups')
    .innerJoin('members', 'members.groupId', 'networkGroups.groupId')
    .select('members.personId')
    .distinct()
    .where('networkGroups.stage', '!=', 'laid_down')
    .where('members.leftAt', 'is', null)
    .where('members.personId', 'in', personIds)
    .execute()
  return new Set(rows.map((r) => r.personId))
}

/** Of these people, those who are current members of the group. */
export async function listMembersAmong(db: Executor, groupId: string, personIds: readonly string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('members')
    .select('personId')
    .where('groupId', '=', groupId)
    .where('leftAt', 'is', null)
    .where('personId', 'in', personIds)
    .execute()
  return new Set(rows.map((r) => r.personId))
}

/** Booked sessions whose reminder is due (starting between `now` and `until`) and not yet sent. */
export function listSessionsToRemind(db: Executor, now: string, until: string) {
  return db
    .selectFrom('coSessions')
    .select(['id', 'startsAt', 'minutesEach'])
    .where('status', '=', 'booked')
    .where('reminderSentAt', 'is', null)
    .where('startsAt', '>', now)
    .where('startsAt', '<=', until)
    .execute()
}

/** Claims a session's reminder for this process: true when no other process had claimed it. */
export async function claimReminder(db: Executor, sessionId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('coSessions')
    .set({ reminderSentAt: at })
    .where('id', '=', sessionId)
    .where('reminderSentAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** A person's booked sessions (not yet held) booked through a group, or through any group. */
export function listBookedSessionIdsOf(db: Executor, personId: string, groupId?: string) {
  let query = db
    .selectFrom('coSessions')
    .innerJoin('coSessionPeople', 'coSessionPeople.sessionId', 'coSessions.id')
    .select('coSessions.id')
    .where('coSessionPeople.personId', '=', personId)
    .where('coSessions.status', '=', 'booked')
  if (groupId) query = query.where('coSessions.groupId', '=', groupId)
  return query.execute()
}

export async function deletePrivateNotesOf(db: Executor, personId: string) {
  await db.deleteFrom('coPrivateNotes').where('personId', '=', personId).execute()
}
