import { AsyncLocalStorage } from 'node:async_hooks'
import type { Db, Executor } from '~db/connection'
import type { Decision, DecisionKind } from '~db/schema'
import {
  deleteAnonymousBallots,
  findDecision,
  insertDecision,
  listDecisions,
  listStanceHistory,
  updateDecisionsClosed,
} from '~db/queries/decisions'
import { listCurrentMembers } from '~db/queries/groups'
import { findInquiry } from '~db/queries/inquiries'
import { findPersonById } from '~db/queries/people'
import { requireMember } from '~/features/membership/membership.server'
import { DecisionRuleSchema, type DecisionRule } from '~/features/decisions/decision-rule.schema'
import { DomainError, notFound } from '~/utils/errors.server'
import { parseWith, type FormValues } from '~/utils/http.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { anonymityLimits, canonicalOrder, tooFewMessage } from './core/anonymity'
import { closingTimeProblem, defaultClosing, formatClosingTime, fromWallTime, knownTimeZone, limitsInWords } from './core/closing'
import { countingMembers, countStances, evaluateDecision, type StanceValue } from './core/rule'
import { AnonymousProposalSchema } from './decisions.schema'
import { applyDecisionEffect, parsePayload, type PayloadOf } from './registry.server'
import { anonymousStances, currentStances, hasBallot, outcomeOf, readTally } from './tally.server'
import { noticeDecisionAwaits } from '~/features/mail/notices.server'

// Proposing, closing and showing a Decision. Taking a stance is in stances.server.ts; what both
// read of a decision's stances (the tally, the ballots) is in tally.server.ts.

export const DEFAULT_RULE: DecisionRule = DecisionRuleSchema.parse({})

export type Proposal<K extends DecisionKind = DecisionKind> = {
  groupId: string
  inquiryId?: string | null
  cycleId?: string | null
  kind: K
  title: string
  body: string
  payload: PayloadOf<K>
  rule: DecisionRule
}

/**
 * The proposer's choice, from the proposal form, that stances on this one proposal are
 * anonymous. It travels beside the feature services that build proposals (they need not
 * know about it) and is read by `propose`, inside the same transaction.
 */
const proposalChoice = new AsyncLocalStorage<{ anonymous: boolean; closesAt?: string }>()

/** Runs a service that proposes a decision with the form's "stances on this proposal are anonymous" box. */
export function proposingWith<T>(values: FormValues, run: () => Promise<T>): Promise<T> {
  const { anonymousStances, closesAt } = parseWith(AnonymousProposalSchema, values)
  return proposalChoice.run({ anonymous: anonymousStances === 'on', closesAt }, run)
}

/** Whether stances on a decision made under this rule are anonymous: every one of them, not only dissent. */
export const isAnonymousRule = (rule: DecisionRule) => rule.allowAnonymousDissent

/**
 * What a proposal form in this inquiry offers: whether the group has already made every stance
 * in it anonymous (its copy of the template's rule), and whether the group is large enough for
 * a proposer to choose anonymity. Callers authorise first.
 */
export async function proposalAnonymity(db: Executor, inquiryId: string): Promise<ProposalAnonymity> {
  const row = await findInquiry(db, inquiryId)
  if (!row) return { inquiryAnonymous: false, possible: false, voters: 0, warning: null, closing: closingWords(DEFAULT_RULE) }
  const parsed = DecisionRuleSchema.safeParse((JSON.parse(row.templateJson) as { decisionRule?: unknown }).decisionRule ?? {})
  const voters = await countVoters(db, row.groupId)
  const limits = anonymityLimits(voters)
  return {
    inquiryAnonymous: parsed.success && isAnonymousRule(parsed.data),
    possible: !limits.tooFew,
    voters,
    warning: limits.warning,
    closing: closingWords(parsed.success ? parsed.data : DEFAULT_RULE),
  }
}

export type ProposalAnonymity = {
  inquiryAnonymous: boolean
  possible: boolean
  /** Members who can take a stance (placeholder seats do not). */
  voters: number
  /** What anonymity can hide in a group this size, when that needs saying. */
  warning: string | null
  /** The closing time's default and limits, in words, for the proposal form. */
  closing: string
}

function closingWords(rule: DecisionRule): string {
  const days = rule.closing.defaultHours % 24 === 0 ? `${rule.closing.defaultHours / 24} days` : `${rule.closing.defaultHours} hours`
  return `Left empty, it closes ${days} from now. You may choose a time ${limitsInWords(rule.closing)}, in your time zone (set on your account page).`
}

