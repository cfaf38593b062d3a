import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import type { ChallengeTargetKind } from '~db/schema'
import { visibleRecords } from '~db/queries/records'
import {
  countChallengesOfInquiry,
  findChallenge,
  insertChallenge,
  listChallengesOfInquiry,
  updateChallengeResolution,
  type ChallengeFilter,
} from '~db/queries/challenges'
import { listDecisionTitles } from '~db/queries/decisions'
import { listActiveThemesByName } from '~db/queries/themes'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { CONCLUDED_MESSAGE, findCurrentPhase } from '~/features/cycles/cycles.server'
import { DomainError, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import { offsetOf, pageOf } from '~/utils/paging'
import type { SessionUser } from '~/utils/session.server'
import type { NewChallengeSchema, ResolveChallengeSchema } from './challenges.schema'
import { noticeChallengeRaised } from '~/features/mail/notices.server'

function parseTarget(target: string): { kind: ChallengeTargetKind; id: string | null } {
  if (target === 'process') return { kind: 'process', id: null }
  const [kind, id] = target.split(':') as [ChallengeTargetKind, string]
  return { kind, id }
}

/** How a challenged record is named: its author and the start of its text. */
function recordLabel(record: { authorName: string; text: string }) {
  return `Record by ${record.authorName}: ${record.text.slice(0, 60)}${record.text.length > 60 ? '…' : ''}`
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
    await requireDescribedTarget(trx, user.id, inquiry, id)
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

/**
 * Refuses a challenge just written (in the raising transaction, which the refusal rolls back)
 * whose target the pages could not describe: checked by the describer the pages use, so what
 * can be raised and what is shown follow one set of rules.
 */
async function requireDescribedTarget(trx: Executor, viewerId: string, inquiry: { id: string; groupId: string }, challengeId: string) {
  const [target] = await targetsOf(trx, viewerId, inquiry, await listChallengesOfInquiry(trx, inquiry.id, { id: challengeId }))
  if (!target) {
    throw new DomainError('bad_request', 'Choose a theme, a shared record or a decision of this inquiry, or the group’s process.', 'target')
  }
}

type ChallengeRow = Awaited<ReturnType<typeof listChallengesOfInquiry>>[number]
type Target = { label: string; path: string | null }

const NO_LONGER_SHOWN: Target = { label: 'Something no longer shown', path: null }

/**
 * Each challenge's target as the pages describe it, or null where it is not something the
 * group can see (or no longer is): a theme of this inquiry, a shared record, a decision of this
 * group and inquiry, or the process. The theme's name and the decision's title come with the
 * rows (listChallengesOfInquiry joins only the inquiry's own), and the shared records among the
 * targets are read in one query, however many challenges there are.
 */
async function targetsOf(db: Executor, viewerId: string, inquiry: { id: string; groupId: string }, rows: ChallengeRow[]) {
  const recordIds = [...new Set(rows.filter((r) => r.targetKind === 'record' && r.targetId).map((r) => r.targetId!))]
  const records =
    recordIds.length === 0
      ? []
      : await visibleRecords(db, inquiry.id, viewerId)
          .where('records.id', 'in', recordIds)
          .where('records.visibility', '=', 'group')
          .execute()
  const recordOf = new Map(records.map((r) => [r.id, r]))
  return rows.map((r): Target | null => {
    switch (r.targetKind) {
      case 'process':
        return { label: "The group's process", path: null }
      case 'theme':
        return r.targetThemeName !== null
          ? { label: `Theme: ${r.targetThemeName}`, path: `/inquiries/${inquiry.id}/themes/${r.targetId}` }
          : null
      case 'record': {
        const record = recordOf.get(r.targetId ?? '')
        return record ? { label: recordLabel(record), path: `/inquiries/${inquiry.id}/records/${record.id}` } : null
      }
      case 'decision':
        return r.targetDecisionTitle !== null && r.targetDecisionGroupId === inquiry.groupId
          ? { label: `Decision: ${r.targetDecisionTitle}`, path: `/decisions/${r.targetId}` }
          : null
    }
  })
}

/** Challenges as the pages show them, each with its target described (targetsOf). */
async function describeChallenges(db: Executor, viewerId: string, inquiry: { id: string; groupId: string }, rows: ChallengeRow[]) {
  const targets = await targetsOf(db, viewerId, inquiry, rows)
  return rows.map((r, i) => ({
    id: r.id,
    targetKind: r.targetKind,
    targetId: r.targetId,
    hazard: r.hazard,
    text: r.text,
    resolution: r.resolution,
    resolutionText: r.resolutionText,
    resolvedAt: r.resolvedAt,
    createdAt: r.createdAt,
    raisedBy: r.raisedBy,
    raisedByName: r.raisedByName,
    resolvedByName: r.resolvedByName,
    cycleNumber: r.cycleNumber,
    isMine: r.raisedBy === viewerId,
    target: targets[i] ?? NO_LONGER_SHOWN,
  }))
}

/** Challenges of an inquiry (members only), newest first, each with its target described. */
export async function listChallenges(db: Executor, user: SessionUser, inquiryId: string, filter: Omit<ChallengeFilter, 'id'> = {}) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  return describeChallenges(db, user.id, inquiry, await listChallengesOfInquiry(db, inquiryId, filter))
}

/** One page of an inquiry's challenges (members only), newest first; `page` past the end shows page 1. */
export async function listChallengesPage(db: Db, user: SessionUser, inquiryId: string, page = 1) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const paging = pageOf(page, await countChallengesOfInquiry(db, inquiryId))
  const rows =
    paging.total === 0 ? [] : await listChallengesOfInquiry(db, inquiryId, {}, { limit: paging.pageSize, offset: offsetOf(paging) })
  const challenges = await describeChallenges(db, user.id, inquiry, rows)
  // What the list shows of each, and no more: the page carries its rows to the browser.
  return {
    paging,
    challenges: challenges.map((c) => ({
      id: c.id,
      hazard: c.hazard,
      text: c.text,
      target: c.target,
      raisedByName: c.raisedByName,
      createdAt: c.createdAt,
      cycleNumber: c.cycleNumber,
      resolution: c.resolution,
    })),
  }
}

