import { createHmac, randomInt } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { Db } from '~db/connection'
import type { Database, Decision, DecisionKind } from '~db/schema'
import { findDecision, listDecisions, listStanceHistory, nextStanceSeq } from '~db/queries/decisions'
import { listCurrentMembers } from '~db/queries/groups'
import { requireMember } from '~/features/groups/membership.server'
import { applyConclude, applyNextCycle, applyPhaseChange, revealBlindRound } from '~/features/inquiries/cycles.server'
import { applyPublish } from '~/features/exports/publish.server'
import { applyPrinciplesAmendment } from '~/features/peer-review/effects.server'
import { applyAdoptReview, applyDevilsAdvocate, applyTemplateAmendment } from '~/features/validity/effects.server'
import { getEnv } from '~/utils/env.server'
import { instanceSecret } from '~/utils/session.server'
import { DecisionRuleSchema, type DecisionRule } from '~/features/templates/template.schema'
import { DomainError, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { evaluateDecision, type StanceValue } from './core/rule'
import { PayloadSchemas, type StanceSchema } from './decisions.schema'

type Executor = Kysely<Database>

export const DEFAULT_RULE: DecisionRule = DecisionRuleSchema.parse({})

export type Proposal<K extends DecisionKind = DecisionKind> = {
  groupId: string
  inquiryId?: string | null
  cycleId?: string | null
  kind: K
  title: string
  body: string
  payload: z.infer<(typeof PayloadSchemas)[K]>
  rule: DecisionRule
}

/** Records a proposal. Callers check their own domain rules first; membership is checked here. */
export async function propose(trx: Executor, user: SessionUser, proposal: Proposal): Promise<string> {
  await requireMember(trx, user.id, proposal.groupId)
  const id = newId()
  await trx
    .insertInto('decisions')
    .values({
      id,
      groupId: proposal.groupId,
      inquiryId: proposal.inquiryId ?? null,
      cycleId: proposal.cycleId ?? null,
      kind: proposal.kind,
      title: proposal.title,
      body: proposal.body,
      payloadJson: JSON.stringify(PayloadSchemas[proposal.kind].parse(proposal.payload)),
      ruleJson: JSON.stringify(proposal.rule),
      status: 'open',
      proposedBy: user.id,
      createdAt: nowIso(),
      closedAt: null,
      outcomeNote: null,
      anonymousJson: '[]',
    })
    .execute()
  return id
}

async function getDecisionForMember(db: Executor, user: SessionUser, decisionId: string): Promise<Decision> {
  const decision = await findDecision(db, decisionId)
  if (!decision) throw notFound('This decision')
  await requireMember(db, user.id, decision.groupId)
  return decision
}

/** The latest stance of each current member; stances of people who left no longer count. */
function currentStances(history: Awaited<ReturnType<typeof listStanceHistory>>, memberIds: Set<string>) {
  const latest = new Map<string, (typeof history)[number]>()
  for (const row of history) if (memberIds.has(row.personId)) latest.set(row.personId, row)
  return latest
}

/** What a decision does when it passes; returns false when the world moved on (e.g. the phase already changed). */
async function applyEffect(trx: Executor, decision: Decision): Promise<boolean> {
  const payload: unknown = JSON.parse(decision.payloadJson)
  const inquiryId = decision.inquiryId
  switch (decision.kind) {
    case 'phase_change':
      return inquiryId ? applyPhaseChange(trx, inquiryId, PayloadSchemas.phase_change.parse(payload)) : false
    case 'next_cycle':
      return inquiryId ? applyNextCycle(trx, inquiryId, PayloadSchemas.next_cycle.parse(payload), decision.id) : false
    case 'conclude':
      return inquiryId ? applyConclude(trx, inquiryId, decision.id) : false
    case 'focus': {
      const { cycleId, focus } = PayloadSchemas.focus.parse(payload)
      await trx.updateTable('cycles').set({ focus }).where('id', '=', cycleId).execute()
      return true
    }
    case 'ground_rules': {
      const { groundRules } = PayloadSchemas.ground_rules.parse(payload)
      await trx.updateTable('groups').set({ groundRules }).where('id', '=', decision.groupId).execute()
      return true
    }
    case 'reveal_ratings':
      return revealBlindRound(trx, PayloadSchemas.reveal_ratings.parse(payload).cycleId)
    case 'adopt_review':
      return applyAdoptReview(trx, PayloadSchemas.adopt_review.parse(payload).cycleId)
    case 'devils_advocate': {
      const { cycleId, personId } = PayloadSchemas.devils_advocate.parse(payload)
      return applyDevilsAdvocate(trx, cycleId, personId)
    }
    case 'amend_template':
      return inquiryId ? applyTemplateAmendment(trx, inquiryId, decision.id, PayloadSchemas.amend_template.parse(payload)) : false
    case 'amend_principles':
      return applyPrinciplesAmendment(trx, decision.groupId, decision.id, PayloadSchemas.amend_principles.parse(payload))
    case 'publish_findings':
      return inquiryId ? applyPublish(trx, inquiryId, PayloadSchemas.publish_findings.parse(payload).throughCycle) : false
    case 'general':
      return true
  }
}

type AnonymousStance = { stance: 'disagree' | 'block'; reason: string | null }

function anonymousStances(decision: Pick<Decision, 'anonymousJson'>): AnonymousStance[] {
  return JSON.parse(decision.anonymousJson) as AnonymousStance[]
}

/**
 * The ballot hash that stops one person casting two anonymous stances. It is keyed by an
 * instance secret kept outside the database, and the ballots are deleted when the decision
 * closes, so the database holds no link from an anonymous stance to its author.
 */
function ballotHash(decisionId: string, personId: string): string {
  return createHmac('sha256', instanceSecret('ballot-key', getEnv().BALLOT_KEY)).update(`${decisionId}:${personId}`).digest('base64url')
}

async function hasBallot(trx: Executor, decisionId: string, personId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('anonymousBallots')
    .select('voterHash')
    .where('decisionId', '=', decisionId)
    .where('voterHash', '=', ballotHash(decisionId, personId))
    .executeTakeFirst()
  return row !== undefined
}

/** Fisher–Yates with crypto randomness: the stored order says nothing about who came when. */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1)
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

