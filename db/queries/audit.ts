import type { Executor } from '../connection'
import type { Database } from '../schema'

export async function insertAuditEvent(db: Executor, event: Database['auditEvents']) {
  await db.insertInto('auditEvents').values(event).execute()
}

/**
 * A group's events, newest first, as its members see them: a member's export consent is their
 * own business, so it shows in their activity, not the group's.
 */
export function listGroupAuditEvents(db: Executor, groupId: string, limit: number) {
  return db
    .selectFrom('auditEvents')
    .leftJoin('people', 'people.id', 'auditEvents.personId')
    .select(['auditEvents.kind', 'auditEvents.createdAt', 'auditEvents.detailJson', 'auditEvents.personId', 'people.displayName'])
    .where('auditEvents.groupId', '=', groupId)
    .where('auditEvents.kind', '!=', 'consent_changed')
    .orderBy('auditEvents.createdAt', 'desc')
    .orderBy('auditEvents.id', 'desc')
    .limit(limit)
    .execute()
}

/** A person's own events, newest first. */
export function listPersonAuditEvents(db: Executor, personId: string, limit: number) {
  return db
    .selectFrom('auditEvents')
    .select(['kind', 'createdAt', 'detailJson'])
    .where('personId', '=', personId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}
