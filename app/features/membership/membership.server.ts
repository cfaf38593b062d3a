import type { Executor } from '~db/connection'
import type { Member } from '~db/schema'
import { findMembership } from '~db/queries/groups'
import { findInquiry } from '~db/queries/inquiries'
import { notFound } from '~/utils/errors.server'

// The gate every feature passes before it reads a group's content. It sits below the features
// (groups, inquiries, decisions and the rest all use it, and it uses none of them), so that
// no feature has to import another one only to ask "is this person a member?".

/**
 * The one gate to a group's content: the person must be a current member. Anyone else,
 * signed in or not, is told the page was not found, so a group's existence is not revealed.
 */
export async function requireMember(db: Executor, personId: string, groupId: string): Promise<Member> {
  const member = await findMembership(db, groupId, personId)
  if (!member || member.leftAt !== null) throw notFound()
  return member
}

/** Loads an inquiry for a current member of its group; anyone else gets "not found". */
export async function requireInquiryMember(db: Executor, personId: string, inquiryId: string) {
  const inquiry = await findInquiry(db, inquiryId)
  if (!inquiry) throw notFound('This inquiry')
  const member = await requireMember(db, personId, inquiry.groupId)
  return { inquiry, member }
}