/** Closes a decision; its anonymous ballots are no longer needed and are deleted. */
export async function closeDecision(trx: Executor, decisionId: string, status: Decision['status'], note: string) {
  await trx.updateTable('decisions').set({ status, closedAt: nowIso(), outcomeNote: note }).where('id', '=', decisionId).execute()
  await trx.deleteFrom('anonymousBallots').where('decisionId', '=', decisionId).execute()
}

async function evaluate(trx: Executor, decision: Decision) {
  const members = await listCurrentMembers(trx, decision.groupId)
  const latest = currentStances(await listStanceHistory(trx, decision.id), new Set(members.map((m) => m.personId)))
  const rule = DecisionRuleSchema.parse(JSON.parse(decision.ruleJson))
  const stances = [...[...latest.values()].map((s) => s.stance as StanceValue), ...anonymousStances(decision).map((a) => a.stance)]
  return { members, latest, rule, outcome: evaluateDecision(rule, members.length, stances) }
}

/**
 * Takes or changes a stance, then applies the decision rule; a decision that passes
 * takes effect in the same transaction, so a phase never moves without its decision.
 */
export async function takeStance(db: Db, user: SessionUser, decisionId: string, input: z.infer<typeof StanceSchema>) {
  return db.transaction().execute(async (trx) => {
    let decision = await getDecisionForMember(trx, user, decisionId)
    if (decision.status !== 'open') throw new DomainError('conflict', 'This decision is closed; stances can no longer change.')
    if (await hasBallot(trx, decisionId, user.id)) {
      throw new DomainError('conflict', 'You took an anonymous stance on this decision; it stands as given and cannot be changed.')
    }
    if (input.anonymous === 'on') {
      const rule = DecisionRuleSchema.parse(JSON.parse(decision.ruleJson))
      if (!rule.allowAnonymousDissent) throw new DomainError('bad_request', 'This inquiry does not allow anonymous stances.', 'anonymous')
      if (input.stance !== 'disagree' && input.stance !== 'block') {
        throw new DomainError('bad_request', 'Only disagree and block can be given anonymously.', 'anonymous')
      }
      const named = await trx.selectFrom('stances').select('id').where('decisionId', '=', decisionId).where('personId', '=', user.id).executeTakeFirst()
      if (named) throw new DomainError('conflict', 'You have already taken a named stance on this decision; change that instead.')
      await trx.insertInto('anonymousBallots').values({ decisionId, voterHash: ballotHash(decisionId, user.id) }).execute()
      const anonymousJson = JSON.stringify(shuffled([...anonymousStances(decision), { stance: input.stance, reason: input.reason }]))
      await trx.updateTable('decisions').set({ anonymousJson }).where('id', '=', decisionId).execute()
      decision = { ...decision, anonymousJson }
    } else {
      await trx
        .insertInto('stances')
        .values({
          id: newId(),
          decisionId,
          personId: user.id,
          stance: input.stance,
          reason: input.reason,
          createdAt: nowIso(),
          seq: await nextStanceSeq(trx, decisionId, user.id),
        })
        .execute()
    }
    const { outcome } = await evaluate(trx, decision)
    if (outcome.status === 'open') return outcome
    let status: Decision['status'] = outcome.status
    let note = outcome.explanation
    if (status === 'passed' && !(await applyEffect(trx, decision))) {
      status = 'superseded'
      note = 'Passed, but the inquiry had already moved on, so it took no effect.'
    }
    await closeDecision(trx, decisionId, status, note)
    return { ...outcome, status }
  })
}

