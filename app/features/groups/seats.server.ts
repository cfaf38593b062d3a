import type { Executor } from '~db/connection'
import type { Database } from '~db/schema'
import { nowIso } from '~/utils/ids.server'

/**
 * Every column that points at a person. A seat belongs to one imported group only, so all
 * its rows are that group's. A column added that points at people must be added here
 * (tests/integration/seat-invitations.test.ts compares this list with the schema).
 */
export const PERSON_COLUMNS: readonly { table: keyof Database; column: string }[] = [
  { table: 'members', column: 'personId' },
  { table: 'groups', column: 'createdBy' },
  { table: 'invitations', column: 'createdBy' },
  { table: 'inquiries', column: 'createdBy' },
  { table: 'decisions', column: 'proposedBy' },
  { table: 'stances', column: 'personId' },
  { table: 'plans', column: 'personId' },
  { table: 'records', column: 'authorId' },
  { table: 'themes', column: 'proposedBy' },
  { table: 'themeEvents', column: 'personId' },
  { table: 'themeLinks', column: 'linkedBy' },
  { table: 'ratings', column: 'personId' },
  { table: 'challenges', column: 'raisedBy' },
  { table: 'challenges', column: 'resolvedBy' },
  { table: 'validityJudgements', column: 'updatedBy' },
  { table: 'indicatorAnswers', column: 'answeredBy' },
  { table: 'checkIns', column: 'personId' },
  { table: 'cycles', column: 'devilsAdvocateId' },
  { table: 'consents', column: 'personId' },
  { table: 'peerReviews', column: 'endedBy' },
  { table: 'agendaItems', column: 'raisedBy' },
  { table: 'agendaItems', column: 'noteBy' },
  { table: 'outcomeChoices', column: 'personId' },
  { table: 'carriedContributions', column: 'personId' },
  { table: 'auditEvents', column: 'personId' },
  { table: 'sessions', column: 'personId' },
]

/**
 * The joining person takes the seat over: its member row (pseudonym, role, when it joined)
 * and everything it holds, so the analysis reads as before with their name in the seat's
 * place. The seat itself is then deleted, and the links made for it with it name no one.
 * The caller has checked that the person has never been a member of the seat's group, so
 * nothing of theirs collides there. Runs inside the caller's transaction.
 */
export async function takeOverSeat(trx: Executor, seatId: string, personId: string): Promise<void> {
  for (const { table, column } of PERSON_COLUMNS) {
    await trx
      .updateTable(table)
      .set({ [column]: personId } as never)
      .where(column as never, '=', seatId as never)
      .execute()
  }
  await trx
    .updateTable('invitations')
    .set({ revokedAt: nowIso() })
    .where('seatPersonId', '=', seatId)
    .where('revokedAt', 'is', null)
    .execute()
  await trx.deleteFrom('people').where('id', '=', seatId).where('placeholder', '=', 1).execute()
}
