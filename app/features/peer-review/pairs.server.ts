import { DecisionRuleSchema } from '~/features/decisions/decision-rule.schema'
import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { recordAudit } from '~/features/audit/audit.server'
import { propose } from '~/features/decisions/decisions.server'
import { requireMember } from '~/features/membership/membership.server'
import { findTemplate } from '~/features/templates/templates.server'
import { DomainError, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { involvement, type PeerReviewForInvolvement } from './core/involvement'
import type { CadenceSchema, PrinciplesSchema } from './peer-review.schema'
import { findOpenDecision } from '~db/queries/decisions'
import {
  findLatestConsent,
  findLatestPrinciples,
  findPairSettings,
  getPairSettings,
  insertConsent,
  insertPairSettings,
  insertPrincipleVersion,
  listClosedPeerReviews,
  listClosedReviewAgendaItems,
  listPeerReviews,
  listPrincipleVersions,
  updateConsentWithdrawn,
  updatePairSettings,
} from '~db/queries/peer-reviews'

export const PAIR_TEMPLATE = 'client-practitioner-peer-review'
const DEFAULT_CADENCE_DAYS = 28

/** A pair starts with the stated principles of its template (version 1) and a four-weekly cadence. */
export async function ensurePairSetup(trx: Executor, groupId: string) {
  if (await findPairSettings(trx, groupId)) return
  const now = nowIso()
  await insertPairSettings(trx, {
    groupId,
    cadenceDays: DEFAULT_CADENCE_DAYS,
    nextReviewOn: null,
    status: 'active',
    statusNote: null,
    updatedAt: now,
  })
  if (!(await findLatestPrinciples(trx, groupId))) {
    await insertPrincipleVersion(trx, {
      id: newId(),
      groupId,
      version: 1,
      principlesJson: JSON.stringify(findTemplate(PAIR_TEMPLATE)?.principles ?? []),
      summary: 'The principles of the work as the pair began.',
      decisionId: null,
      createdAt: now,
    })
  }
}

/** The pair, its two people and the caller's role; anyone else gets "not found". */
export async function requirePair(db: Executor, user: SessionUser, groupId: string) {
  const me = await requireMember(db, user.id, groupId)
  const group = await findGroup(db, groupId)
  if (!group) throw notFound()
  if (group.kind !== 'pair' || !me.pairRole) throw notFound('This pair')
  const members = await listCurrentMembers(db, groupId)
  const client = members.find((m) => m.pairRole === 'client') ?? null
  const practitioner = members.find((m) => m.pairRole === 'practitioner') ?? null
  return { group, role: me.pairRole, client, practitioner }
}

/** Consent counts only for the principles as they are now, and only until it is withdrawn. */
export async function consentState(db: Executor, groupId: string, clientId: string | null) {
  const latest = await findLatestPrinciples(db, groupId)
  const consent = clientId ? await findLatestConsent(db, groupId, clientId) : undefined
  const version = latest?.version ?? 0
  const current = Boolean(consent && !consent.withdrawnAt && consent.principlesVersion === version)
  const reason = current
    ? null
    : !clientId
      ? 'The pair has no client yet.'
      : !consent
        ? 'The client has not yet consented to the principles of the work.'
        : consent.withdrawnAt
          ? 'The client has withdrawn consent; the work is paused until the client consents again.'
          : 'The principles were amended; the client’s fresh consent is needed before the next review.'
  return { current, reason, version, consent: consent ?? null }
}

export async function requireCurrentConsent(db: Executor, groupId: string, clientId: string | null) {
  const state = await consentState(db, groupId, clientId)
  if (!state.current) throw new DomainError('conflict', state.reason ?? 'The client’s consent is needed.')
}

export async function getPairPage(db: Db, user: SessionUser, groupId: string) {
  const pair = await requirePair(db, user, groupId)
  await db.transaction().execute((trx) => ensurePairSetup(trx, groupId))
  const [settings, versions, consent, reviews, openAmendment] = await Promise.all([
    getPairSettings(db, groupId),
    listPrincipleVersions(db, groupId),
    consentState(db, groupId, pair.client?.personId ?? null),
    listPeerReviews(db, groupId),
    findOpenDecision(db, 'amend_principles', { groupId: groupId }),
  ])
  const current = versions[0]!
  return {
    group: { id: pair.group.id, name: pair.group.name },
    role: pair.role,
    client: pair.client ? { name: pair.client.displayName } : null,
    practitioner: pair.practitioner ? { name: pair.practitioner.displayName } : null,
    principles: { version: current.version, items: JSON.parse(current.principlesJson) as string[], since: current.createdAt },
    versions: versions.map((v) => ({ version: v.version, summary: v.summary, createdAt: v.createdAt, decisionId: v.decisionId })),
    consent,
    settings: {
      cadenceDays: settings.cadenceDays,
      nextReviewOn: settings.nextReviewOn,
      status: settings.status,
      statusNote: settings.statusNote,
    },
    reviews,
    openPeerReviewId: reviews.find((r) => r.status === 'open')?.id ?? null,
    openAmendmentId: openAmendment?.id ?? null,
    involvement: await involvementOf(db, groupId, pair.client?.personId ?? null),
  }
}

async function involvementOf(db: Db, groupId: string, clientId: string | null) {
  const [reviews, items, decisions] = await Promise.all([
    listClosedPeerReviews(db, groupId),
    listClosedReviewAgendaItems(db, groupId),
    db.selectFrom('decisions').select(['proposedBy', 'createdAt']).where('groupId', '=', groupId).execute(),
  ])
  let since = ''
  const input: PeerReviewForInvolvement[] = reviews.map((r) => {
    const window = decisions.filter((d) => d.createdAt > since && d.createdAt <= (r.closedAt ?? ''))
    since = r.closedAt ?? since
    return {
      number: r.number,
      items: items.filter((i) => i.reviewId === r.id),
      decisions: { total: window.length, byClient: window.filter((d) => d.proposedBy === clientId).length },
    }
  })
  return involvement(input)
}

/** Only the client consents, to the principles as they stand now (who, when, which version is kept). */
export async function giveConsent(db: Db, user: SessionUser, groupId: string) {
  await db.transaction().execute(async (trx) => {
    const pair = await requirePair(trx, user, groupId)
    if (pair.role !== 'client') throw new DomainError('forbidden', 'Only the client gives consent to the principles of the work.')
    await ensurePairSetup(trx, groupId)
    const state = await consentState(trx, groupId, user.id)
    if (state.current) throw new DomainError('conflict', 'You have already consented to these principles.')
    await insertConsent(trx, {
      id: newId(),
      groupId,
      personId: user.id,
      principlesVersion: state.version,
      consentedAt: nowIso(),
      withdrawnAt: null,
    })
    await recordAudit(trx, { kind: 'consent_given', personId: user.id, groupId, detail: { principlesVersion: state.version } })
  })
}

/** The client can withdraw consent at any time; the pair's work pauses until it is given again. */
export async function withdrawConsent(db: Db, user: SessionUser, groupId: string) {
  await db.transaction().execute(async (trx) => {
    const pair = await requirePair(trx, user, groupId)
    if (pair.role !== 'client') throw new DomainError('forbidden', 'Only the client can withdraw consent.')
    const withdrawn = await updateConsentWithdrawn(trx, groupId, user.id, nowIso())
    if (withdrawn === 0) throw new DomainError('conflict', 'There is no consent to withdraw.')
    await recordAudit(trx, { kind: 'consent_withdrawn', personId: user.id, groupId })
  })
}

export async function setCadence(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof CadenceSchema>) {
  await db.transaction().execute(async (trx) => {
    await requirePair(trx, user, groupId)
    await ensurePairSetup(trx, groupId)
    await updatePairSettings(trx, groupId, {
      cadenceDays: input.cadenceDays,
      nextReviewOn: input.nextReviewOn || null,
      updatedAt: nowIso(),
    })
  })
}

/** The pair amends its principles by a decision of both; the client's fresh consent is then needed. */
export async function proposePrinciples(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof PrinciplesSchema>) {
  return db.transaction().execute(async (trx) => {
    await requirePair(trx, user, groupId)
    await ensurePairSetup(trx, groupId)
    const principles = input.principles
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
    if (principles.length === 0) throw new DomainError('bad_request', 'Write at least one principle.', 'principles')
    const open = await findOpenDecision(trx, 'amend_principles', { groupId: groupId })
    if (open) throw new DomainError('conflict', 'A proposal to amend the principles is already open.')
    return propose(trx, user, {
      groupId,
      kind: 'amend_principles',
      title: 'Amend the principles of our work',
      body: `${input.summary}\n\n${principles.map((p) => `• ${p}`).join('\n')}`,
      payload: { principles, summary: input.summary },
      rule: DecisionRuleSchema.parse({ quorum: 1 }),
    })
  })
}