export async function withdrawDecision(db: Db, user: SessionUser, decisionId: string) {
  await db.transaction().execute(async (trx) => {
    const decision = await getDecisionForMember(trx, user, decisionId)
    if (decision.proposedBy !== user.id) throw new DomainError('forbidden', 'Only the person who proposed this can withdraw it.')
    if (decision.status !== 'open') throw new DomainError('conflict', 'This decision is already closed.')
    await closeDecision(trx, decisionId, 'withdrawn', 'Withdrawn by the proposer.')
  })
}

export async function getDecisionView(db: Db, user: SessionUser, decisionId: string) {
  const decision = await getDecisionForMember(db, user, decisionId)
  const [members, history, proposer] = await Promise.all([
    listCurrentMembers(db, decision.groupId),
    listStanceHistory(db, decisionId),
    db.selectFrom('people').select('displayName').where('id', '=', decision.proposedBy).executeTakeFirst(),
  ])
  const memberIds = new Set(members.map((m) => m.personId))
  const latest = currentStances(history, memberIds)
  const rule = DecisionRuleSchema.parse(JSON.parse(decision.ruleJson))
  const anonymous = anonymousStances(decision)
  const evaluation = evaluateDecision(rule, members.length, [
    ...[...latest.values()].map((s) => s.stance as StanceValue),
    ...anonymous.map((a) => a.stance),
  ])
  return {
    decision: {
      id: decision.id,
      groupId: decision.groupId,
      inquiryId: decision.inquiryId,
      kind: decision.kind,
      title: decision.title,
      body: decision.body,
      status: decision.status,
      createdAt: decision.createdAt,
      closedAt: decision.closedAt,
      outcomeNote: decision.outcomeNote,
      proposedBy: proposer?.displayName ?? 'A former member',
      isMine: decision.proposedBy === user.id,
    },
    rule,
    evaluation: decision.status === 'open' ? evaluation : null,
    stances: members.map((m) => {
      const own = history.filter((h) => h.personId === m.personId)
      const now = latest.get(m.personId)
      return {
        personId: m.personId,
        displayName: m.displayName,
        stance: (now?.stance ?? null) as StanceValue | null,
        reason: now?.reason ?? null,
        at: now?.createdAt ?? null,
        earlier: own.slice(0, -1).map((h) => ({ stance: h.stance as StanceValue, reason: h.reason, at: h.createdAt })),
      }
    }),
    anonymous: {
      allowed: rule.allowAnonymousDissent,
      disagree: anonymous.filter((a) => a.stance === 'disagree').length,
      block: anonymous.filter((a) => a.stance === 'block').length,
      reasons: anonymous.flatMap((a) => (a.reason ? [{ stance: a.stance, reason: a.reason }] : [])),
    },
    myAnonymous: decision.status === 'open' ? await hasBallot(db, decision.id, user.id) : false,
    myStance: (latest.get(user.id)?.stance ?? null) as StanceValue | null,
    myReason: latest.get(user.id)?.reason ?? null,
  }
}

export async function listGroupDecisions(db: Db, user: SessionUser, groupId: string) {
  await requireMember(db, user.id, groupId)
  return listDecisions(db, { groupId })
}
