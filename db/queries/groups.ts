import type { Executor } from '../connection'

export function findGroup(db: Executor, groupId: string) {
  return db.selectFrom('groups').selectAll().where('id', '=', groupId).executeTakeFirst()
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
