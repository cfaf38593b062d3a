import type { Executor } from '~db/connection'
import { insertAuditEvent, listGroupAuditEvents, listPersonAuditEvents } from '~db/queries/audit'
import { cycleRange } from '~/utils/format'
import { newId, nowIso } from '~/utils/ids.server'

type AuditKind =
  | 'signup'
  | 'login'
  | 'login_failed'
  | 'login_rate_limited'
  | 'logout'
  | 'password_changed'
  | 'password_reset_requested'
  | 'password_reset'
  | 'group_created'
  | 'invitation_created'
  | 'invitation_revoked'
  | 'member_joined'
  | 'member_left'
  | 'facilitator_changed'
  | 'demo_seeded'
  | 'consent_given'
  | 'consent_withdrawn'
  | 'consent_changed'
  | 'pair_ended'
  | 'exported'
  | 'imported'
  | 'withdrew'
  | 'account_deleted'
  | 'ratings_revealed'
  | 'findings_published'

/** Security- and consent-relevant events (docs/design.md §3). Details never hold passwords or record text. */
export async function recordAudit(
  db: Executor,
  event: { kind: AuditKind; personId?: string | null; groupId?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await insertAuditEvent(db, {
    id: newId(),
    kind: event.kind,
    personId: event.personId ?? null,
    groupId: event.groupId ?? null,
    detailJson: JSON.stringify(event.detail ?? {}),
    createdAt: nowIso(),
  })
}

type Row = { kind: string; createdAt: string; detailJson: string; displayName: string | null; isMe: boolean }

const PERSONAL: Partial<Record<AuditKind, string>> = {
  signup: 'created the account',
  login: 'logged in',
  login_failed: 'a log-in failed (wrong password)',
  logout: 'logged out',
  password_changed: 'changed the password (other sessions ended)',
  consent_changed: 'changed what may be exported',
  consent_given: 'consented to the principles of the work',
  consent_withdrawn: 'withdrew consent to the principles of the work',
}

/** One plain sentence per event; never any record text (audit details never hold it). */
function describeEvent(row: Row): string {
  const who = row.isMe ? 'You' : (row.displayName ?? 'Someone')
  const detail = JSON.parse(row.detailJson) as Record<string, unknown>
  switch (row.kind) {
    case 'group_created':
      return `${who} started the group.`
    case 'member_joined':
      return `${who} joined.`
    case 'member_left':
      return `${who} left the group.`
    case 'withdrew':
      return `${who} withdrew from the research; what they had recorded, rated and said was deleted.`
    case 'facilitator_changed':
      return detail.to ? `${who} handed on or took up the facilitator role.` : `${who} laid down the facilitator role.`
    case 'invitation_created':
      return `${who} made an invitation link.`
    case 'invitation_revoked':
      return `${who} withdrew an invitation link.`
    case 'exported':
      return `${who} exported ${String(detail.format ?? '')} (${String(detail.scope ?? '')})${detail.via ? ' from the command line' : ''}.`
    case 'imported':
      return `${who} imported this inquiry from an archive.`
    case 'ratings_revealed':
      return `The blind ratings of cycle ${String(detail.cycle ?? '')} were revealed.`
    case 'findings_published':
      return `The group agreed to publish the findings of ${cycleRange(1, Number(detail.throughCycle) || 1)}.`
    case 'consent_changed':
      return detail.exportName ? `${who} chose how exports name them.` : `${who} changed what may be quoted of one of their records.`
    case 'pair_ended':
      return `${who} ended the work of the pair.`
    case 'demo_seeded':
      return 'The demo was created.'
    default:
      return `${who}: ${PERSONAL[row.kind as AuditKind] ?? row.kind.replace(/_/g, ' ')}.`
  }
}

/** The group's own events, for its members (docs/design.md §5: the audit log keeps that things happened). */
export async function listGroupActivity(db: Executor, viewerId: string, groupId: string, limit = 100) {
  const rows = await listGroupAuditEvents(db, groupId, limit)
  return rows.map((r) => ({ at: r.createdAt, kind: r.kind, text: describeEvent({ ...r, isMe: r.personId === viewerId }) }))
}

/** A person's own events: logins, failed logins, password and consent changes, their exports. */
export async function listMyActivity(db: Executor, personId: string, limit = 100) {
  const rows = await listPersonAuditEvents(db, personId, limit)
  return rows.map((r) => ({ at: r.createdAt, kind: r.kind, text: describeEvent({ ...r, displayName: null, isMe: true }) }))
}
