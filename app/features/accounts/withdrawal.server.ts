import type { Db, Executor } from '~db/connection'
import { recordAudit } from '~/features/audit/audit.server'
import { requireMember } from '~/features/membership/membership.server'
import { anonymiseInGroup } from './erasure.server'
import { applyDueEffects } from '~/features/decisions/registry.server'
import { DomainError } from '~/utils/errors.server'
import { nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'

// The right to withdraw (research ethics, docs/design.md §5): a member's records, ratings, stances,
// check-ins, plans and challenges leave the group's inquiries — its pages, analysis and every
// later export — and the group keeps only that someone withdrew, and when. Themes the member
// proposed stay: the group took them up as its own work.

type Erased = {
  records: number
  ratings: number
  stances: number
  checkIns: number
  plans: number
  challenges: number
  agendaItems: number
}

const none = ['__none__']
const list = (ids: string[]) => (ids.length ? ids : none)

/** Deletes one person's contributions to every inquiry of a group (inside the caller's transaction). */
async function eraseContributions(trx: Executor, personId: string, groupId: string): Promise<Erased> {
  const inquiryIds = (await trx.selectFrom('inquiries').select('id').where('groupId', '=', groupId).execute()).map((i) => i.id)
  const cycleIds = (await trx.selectFrom('cycles').select('id').where('inquiryId', 'in', list(inquiryIds)).execute()).map((c) => c.id)
  const phaseIds = (await trx.selectFrom('phases').select('id').where('cycleId', 'in', list(cycleIds)).execute()).map((p) => p.id)
  const decisionIds = (await trx.selectFrom('decisions').select('id').where('groupId', '=', groupId).execute()).map((d) => d.id)
  const recordIds = (
    await trx.selectFrom('records').select('id').where('authorId', '=', personId).where('inquiryId', 'in', list(inquiryIds)).execute()
  ).map((r) => r.id)

  // Others' challenges to a record that is going stay, as challenges to the process.
  await trx
    .updateTable('challenges')
    .set({ targetKind: 'process', targetId: null })
    .where('targetKind', '=', 'record')
    .where('targetId', 'in', list(recordIds))
    .execute()
  await trx.deleteFrom('themeLinks').where('recordId', 'in', list(recordIds)).execute()
  const records = await trx.deleteFrom('records').where('id', 'in', list(recordIds)).executeTakeFirst()
  const ratings = await trx.deleteFrom('ratings').where('personId', '=', personId).where('cycleId', 'in', list(cycleIds)).executeTakeFirst()
  const stances = await trx
    .deleteFrom('stances')
    .where('personId', '=', personId)
    .where('decisionId', 'in', list(decisionIds))
    .executeTakeFirst()
  const checkIns = await trx
    .deleteFrom('checkIns')
    .where('personId', '=', personId)
    .where('phaseId', 'in', list(phaseIds))
    .executeTakeFirst()
  const plans = await trx.deleteFrom('plans').where('personId', '=', personId).where('cycleId', 'in', list(cycleIds)).executeTakeFirst()
  const challengeIds = (
    await trx.selectFrom('challenges').select('id').where('raisedBy', '=', personId).where('inquiryId', 'in', list(inquiryIds)).execute()
  ).map((c) => c.id)
  await trx
    .updateTable('challenges')
    .set({ targetKind: 'process', targetId: null })
    .where('targetKind', '=', 'decision')
    .where('targetId', 'in', list(challengeIds))
    .execute()
  const challenges = await trx.deleteFrom('challenges').where('id', 'in', list(challengeIds)).executeTakeFirst()
  await trx.deleteFrom('carriedContributions').where('personId', '=', personId).where('cycleId', 'in', list(cycleIds)).execute()
  // A pair's peer reviews: the items the person raised, their notes and outcome choices, their consent.
  const reviewIds = (await trx.selectFrom('peerReviews').select('id').where('groupId', '=', groupId).execute()).map((r) => r.id)
  const agendaItems = await trx
    .deleteFrom('agendaItems')
    .where('raisedBy', '=', personId)
    .where('reviewId', 'in', list(reviewIds))
    .executeTakeFirst()
  await trx
    .updateTable('agendaItems')
    .set({ note: null, noteBy: null })
    .where('noteBy', '=', personId)
    .where('reviewId', 'in', list(reviewIds))
    .execute()
  await trx.deleteFrom('outcomeChoices').where('personId', '=', personId).where('reviewId', 'in', list(reviewIds)).execute()
  await trx.deleteFrom('consents').where('personId', '=', personId).where('groupId', '=', groupId).execute()
  const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows)
  return {
    records: n(records),
    ratings: n(ratings),
    stances: n(stances),
    checkIns: n(checkIns),
    plans: n(plans),
    challenges: n(challenges),
    agendaItems: n(agendaItems),
  }
}

