import type { Db } from '~db/connection'
import { proposalAnonymity } from '~/features/decisions/decisions.server'
import { listCheckIns } from '~/features/validity/check-ins.server'
import { cachedForInquiry } from '~/utils/cache.server'
import type { SessionUser } from '~/utils/session.server'
import { getPhaseGuidance } from './guidance.server'
import { getInquiryPage } from './inquiries.server'

/**
 * An inquiry's dashboard for a member: the inquiry page, the check-ins, what a proposal form
 * offers and the phase's guidance. It is the page most opened, and what it shows changes only
 * when the inquiry's data does, so it is kept per member until then (app/utils/cache.server.ts),
 * in this one entry. Only a member's own entry can exist: computing it checks membership, and a
 * change of membership moves the version.
 */
export async function getDashboard(db: Db, user: SessionUser, inquiryId: string) {
  return cachedForInquiry(db, inquiryId, `dashboard:${user.id}`, async () => ({
    ...(await getInquiryPage(db, user, inquiryId)),
    checkIn: await listCheckIns(db, user, inquiryId),
    anonymity: await proposalAnonymity(db, inquiryId),
    guidance: await getPhaseGuidance(db, user, inquiryId),
  }))
}
