import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import type { GroupKind, PairRole } from '~db/schema'
import {
  findGroup,
  findInvitationByHash,
  findMembership,
  insertGroup,
  insertInvitation,
  insertMember,
  listActiveInvitations,
  listCurrentMembers,
  listGroupsOfPerson,
  listSeats,
  nextPseudonymIndex,
  updateFacilitator,
  updateInvitationsRevoked,
  updateMember,
} from '~db/queries/groups'
import { listInquiriesOfGroup } from '~db/queries/inquiries'
import { listInquiryIdsOfGroup } from '~db/queries/inquiries'
import { recordAudit } from '~/features/audit/audit.server'
import { DomainError, notFound } from '~/utils/errors.server'
import { hashToken, newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import type { NewGroupSchema, NewInvitationSchema } from './groups.schema'
import { requireMember } from '~/features/membership/membership.server'
import { DEFAULT_RULE, propose } from '~/features/decisions/decisions.server'
import { applyDueEffects } from '~/features/decisions/registry.server'
import { ensurePairSetup } from '~/features/peer-review/pairs.server'
import { countingMembers } from '~/features/decisions/core/rule'
import { takeOverSeat } from './seats.server'
import { noticeInvitation } from '~/features/mail/notices.server'
import { appOrigin, invitationPlaceholder, invitationToken } from '~/features/mail/outbox.server'

/** docs/design.md §3: inquiry groups hold 3–12 people (5–9 advised); a pair exactly two. */
const GROUP_MAX = { inquiry_group: 12, pair: 2 } as const

function otherPairRole(role: PairRole): PairRole {
  return role === 'client' ? 'practitioner' : 'client'
}

export async function listMyGroups(db: Db, user: SessionUser) {
  return listGroupsOfPerson(db, user.id)
}

export async function createGroup(db: Db, user: SessionUser, input: z.infer<typeof NewGroupSchema>) {
  const groupId = newId()
  const now = nowIso()
  const facilitates = input.kind === 'inquiry_group' && input.facilitate === 'on'
  await db.transaction().execute(async (trx) => {
    await insertGroup(trx, { id: groupId, kind: input.kind, name: input.name, groundRules: null, createdBy: user.id, createdAt: now })
    await insertMember(trx, {
      id: newId(),
      groupId,
      personId: user.id,
      isFacilitator: facilitates ? 1 : 0,
      pairRole: input.kind === 'pair' ? (input.pairRole ?? null) : null,
      joinedAt: now,
      leftAt: null,
      exportName: 0,
      pseudonymIndex: 0,
    })
    // Who facilitates from the start: the facilitator role's history (facilitation/core/terms.ts) begins here.
    await recordAudit(trx, {
      kind: 'group_created',
      personId: user.id,
      groupId,
      detail: { kind: input.kind, facilitator: facilitates ? user.id : null },
    })
    if (input.kind === 'pair') await ensurePairSetup(trx, groupId)
  })
  return groupId
}

export async function getGroupOverview(db: Db, user: SessionUser, groupId: string) {
  const me = await requireMember(db, user.id, groupId)
  const group = await findGroup(db, groupId)
  if (!group) throw notFound()
  const [members, invitations, inquiries, seats] = await Promise.all([
    listCurrentMembers(db, groupId),
    listActiveInvitations(db, groupId, nowIso()),
    listInquiriesOfGroup(db, groupId),
    listSeats(db, groupId),
  ])
  return {
    group: { id: group.id, name: group.name, kind: group.kind, groundRules: group.groundRules, createdAt: group.createdAt },
    me: { personId: user.id, isFacilitator: me.isFacilitator === 1, pairRole: me.pairRole },
    // Placeholder seats are listed apart (seats, below): they are places kept for people, not people.
    members: countingMembers(members).map((m) => ({
      personId: m.personId,
      displayName: m.displayName,
      isFacilitator: m.isFacilitator === 1,
      pairRole: m.pairRole,
      joinedAt: m.joinedAt,
    })),
    invitations,
    inquiries,
    isFull: members.length >= GROUP_MAX[group.kind],
    seats: seats.map((seat) => ({
      personId: seat.personId,
      name: seat.displayName,
      pairRole: seat.pairRole,
      openInvitations: invitations.filter((i) => i.seatPersonId === seat.personId).length,
    })),
  }
}

/** Creates an invitation link; the token is returned once and only its hash is stored. */
export async function createInvitation(
  db: Db,
  user: SessionUser,
  groupId: string,
  input: Pick<z.infer<typeof NewInvitationSchema>, 'expiresInDays' | 'seatPersonId'> & { sendTo?: string },
): Promise<{ token: string; expiresAt: string }> {
  await requireMember(db, user.id, groupId)
  const group = await findGroup(db, groupId)
  if (!group) throw notFound()
  const members = await listCurrentMembers(db, groupId)
  // A seat's link fills a place the group already has, so a full group can still make one.
  const seat = input.seatPersonId ? (await listSeats(db, groupId)).find((s) => s.personId === input.seatPersonId) : undefined
  if (input.seatPersonId && !seat) throw new DomainError('bad_request', 'Choose one of the group’s seats.', 'seatPersonId')
  if (!seat && members.length >= GROUP_MAX[group.kind]) {
    throw new DomainError(
      'conflict',
      group.kind === 'pair'
        ? 'This pair already has a client and a practitioner.'
        : `This group already has ${GROUP_MAX.inquiry_group} members, the most a group can have.`,
    )
  }
  let pairRole: PairRole | null = seat?.pairRole ?? null
  if (group.kind === 'pair' && !seat) {
    const taken = members[0]?.pairRole
    pairRole = taken ? otherPairRole(taken) : 'practitioner'
  }
  // The token is made from the invitation's id with the instance secret, so a mailed link can
  // wait in the outbox as a placeholder: no table holds a token that would open the group.
  const invitationId = newId()
  const token = invitationToken(invitationId)
  const now = new Date()
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString()
  await db.transaction().execute(async (trx) => {
    await insertInvitation(trx, {
      id: invitationId,
      groupId,
      tokenHash: hashToken(token),
      pairRole,
      createdBy: user.id,
      createdAt: now.toISOString(),
      expiresAt,
      revokedAt: null,
      seatPersonId: seat?.personId ?? null,
    })
    await recordAudit(trx, {
      kind: 'invitation_created',
      personId: user.id,
      groupId,
      detail: seat ? { expiresAt, seat: seat.displayName } : { expiresAt },
    })
    if (input.sendTo) {
      await noticeInvitation(trx, input.sendTo, {
        groupName: group.name,
        pair: group.kind === 'pair',
        link: `${appOrigin()}/join/${invitationPlaceholder(invitationId)}`,
        expiresAt,
      })
    }
  })
  return { token, expiresAt }
}

export async function revokeInvitation(db: Db, user: SessionUser, groupId: string, invitationId: string) {
  await requireMember(db, user.id, groupId)
  await db.transaction().execute(async (trx) => {
    const revoked = await updateInvitationsRevoked(trx, { groupId, invitationId }, nowIso())
    if (revoked === 0) throw new DomainError('conflict', 'That invitation is already revoked or does not exist.')
    await recordAudit(trx, { kind: 'invitation_revoked', personId: user.id, groupId, detail: { invitationId } })
  })
}

type InvitationView = {
  groupId: string
  groupName: string | null
  groupKind: GroupKind
  invitedBy: string | null
  pairRole: PairRole | null
  /** The placeholder seat the link gives its holder, e.g. "Member B"; null for an ordinary invitation. */
  seat: string | null
  state: 'valid' | 'expired' | 'revoked'
}

/** What an invitation link shows before joining: only the group's name, kind and inviter. */
export async function viewInvitation(db: Db, token: string): Promise<InvitationView> {
  const invitation = await findInvitationByHash(db, hashToken(token))
  if (!invitation) throw notFound('This invitation')
  const state = invitation.revokedAt ? 'revoked' : invitation.expiresAt <= nowIso() ? 'expired' : 'valid'
  // A dead link names no one: it may have reached someone it was never meant for.
  const valid = state === 'valid'
  return {
    groupId: invitation.groupId,
    groupName: valid ? invitation.groupName : null,
    groupKind: invitation.groupKind,
    invitedBy: valid ? invitation.invitedBy : null,
    pairRole: invitation.pairRole,
    seat: valid ? invitation.seatName : null,
    state,
  }
}

export async function joinByInvitation(db: Db, user: SessionUser, token: string): Promise<string> {
  const invitation = await findInvitationByHash(db, hashToken(token))
  if (!invitation) throw notFound('This invitation')
  const groupId = invitation.groupId
  await db.transaction().execute(async (trx) => {
    const existing = await findMembership(trx, groupId, user.id)
    if (existing && existing.leftAt === null) return
    if (invitation.seatPersonId !== null) return joinIntoSeat(trx, user, invitation, existing !== undefined)
    const members = await listCurrentMembers(trx, groupId)
    // A full group is the real reason a link no longer works (joining revokes the rest), so say that first.
    if (members.length >= GROUP_MAX[invitation.groupKind]) {
      throw new DomainError(
        'conflict',
        invitation.groupKind === 'pair'
          ? 'This pair already has a client and a practitioner; a third person cannot join.'
          : 'This group is full.',
      )
    }
    if (invitation.revokedAt) throw new DomainError('gone', 'This invitation has been withdrawn. Ask the group for a new link.')
    if (invitation.expiresAt <= nowIso()) throw new DomainError('gone', 'This invitation has expired. Ask the group for a new link.')
    let pairRole: PairRole | null = null
    if (invitation.groupKind === 'pair') {
      const taken = members[0]?.pairRole
      pairRole = taken ? otherPairRole(taken) : (invitation.pairRole ?? 'practitioner')
    }
    const now = nowIso()
    if (existing) {
      await updateMember(trx, existing.id, { leftAt: null, joinedAt: now, pairRole, isFacilitator: 0 })
    } else {
      await insertMember(trx, {
        id: newId(),
        groupId,
        personId: user.id,
        isFacilitator: 0,
        pairRole,
        joinedAt: now,
        leftAt: null,
        exportName: 0,
        pseudonymIndex: await nextPseudonymIndex(trx, groupId),
      })
    }
    await recordAudit(trx, { kind: 'member_joined', personId: user.id, groupId })
    if (members.length + 1 >= GROUP_MAX[invitation.groupKind]) {
      // The group is now full: links still out there can only mislead, so they are withdrawn.
      await updateInvitationsRevoked(trx, { groupId }, nowIso())
    }
  })
  return groupId
}

/** Joining through a seat's link: the person takes the seat over and counts from then on. */
async function joinIntoSeat(
  trx: Executor,
  user: SessionUser,
  invitation: { groupId: string; seatPersonId: string | null; revokedAt: string | null; expiresAt: string },
  wasMember: boolean,
) {
  const groupId = invitation.groupId
  const seat = invitation.seatPersonId ? (await listSeats(trx, groupId)).find((s) => s.personId === invitation.seatPersonId) : undefined
  if (!seat) throw new DomainError('gone', 'Someone has already taken this seat. Ask the group for a new link.')
  if (invitation.revokedAt) throw new DomainError('gone', 'This invitation has been withdrawn. Ask the group for a new link.')
  if (invitation.expiresAt <= nowIso()) throw new DomainError('gone', 'This invitation has expired. Ask the group for a new link.')
  if (wasMember) {
    throw new DomainError(
      'conflict',
      'You have been a member of this group before, so you cannot take over a seat in it. Ask the group for an ordinary link.',
    )
  }
  await takeOverSeat(trx, seat.personId, user.id)
  await recordAudit(trx, { kind: 'member_joined', personId: user.id, groupId, detail: { seat: seat.displayName } })
}

export async function leaveGroup(db: Db, user: SessionUser, groupId: string) {
  const me = await requireMember(db, user.id, groupId)
  await db.transaction().execute(async (trx) => {
    await updateMember(trx, me.id, { leftAt: nowIso(), isFacilitator: 0 })
    await recordAudit(trx, { kind: 'member_left', personId: user.id, groupId })
    // The one member still to rate may be the one leaving.
    for (const inquiryId of await listInquiryIdsOfGroup(trx, groupId, true)) await applyDueEffects(trx, inquiryId)
  })
}

/**
 * Hands the facilitator role on. The facilitator may pass it to another member or lay it
 * down; when no one holds it, any member may take it up. It carries no extra read rights.
 */
export async function setFacilitator(db: Db, user: SessionUser, groupId: string, toPersonId: string | null) {
  const me = await requireMember(db, user.id, groupId)
  const group = await findGroup(db, groupId)
  if (!group) throw notFound()
  if (group.kind === 'pair') throw new DomainError('bad_request', 'A client–practitioner pair has no facilitator role.')
  // A placeholder seat cannot hand the role on, nor take it.
  const members = countingMembers(await listCurrentMembers(db, groupId))
  const current = members.find((m) => m.isFacilitator === 1)
  if (current && current.personId !== user.id) {
    throw new DomainError('forbidden', `${current.displayName} is the facilitator; only they can hand the role on.`)
  }
  if (!current && toPersonId !== user.id) {
    throw new DomainError('bad_request', 'No one is facilitating; you can take the role up yourself.')
  }
  if (toPersonId && !members.some((m) => m.personId === toPersonId)) {
    throw new DomainError('bad_request', 'Choose a current member of the group.', 'personId')
  }
  await db.transaction().execute(async (trx) => {
    await updateFacilitator(trx, groupId, toPersonId)
    await recordAudit(trx, { kind: 'facilitator_changed', personId: me.personId, groupId, detail: { to: toPersonId } })
  })
}

/** The ground-rules statement takes effect only when the group adopts it by a decision. */
export async function proposeGroundRules(db: Db, user: SessionUser, groupId: string, groundRules: string) {
  return db.transaction().execute(async (trx) =>
    propose(trx, user, {
      groupId,
      kind: 'ground_rules',
      title: 'Adopt ground rules',
      body: groundRules,
      payload: { groundRules },
      rule: DEFAULT_RULE,
    }),
  )
}

export async function proposeGeneral(db: Db, user: SessionUser, groupId: string, input: { title: string; body: string }) {
  return db
    .transaction()
    .execute(async (trx) =>
      propose(trx, user, { groupId, kind: 'general', title: input.title, body: input.body, payload: {}, rule: DEFAULT_RULE }),
    )
}
