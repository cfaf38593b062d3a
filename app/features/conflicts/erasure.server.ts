import type { Executor } from '~db/connection'
import { eraseConflictPresenceOf, eraseConflictWordsOf } from '~db/queries/conflicts'

// The right to withdraw reaches a group's concerns (issue 9; docs/design.md §5). A concern the
// withdrawing member raised stays in the record of the others involved, because their own notes
// and outcome hang on it, but its text is replaced by WITHDRAWN_CONCERN; their notes, their part in
// each concern, an outcome note they wrote and answers they wrote for the group to a link group go;
// and their name is rewritten out of what the others wrote (with the rest of the group's texts).

export const WITHDRAWN_CONCERN = '[Withdrawn by the member who wrote it.]'

/**
 * Inside the withdrawal's transaction, before the member's seat is anonymised (which rewrites their
 * name out of what the others wrote: accounts/erasure.server.ts TEXT_COLUMNS).
 */
export async function eraseConflictWordsInGroup(trx: Executor, personId: string, groupId: string, at: string) {
  return eraseConflictWordsOf(trx, personId, groupId, WITHDRAWN_CONCERN, at)
}

/** A deleted account: whatever is left of theirs in any group's concerns (each group's withdrawal ran first). */
export async function eraseConflictPresence(trx: Executor, personId: string) {
  await eraseConflictPresenceOf(trx, personId, WITHDRAWN_CONCERN)
}
