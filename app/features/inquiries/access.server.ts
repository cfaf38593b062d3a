import type { Executor } from '~db/connection'
import { requireMember } from '~/features/groups/membership.server'
import { notFound } from '~/utils/errors.server'

/** Loads an inquiry for a current member of its group; anyone else gets "not found". */
export async function requireInquiryMember(db: Executor, personId: string, inquiryId: string) {
  const inquiry = await db.selectFrom('inquiries').selectAll().where('id', '=', inquiryId).executeTakeFirst()
  if (!inquiry) throw notFound('This inquiry')
  const member = await requireMember(db, personId, inquiry.groupId)
  return { inquiry, member }
}
