import type { Insertable, Updateable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

// A client–practitioner pair: its settings, the principles of its work and the client's
// consent to them, and its peer reviews with their agenda items and outcome choices.

export function findPairSettings(db: Executor, groupId: string) {
  return db.selectFrom('pairSettings').selectAll().where('groupId', '=', groupId).executeTakeFirst()
}

export function getPairSettings(db: Executor, groupId: string) {
  return db.selectFrom('pairSettings').selectAll().where('groupId', '=', groupId).executeTakeFirstOrThrow()
}

export async function insertPairSettings(db: Executor, row: Insertable<Database['pairSettings']>) {
  await db.insertInto('pairSettings').values(row).execute()
}

export async function updatePairSettings(db: Executor, groupId: string, set: Updateable<Database['pairSettings']>) {
  await db.updateTable('pairSettings').set(set).where('groupId', '=', groupId).execute()
}

/** The principles of the pair's work as they stand now (the highest version). */
export function findLatestPrinciples(db: Executor, groupId: string) {
  return db
    .selectFrom('principleVersions')
    .select(['version', 'principlesJson', 'summary', 'createdAt'])
    .where('groupId', '=', groupId)
    .orderBy('version', 'desc')
    .executeTakeFirst()
}

/** Every version of the pair's principles, newest first. */
export function listPrincipleVersions(db: Executor, groupId: string) {
  return db
    .selectFrom('principleVersions')
    .select(['version', 'principlesJson', 'summary', 'createdAt', 'decisionId'])
    .where('groupId', '=', groupId)
    .orderBy('version', 'desc')
    .execute()
}

export async function insertPrincipleVersion(db: Executor, row: Insertable<Database['principleVersions']>) {
  await db.insertInto('principleVersions').values(row).execute()
}

/** The person's latest consent in the pair (given, possibly since withdrawn). */
export function findLatestConsent(db: Executor, groupId: string, personId: string) {
  return db
    .selectFrom('consents')
    .select(['principlesVersion', 'consentedAt', 'withdrawnAt'])
    .where('groupId', '=', groupId)
    .where('personId', '=', personId)
    .orderBy('consentedAt', 'desc')
    .executeTakeFirst()
}

export async function insertConsent(db: Executor, row: Insertable<Database['consents']>) {
  await db.insertInto('consents').values(row).execute()
}

/** Withdraws the person's standing consent in the pair; returns how many consents were withdrawn. */
export async function updateConsentWithdrawn(db: Executor, groupId: string, personId: string, withdrawnAt: string): Promise<number> {
  const result = await db
    .updateTable('consents')
    .set({ withdrawnAt })
    .where('groupId', '=', groupId)
    .where('personId', '=', personId)
    .where('withdrawnAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** The pair's reviews, newest first. */
export function listPeerReviews(db: Executor, groupId: string) {
  return db
    .selectFrom('peerReviews')
    .select(['id', 'number', 'status', 'openedAt', 'closedAt', 'outcome', 'outcomeNote'])
    .where('groupId', '=', groupId)
    .orderBy('number', 'desc')
    .execute()
}

/** The pair's closed reviews, first to last. */
export function listClosedPeerReviews(db: Executor, groupId: string) {
  return db
    .selectFrom('peerReviews')
    .select(['id', 'number', 'closedAt'])
    .where('groupId', '=', groupId)
    .where('status', '=', 'closed')
    .orderBy('number')
    .execute()
}

/** A review of the pair; undefined for a review of another group. */
export function findPeerReview(db: Executor, groupId: string, reviewId: string) {
  return db.selectFrom('peerReviews').selectAll().where('id', '=', reviewId).where('groupId', '=', groupId).executeTakeFirst()
}

export function findOpenPeerReview(db: Executor, groupId: string) {
  return db.selectFrom('peerReviews').select('id').where('groupId', '=', groupId).where('status', '=', 'open').executeTakeFirst()
}

/** The number the pair's next review takes: one after the highest so far. */
export async function nextPeerReviewNumber(db: Executor, groupId: string): Promise<number> {
  const last = await db
    .selectFrom('peerReviews')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('groupId', '=', groupId)
    .executeTakeFirst()
  return Number(last?.n ?? 0) + 1
}

export async function insertPeerReview(db: Executor, row: Insertable<Database['peerReviews']>) {
  await db.insertInto('peerReviews').values(row).execute()
}

export async function updatePeerReview(db: Executor, reviewId: string, set: Updateable<Database['peerReviews']>) {
  await db.updateTable('peerReviews').set(set).where('id', '=', reviewId).execute()
}

/**
 * The agenda items of a review a viewer may see. The client raises first: until the client
 * has submitted or passed, each person sees only their own items. Every read of a review's
 * item texts for a viewer goes here.
 */
export function listAgendaItemsVisibleTo(db: Executor, review: { id: string; clientTurn: string }, viewerId: string) {
  let query = db
    .selectFrom('agendaItems')
    .innerJoin('people', 'people.id', 'agendaItems.raisedBy')
    .leftJoin('people as noter', 'noter.id', 'agendaItems.noteBy')
    .select([
      'agendaItems.id',
      'agendaItems.raisedBy',
      'agendaItems.raisedAs',
      'agendaItems.kind',
      'agendaItems.text',
      'agendaItems.position',
      'agendaItems.note',
      'people.displayName as raisedByName',
      'noter.displayName as noteByName',
    ])
    .where('agendaItems.reviewId', '=', review.id)
  if (review.clientTurn === 'raising') query = query.where('agendaItems.raisedBy', '=', viewerId)
  return query.orderBy('agendaItems.position').orderBy('agendaItems.createdAt').execute()
}

/** The items of the pair's closed reviews: who raised them, as what (the evidence of the client's involvement). */
export function listClosedReviewAgendaItems(db: Executor, groupId: string) {
  return db
    .selectFrom('agendaItems')
    .innerJoin('peerReviews', 'peerReviews.id', 'agendaItems.reviewId')
    .select(['agendaItems.reviewId', 'agendaItems.raisedAs', 'agendaItems.kind'])
    .where('peerReviews.groupId', '=', groupId)
    .where('peerReviews.status', '=', 'closed')
    .execute()
}

/** A review's items in agenda order: ids, positions and roles only, to place or move an item. */
export function listAgendaOrder(db: Executor, reviewId: string) {
  return db.selectFrom('agendaItems').select(['id', 'position', 'raisedAs']).where('reviewId', '=', reviewId).orderBy('position').execute()
}

export async function countAgendaItemsRaisedBy(db: Executor, reviewId: string, personId: string): Promise<number> {
  const row = await db
    .selectFrom('agendaItems')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reviewId', '=', reviewId)
    .where('raisedBy', '=', personId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function insertAgendaItem(db: Executor, row: Insertable<Database['agendaItems']>) {
  await db.insertInto('agendaItems').values(row).execute()
}

/** Makes room at `position`: the review's items there and after move down one. */
export async function updateAgendaPositionsFrom(db: Executor, reviewId: string, position: number) {
  await db
    .updateTable('agendaItems')
    .set((eb) => ({ position: eb('position', '+', 1) }))
    .where('reviewId', '=', reviewId)
    .where('position', '>=', position)
    .execute()
}

export async function updateAgendaItemPosition(db: Executor, itemId: string, position: number) {
  await db.updateTable('agendaItems').set({ position }).where('id', '=', itemId).execute()
}

/** Writes the shared note on an item of the review; returns 0 when the item is not the review's. */
export async function updateAgendaItemNote(
  db: Executor,
  reviewId: string,
  itemId: string,
  note: { note: string; noteBy: string; updatedAt: string },
): Promise<number> {
  const result = await db.updateTable('agendaItems').set(note).where('id', '=', itemId).where('reviewId', '=', reviewId).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export function listOutcomeChoices(db: Executor, reviewId: string) {
  return db.selectFrom('outcomeChoices').select(['personId', 'outcome', 'reason']).where('reviewId', '=', reviewId).execute()
}

export async function deleteOutcomeChoice(db: Executor, reviewId: string, personId: string) {
  await db.deleteFrom('outcomeChoices').where('reviewId', '=', reviewId).where('personId', '=', personId).execute()
}

export async function insertOutcomeChoice(db: Executor, row: Insertable<Database['outcomeChoices']>) {
  await db.insertInto('outcomeChoices').values(row).execute()
}