export async function getChallenge(db: Db, user: SessionUser, inquiryId: string, challengeId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const [challenge] = await describeChallenges(db, user.id, inquiry, await listChallengesOfInquiry(db, inquiryId, { id: challengeId }))
  if (!challenge) throw notFound('This challenge')
  return challenge
}

/**
 * What can be challenged, for the form: the group's process, the inquiry's themes and its
 * decisions. A record is challenged from its own page ("Challenge this"), which comes here with
 * it chosen: `preselected` (a `record:<id>` target) adds that record when it is a shared record
 * the viewer can see, so the form does not list every record of the inquiry.
 */
export async function challengeTargets(db: Db, user: SessionUser, inquiryId: string, preselected?: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const recordId = preselected?.startsWith('record:') ? preselected.slice('record:'.length) : undefined
  const [themes, records, decisions] = await Promise.all([
    listActiveThemesByName(db, inquiryId),
    recordId
      ? visibleRecords(db, inquiryId, user.id).where('records.id', '=', recordId).where('records.visibility', '=', 'group').execute()
      : [],
    listDecisionTitles(db, inquiry.groupId, inquiryId),
  ])
  return [
    { value: 'process', label: "The group's process" },
    ...themes.map((t) => ({ value: `theme:${t.id}`, label: `Theme: ${t.name}` })),
    ...decisions.map((d) => ({ value: `decision:${d.id}`, label: `Decision: ${d.title}` })),
    ...records.map((r) => ({ value: `record:${r.id}`, label: recordLabel(r) })),
  ]
}
