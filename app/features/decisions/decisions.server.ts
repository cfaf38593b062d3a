import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { Db } from '~db/connection'
import type { Database, Decision, DecisionKind } from '~db/schema'
import { findDecision, listDecisions, listStanceHistory, nextStanceSeq } from '~db/queries/decisions'
import { listCurrentMembers } from '~db/queries/groups'
import { requireMember } from '~/features/groups/membership.server'
import { applyConclude, applyNextCycle, applyPhaseChange, revealBlindRound } from '~/features/inquiries/cycles.server'
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
    case 'general':
      return true
  }
}

/**
 * Takes or changes a stance, then applies the decision rule; a decision that passes
 * takes effect in the same transaction, so a phase never moves without its decision.
 */
export async function takeStance(db: Db, user: SessionUser, decisionId: string, input: z.infer<typeof StanceSchema>) {
  return db.transaction().execute(async (trx) => {
    const decision = await getDecisionForMember(trx, user, decisionId)
    if (decision.status !== 'open') throw new DomainError('conflict', 'This decision is closed; stances can no longer change.')
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
    const members = await listCurrentMembers(trx, decision.groupId)
    const latest = currentStances(await listStanceHistory(trx, decisionId), new Set(members.map((m) => m.personId)))
    const rule = DecisionRuleSchema.parse(JSON.parse(decision.ruleJson))
    const outcome = evaluateDecision(rule, members.length, [...latest.values()].map((s) => s.stance as StanceValue))
    if (outcome.status === 'open') return outcome
    let status: Decision['status'] = outcome.status
    let note = outcome.explanation
    if (status === 'passed' && !(await applyEffect(trx, decision))) {
      status = 'superseded'
      note = 'Passed, but the inquiry had already moved on, so it took no effect.'
    }
    await trx.updateTable('decisions').set({ status, closedAt: nowIso(), outcomeNote: note }).where('id', '=', decisionId).execute()
    return { ...outcome, status }
  })
}

export async function withdrawDecision(db: Db, user: SessionUser, decisionId: string) {
  await db.transaction().execute(async (trx) => {
    const decision = await getDecisionForMember(trx, user, decisionId)
    if (decision.proposedBy !== user.id) throw new DomainError('forbidden', 'Only the person who proposed this can withdraw it.')
    if (decision.status !== 'open') throw new DomainError('conflict', 'This decision is already closed.')
    await trx
      .updateTable('decisions')
      .set({ status: 'withdrawn', closedAt: nowIso(), outcomeNote: 'Withdrawn by the proposer.' })
      .where('id', '=', decisionId)
      .execute()
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
  const evaluation = evaluateDecision(rule, members.length, [...latest.values()].map((s) => s.stance as StanceValue))
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
    myStance: (latest.get(user.id)?.stance ?? null) as StanceValue | null,
    myReason: latest.get(user.id)?.reason ?? null,
  }
}

export async function listGroupDecisions(db: Db, user: SessionUser, groupId: string) {
  await requireMember(db, user.id, groupId)
  return listDecisions(db, { groupId })
}