/**
 * Leaves the group as withdrawn, in the caller's transaction: erases the person's contributions,
 * then moves what the group keeps (themes they proposed, decisions they put, the fact that they
 * were a member and withdrew) to a seat that reads "A former member", and rewrites their name
 * out of the others' words, so nothing in the group leads back to them.
 */
async function withdrawInTransaction(
  trx: Executor,
  person: { id: string; displayName: string; email: string },
  groupId: string,
  at: string,
): Promise<Erased> {
  const member = await trx
    .selectFrom('members')
    .select(['id', 'leftAt'])
    .where('groupId', '=', groupId)
    .where('personId', '=', person.id)
    .executeTakeFirst()
  const erased = await eraseContributions(trx, person.id, groupId)
  if (member)
    await trx
      .updateTable('members')
      .set({ leftAt: member.leftAt ?? at, withdrawnAt: at, isFacilitator: 0, exportName: 0 })
      .where('id', '=', member.id)
      .execute()
  const seatId = await anonymiseInGroup(trx, person, groupId, at)
  // Counts only: the group's log keeps that someone withdrew and when, never who or what was said.
  await recordAudit(trx, { kind: 'withdrew', personId: seatId, groupId, detail: erased })
  await recordAudit(trx, { kind: 'withdrew', personId: person.id, groupId: null, detail: erased })
  // The one member still to rate blind may be the one withdrawing.
  const open = await trx.selectFrom('inquiries').select('id').where('groupId', '=', groupId).where('status', '!=', 'concluded').execute()
  for (const inquiry of open) await applyDueEffects(trx, inquiry.id)
  return erased
}

/** A member withdraws from the group's research: they leave, and their contributions are erased. */
export async function withdrawFromGroup(db: Db, user: SessionUser, groupId: string, input: { confirm: string }): Promise<Erased> {
  await requireMember(db, user.id, groupId)
  if (input.confirm.trim().toLowerCase() !== 'withdraw') {
    throw new DomainError('bad_request', 'Type “withdraw” to confirm: what you recorded, rated and said here will be deleted.', 'confirm')
  }
  return db.transaction().execute((trx) => withdrawInTransaction(trx, user, groupId, nowIso()))
}

/**
 * Deletes an account: withdraws from every group (erasing contributions everywhere), removes
 * the person's words from pair reviews, ends their sessions and consents, and empties the
 * person row of personal data. The row stays as "A former member" so the history of the
 * groups they were in keeps its shape; it can never log in again.
 */
export async function deleteAccount(db: Db, user: SessionUser, input: { confirm: string }): Promise<void> {
  if (input.confirm.trim().toLowerCase() !== 'delete my account') {
    throw new DomainError('bad_request', 'Type “delete my account” to confirm. This cannot be undone.', 'confirm')
  }
  await db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('people')
      .select(['id', 'email', 'displayName', 'deletedAt'])
      .where('id', '=', user.id)
      .executeTakeFirst()
    if (!person || person.deletedAt) throw new DomainError('not_found', 'This account no longer exists.')
    const at = nowIso()
    const groups = await trx.selectFrom('members').select('groupId').where('personId', '=', user.id).execute()
    const self = { id: user.id, displayName: person.displayName, email: person.email }
    let reviews = 0
    for (const { groupId } of groups) reviews += (await withdrawInTransaction(trx, self, groupId, at)).agendaItems > 0 ? 1 : 0
    // Anything left outside a group's scope (none is expected) is removed all the same.
    await trx.deleteFrom('agendaItems').where('raisedBy', '=', user.id).execute()
    await trx.updateTable('agendaItems').set({ note: null, noteBy: null }).where('noteBy', '=', user.id).execute()
    await trx.deleteFrom('outcomeChoices').where('personId', '=', user.id).execute()
    await trx.updateTable('peerReviews').set({ endedBy: null }).where('endedBy', '=', user.id).execute()
    await trx.deleteFrom('consents').where('personId', '=', user.id).execute()
    await trx.deleteFrom('sessions').where('personId', '=', user.id).execute()
    await trx.deleteFrom('loginAttempts').where('emailKey', '=', person.email).execute()
    // Audit details that named the email (a rate-limited login) lose it; the events stay.
    const mentions = await trx
      .selectFrom('auditEvents')
      .select(['id', 'detailJson'])
      .where('detailJson', 'like', `%${person.email.replace(/[%_]/g, '')}%`)
      .execute()
    for (const event of mentions) await trx.updateTable('auditEvents').set({ detailJson: '{}' }).where('id', '=', event.id).execute()
    await trx
      .updateTable('people')
      .set({ email: `deleted-${user.id}@deleted.invalid`, displayName: 'A former member', passwordHash: 'deleted', deletedAt: at })
      .where('id', '=', user.id)
      .execute()
    await recordAudit(trx, { kind: 'account_deleted', personId: user.id, detail: { groups: groups.length, reviews } })
  })
}
