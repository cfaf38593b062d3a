import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import type { ChallengeTargetKind } from '~db/schema'
import { visibleRecords } from '~db/queries/records'
import { findDecision } from '~db/queries/decisions'
import { findTheme } from '~db/queries/themes'
import { findChallenge, insertChallenge, listChallengesOfInquiry, updateChallengeResolution } from '~db/queries/challenges'
import { listDecisionTitles } from '~db/queries/decisions'
import { listActiveThemesByName } from '~db/queries/themes'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { CONCLUDED_MESSAGE, findCurrentPhase } from '~/features/cycles/cycles.server'
import { DomainError, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import type { NewChallengeSchema, ResolveChallengeSchema } from './challenges.schema'
import { noticeChallengeRaised } from '~/features/mail/notices.server'

function parseTarget(target: string): { kind: ChallengeTargetKind; id: string | null } {
  if (target === 'process') return { kind: 'process', id: null }
  const [kind, id] = target.split(':') as [ChallengeTargetKind, string]
  return { kind, id }
}

/** A challenge's target must be something the group can see: a theme, a shared record, a decision of the group. */
async function describeTarget(
  db: Executor,
  viewerId: string,
  inquiry: { id: string; groupId: string },
  kind: ChallengeTargetKind,
  id: string | null,
) {
  switch (kind) {
    case 'process':
      return { label: "The group's process", path: null }
    case 'theme': {
      const found = await findTheme(db, id!)
      const theme = found?.inquiryId === inquiry.id ? found : undefined
      return theme ? { label: `Theme: ${theme.name}`, path: `/inquiries/${inquiry.id}/themes/${theme.id}` } : null
    }
    case 'record': {
      const record = await visibleRecords(db, inquiry.id, viewerId)
        .where('records.id', '=', id!)
        .where('records.visibility', '=', 'group')
        .executeTakeFirst()
      return record
        ? {
            label: `Record by ${record.authorName}: ${record.text.slice(0, 60)}${record.text.length > 60 ? '…' : ''}`,
            path: `/inquiries/${inquiry.id}/records/${record.id}`,
          }
        : null
    }
    case 'decision': {
      const found = await findDecision(db, id!)
      const decision = found?.groupId === inquiry.groupId && found.inquiryId === inquiry.id ? found : undefined
      return decision ? { label: `Decision: ${decision.title}`, path: `/decisions/${decision.id}` } : null
    }
  }
}

/** Why no challenge can be raised in the inquiry now (it has concluded: a challenge belongs to a running cycle); null while it runs. */
function raiseBlockOf(inquiry: { status: string }): string | null {
  return inquiry.status === 'concluded' ? CONCLUDED_MESSAGE : null
}

/** The challenges page shows this in place of its form; raising a challenge refuses with it. */
export async function raiseBlock(db: Db, user: SessionUser, inquiryId: string): Promise<string | null> {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  return raiseBlockOf(inquiry)
}

/** Any member can raise a challenge at any time while the inquiry runs (devil's advocate). */
export async function raiseChallenge(db: Db, user: SessionUser, inquiryId: string, input: z.infer<typeof NewChallengeSchema>) {
  return db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    const block = raiseBlockOf(inquiry)
    if (block) throw new DomainError('conflict', block)
    const target = parseTarget(input.target)
    if (!(await describeTarget(trx, user.id, inquiry, target.kind, target.id))) {
      throw new DomainError(
        'bad_request',
        'Choose a theme, a shared record or a decision of this inquiry, or the group’s process.',
        'target',
      )
    }
    const current = await findCurrentPhase(trx, inquiryId)
    if (!current) throw new DomainError('conflict', 'This inquiry has no current cycle.')
    const id = newId()
    await insertChallenge(trx, {
      id,
      inquiryId,
      cycleId: current.cycleId,
      raisedBy: user.id,
      targetKind: target.kind,
      targetId: target.id,
      hazard: input.hazard,
      text: input.text,
      resolution: null,
      resolutionText: null,
      resolvedBy: null,
      resolvedAt: null,
      createdAt: nowIso(),
    })
    await noticeChallengeRaised(trx, inquiryId, id)
    return id
  })
}

/**
 * The raiser resolves their challenge as revised, answered or left open; anyone else may
 * only answer it. A challenge is never deleted, and an answer, once given, stands.
 */
export async function resolveChallenge(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  challengeId: string,
  input: z.infer<typeof ResolveChallengeSchema>,
) {
  await db.transaction().execute(async (trx) => {
    await requireInquiryMember(trx, user.id, inquiryId)
    const challenge = await findChallenge(trx, inquiryId, challengeId)
    if (!challenge) throw notFound('This challenge')
    if (challenge.resolution === 'revised' || challenge.resolution === 'answered') {
      throw new DomainError('conflict', 'This challenge has already been resolved.')
    }
    if (challenge.raisedBy !== user.id && input.resolution !== 'answered') {
      throw new DomainError(
        'forbidden',
        'Only the person who raised a challenge can mark it revised or left open; you can answer it.',
        'resolution',
      )
    }
    if (input.resolution !== 'left_open' && input.resolutionText.length < 5) {
      throw new DomainError('bad_request', input.resolution === 'revised' ? 'Say what changed.' : 'Write the answer.', 'resolutionText')
    }
    await updateChallengeResolution(trx, challengeId, {
      resolution: input.resolution,
      resolutionText: input.resolutionText || null,
      resolvedBy: user.id,
      resolvedAt: nowIso(),
    })
  })
}

type ChallengeFilter = { cycleId?: string; target?: { kind: ChallengeTargetKind; id: string } }

/** Challenges of an inquiry (members only), newest first, each with its target described. */
export async function listChallenges(db: Executor, user: SessionUser, inquiryId: string, filter: ChallengeFilter = {}) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const rows = await listChallengesOfInquiry(db, inquiryId, filter)
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      isMine: r.raisedBy === user.id,
      target: (await describeTarget(db, user.id, inquiry, r.targetKind, r.targetId)) ?? { label: 'Something no longer shown', path: null },
    })),
  )
}

export async function getChallenge(db: Db, user: SessionUser, inquiryId: string, challengeId: string) {
  const [challenge] = (await listChallenges(db, user, inquiryId)).filter((c) => c.id === challengeId)
  if (!challenge) throw notFound('This challenge')
  return challenge
}

/** What can be challenged, for the form: themes, shared records and decisions of this inquiry. */
export async function challengeTargets(db: Db, user: SessionUser, inquiryId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const [themes, records, decisions] = await Promise.all([
    listActiveThemesByName(db, inquiryId),
    visibleRecords(db, inquiryId, user.id)
      .where('records.visibility', '=', 'group')
      .orderBy('records.occurredAt', 'desc')
      .limit(200)
      .execute(),
    listDecisionTitles(db, inquiry.groupId, inquiryId),
  ])
  return [
    { value: 'process', label: "The group's process" },
    ...themes.map((t) => ({ value: `theme:${t.id}`, label: `Theme: ${t.name}` })),
    ...decisions.map((d) => ({ value: `decision:${d.id}`, label: `Decision: ${d.title}` })),
    ...records.map((r) => ({
      value: `record:${r.id}`,
      label: `Record by ${r.authorName}: ${r.text.slice(0, 60)}${r.text.length > 60 ? '…' : ''}`,
    })),
  ]
}