/** What a proposal form for the group as a whole offers (ground rules, a general proposal). Callers authorise first. */
export async function groupProposalAnonymity(db: Executor, groupId: string): Promise<ProposalAnonymity> {
  const voters = await countVoters(db, groupId)
  const limits = anonymityLimits(voters)
  return { inquiryAnonymous: false, possible: !limits.tooFew, voters, warning: limits.warning, closing: closingWords(DEFAULT_RULE) }
}

/** Members who can take a stance: current members without placeholder seats. */
async function countVoters(db: Executor, groupId: string): Promise<number> {
  return countingMembers(await listCurrentMembers(db, groupId)).length
}

/** Records a proposal. Callers check their own domain rules first; membership is checked here. */
export async function propose(trx: Executor, user: SessionUser, proposal: Proposal): Promise<string> {
  await requireMember(trx, user.id, proposal.groupId)
  let rule = proposal.rule
  if (proposalChoice.getStore()?.anonymous && !isAnonymousRule(rule)) {
    const voters = await countVoters(trx, proposal.groupId)
    if (anonymityLimits(voters).tooFew) throw new DomainError('bad_request', tooFewMessage(voters), 'anonymousStances')
    rule = { ...rule, allowAnonymousDissent: true }
  }
  const closesAt = await chosenClosingTime(trx, user, rule)
  const id = newId()
  await insertDecision(trx, {
    id,
    groupId: proposal.groupId,
    inquiryId: proposal.inquiryId ?? null,
    cycleId: proposal.cycleId ?? null,
    kind: proposal.kind,
    title: proposal.title,
    body: proposal.body,
    payloadJson: JSON.stringify(parsePayload(proposal.kind, proposal.payload)),
    ruleJson: JSON.stringify(rule),
    status: 'open',
    proposedBy: user.id,
    createdAt: nowIso(),
    closedAt: null,
    outcomeNote: null,
    anonymousJson: '[]',
    closesAt,
  })
  await noticeDecisionAwaits(trx, id)
  return id
}

/** The proposal form's closing time, read in the proposer's time zone and held to the rule's limits; or the rule's default. */
async function chosenClosingTime(trx: Executor, user: SessionUser, rule: DecisionRule): Promise<string> {
  const now = new Date(nowIso())
  const chosen = proposalChoice.getStore()?.closesAt
  if (!chosen) return defaultClosing(now, rule.closing).toISOString()
  const zone = knownTimeZone(user.timeZone !== undefined ? user.timeZone : (await findPersonById(trx, user.id))?.timeZone)
  const at = fromWallTime(chosen, zone)
  if (!at) throw new DomainError('bad_request', 'Give the closing time as a date and a time, like 2026-12-10 14:30.', 'closesAt')
  const problem = closingTimeProblem(at, now, rule.closing)
  if (problem) throw new DomainError('bad_request', problem, 'closesAt')
  return at.toISOString()
}

/** A decision, for a current member of its group; not found otherwise. */
export async function getDecisionForMember(db: Executor, user: SessionUser, decisionId: string): Promise<Decision> {
  const decision = await findDecision(db, decisionId)
  if (!decision) throw notFound('This decision')
  await requireMember(db, user.id, decision.groupId)
  return decision
}

/** Closes a decision; its anonymous ballots are no longer needed and are deleted. */
export async function closeDecision(trx: Executor, decisionId: string, status: Decision['status'], note: string) {
  await updateDecisionsClosed(trx, [decisionId], { status, closedAt: nowIso(), outcomeNote: note })
  await deleteAnonymousBallots(trx, [decisionId])
}

/** Reads a decision's tally and applies its rule (`final`: counted once and for all, as at its closing time). */
export async function evaluate(trx: Executor, decision: Decision, options: { final?: boolean } = {}) {
  const tally = await readTally(trx, decision)
  return { ...tally, outcome: outcomeOf(tally, options) }
}

/** Closes a decision on its outcome, applying its effect when it passed. */
export async function settle(trx: Executor, decision: Decision, outcome: ReturnType<typeof evaluateDecision>) {
  let status: Decision['status'] = outcome.status
  let note = outcome.explanation
  if (status === 'passed' && !(await applyDecisionEffect(trx, decision))) {
    status = 'superseded'
    note = 'Passed, but the inquiry had already moved on, so it took no effect.'
  }
  await closeDecision(trx, decision.id, status, note)
  return { ...outcome, status }
}

