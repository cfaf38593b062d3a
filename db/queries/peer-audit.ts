import type { Insertable, Updateable } from 'kysely'
import type { Executor } from '../connection'
import type { Database } from '../schema'

// A group's peer review audit (issue 18, item 5). Every read of assessments here is narrowed by
// the service to what the reader may see: the writer's own, what was shared with the group, or
// what was shared and consented to for the link groups. Nothing here is read by inquiry exports.

type Row<T extends keyof Database> = Insertable<Database[T]>

export function listFrameworks(db: Executor, groupId: string) {
  return db
    .selectFrom('auditFrameworks')
    .leftJoin('decisions', 'decisions.id', 'auditFrameworks.decisionId')
    .select([
      'auditFrameworks.id',
      'auditFrameworks.version',
      'auditFrameworks.templateSlug',
      'auditFrameworks.componentsJson',
      'auditFrameworks.decisionId',
      'auditFrameworks.adoptedAt',
      'decisions.title as decisionTitle',
    ])
    .where('auditFrameworks.groupId', '=', groupId)
    .orderBy('auditFrameworks.version', 'desc')
    .execute()
}

export function findFramework(db: Executor, groupId: string, version: number) {
  return db.selectFrom('auditFrameworks').selectAll().where('groupId', '=', groupId).where('version', '=', version).executeTakeFirst()
}

export function findCurrentFramework(db: Executor, groupId: string) {
  return db.selectFrom('auditFrameworks').selectAll().where('groupId', '=', groupId).orderBy('version', 'desc').limit(1).executeTakeFirst()
}

export async function insertFramework(db: Executor, row: Row<'auditFrameworks'>) {
  await db.insertInto('auditFrameworks').values(row).execute()
}

export function findAssessment(db: Executor, id: string) {
  return db
    .selectFrom('auditAssessments')
    .innerJoin('people', 'people.id', 'auditAssessments.personId')
    .selectAll('auditAssessments')
    .select('people.displayName as writerName')
    .where('auditAssessments.id', '=', id)
    .executeTakeFirst()
}

const ASSESSMENT_COLUMNS = [
  'auditAssessments.id',
  'auditAssessments.personId',
  'auditAssessments.frameworkVersion',
  'auditAssessments.practisedOn',
  'auditAssessments.occasion',
  'auditAssessments.scoresJson',
  'auditAssessments.reflection',
  'auditAssessments.sharedAt',
  'auditAssessments.linksConsentAt',
  'auditAssessments.createdAt',
  'auditAssessments.updatedAt',
] as const

/** A writer's own records in the group, private and shared. */
export function listOwnAssessments(db: Executor, groupId: string, personId: string) {
  return db
    .selectFrom('auditAssessments')
    .select(ASSESSMENT_COLUMNS)
    .where('groupId', '=', groupId)
    .where('personId', '=', personId)
    .orderBy('practisedOn', 'desc')
    .orderBy('createdAt', 'desc')
    .execute()
}

/** Records shared with the group (by anyone); `linksOnly` narrows to those consented for the link groups. */
export function listSharedAssessments(db: Executor, groupId: string, options: { linksOnly?: boolean } = {}) {
  let query = db
    .selectFrom('auditAssessments')
    .innerJoin('people', 'people.id', 'auditAssessments.personId')
    .select(ASSESSMENT_COLUMNS)
    .select('people.displayName as writerName')
    .where('auditAssessments.groupId', '=', groupId)
    .where('auditAssessments.sharedAt', 'is not', null)
  if (options.linksOnly) query = query.where('auditAssessments.linksConsentAt', 'is not', null)
  return query.orderBy('auditAssessments.sharedAt', 'desc').orderBy('auditAssessments.id').execute()
}

export async function insertAssessment(db: Executor, row: Row<'auditAssessments'>) {
  await db.insertInto('auditAssessments').values(row).execute()
}

export async function updateAssessment(db: Executor, id: string, set: Updateable<Database['auditAssessments']>) {
  await db.updateTable('auditAssessments').set(set).where('id', '=', id).execute()
}

