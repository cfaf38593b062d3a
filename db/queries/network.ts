import type { Insertable, Updateable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

// The network of groups (issue 18). Reads that cross a group's boundary select only the columns
// a group published; what two linked groups share is read by the link, after the service checks
// the reader is a member of one of them.

type Row<T extends keyof Database> = Insertable<Database[T]>

export function findNetworkGroup(db: Executor, groupId: string) {
  return db.selectFrom('networkGroups').selectAll().where('groupId', '=', groupId).executeTakeFirst()
}

export async function insertNetworkGroup(db: Executor, row: Row<'networkGroups'>) {
  await db.insertInto('networkGroups').values(row).execute()
}

export async function updateNetworkGroup(db: Executor, groupId: string, set: Updateable<Database['networkGroups']>) {
  await db.updateTable('networkGroups').set(set).where('groupId', '=', groupId).execute()
}

/** Every group in the network with its name, the directory's order: by name. */
export function listNetworkGroups(db: Executor) {
  return db
    .selectFrom('networkGroups')
    .innerJoin('groups', 'groups.id', 'networkGroups.groupId')
    .select([
      'networkGroups.groupId',
      'groups.name',
      'networkGroups.uri',
      'networkGroups.stage',
      'networkGroups.standing',
      'networkGroups.route',
      'networkGroups.profileJson',
      'networkGroups.enteredAt',
      'networkGroups.seekingSince',
    ])
    .orderBy('groups.name')
    .orderBy('networkGroups.groupId')
    .execute()
}

/** The ids of groups at a stage (member groups weigh federal proposals). */
export async function listNetworkGroupIdsAtStage(db: Executor, stage: Database['networkGroups']['stage']) {
  return (await db.selectFrom('networkGroups').select('groupId').where('stage', '=', stage).execute()).map((r) => r.groupId)
}

export function countCurrentMembers(db: Executor, groupIds: readonly string[]) {
  return db
    .selectFrom('members')
    .select(['groupId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('groupId', 'in', groupIds.length ? groupIds : ['__none__'])
    .where('leftAt', 'is', null)
    .groupBy('groupId')
    .execute()
}

export async function insertStandingEvent(db: Executor, row: Row<'networkStandingEvents'>) {
  await db.insertInto('networkStandingEvents').values(row).execute()
}

export function listStandingEvents(db: Executor, groupId: string) {
  return db
    .selectFrom('networkStandingEvents')
    .select(['id', 'at', 'standing', 'note', 'decisionId'])
    .where('groupId', '=', groupId)
    .orderBy('at')
    .orderBy('id')
    .execute()
}

export function listStatements(db: Executor, groupIds: readonly string[]) {
  return db
    .selectFrom('networkStatements')
    .select(['id', 'uri', 'groupId', 'version', 'text', 'publishedAt', 'decisionId'])
    .where('groupId', 'in', groupIds.length ? groupIds : ['__none__'])
    .orderBy('groupId')
    .orderBy('version', 'desc')
    .execute()
}

export async function nextStatementVersion(db: Executor, groupId: string): Promise<number> {
  const row = await db
    .selectFrom('networkStatements')
    .select((eb) => eb.fn.max<number | null>('version').as('v'))
    .where('groupId', '=', groupId)
    .executeTakeFirst()
  return Number(row?.v ?? 0) + 1
}

export async function insertStatement(db: Executor, row: Row<'networkStatements'>) {
  await db.insertInto('networkStatements').values(row).execute()
}

const linkColumns = [
  'networkLinks.id',
  'networkLinks.uri',
  'networkLinks.askingGroupId',
  'networkLinks.answeringGroupId',
  'networkLinks.status',
  'networkLinks.askedAt',
  'networkLinks.askedDecisionId',
  'networkLinks.answeredAt',
  'networkLinks.endedAt',
  'networkLinks.reason',
  'asking.name as askingName',
  'answering.name as answeringName',
] as const

/** Links where any of these groups is on either side, with both groups' names. */
export function listLinksOf(db: Executor, groupIds: readonly string[]) {
  const ids = groupIds.length ? groupIds : ['__none__']
  return db
    .selectFrom('networkLinks')
    .innerJoin('groups as asking', 'asking.id', 'networkLinks.askingGroupId')
    .innerJoin('groups as answering', 'answering.id', 'networkLinks.answeringGroupId')
    .select(linkColumns)
    .where((eb) => eb.or([eb('networkLinks.askingGroupId', 'in', ids), eb('networkLinks.answeringGroupId', 'in', ids)]))
    .orderBy('networkLinks.askedAt')
    .orderBy('networkLinks.id')
    .execute()
}

export function findLink(db: Executor, linkId: string) {
  return db
    .selectFrom('networkLinks')
    .innerJoin('groups as asking', 'asking.id', 'networkLinks.askingGroupId')
    .innerJoin('groups as answering', 'answering.id', 'networkLinks.answeringGroupId')
    .select(linkColumns)
    .where('networkLinks.id', '=', linkId)
    .executeTakeFirst()
}

export async function insertLink(db: Executor, row: Row<'networkLinks'>) {
  await db.insertInto('networkLinks').values(row).execute()
}

export async function updateLink(db: Executor, linkId: string, set: Updateable<Database['networkLinks']>) {
  await db.updateTable('networkLinks').set(set).where('id', '=', linkId).execute()
}

/** Every validation on these links, oldest first: the latest for (link, by) is the one that counts. */
export function listValidations(db: Executor, linkIds: readonly string[]) {
  return db
    .selectFrom('networkValidations')
    .select(['id', 'uri', 'linkId', 'byGroupId', 'ofGroupId', 'verdict', 'reasons', 'decidedAt', 'decisionId'])
    .where('linkId', 'in', linkIds.length ? linkIds : ['__none__'])
    .orderBy('decidedAt')
    .orderBy('id')
    .execute()
}

export async function insertValidation(db: Executor, row: Row<'networkValidations'>) {
  await db.insertInto('networkValidations').values(row).execute()
}

export function listLinkChallenges(db: Executor, linkId: string) {
  return db
    .selectFrom('networkLinkChallenges')
    .innerJoin('people as raiser', 'raiser.id', 'networkLinkChallenges.raisedBy')
    .leftJoin('people as answerer', 'answerer.id', 'networkLinkChallenges.answeredBy')
    .select([
      'networkLinkChallenges.id',
      'networkLinkChallenges.byGroupId',
      'networkLinkChallenges.text',
      'networkLinkChallenges.raisedAt',
      'networkLinkChallenges.answer',
      'networkLinkChallenges.answeredAt',
      'raiser.displayName as raisedByName',
      'answerer.displayName as answeredByName',
    ])
    .where('networkLinkChallenges.linkId', '=', linkId)
    .orderBy('networkLinkChallenges.raisedAt')
    .execute()
}

export function findLinkChallenge(db: Executor, challengeId: string) {
  return db.selectFrom('networkLinkChallenges').selectAll().where('id', '=', challengeId).executeTakeFirst()
}

export async function insertLinkChallenge(db: Executor, row: Row<'networkLinkChallenges'>) {
  await db.insertInto('networkLinkChallenges').values(row).execute()
}

export async function updateLinkChallenge(db: Executor, id: string, set: Updateable<Database['networkLinkChallenges']>) {
  await db.updateTable('networkLinkChallenges').set(set).where('id', '=', id).execute()
}

export function listLinkMeetings(db: Executor, linkId: string) {
  return db
    .selectFrom('networkLinkMeetings')
    .select(['id', 'startsAt', 'place', 'byGroupId'])
    .where('linkId', '=', linkId)
    .orderBy('startsAt')
    .execute()
}

export function listMeetingNotes(db: Executor, meetingIds: readonly string[]) {
  return db
    .selectFrom('networkMeetingNotes')
    .innerJoin('people', 'people.id', 'networkMeetingNotes.writtenBy')
    .select([
      'networkMeetingNotes.id',
      'networkMeetingNotes.meetingId',
      'networkMeetingNotes.byGroupId',
      'networkMeetingNotes.text',
      'networkMeetingNotes.writtenAt',
      'people.displayName as writtenByName',
    ])
    .where('networkMeetingNotes.meetingId', 'in', meetingIds.length ? meetingIds : ['__none__'])
    .orderBy('networkMeetingNotes.writtenAt')
    .execute()
}

export function findLinkMeeting(db: Executor, meetingId: string) {
  return db.selectFrom('networkLinkMeetings').selectAll().where('id', '=', meetingId).executeTakeFirst()
}

export async function insertLinkMeeting(db: Executor, row: Row<'networkLinkMeetings'>) {
  await db.insertInto('networkLinkMeetings').values(row).execute()
}

export async function insertMeetingNote(db: Executor, row: Row<'networkMeetingNotes'>) {
  await db.insertInto('networkMeetingNotes').values(row).execute()
}

export function findNetworkSettings(db: Executor) {
  return db.selectFrom('networkSettings').selectAll().where('id', '=', 'network').executeTakeFirst()
}

export async function insertNetworkSettings(db: Executor, row: Row<'networkSettings'>) {
  await db.insertInto('networkSettings').values(row).execute()
}

export async function updateNetworkSettings(db: Executor, set: Updateable<Database['networkSettings']>) {
  await db.updateTable('networkSettings').set(set).where('id', '=', 'network').execute()
}

const proposalColumns = [
  'federalProposals.id',
  'federalProposals.uri',
  'federalProposals.kind',
  'federalProposals.title',
  'federalProposals.body',
  'federalProposals.payloadJson',
  'federalProposals.ruleJson',
  'federalProposals.proposedByGroupId',
  'federalProposals.proposedAt',
  'federalProposals.status',
  'federalProposals.closedAt',
  'federalProposals.outcomeNote',
  'groups.name as proposedByName',
] as const

export function listFederalProposals(db: Executor, status?: Database['federalProposals']['status']) {
  let query = db
    .selectFrom('federalProposals')
    .innerJoin('groups', 'groups.id', 'federalProposals.proposedByGroupId')
    .select(proposalColumns)
  if (status) query = query.where('federalProposals.status', '=', status)
  return query.orderBy('federalProposals.proposedAt', 'desc').orderBy('federalProposals.id').execute()
}

export function findFederalProposal(db: Executor, proposalId: string) {
  return db
    .selectFrom('federalProposals')
    .innerJoin('groups', 'groups.id', 'federalProposals.proposedByGroupId')
    .select(proposalColumns)
    .where('federalProposals.id', '=', proposalId)
    .executeTakeFirst()
}

export async function insertFederalProposal(db: Executor, row: Row<'federalProposals'>) {
  await db.insertInto('federalProposals').values(row).execute()
}

export async function updateFederalProposal(db: Executor, id: string, set: Updateable<Database['federalProposals']>) {
  await db.updateTable('federalProposals').set(set).where('id', '=', id).execute()
}

/** Stances on these proposals, or of these groups, oldest first (the latest per group counts). */
export function listFederalStances(db: Executor, where: { proposalIds: readonly string[] } | { groupIds: readonly string[] }) {
  const query = db
    .selectFrom('federalStances')
    .innerJoin('groups', 'groups.id', 'federalStances.groupId')
    .innerJoin('federalProposals', 'federalProposals.id', 'federalStances.proposalId')
    .select([
      'federalStances.id',
      'federalStances.proposalId',
      'federalProposals.uri as proposalUri',
      'federalProposals.title as proposalTitle',
      'federalStances.groupId',
      'groups.name as groupName',
      'federalStances.stance',
      'federalStances.reason',
      'federalStances.castAt',
    ])
  const ids = 'proposalIds' in where ? where.proposalIds : where.groupIds
  return query
    .where('proposalIds' in where ? 'federalStances.proposalId' : 'federalStances.groupId', 'in', ids.length ? ids : ['__none__'])
    .orderBy('federalStances.castAt')
    .orderBy('federalStances.id')
    .execute()
}

export async function insertFederalStance(db: Executor, row: Row<'federalStances'>) {
  await db.insertInto('federalStances').values(row).execute()
}

export function listOffices(db: Executor) {
  return db
    .selectFrom('networkOffices')
    .innerJoin('people', 'people.id', 'networkOffices.personId')
    .select([
      'networkOffices.id',
      'networkOffices.office',
      'networkOffices.personId',
      'people.displayName',
      'networkOffices.termStarts',
      'networkOffices.termEnds',
      'networkOffices.endedAt',
      'networkOffices.endedNote',
    ])
    .orderBy('networkOffices.termStarts', 'desc')
    .execute()
}

export function listTermsOf(db: Executor, personId: string) {
  return db.selectFrom('networkOffices').select(['office', 'termStarts', 'termEnds', 'endedAt']).where('personId', '=', personId).execute()
}

export function findOffice(db: Executor, officeId: string) {
  return db.selectFrom('networkOffices').selectAll().where('id', '=', officeId).executeTakeFirst()
}

export async function insertOffice(db: Executor, row: Row<'networkOffices'>) {
  await db.insertInto('networkOffices').values(row).execute()
}

export async function updateOffice(db: Executor, id: string, set: Updateable<Database['networkOffices']>) {
  await db.updateTable('networkOffices').set(set).where('id', '=', id).execute()
}

export function listGatherings(db: Executor) {
  return db
    .selectFrom('networkGatherings')
    .select(['id', 'uri', 'title', 'startsOn', 'endsOn', 'place', 'description'])
    .orderBy('startsOn')
    .execute()
}

export async function insertGathering(db: Executor, row: Row<'networkGatherings'>) {
  await db.insertInto('networkGatherings').values(row).execute()
}

export function listNewsletterIssues(db: Executor) {
  return db
    .selectFrom('networkNewsletterIssues')
    .leftJoin('networkGatherings', 'networkGatherings.id', 'networkNewsletterIssues.gatheringId')
    .select([
      'networkNewsletterIssues.id',
      'networkNewsletterIssues.number',
      'networkNewsletterIssues.title',
      'networkNewsletterIssues.publishedAt',
      'networkGatherings.title as gatheringTitle',
    ])
    .orderBy('networkNewsletterIssues.number', 'desc')
    .execute()
}

export function findNewsletterIssue(db: Executor, number: number) {
  return db.selectFrom('networkNewsletterIssues').selectAll().where('number', '=', number).executeTakeFirst()
}

export async function insertNewsletterIssue(db: Executor, row: Row<'networkNewsletterIssues'>) {
  await db.insertInto('networkNewsletterIssues').values(row).execute()
}

/** Contributions in an issue, or (null) those waiting for the next one. */
export function listContributions(db: Executor, issueId: string | null) {
  const query = db
    .selectFrom('networkContributions')
    .innerJoin('people', 'people.id', 'networkContributions.personId')
    .select([
      'networkContributions.id',
      'networkContributions.personId',
      'networkContributions.title',
      'networkContributions.body',
      'networkContributions.submittedAt',
      'people.displayName',
    ])
  return (
    issueId === null ? query.where('networkContributions.issueId', 'is', null) : query.where('networkContributions.issueId', '=', issueId)
  )
    .orderBy('networkContributions.submittedAt')
    .execute()
}

export async function countContributionsOf(db: Executor, personId: string): Promise<number> {
  const row = await db
    .selectFrom('networkContributions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('personId', '=', personId)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

export async function insertContribution(db: Executor, row: Row<'networkContributions'>) {
  await db.insertInto('networkContributions').values(row).execute()
}

export async function attachWaitingContributions(db: Executor, issueId: string) {
  const result = await db.updateTable('networkContributions').set({ issueId }).where('issueId', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export function listAccreditations(db: Executor, personId: string) {
  return db.selectFrom('networkAccreditations').select(['groupId', 'chosenAt']).where('personId', '=', personId).execute()
}

export async function setAccreditation(db: Executor, personId: string, groupId: string, chosen: boolean, at: string) {
  await db.deleteFrom('networkAccreditations').where('personId', '=', personId).where('groupId', '=', groupId).execute()
  if (chosen) await db.insertInto('networkAccreditations').values({ personId, groupId, chosenAt: at }).execute()
}

/**
 * A withdrawing member's words between groups (issue 9 across the network): the challenges and
 * answers they wrote for the group's links, their notes of joint meetings, and their choice to
 * show accreditation through the group. The group's own decisions (its statement, its stances)
 * stay: the group made them.
 */
export async function eraseNetworkWordsOf(db: Executor, personId: string, groupId: string) {
  const links = (
    await db
      .selectFrom('networkLinks')
      .select('id')
      .where((eb) => eb.or([eb('askingGroupId', '=', groupId), eb('answeringGroupId', '=', groupId)]))
      .execute()
  ).map((r) => r.id)
  const ids = links.length ? links : ['__none__']
  const challenges = await db
    .deleteFrom('networkLinkChallenges')
    .where('linkId', 'in', ids)
    .where('byGroupId', '=', groupId)
    .where('raisedBy', '=', personId)
    .executeTakeFirst()
  await db
    .updateTable('networkLinkChallenges')
    .set({ answer: null, answeredBy: null, answeredAt: null })
    .where('linkId', 'in', ids)
    .where('answeredBy', '=', personId)
    .execute()
  const notes = await db
    .deleteFrom('networkMeetingNotes')
    .where('byGroupId', '=', groupId)
    .where('writtenBy', '=', personId)
    .executeTakeFirst()
  await db.deleteFrom('networkAccreditations').where('personId', '=', personId).where('groupId', '=', groupId).execute()
  return { networkChallenges: Number(challenges.numDeletedRows), meetingNotes: Number(notes.numDeletedRows) }
}

/** A deleted account's place in the network: its newsletter contributions are deleted, and any office it holds ends. */
export async function eraseNetworkPresenceOf(db: Executor, personId: string, at: string) {
  await db.deleteFrom('networkContributions').where('personId', '=', personId).execute()
  await db.deleteFrom('networkAccreditations').where('personId', '=', personId).execute()
  await db
    .updateTable('networkOffices')
    .set({ endedAt: at, endedNote: 'The officer left the network.' })
    .where('personId', '=', personId)
    .where('endedAt', 'is', null)
    .execute()
}
