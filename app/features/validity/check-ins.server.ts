import type { z } from 'zod'
import type { Db } from '~db/connection'
import { findCheckIn, insertCheckIn, listCheckInsOfPhase, updateCheckIn } from '~db/queries/validity'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { assertNotConcluded, findCurrentPhase } from '~/features/cycles/cycles.server'
import { DomainError } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import type { CheckInSchema } from './validity.schema'

/**
 * The check-in that opens each reflection meeting (IPN practice): how each member is, and
 * whether something is up that needs time. Group-only; never exported.
 */
export async function saveCheckIn(db: Db, user: SessionUser, inquiryId: string, input: z.infer<typeof CheckInSchema>) {
  await db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    assertNotConcluded(inquiry)
    const current = await findCurrentPhase(trx, inquiryId)
    if (!current || current.kind !== 'reflection') {
      throw new DomainError('conflict', 'Check-ins open the reflection phases; the inquiry is in an action phase now.')
    }
    const now = nowIso()
    const existing = await findCheckIn(trx, current.id, user.id)
    const needsTime = input.needsTime === 'on' ? 1 : 0
    if (existing) {
      await updateCheckIn(trx, existing.id, { text: input.text, needsTime, updatedAt: now })
    } else {
      await insertCheckIn(trx, {
        id: newId(),
        phaseId: current.id,
        personId: user.id,
        text: input.text,
        needsTime,
        createdAt: now,
        updatedAt: now,
      })
    }
  })
}

/** The current reflection phase's check-ins, for members. */
export async function listCheckIns(db: Db, user: SessionUser, inquiryId: string) {
  await requireInquiryMember(db, user.id, inquiryId)
  const current = await findCurrentPhase(db, inquiryId)
  if (!current || current.kind !== 'reflection') return { open: false, checkIns: [] }
  const checkIns = await listCheckInsOfPhase(db, current.id)
  return { open: true, checkIns: checkIns.map((c) => ({ ...c, needsTime: c.needsTime === 1, isMine: c.personId === user.id })) }
}