export async function withdrawDecision(db: Db, user: SessionUser, decisionId: string) {
  await db.transaction().execute(async (trx) => {
    const decision = await getDecisionForMember(trx, user, decisionId)
    if (decision.proposedBy !== user.id) throw new DomainError('forbidden', 'Only the person who proposed this can withdraw it.')
    if (decision.status !== 'open') throw new DomainError('conflict', 'This decision is already closed.')
    await closeDecision(trx, decisionId, 'withdrawn', 'Withdrawn by the proposer.')
  })
}

function decisionSummary(decision: Decision, proposerName: string | undefined, user: SessionUser) {
  return {
    id: decision.id,
    groupId: decision.groupId,
    inquiryId: decision.inquiryId,
    kind: decision.kind,
    title: decision.title,
    body: decision.body,
    status: decision.status,
    createdAt: decision.createdAt,
    closedAt: decision.closedAt,
    closesAt: decision.closesAt,
    /** The closing time in the reader's own time zone. */
    closesAtText: decision.closesAt ? formatClosingTime(decision.closesAt, knownTimeZone(user.timeZone)) : null,
    outcomeNote: decision.outcomeNote,
    proposedBy: proposerName ?? 'A former member',
    isMine: decision.proposedBy === user.id,
  }
}

export async function getDecisionView(db: Db, user: SessionUser, decisionId: string) {
  const decision = await getDecisionForMember(db, user, decisionId)
  const [members, history, proposer] = await Promise.all([
    listCurrentMembers(db, decision.groupId),
    listStanceHistory(db, decisionId),
    findPersonById(db, decision.proposedBy),
  ])
  const memberIds = new Set(members.map((m) => m.personId))
  const latest = currentStances(history, memberIds)
  const rule = DecisionRuleSchema.parse(JSON.parse(decision.ruleJson))
  const voters = countingMembers(members).length
  const open = decision.status === 'open'
  const named = [...latest.values()].map((s) => ({ stance: s.stance as StanceValue, reason: s.reason }))
  const evaluation = evaluateDecision(
    rule,
    voters,
    [...named, ...anonymousStances(decision)].map((s) => s.stance),
  )
  const isAnonymous = isAnonymousRule(rule)
  // On an anonymous decision every stance joins the unnamed pool, a named one from before too.
  const pool = canonicalOrder(isAnonymous ? [...named, ...anonymousStances(decision)] : anonymousStances(decision))
  const anonymous = {
    on: isAnonymous,
    /** How many have taken a stance: all that anyone sees of who has, while it is open. */
    given: isAnonymous ? pool.length : named.length + pool.length,
    voters,
    needed: evaluation.needed,
    canCount: isAnonymous && open && pool.length >= evaluation.needed,
    warning: isAnonymous ? anonymityLimits(voters).warning : null,
    // The tally and the reasons show only once the decision has closed, in canonical order.
    tally: open || pool.length === 0 ? null : countStances(pool.map((s) => s.stance)),
    reasons: open ? [] : pool.flatMap((s) => (s.reason ? [{ stance: s.stance, reason: s.reason }] : [])),
  }
  if (isAnonymous) {
    return {
      decision: decisionSummary(decision, proposer?.displayName, user),
      rule,
      evaluation: null,
      stances: [],
      anonymous,
      myAnonymous: open ? (await hasBallot(db, decision.id, user.id)) || latest.has(user.id) : false,
      myStance: null,
      myReason: null,
    }
  }
  return {
    decision: decisionSummary(decision, proposer?.displayName, user),
    rule,
    evaluation: open ? evaluation : null,
    // A placeholder seat shows only where it took a stance (an imported decision's history).
    stances: members
      .filter((m) => m.placeholder !== 1 || latest.has(m.personId))
      .map((m) => {
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
    anonymous,
    myAnonymous: false,
    myStance: (latest.get(user.id)?.stance ?? null) as StanceValue | null,
    myReason: latest.get(user.id)?.reason ?? null,
  }
}

export async function listGroupDecisions(db: Db, user: SessionUser, groupId: string) {
  await requireMember(db, user.id, groupId)
  return listDecisions(db, { groupId })
}
