import type { Executor } from '~db/connection'
import type { Member } from '~db/schema'
import { findMembership } from '~db/queries/groups'
import { notFound } from '~/utils/errors.server'

/**
 * The one gate to a group's content: the person must be a current member. Anyone else,
 * signed in or not, is told the page was not found, so a group's existence is not revealed.
 */
export async function requireMember(db: Executor, personId: string, groupId: string): Promise<Member> {
  const member = await findMembership(db, groupId, personId)
  if (!member || member.leftAt !== null) throw notFound()
  return member
}
