import type { Db, Executor } from '~db/connection'
import { recordAudit } from '~/features/audit/audit.server'
import { requireMember } from '~/features/membership/membership.server'
import { anonymiseInGroup } from './erasure.server'
import { applyDueEffects } from '~/features/decisions/registry.server'
import { DomainError } from '~/utils/errors.server'
import { nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import {
  deleteAgendaItemsRaisedBy,
  deleteOutcomeChoicesOf,
  listAuditEventsMentioning,
  listChallengeIdsRaisedBy,
  listGroupIdsEverJoined,
  listGroupScope,
  listRecordIdsOfAuthor,
  updateAgendaNotesClearedOf,
  updateChallengesToProcess,
} from '~db/queries/accounts'
import { deleteConsentsOf } from '~db/queries/consents'
import { findMembership, updateMember } from '~db/queries/groups'
import { listInquiryIdsOfGroup } from '~db/queries/inquiries'
import { findPersonById, updatePersonErased } from '~db/queries/people'
import { deleteMailOf } from '~db/queries/mail'
import { eraseNetworkPresenceOf, eraseNetworkWordsOf } from '~db/queries/network'
import { eraseAuditPresenceOf, eraseAuditWordsOf } from '~db/queries/peer-audit'
import { eraseConflictPresence, eraseConflictWordsInGroup } from '~/features/conflicts/erasure.server'
import { cancelSessionsThroughGroup, eraseCoCounsellingOf } from '~/features/co-counselling/erasure.server'
import { deleteLoginAttempts, deleteOtherSessions } from '~db/queries/sessions'

// The right to withdraw (research ethics, docs/design.md §5): a member's records, ratings, stances,
// check-ins, plans, challenges and validity judgements leave the group's inquiries — its pages,
// analysis and every later export — and the group keeps only that someone withdrew, and when.
// Themes the member proposed stay: the group took them up as its own work.

type Erased = {
  records: number
  ratings: number
  stances: number
  checkIns: number
  plans: number
  challenges: number
  judgements: number
  agendaItems: number
}

const none = ['__none__']
const list = (ids: string[]) => (ids.length ? ids : none)

/** Deletes one person's contributions to every inquiry of a group (inside the caller's transaction). */
async function eraseContributions(trx: Executor, personId: string, groupId: string): Promise<Erased> {
  const scope = await listGroupScope(trx, groupId)
  const recordIds = list(await listRecordIdsOfAuthor(trx, personId, scope.inquiries))

  // Others' challenges to a record that is going stay, as challenges to the process.
  await updateChallengesToProcess(trx, 'record', recordIds)
  await trx.deleteFrom('themeLinks').where('recordId', 'in', recordIds).execute()
  const records = await trx.deleteFrom('records').where('id', 'in', recordIds).executeTakeFirst()
  const ratings = await trx.deleteFrom('ratings').where('personId', '=', personId).where('cycleId', 'in', scope.cycles).executeTakeFirst()
  const stances = await trx
    .deleteFrom('stances')
    .where('personId', '=', personId)
    .where('decisionId', 'in', scope.decisions)
    .executeTakeFirst()
  const checkIns = await trx.deleteFrom('checkIns').where('personId', '=', personId).where('phaseId', 'in', scope.phases).executeTakeFirst()
  const plans = await trx.deleteFrom('plans').where('personId', '=', personId).where('cycleId', 'in', scope.cycles).executeTakeFirst()
  // Each member's judgement of a validity procedure is their own (issue 16 item 3), like a rating: it goes with them.
  const judgements = await trx
    .deleteFrom('validityJudgements')
    .where('updatedBy', '=', personId)
    .where('cycleId', 'in', scope.cycles)
    .executeTakeFirst()
  const challengeIds = list(await listChallengeIdsRaisedBy(trx, personId, scope.inquiries))
  await updateChallengesToProcess(trx, 'decision', challengeIds)
  const challenges = await trx.deleteFrom('challenges').where('id', 'in', challengeIds).executeTakeFirst()
  await trx.deleteFrom('carriedContributions').where('personId', '=', personId).where('cycleId', 'in', scope.cycles).execute()
  // A pair's peer reviews: the items the person raised, their notes and outcome choices, their consent.
  const agendaItems = await deleteAgendaItemsRaisedBy(trx, personId, scope.reviews)
  await updateAgendaNotesClearedOf(trx, personId, scope.reviews)
  await deleteOutcomeChoicesOf(trx, personId, scope.reviews)
  await deleteConsentsOf(trx, personId, groupId)
  // Between groups (issue 18): the challenges, answers and meeting notes they wrote for the group's links.
  await eraseNetworkWordsOf(trx, personId, groupId)
  // The group's peer review audit (issue 18): their self-assessments, and the peer assessments they gave.
  await eraseAuditWordsOf(trx, personId, groupId)
  // A group's concerns (issue 18 item 6): the concerns they raised keep their place with a marker; their notes and parts go.
  await eraseConflictWordsInGroup(trx, personId, groupId, nowIso())
  const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows)
  return {
    records: n(records),
    ratings: n(ratings),
    stances: n(stances),
    checkIns: n(checkIns),
    plans: n(plans),
    challenges: n(challenges),
    judgements: n(judgements),
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
  const member = await findMembership(trx, groupId, person.id)
  const erased = await eraseContributions(trx, person.id, groupId)
  if (member) await updateMember(trx, member.id, { leftAt: member.leftAt ?? at, withdrawnAt: at, isFacilitator: 0, exportName: 0 })
  const seatId = await anonymiseInGroup(trx, person, groupId, at)
  // Co-counselling sessions booked through the group and not yet begun are called off (issue 19).
  await cancelSessionsThroughGroup(trx, person.id, groupId)
  // Counts only: the group's log keeps that someone withdrew and when, never who or what was said.
  await recordAudit(trx, { kind: 'withdrew', personId: seatId, groupId, detail: erased })
  await recordAudit(trx, { kind: 'withdrew', personId: person.id, groupId: null, detail: erased })
  // The one member still to rate blind may be the one withdrawing.
  for (const inquiryId of await listInquiryIdsOfGroup(trx, groupId, true)) await applyDueEffects(trx, inquiryId)
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
    const person = await findPersonById(trx, user.id)
    if (!person || person.deletedAt) throw new DomainError('not_found', 'This account no longer exists.')
    const at = nowIso()
    const groups = await listGroupIdsEverJoined(trx, user.id)
    const self = { id: user.id, displayName: person.displayName, email: person.email }
    let reviews = 0
    for (const { groupId } of groups) reviews += (await withdrawInTransaction(trx, self, groupId, at)).agendaItems > 0 ? 1 : 0
    // Anything left outside a group's scope (none is expected) is removed all the same.
    await deleteAgendaItemsRaisedBy(trx, user.id)
    await updateAgendaNotesClearedOf(trx, user.id)
    await deleteOutcomeChoicesOf(trx, user.id)
    await trx.updateTable('peerReviews').set({ endedBy: null }).where('endedBy', '=', user.id).execute()
    await deleteConsentsOf(trx, user.id)
    // In the network: their newsletter contributions go, and any office they hold ends.
    await eraseNetworkPresenceOf(trx, user.id, at)
    await eraseAuditPresenceOf(trx, user.id)
    await eraseConflictPresence(trx, user.id)
    // Co-counselling: their private notes go; sessions not yet begun are called off (issue 19).
    await eraseCoCounsellingOf(trx, user.id)
    await deleteOtherSessions(trx, user.id, null)
    await deleteLoginAttempts(trx, person.email)
    // Mail to the address, the person's choice of mails, and reset requests go with it.
    await deleteMailOf(trx, user.id, person.email)
    // Audit details that named the email (a rate-limited login) lose it; the events stay.
    for (const event of await listAuditEventsMentioning(trx, person.email))
      await trx.updateTable('auditEvents').set({ detailJson: '{}' }).where('id', '=', event.id).execute()
    await updatePersonErased(trx, user.id, at)
    await recordAudit(trx, { kind: 'account_deleted', personId: user.id, detail: { groups: groups.length, reviews } })
  })
}