export async function deleteAssessment(db: Executor, id: string) {
  await db.deleteFrom('auditPeerAssessments').where('assessmentId', '=', id).execute()
  await db.deleteFrom('auditAssessments').where('id', '=', id).execute()
}

export function listMeetings(db: Executor, groupId: string) {
  return db
    .selectFrom('auditMeetings')
    .leftJoin('people', 'people.id', 'auditMeetings.createdBy')
    .select([
      'auditMeetings.id',
      'auditMeetings.heldOn',
      'auditMeetings.title',
      'auditMeetings.createdAt',
      'people.displayName as createdByName',
    ])
    .where('auditMeetings.groupId', '=', groupId)
    .orderBy('auditMeetings.heldOn', 'desc')
    .orderBy('auditMeetings.id')
    .execute()
}

export function findMeeting(db: Executor, id: string) {
  return db.selectFrom('auditMeetings').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertMeeting(db: Executor, row: Row<'auditMeetings'>) {
  await db.insertInto('auditMeetings').values(row).execute()
}

export function listPeerAssessments(db: Executor, assessmentIds: readonly string[]) {
  return db
    .selectFrom('auditPeerAssessments')
    .innerJoin('people', 'people.id', 'auditPeerAssessments.byPersonId')
    .leftJoin('auditMeetings', 'auditMeetings.id', 'auditPeerAssessments.meetingId')
    .select([
      'auditPeerAssessments.id',
      'auditPeerAssessments.assessmentId',
      'auditPeerAssessments.byPersonId',
      'auditPeerAssessments.feedback',
      'auditPeerAssessments.levelsJson',
      'auditPeerAssessments.createdAt',
      'auditPeerAssessments.meetingId',
      'auditMeetings.title as meetingTitle',
      'people.displayName as byName',
    ])
    .where('auditPeerAssessments.assessmentId', 'in', assessmentIds.length ? assessmentIds : ['__none__'])
    .orderBy('auditPeerAssessments.createdAt')
    .orderBy('auditPeerAssessments.id')
    .execute()
}

export async function insertPeerAssessment(db: Executor, row: Row<'auditPeerAssessments'>) {
  await db.insertInto('auditPeerAssessments').values(row).execute()
}

/**
 * A withdrawing member's words in the group's audit: their assessments (and the peers' words on
 * them, which were about the record that goes) and the peer assessments they gave. Meetings they
 * scheduled stay, the group's, without their name.
 */
export async function eraseAuditWordsOf(db: Executor, personId: string, groupId: string) {
  const own = (
    await db.selectFrom('auditAssessments').select('id').where('groupId', '=', groupId).where('personId', '=', personId).execute()
  ).map((r) => r.id)
  const ids = own.length ? own : ['__none__']
  await db.deleteFrom('auditPeerAssessments').where('assessmentId', 'in', ids).execute()
  const assessments = await db.deleteFrom('auditAssessments').where('id', 'in', ids).executeTakeFirst()
  const inGroup = db.selectFrom('auditAssessments').select('id').where('groupId', '=', groupId)
  const peer = await db
    .deleteFrom('auditPeerAssessments')
    .where('byPersonId', '=', personId)
    .where('assessmentId', 'in', inGroup)
    .executeTakeFirst()
  await db.updateTable('auditMeetings').set({ createdBy: null }).where('groupId', '=', groupId).where('createdBy', '=', personId).execute()
  return { auditAssessments: Number(assessments.numDeletedRows), peerAssessments: Number(peer.numDeletedRows) }
}

/** A deleted account's audit words everywhere (withdrawal has done it group by group; this is the net under it). */
export async function eraseAuditPresenceOf(db: Executor, personId: string) {
  await db.deleteFrom('auditPeerAssessments').where('byPersonId', '=', personId).execute()
  const own = db.selectFrom('auditAssessments').select('id').where('personId', '=', personId)
  await db.deleteFrom('auditPeerAssessments').where('assessmentId', 'in', own).execute()
  await db.deleteFrom('auditAssessments').where('personId', '=', personId).execute()
  await db.updateTable('auditMeetings').set({ createdBy: null }).where('createdBy', '=', personId).execute()
}
