import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import { findHelpRequest, listHelpRequestsOfLink, updateHelpRequest } from '~db/queries/conflicts'
import { findMembership } from '~db/queries/groups'
import { findLink } from '~db/queries/network-links'
import { DomainError, notFound } from '~/utils/errors.server'
import { nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import type { AnswerHelpSchema } from './conflicts.schema'

// A link group asked to help with a concern (issue 18 item 6) reads the summary the asking group
// decided to send, and may write one answer for its group. That is all that crosses: never the
// concern, its steps, those involved or its outcome. The page is for the members of the two linked
// groups only; anyone else is told it was not found.

async function requireLinkSide(db: Executor, personId: string, linkId: string) {
  const link = await findLink(db, linkId)
  if (!link) throw notFound('This link')
  for (const groupId of [link.askingGroupId, link.answeringGroupId]) {
    const member = await findMembership(db, groupId, personId)
    if (member && member.leftAt === null) {
      const otherGroupId = groupId === link.askingGroupId ? link.answeringGroupId : link.askingGroupId
      return { link, groupId, otherGroupId }
    }
  }
  throw notFound('This link')
}

export async function getLinkHelpPage(db: Db, user: SessionUser, linkId: string) {
  const { link, groupId, otherGroupId } = await requireLinkSide(db, user.id, linkId)
  const requests = await listHelpRequestsOfLink(db, linkId)
  const nameOf = (id: string) => (id === link.askingGroupId ? link.askingName : link.answeringName)
  const shown = (r: (typeof requests)[number]) => ({
    id: r.id,
    summary: r.summary,
    askedAt: r.askedAt,
    answer: r.answer,
    answeredAt: r.answeredAt,
    answeredByName: r.answer ? (r.answeredByName ?? 'A former member') : null,
  })
  return {
    link: { id: link.id, status: link.status },
    ours: { id: groupId, name: nameOf(groupId) },
    theirs: { id: otherGroupId, name: nameOf(otherGroupId) },
    /** Asked of our group by the other: the summary only. */
    toUs: requests.filter((r) => r.askingGroupId === otherGroupId).map(shown),
    /** Asked by our group: the concern is ours to open, for those of us who may read it. */
    fromUs: requests.filter((r) => r.askingGroupId === groupId).map((r) => ({ ...shown(r), conflictId: r.conflictId })),
  }
}

/** A member of the group asked to help writes its one answer. */
export async function answerHelp(db: Db, user: SessionUser, linkId: string, input: z.infer<typeof AnswerHelpSchema>) {
  await db.transaction().execute(async (trx) => {
    const { link, groupId } = await requireLinkSide(trx, user.id, linkId)
    const request = await findHelpRequest(trx, input.requestId)
    if (!request || request.linkId !== linkId) throw notFound('This request')
    if (request.askingGroupId === groupId)
      throw new DomainError('forbidden', 'Your group asked for this help: the link group answers it.', 'answer')
    if (link.status !== 'active') throw new DomainError('conflict', 'The link has ended: the request can no longer be answered.', 'answer')
    if (request.answer !== null) throw new DomainError('conflict', 'Your group has answered this request already.', 'answer')
    await updateHelpRequest(trx, request.id, { answer: input.answer, answeredBy: user.id, answeredAt: nowIso() })
  })
}
