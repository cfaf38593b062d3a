import type { Insertable, Updateable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

export function findGroup(db: Executor, groupId: string) {
  return db.selectFrom('groups').selectAll().where('id', '=', groupId).executeTakeFirst()
}

export async function insertGroup(db: Executor, row: Insertable<Database['groups']>) {
  await db.insertInto('groups').values(row).execute()
}

export function findMembership(db: Executor, groupId: string, personId: string) {
  return db.selectFrom('members').selectAll().where('groupId', '=', groupId).where('personId', '=', personId).executeTakeFirst()
}

export function listCurrentMembers(db: Executor, groupId: string) {
  return db
    .selectFrom('members')
    .innerJoin('people', 'people.id', 'members.personId')
    .select([
      'members.id',
      'members.personId',
      'members.isFacilitator',
      'members.pairRole',
      'members.joinedAt',
      'people.displayName',
      'people.placeholder',
    ])
    .where('members.groupId', '=', groupId)
    .where('members.leftAt', 'is', null)
    .orderBy('members.joinedAt')
    .orderBy('people.displayName')
    .execute()
}

export function listGroupsOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('members')
    .innerJoin('groups', 'groups.id', 'members.groupId')
    .select(['groups.id', 'groups.name', 'groups.kind', 'members.isFacilitator', 'members.pairRole', 'members.joinedAt'])
    .where('members.personId', '=', personId)
    .where('members.leftAt', 'is', null)
    .orderBy('groups.createdAt', 'desc')
    .execute()
}

export function listActiveInvitations(db: Executor, groupId: string, now: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('people', 'people.id', 'invitations.createdBy')
    .leftJoin('people as seat', 'seat.id', 'invitations.seatPersonId')
    .select([
      'invitations.id',
      'invitations.pairRole',
      'invitations.createdAt',
      'invitations.expiresAt',
      'people.displayName as createdByName',
      'invitations.seatPersonId',
      'seat.displayName as seatName',
    ])
    .where('invitations.groupId', '=', groupId)
    .where('invitations.revokedAt', 'is', null)
    .where('invitations.expiresAt', '>', now)
    .orderBy('invitations.createdAt', 'desc')
    .execute()
}

export function findInvitationByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('groups', 'groups.id', 'invitations.groupId')
    .innerJoin('people', 'people.id', 'invitations.createdBy')
    .leftJoin('people as seat', 'seat.id', 'invitations.seatPersonId')
    .select([
      'invitations.id',
      'invitations.groupId',
      'invitations.pairRole',
      'invitations.expiresAt',
      'invitations.revokedAt',
      'groups.name as groupName',
      'groups.kind as groupKind',
      'people.displayName as invitedBy',
      'invitations.seatPersonId',
      'seat.displayName as seatName',
    ])
    .where('invitations.tokenHash', '=', tokenHash)
    .executeTakeFirst()
}

/** The group's placeholder seats: current members made by an archive import, with no one here behind them yet. */
export function listSeats(db: Executor, groupId: string) {
  return db
    .selectFrom('members')
    .innerJoin('people', 'people.id', 'members.personId')
    .select(['members.id', 'members.personId', 'members.pairRole', 'members.isFacilitator', 'people.displayName'])
    .where('members.groupId', '=', groupId)
    .where('members.leftAt', 'is', null)
    .where('people.placeholder', '=', 1)
    .where('people.deletedAt', 'is', null)
    .orderBy('members.pseudonymIndex')
    .execute()
}

/**
 * The pseudonym index the group's next member takes. Pseudonyms follow joining order and are
 * never reused, so "Member C" means one person for the group's life.
 */
export async function nextPseudonymIndex(db: Executor, groupId: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.max('pseudonymIndex').as('last'))
    .where('groupId', '=', groupId)
    .executeTakeFirst()
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1
}

export async function insertMember(db: Executor, row: Insertable<Database['members']>) {
  await db.insertInto('members').values(row).execute()
}

export async function updateMember(db: Executor, memberId: string, set: Updateable<Database['members']>) {
  await db.updateTable('members').set(set).where('id', '=', memberId).execute()
}

/** Gives the group's facilitator role to one person, or to no one: at most one member holds it. */
export async function updateFacilitator(db: Executor, groupId: string, personId: string | null) {
  await db.updateTable('members').set({ isFacilitator: 0 }).where('groupId', '=', groupId).execute()
  if (personId) {
    await db.updateTable('members').set({ isFacilitator: 1 }).where('groupId', '=', groupId).where('personId', '=', personId).execute()
  }
}

export async function insertInvitation(db: Executor, row: Insertable<Database['invitations']>) {
  await db.insertInto('invitations').values(row).execute()
}

/**
 * Revokes the invitations still standing: one of a group's, all of a group's, or all made for
 * a seat. Returns how many were revoked.
 */
export async function updateInvitationsRevoked(
  db: Executor,
  which: { groupId: string; invitationId?: string } | { seatPersonId: string },
  revokedAt: string,
): Promise<number> {
  let query = db.updateTable('invitations').set({ revokedAt })
  if ('seatPersonId' in which) query = query.where('seatPersonId', '=', which.seatPersonId)
  else {
    if (which.invitationId !== undefined) query = query.where('id', '=', which.invitationId)
    query = query.where('groupId', '=', which.groupId)
  }
  const result = await query.where('revokedAt', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Points one column that refers to a person (see PERSON_COLUMNS in the groups feature) from one person to another. */
export async function updatePersonReferences(
  db: Executor,
  { table, column }: { table: keyof Database; column: string },
  fromPersonId: string,
  toPersonId: string,
) {
  await db
    .updateTable(table)
    .set({ [column]: toPersonId } as never)
    .where(column as never, '=', fromPersonId as never)
    .execute()
}

/** Deletes a placeholder seat's person; a real person is never deleted here. */
export async function deletePlaceholderPerson(db: Executor, personId: string) {
  await db.deleteFrom('people').where('id', '=', personId).where('placeholder', '=', 1).execute()
}

/** The kind of a group, with its id; throws when there is no such group. */
export function getGroupKind(db: Executor, groupId: string) {
  return db.selectFrom('groups').select(['id', 'kind']).where('id', '=', groupId).executeTakeFirstOrThrow()
}
