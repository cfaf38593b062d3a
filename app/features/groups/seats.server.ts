import type { Executor } from '~db/connection'
import { deletePlaceholderPerson, updateInvitationsRevoked, updatePersonReferences } from '~db/queries/groups'
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
 * Columns that point at a person but belong to an account, or to the person's own part in the
 * network, not to a group's inquiry: a seat never logs in, so it has no mail, no mail
 * preferences, no password resets, and has written nothing between groups; the joining
 * person's own are theirs. They are not moved; the database deletes a seat's (none) with it.
 */
export const ACCOUNT_COLUMNS: readonly { table: keyof Database; column: string }[] = [
  { table: 'mailOutbox', column: 'personId' },
  { table: 'mailPreferences', column: 'personId' },
  { table: 'passwordResets', column: 'personId' },
  { table: 'networkAccreditations', column: 'personId' },
  { table: 'networkContributions', column: 'personId' },
  { table: 'networkGatherings', column: 'addedBy' },
  { table: 'networkLinkChallenges', column: 'raisedBy' },
  { table: 'networkLinkChallenges', column: 'answeredBy' },
  { table: 'networkMeetingNotes', column: 'writtenBy' },
  { table: 'networkNewsletterIssues', column: 'publishedBy' },
  { table: 'networkOffices', column: 'personId' },
  // A group's peer review audit and its concerns (issue 18) never travel in an archive, so a seat holds none.
  { table: 'auditMeetings', column: 'createdBy' },
  { table: 'auditAssessments', column: 'personId' },
  { table: 'auditPeerAssessments', column: 'byPersonId' },
  { table: 'conflicts', column: 'raisedBy' },
  { table: 'conflictParties', column: 'personId' },
  { table: 'conflictSteps', column: 'byPersonId' },
  { table: 'conflictHelpRequests', column: 'answeredBy' },
  // Co-counselling (issue 19) is between people, not a group's inquiry; a seat never books a session.
  { table: 'coSessions', column: 'bookedBy' },
  { table: 'coSessionPeople', column: 'personId' },
  { table: 'coTurns', column: 'clientId' },
  { table: 'coTurns', column: 'counsellorId' },
  { table: 'coTurns', column: 'interruptedBy' },
  { table: 'coPrivateNotes', column: 'personId' },
]

/**
 * The joining person takes the seat over: its member row (pseudonym, role, when it joined)
 * and everything it holds, so the analysis reads as before with their name in the seat's
 * place. The seat itself is then deleted, and the links made for it with it name no one.
 * The caller has checked that the person has never been a member of the seat's group, so
 * nothing of theirs collides there. Runs inside the caller's transaction.
 */
export async function takeOverSeat(trx: Executor, seatId: string, personId: string): Promise<void> {
  for (const column of PERSON_COLUMNS) await updatePersonReferences(trx, column, seatId, personId)
  await updateInvitationsRevoked(trx, { seatPersonId: seatId }, nowIso())
  await deletePlaceholderPerson(trx, seatId)
}
