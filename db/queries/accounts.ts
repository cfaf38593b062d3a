import type { Executor } from '../connection'
import type { ChallengeTargetKind } from '../schema'
import { listInquiryIdsOfGroup } from './inquiries'

// What a member's withdrawal and an account's deletion find and erase (app/features/accounts):
// scoped to one group's rows, or (for a deleted account) everywhere.

const none = ['__none__']
const list = (ids: string[]) => (ids.length ? ids : none)
const ids = async (rows: Promise<{ id: string }[]>) => (await rows).map((r) => r.id)

/**
 * The ids of the rows under one group, to scope a withdrawal's sweeps. An empty list holds one
 * id that matches nothing, so each list can go straight into an `in`.
 */
export async function listGroupScope(db: Executor, groupId: string) {
  const inquiries = await listInquiryIdsOfGroup(db, groupId)
  const cycles = await ids(db.selectFrom('cycles').select('id').where('inquiryId', 'in', list(inquiries)).execute())
  const phases = await ids(db.selectFrom('phases').select('id').where('cycleId', 'in', list(cycles)).execute())
  const decisions = await ids(db.selectFrom('decisions').select('id').where('groupId', '=', groupId).execute())
  const themes = await ids(db.selectFrom('themes').select('id').where('inquiryId', 'in', list(inquiries)).execute())
  const reviews = await ids(db.selectFrom('peerReviews').select('id').where('groupId', '=', groupId).execute())
  const audits = await ids(db.selectFrom('auditAssessments').select('id').where('groupId', '=', groupId).execute())
  const conflicts = await ids(db.selectFrom('conflicts').select('id').where('groupId', '=', groupId).execute())
  return {
    inquiries: list(inquiries),
    cycles: list(cycles),
    phases: list(phases),
    decisions: list(decisions),
    themes: list(themes),
    reviews: list(reviews),
    audits: list(audits),
    conflicts: list(conflicts),
  }
}

export type GroupScope = Awaited<ReturnType<typeof listGroupScope>>

/** Everyone who was ever a member of the group (current or not), with their names. */
export function listMemberNamesEver(db: Executor, groupId: string) {
  return db
    .selectFrom('members')
    .innerJoin('people', 'people.id', 'members.personId')
    .select(['members.personId', 'people.displayName as name'])
    .where('members.groupId', '=', groupId)
    .execute()
}

/** The groups a person was ever a member of, left or not. */
export function listGroupIdsEverJoined(db: Executor, personId: string) {
  return db.selectFrom('members').select('groupId').where('personId', '=', personId).execute()
}

/** The ids of the records a person wrote in these inquiries (private or shared). */
export function listRecordIdsOfAuthor(db: Executor, authorId: string, inquiryIds: string[]): Promise<string[]> {
  return ids(db.selectFrom('records').select('id').where('authorId', '=', authorId).where('inquiryId', 'in', list(inquiryIds)).execute())
}

/** The ids of the challenges a person raised in these inquiries. */
export function listChallengeIdsRaisedBy(db: Executor, personId: string, inquiryIds: string[]): Promise<string[]> {
  return ids(db.selectFrom('challenges').select('id').where('raisedBy', '=', personId).where('inquiryId', 'in', list(inquiryIds)).execute())
}

/** Challenges to these targets (of this kind) stay, as challenges to the process. */
export async function updateChallengesToProcess(db: Executor, targetKind: ChallengeTargetKind, targetIds: string[]) {
  await db
    .updateTable('challenges')
    .set({ targetKind: 'process', targetId: null })
    .where('targetKind', '=', targetKind)
    .where('targetId', 'in', list(targetIds))
    .execute()
}

/** Deletes the agenda items a person raised, in these reviews or (without `reviewIds`) in every review. */
export function deleteAgendaItemsRaisedBy(db: Executor, personId: string, reviewIds?: string[]) {
  let query = db.deleteFrom('agendaItems').where('raisedBy', '=', personId)
  if (reviewIds) query = query.where('reviewId', 'in', list(reviewIds))
  return query.executeTakeFirst()
}

/** Empties the notes a person wrote on agenda items, in these reviews or (without `reviewIds`) in every review. */
export async function updateAgendaNotesClearedOf(db: Executor, personId: string, reviewIds?: string[]) {
  let query = db.updateTable('agendaItems').set({ note: null, noteBy: null }).where('noteBy', '=', personId)
  if (reviewIds) query = query.where('reviewId', 'in', list(reviewIds))
  await query.execute()
}

/** Deletes a person's outcome choices, in these reviews or (without `reviewIds`) in every review. */
export async function deleteOutcomeChoicesOf(db: Executor, personId: string, reviewIds?: string[]) {
  let query = db.deleteFrom('outcomeChoices').where('personId', '=', personId)
  if (reviewIds) query = query.where('reviewId', 'in', list(reviewIds))
  await query.execute()
}

/** Audit events whose detail mentions the text (with `%` and `_` dropped from it, which would match anything). */
export function listAuditEventsMentioning(db: Executor, text: string) {
  return db
    .selectFrom('auditEvents')
    .select(['id', 'detailJson'])
    .where('detailJson', 'like', `%${text.replace(/[%_]/g, '')}%`)
    .execute()
}
