import type { Insertable, Updateable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

// What two linked groups share (issue 18): the links, the validations each gives the other, a
// link group's challenges and the answers, joint meetings and each group's notes of them. Read by
// the link, after the service checks the reader is a member of one of the two groups.

type Row<T extends keyof Database> = Insertable<Database[T]>

const linkColumns = [
  'networkLinks.id',
  'networkLinks.uri',
  'networkLinks.askingGroupId',
  'networkLinks.answeringGroupId',
  'networkLinks.status',
  'networkLinks.askedAt',
  'networkLinks.askedDecisionId',
  'networkLinks.answeredAt',
  'networkLinks.endedAt',
  'networkLinks.reason',
  'asking.name as askingName',
  'answering.name as answeringName',
] as const

/** Links where any of these groups is on either side, with both groups' names. */
export function listLinksOf(db: Executor, groupIds: readonly string[]) {
  const ids = groupIds.length ? groupIds : ['__none__']
  return db
    .selectFrom('networkLinks')
    .innerJoin('groups as asking', 'asking.id', 'networkLinks.askingGroupId')
    .innerJoin('groups as answering', 'answering.id', 'networkLinks.answeringGroupId')
    .select(linkColumns)
    .where((eb) => eb.or([eb('networkLinks.askingGroupId', 'in', ids), eb('networkLinks.answeringGroupId', 'in', ids)]))
    .orderBy('networkLinks.askedAt')
    .orderBy('networkLinks.id')
    .execute()
}

export function findLink(db: Executor, linkId: string) {
  return db
    .selectFrom('networkLinks')
    .innerJoin('groups as asking', 'asking.id', 'networkLinks.askingGroupId')
    .innerJoin('groups as answering', 'answering.id', 'networkLinks.answeringGroupId')
    .select(linkColumns)
    .where('networkLinks.id', '=', linkId)
    .executeTakeFirst()
}

export async function insertLink(db: Executor, row: Row<'networkLinks'>) {
  await db.insertInto('networkLinks').values(row).execute()
}

export async function updateLink(db: Executor, linkId: string, set: Updateable<Database['networkLinks']>) {
  await db.updateTable('networkLinks').set(set).where('id', '=', linkId).execute()
}

/** Every validation on these links, oldest first: the latest for (link, by) is the one that counts. */
export function listValidations(db: Executor, linkIds: readonly string[]) {
  return db
    .selectFrom('networkValidations')
    .select(['id', 'uri', 'linkId', 'byGroupId', 'ofGroupId', 'verdict', 'reasons', 'decidedAt', 'decisionId'])
    .where('linkId', 'in', linkIds.length ? linkIds : ['__none__'])
    .orderBy('decidedAt')
    .orderBy('id')
    .execute()
}

export async function insertValidation(db: Executor, row: Row<'networkValidations'>) {
  await db.insertInto('networkValidations').values(row).execute()
}

export function listLinkChallenges(db: Executor, linkId: string) {
  return db
    .selectFrom('networkLinkChallenges')
    .innerJoin('people as raiser', 'raiser.id', 'networkLinkChallenges.raisedBy')
    .leftJoin('people as answerer', 'answerer.id', 'networkLinkChallenges.answeredBy')
    .select([
      'networkLinkChallenges.id',
      'networkLinkChallenges.byGroupId',
      'networkLinkChallenges.text',
      'networkLinkChallenges.raisedAt',
      'networkLinkChallenges.answer',
      'networkLinkChallenges.answeredAt',
      'raiser.displayName as raisedByName',
      'answerer.displayName as answeredByName',
    ])
    .where('networkLinkChallenges.linkId', '=', linkId)
    .orderBy('networkLinkChallenges.raisedAt')
    .execute()
}

export function findLinkChallenge(db: Executor, challengeId: string) {
  return db.selectFrom('networkLinkChallenges').selectAll().where('id', '=', challengeId).executeTakeFirst()
}

export async function insertLinkChallenge(db: Executor, row: Row<'networkLinkChallenges'>) {
  await db.insertInto('networkLinkChallenges').values(row).execute()
}

export async function updateLinkChallenge(db: Executor, id: string, set: Updateable<Database['networkLinkChallenges']>) {
  await db.updateTable('networkLinkChallenges').set(set).where('id', '=', id).execute()
}

export function listLinkMeetings(db: Executor, linkId: string) {
  return db
    .selectFrom('networkLinkMeetings')
    .select(['id', 'startsAt', 'place', 'byGroupId'])
    .where('linkId', '=', linkId)
    .orderBy('startsAt')
    .execute()
}

export function listMeetingNotes(db: Executor, meetingIds: readonly string[]) {
  return db
    .selectFrom('networkMeetingNotes')
    .innerJoin('people', 'people.id', 'networkMeetingNotes.writtenBy')
    .select([
      'networkMeetingNotes.id',
      'networkMeetingNotes.meetingId',
      'networkMeetingNotes.byGroupId',
      'networkMeetingNotes.text',
      'networkMeetingNotes.writtenAt',
      'people.displayName as writtenByName',
    ])
    .where('networkMeetingNotes.meetingId', 'in', meetingIds.length ? meetingIds : ['__none__'])
    .orderBy('networkMeetingNotes.writtenAt')
    .execute()
}

export function findLinkMeeting(db: Executor, meetingId: string) {
  return db.selectFrom('networkLinkMeetings').selectAll().where('id', '=', meetingId).executeTakeFirst()
}

export async function insertLinkMeeting(db: Executor, row: Row<'networkLinkMeetings'>) {
  await db.insertInto('networkLinkMeetings').values(row).execute()
}

export async function insertMeetingNote(db: Executor, row: Row<'networkMeetingNotes'>) {
  await db.insertInto('networkMeetingNotes').values(row).execute()
}
