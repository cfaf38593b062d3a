import type { Executor } from '~db/connection'
import { deletePrivateNotesOf, listBookedSessionIdsOf, listCoTurns, updateCoSession } from '~db/queries/co-counselling'

// What leaving a group and deleting an account do to co-counselling (issue 19; docs/design.md §5).

/**
 * A member who withdraws from a group no longer shares it with the others: the sessions booked
 * through it that have not begun are cancelled. Sessions held stay: they are time only, and
 * each partner's ledger of attention is theirs too. The person's private notes are theirs, not
 * the group's, and stay with their account.
 */
export async function cancelSessionsThroughGroup(trx: Executor, personId: string, groupId: string): Promise<void> {
  for (const { id } of await listBookedSessionIdsOf(trx, personId, groupId)) {
    if ((await listCoTurns(trx, [id])).length === 0) await updateCoSession(trx, id, { status: 'cancelled' })
  }
}

/**
 * Deleting an account: the person's private notes go, and every session of theirs not yet begun
 * is cancelled. The time of sessions held stays, under "A former member", in the others' ledgers.
 */
export async function eraseCoCounsellingOf(trx: Executor, personId: string): Promise<void> {
  await deletePrivateNotesOf(trx, personId)
  for (const { id } of await listBookedSessionIdsOf(trx, personId)) {
    if ((await listCoTurns(trx, [id])).length === 0) await updateCoSession(trx, id, { status: 'cancelled' })
  }
}
