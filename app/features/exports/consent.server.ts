import type { z } from 'zod'
import type { Db } from '~db/connection'
import { recordAudit } from '~/features/audit/audit.server'
import { requireMember } from '~/features/membership/membership.server'
import { getRecord } from '~/features/records/records.server'
import { DomainError } from '~/utils/errors.server'
import type { SessionUser } from '~/utils/session.server'
import type { NamePreferenceSchema, RecordConsentSchema } from './consent.schema'
import { pseudonymFor } from './core/pseudonyms'
import { updateMemberExportName, updateRecordExportConsent } from '~db/queries/consents'
import { getInquiry } from '~db/queries/inquiries'

/**
 * Co-counselling principle 11: nothing is referred to outside without the author's explicit,
 * specific permission. Only the author sets a record's export consent, and can change it at
 * any time; the consent at the moment of export is what counts. Every change is audited.
 */
export async function setRecordConsent(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  recordId: string,
  input: z.infer<typeof RecordConsentSchema>,
) {
  await db.transaction().execute(async (trx) => {
    const { record, inquiry } = await getRecord(trx, user, inquiryId, recordId)
    if (!record.isMine) throw new DomainError('forbidden', 'Only the author of a record decides whether it may be quoted.')
    if (record.visibility === 'private' && input.exportConsent !== 'none') {
      throw new DomainError(
        'bad_request',
        'A private record is never exported; share it with the group first if you want it quoted.',
        'exportConsent',
      )
    }
    await updateRecordExportConsent(trx, recordId, user.id, input.exportConsent)
    const { groupId } = await getInquiry(trx, inquiry.id)
    await recordAudit(trx, {
      kind: 'consent_changed',
      personId: user.id,
      groupId,
      detail: { recordId, exportConsent: input.exportConsent },
    })
  })
}

/** Each member chooses whether exports may show their name; otherwise their stable pseudonym is used. */
export async function setNamePreference(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof NamePreferenceSchema>) {
  await db.transaction().execute(async (trx) => {
    const member = await requireMember(trx, user.id, groupId)
    const exportName = input.exportName === 'name' ? 1 : 0
    await updateMemberExportName(trx, member.id, exportName)
    await recordAudit(trx, { kind: 'consent_changed', personId: user.id, groupId, detail: { exportName: input.exportName } })
  })
}

export async function myExportIdentity(db: Db, user: SessionUser, groupId: string) {
  const member = await requireMember(db, user.id, groupId)
  return { pseudonym: pseudonymFor(member.pseudonymIndex ?? 0), showsName: member.exportName === 1 }
}
