import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import { findMembership } from '~db/queries/groups'
import {
  findLink,
  findLinkChallenge,
  findLinkMeeting,
  insertLinkChallenge,
  insertLinkMeeting,
  insertMeetingNote,
  listLinkChallenges,
  listLinkMeetings,
  listMeetingNotes,
  listValidations,
  updateLinkChallenge,
} from '~db/queries/network-links'
import { findPersonById } from '~db/queries/people'
import { fromWallTime, knownTimeZone } from '~/features/decisions/core/closing'
import { DomainError, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import type { ChallengeAnswerSchema, ChallengeSchema, MeetingNoteSchema, MeetingSchema } from './network.schema'
import { otherSide } from './standing.server'

// What two linked groups share between them, and no one else: their joint meetings and the notes
// of them, and the challenges one raises to the other's process (as a devil's advocate does inside
// a group) with the answers. Anyone who is not a current member of one of the two groups is told
// the page was not found.

/** The link, and the side the person is on; not found for anyone in neither group. */
async function requireLinkSide(db: Executor, personId: string, linkId: string) {
  const link = await findLink(db, linkId)
  if (!link) throw notFound('This link')
  for (const groupId of [link.askingGroupId, link.answeringGroupId]) {
    const member = await findMembership(db, groupId, personId)
    if (member && member.leftAt === null) return { link, groupId, otherGroupId: otherSide(link, groupId) }
  }
  throw notFound('This link')
}

export async function getLinkPage(db: Db, user: SessionUser, linkId: string) {
  const { link, groupId, otherGroupId } = await requireLinkSide(db, user.id, linkId)
  const [meetings, challenges, validations] = await Promise.all([
    listLinkMeetings(db, linkId),
    listLinkChallenges(db, linkId),
    listValidations(db, [linkId]),
  ])
  const notes = await listMeetingNotes(
    db,
    meetings.map((m) => m.id),
  )
  const nameOf = (id: string) => (id === link.askingGroupId ? link.askingName : link.answeringName)
  return {
    link: {
      id: link.id,
      status: link.status,
      askedAt: link.askedAt,
      answeredAt: link.answeredAt,
      endedAt: link.endedAt,
      reason: link.reason,
    },
    ours: { id: groupId, name: nameOf(groupId) },
    theirs: { id: otherGroupId, name: nameOf(otherGroupId) },
    meetings: meetings.map((m) => ({
      ...m,
      byGroupName: nameOf(m.byGroupId),
      notes: notes.filter((n) => n.meetingId === m.id).map((n) => ({ ...n, groupName: nameOf(n.byGroupId) })),
    })),
    challenges: challenges.map((c) => ({ ...c, byGroupName: nameOf(c.byGroupId), toUs: c.byGroupId !== groupId })),
    validations: validations.map((v) => ({ ...v, byGroupName: nameOf(v.byGroupId), ofGroupName: nameOf(v.ofGroupId) })),
  }
}

function requireActive(link: { status: string }) {
  if (link.status !== 'active')
    throw new DomainError('conflict', 'Only an active link has joint meetings and challenges: this one is not active.')
}

export async function scheduleJointMeeting(db: Db, user: SessionUser, linkId: string, input: z.infer<typeof MeetingSchema>) {
  return db.transaction().execute(async (trx) => {
    const { link, groupId } = await requireLinkSide(trx, user.id, linkId)
    requireActive(link)
    const zone = knownTimeZone((await findPersonById(trx, user.id))?.timeZone)
    const at = fromWallTime(input.startsAt.trim().replace(' ', 'T'), zone)
    if (!at) throw new DomainError('bad_request', 'Give the date and time like 2026-12-10 14:30.', 'startsAt')
    const id = newId()
    await insertLinkMeeting(trx, { id, linkId, startsAt: at.toISOString(), place: input.place, byGroupId: groupId, createdAt: nowIso() })
    return id
  })
}

export async function addMeetingNote(db: Db, user: SessionUser, linkId: string, input: z.infer<typeof MeetingNoteSchema>) {
  await db.transaction().execute(async (trx) => {
    const { groupId } = await requireLinkSide(trx, user.id, linkId)
    const meeting = await findLinkMeeting(trx, input.meetingId)
    if (!meeting || meeting.linkId !== linkId) throw notFound('This meeting')
    await insertMeetingNote(trx, {
      id: newId(),
      meetingId: meeting.id,
      byGroupId: groupId,
      writtenBy: user.id,
      text: input.note,
      writtenAt: nowIso(),
    })
  })
}

export async function raiseLinkChallenge(db: Db, user: SessionUser, linkId: string, input: z.infer<typeof ChallengeSchema>) {
  await db.transaction().execute(async (trx) => {
    const { link, groupId } = await requireLinkSide(trx, user.id, linkId)
    requireActive(link)
    await insertLinkChallenge(trx, { id: newId(), linkId, byGroupId: groupId, raisedBy: user.id, text: input.text, raisedAt: nowIso() })
  })
}

/** The challenged group answers: any of its current members, for the group. */
export async function answerLinkChallenge(db: Db, user: SessionUser, linkId: string, input: z.infer<typeof ChallengeAnswerSchema>) {
  await db.transaction().execute(async (trx) => {
    const { groupId } = await requireLinkSide(trx, user.id, linkId)
    const challenge = await findLinkChallenge(trx, input.challengeId)
    if (!challenge || challenge.linkId !== linkId) throw notFound('This challenge')
    if (challenge.byGroupId === groupId)
      throw new DomainError('forbidden', 'The challenged group answers a challenge; yours raised this one.', 'answer')
    if (challenge.answer !== null) throw new DomainError('conflict', 'The challenge has been answered already.', 'answer')
    await updateLinkChallenge(trx, challenge.id, { answer: input.answer, answeredBy: user.id, answeredAt: nowIso() })
  })
}
