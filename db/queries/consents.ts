import type { Executor } from '../connection'
import type { ExportConsent } from '../schema'

// Consent in two senses: a client's consent to the principles of a pair's work (the `consents`
// table; its reads and writes for the pair itself are in peer-reviews.ts), and each member's
// consent to be quoted or named in exports.

/** The consents given in a group, oldest first. */
export function listConsentIdsOfGroup(db: Executor, groupId: string) {
  return db.selectFrom('consents').select('id').where('groupId', '=', groupId).orderBy('consentedAt').execute()
}

/** Deletes a person's consents, in one group or (without `groupId`) in every group. */
export async function deleteConsentsOf(db: Executor, personId: string, groupId?: string) {
  let query = db.deleteFrom('consents').where('personId', '=', personId)
  if (groupId) query = query.where('groupId', '=', groupId)
  await query.execute()
}

/** Sets a record's export consent; only its author's own record changes. */
export async function updateRecordExportConsent(db: Executor, recordId: string, authorId: string, exportConsent: ExportConsent) {
  await db.updateTable('records').set({ exportConsent }).where('id', '=', recordId).where('authorId', '=', authorId).execute()
}

/** Whether exports may show the member's name (1) or only their pseudonym (0). */
export async function updateMemberExportName(db: Executor, memberId: string, exportName: 0 | 1) {
  await db.updateTable('members').set({ exportName }).where('id', '=', memberId).execute()
}

export async function updateConsentedAt(db: Executor, consentId: string, consentedAt: string) {
  await db.updateTable('consents').set({ consentedAt }).where('id', '=', consentId).execute()
}
