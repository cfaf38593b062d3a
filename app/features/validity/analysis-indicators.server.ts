import type { Db } from '~db/connection'
import { inquiryTemplate } from '~/features/cycles/cycles.server'
import { requireInquiryMember } from '~/features/membership/membership.server'
import type { SessionUser } from '~/utils/session.server'
import { ANALYSIS_INDICATOR_KEYS, type Indicator } from './core'
import { getCycle, indicatorsFor } from './evidence.server'

/**
 * The validity indicators the analysis page shows beside a cycle's numbers, for a member. They
 * are the cycle's own indicators, as its validity review has them (the same cached computation),
 * so the two pages tell one story; the rest of the review (judgements, challenges, earlier
 * cycles) is not built for them.
 */
export async function listAnalysisIndicators(db: Db, user: SessionUser, inquiryId: string, cycleNumber: number): Promise<Indicator[]> {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const cycle = await getCycle(db, inquiryId, cycleNumber)
  const indicators = await indicatorsFor(db, user, inquiry, inquiryTemplate(inquiry.templateJson), cycle)
  return indicators.filter((i) => ANALYSIS_INDICATOR_KEYS.includes(i.key))
}
