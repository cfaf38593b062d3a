import type { Executor } from '../connection'
import type { Database } from '../schema'
import type { Insertable } from 'kysely'

// The mail outbox, each person's mail preferences, and password resets.

export async function insertOutboxMail(db: Executor, row: Insertable<Database['mailOutbox']>) {
  await db.insertInto('mailOutbox').values(row).execute()
}

/**
 * Claims up to `limit` mails that are due, for `claimedUntil`: a row is due when it is pending,
 * its next attempt has come, and no other process holds a live claim on it. The claim is one
 * UPDATE per row guarded by the same condition, so when several processes share the outbox
 * each row goes to exactly one of them.
 */
export async function claimDueMails(db: Executor, now: string, claimedUntil: string, limit: number) {
  const candidates = await db
    .selectFrom('mailOutbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('nextAttemptAt', '<=', now)
    .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', now)]))
    .orderBy('createdAt')
    .limit(limit)
    .execute()
  const claimed: string[] = []
  for (const { id } of candidates) {
    const result = await db
      .updateTable('mailOutbox')
      .set({ claimedUntil })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', now)]))
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 1) claimed.push(id)
  }
  if (claimed.length === 0) return []
  return db.selectFrom('mailOutbox').selectAll().where('id', 'in', claimed).orderBy('createdAt').execute()
}

export async function markMailSent(db: Executor, id: string, at: string) {
  await db
    .updateTable('mailOutbox')
    .set((eb) => ({ status: 'sent', sentAt: at, claimedUntil: null, lastError: null, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute()
}

/** A failed attempt: tried again at `nextAttemptAt`, or given up (`failed`) when that is null. */
export async function markMailFailed(db: Executor, id: string, error: string, nextAttemptAt: string | null) {
  await db
    .updateTable('mailOutbox')
    .set((eb) => ({
      status: nextAttemptAt ? 'pending' : 'failed',
      nextAttemptAt: nextAttemptAt ?? eb.ref('nextAttemptAt'),
      claimedUntil: null,
      lastError: error,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .execute()
}

export function listMailsTo(db: Executor, personId: string) {
  return db.selectFrom('mailOutbox').selectAll().where('personId', '=', personId).orderBy('createdAt').execute()
}

export function listMailPreferences(db: Executor, personId: string) {
  return db.selectFrom('mailPreferences').select(['kind', 'wanted']).where('personId', '=', personId).execute()
}

export async function setMailPreference(db: Executor, personId: string, kind: string, wanted: boolean, at: string) {
  await db
    .insertInto('mailPreferences')
    .values({ personId, kind, wanted: wanted ? 1 : 0, updatedAt: at })
    .onConflict((oc) => oc.columns(['personId', 'kind']).doUpdateSet({ wanted: wanted ? 1 : 0, updatedAt: at }))
    .execute()
}

export async function insertPasswordReset(db: Executor, row: Insertable<Database['passwordResets']>) {
  await db.insertInto('passwordResets').values(row).execute()
}

export async function countResetRequests(db: Executor, column: 'emailKey' | 'ipKey', key: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('passwordResets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', key)
    .where('requestedAt', '>=', since)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

export function findPasswordReset(db: Executor, tokenHash: string) {
  return db.selectFrom('passwordResets').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst()
}

/** Uses a reset link: true only for the one request that marks it used. */
export async function usePasswordReset(db: Executor, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('passwordResets')
    .set({ usedAt: at })
    .where('id', '=', id)
    .where('usedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Ends every other reset link of a person, once one has been used. */
export async function retirePasswordResets(db: Executor, personId: string, at: string) {
  await db.updateTable('passwordResets').set({ usedAt: at }).where('personId', '=', personId).where('usedAt', 'is', null).execute()
}

/** Everything of an account's mail: what was sent to it or its address, its choices, its reset requests. */
export async function deleteMailOf(db: Executor, personId: string, email: string) {
  await db
    .deleteFrom('mailOutbox')
    .where((eb) => eb.or([eb('personId', '=', personId), eb('toAddress', '=', email)]))
    .execute()
  await db.deleteFrom('mailPreferences').where('personId', '=', personId).execute()
  await db
    .deleteFrom('passwordResets')
    .where((eb) => eb.or([eb('personId', '=', personId), eb('emailKey', '=', email)]))
    .execute()
}

/** People who chose the weekly digest, with when their last one was written (null: never). */
export function listDigestReaders(db: Executor) {
  return db
    .selectFrom('mailPreferences')
    .innerJoin('people', 'people.id', 'mailPreferences.personId')
    .select([
      'people.id',
      (eb) =>
        eb
          .selectFrom('mailOutbox')
          .select((o) => o.fn.max('mailOutbox.createdAt').as('last'))
          .whereRef('mailOutbox.personId', '=', 'people.id')
          .where('mailOutbox.kind', '=', 'weekly_digest')
          .as('lastDigestAt'),
    ])
    .where('mailPreferences.kind', '=', 'weekly_digest')
    .where('mailPreferences.wanted', '=', 1)
    .where('people.deletedAt', 'is', null)
    .execute()
}

/** What happened in a group since a time, as counts only: shared records, proposals closed, phases begun. */
export async function countGroupWeek(db: Executor, groupId: string, since: string) {
  const [records, decisions, phases] = await Promise.all([
    db
      .selectFrom('records')
      .innerJoin('inquiries', 'inquiries.id', 'records.inquiryId')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('inquiries.groupId', '=', groupId)
      .where('records.visibility', '=', 'group')
      .where('records.createdAt', '>=', since)
      .executeTakeFirst(),
    db
      .selectFrom('decisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('groupId', '=', groupId)
      .where('closedAt', '>=', since)
      .executeTakeFirst(),
    db
      .selectFrom('phases')
      .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
      .innerJoin('inquiries', 'inquiries.id', 'cycles.inquiryId')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('inquiries.groupId', '=', groupId)
      .where('phases.startedAt', '>=', since)
      .executeTakeFirst(),
  ])
  return { records: Number(records?.n ?? 0), decisions: Number(decisions?.n ?? 0), phases: Number(phases?.n ?? 0) }
}
