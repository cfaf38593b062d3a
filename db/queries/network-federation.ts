import type { Insertable, Updateable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

// What the network holds in common (issue 18): federal proposals and the groups' stances on them,
// its officers, the Gatherings calendar, and the newsletter with its contributions.

type Row<T extends keyof Database> = Insertable<Database[T]>

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
