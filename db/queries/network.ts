import type { Insertable, Updateable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

// The network of groups (issue 18). Reads that cross a group's boundary select only the columns
// a group published; what two linked groups share is read by the link, after the service checks
// the reader is a member of one of them.

type Row<T extends keyof Database> = Insertable<Database[T]>

export function findNetworkGroup(db: Executor, groupId: string) {
  return db.selectFrom('networkGroups').selectAll().where('groupId', '=', groupId).executeTakeFirst()
}

export async function insertNetworkGroup(db: Executor, row: Row<'networkGroups'>) {
  await db.insertInto('networkGroups').values(row).execute()
}

export async function updateNetworkGroup(db: Executor, groupId: string, set: Updateable<Database['networkGroups']>) {
  await db.updateTable('networkGroups').set(set).where('groupId', '=', groupId).execute()
}

/** Every group in the network with its name, the directory's order: by name. */
export function listNetworkGroups(db: Executor) {
  return db
    .selectFrom('networkGroups')
    .innerJoin('groups', 'groups.id', 'networkGroups.groupId')
    .select([
      'networkGroups.groupId',
      'groups.name',
      'networkGroups.uri',
      'networkGroups.stage',
      'networkGroups.standing',
      'networkGroups.route',
      'networkGroups.profileJson',
      'networkGroups.enteredAt',
      'networkGroups.seekingSince',
    ])
    .orderBy('groups.name')
    .orderBy('networkGroups.groupId')
    .execute()
}

/** The ids of groups at a stage (member groups weigh federal proposals). */
export async function listNetworkGroupIdsAtStage(db: Executor, stage: Database['networkGroups']['stage']) {
  return (await db.selectFrom('networkGroups').select('groupId').where('stage', '=', stage).execute()).map((r) => r.groupId)
}

export function countCurrentMembers(db: Executor, groupIds: readonly string[]) {
  return db
    .selectFrom('members')
    .select(['groupId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('groupId', 'in', groupIds.length ? groupIds : ['__none__'])
    .where('leftAt', 'is', null)
    .groupBy('groupId')
    .execute()
}

export async function insertStandingEvent(db: Executor, row: Row<'networkStandingEvents'>) {
  await db.insertInto('networkStandingEvents').values(row).execute()
}

export function listStandingEvents(db: Executor, groupId: string) {
  return db
    .selectFrom('networkStandingEvents')
    .select(['id', 'at', 'standing', 'note', 'decisionId'])
    .where('groupId', '=', groupId)
    .orderBy('at')
    .orderBy('id')
    .execute()
}

export function listStatements(db: Executor, groupIds: readonly string[]) {
  return db
    .selectFrom('networkStatements')
    .select(['id', 'uri', 'groupId', 'version', 'text', 'publishedAt', 'decisionId'])
    .where('groupId', 'in', groupIds.length ? groupIds : ['__none__'])
    .orderBy('groupId')
    .orderBy('version', 'desc')
    .execute()
}

export async function nextStatementVersion(db: Executor, groupId: string): Promise<number> {
  const row = await db
    .selectFrom('networkStatements')
    .select((eb) => eb.fn.max<number | null>('version').as('v'))
    .where('groupId', '=', groupId)
    .executeTakeFirst()
  return Number(row?.v ?? 0) + 1
}

export async function insertStatement(db: Executor, row: Row<'networkStatements'>) {
  await db.insertInto('networkStatements').values(row).execute()
}

export function findNetworkSettings(db: Executor) {
  return db.selectFrom('networkSettings').selectAll().where('id', '=', 'network').executeTakeFirst()
}

export async function insertNetworkSettings(db: Executor, row: Row<'networkSettings'>) {
  await db.insertInto('networkSettings').values(row).execute()
}

export async function updateNetworkSettings(db: Executor, set: Updateable<Database['networkSettings']>) {
  await db.updateTable('networkSettings').set(set).where('id', '=', 'network').execute()
}

export function listAccreditations(db: Executor, personId: string) {
  return db.selectFrom('networkAccreditations').select(['groupId', 'chosenAt']).where('personId', '=', personId).execute()
}

export async function setAccreditation(db: Executor, personId: string, groupId: string, chosen: boolean, at: string) {
  await db.deleteFrom('networkAccreditations').where('personId', '=', personId).where('groupId', '=', groupId).execute()
  if (chosen) await db.insertInto('networkAccreditations').values({ personId, groupId, chosenAt: at }).execute()
}

/**
 * A withdrawing member's words between groups (issue 9 across the network): the challenges and
 * answers they wrote for the group's links, their notes of joint meetings, and their choice to
 * show accreditation through the group. The group's own decisions (its statement, its stances)
 * stay: the group made them.
 */
export async function eraseNetworkWordsOf(db: Executor, personId: string, groupId: string) {
  const links = (
    await db
      .selectFrom('networkLinks')
      .select('id')
      .where((eb) => eb.or([eb('askingGroupId', '=', groupId), eb('answeringGroupId', '=', groupId)]))
      .execute()
  ).map((r) => r.id)
  const ids = links.length ? links : ['__none__']
  const challenges = await db
    .deleteFrom('networkLinkChallenges')
    .where('linkId', 'in', ids)
    .where('byGroupId', '=', groupId)
    .where('raisedBy', '=', personId)
    .executeTakeFirst()
  await db
    .updateTable('networkLinkChallenges')
    .set({ answer: null, answeredBy: null, answeredAt: null })
    .where('linkId', 'in', ids)
    .where('answeredBy', '=', personId)
    .execute()
  const notes = await db
    .deleteFrom('networkMeetingNotes')
    .where('byGroupId', '=', groupId)
    .where('writtenBy', '=', personId)
    .executeTakeFirst()
  await db.deleteFrom('networkAccreditations').where('personId', '=', personId).where('groupId', '=', groupId).execute()
  return { networkChallenges: Number(challenges.numDeletedRows), meetingNotes: Number(notes.numDeletedRows) }
}

/** A deleted account's place in the network: its newsletter contributions are deleted, and any office it holds ends. */
export async function eraseNetworkPresenceOf(db: Executor, personId: string, at: string) {
  await db.deleteFrom('networkContributions').where('personId', '=', personId).execute()
  await db.deleteFrom('networkAccreditations').where('personId', '=', personId).execute()
  await db
    .updateTable('networkOffices')
    .set({ endedAt: at, endedNote: 'The officer left the network.' })
    .where('personId', '=', personId)
    .where('endedAt', 'is', null)
    .execute()
}
