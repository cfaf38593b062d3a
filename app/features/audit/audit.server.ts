import type { Kysely } from 'kysely'
import type { Database } from '~db/schema'
import { newId, nowIso } from '~/utils/ids.server'

export type AuditKind =
  | 'signup' | 'login' | 'login_failed' | 'login_rate_limited' | 'logout' | 'password_changed'
  | 'group_created' | 'invitation_created' | 'invitation_revoked' | 'member_joined' | 'member_left'
  | 'facilitator_changed' | 'demo_seeded' | 'consent_given' | 'consent_withdrawn' | 'consent_changed' | 'pair_ended'
  | 'exported' | 'imported'

/** Security- and consent-relevant events (DESIGN §3). Details never hold passwords or record text. */
export async function recordAudit(
  db: Kysely<Database>,
  event: { kind: AuditKind; personId?: string | null; groupId?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('auditEvents')
    .values({
      id: newId(),
      kind: event.kind,
      personId: event.personId ?? null,
      groupId: event.groupId ?? null,
      detailJson: JSON.stringify(event.detail ?? {}),
      createdAt: nowIso(),
    })
    .execute()
}
