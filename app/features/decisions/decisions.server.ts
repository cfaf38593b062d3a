import { AsyncLocalStorage } from 'node:async_hooks'
import { createHmac } from 'node:crypto'
import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import type { Decision, DecisionKind } from '~db/schema'
import {
  deleteAnonymousBallots,
  findAnonymousBallot,
  findDecision,
  findNamedStance,
  insertAnonymousBallot,
  insertDecision,
  insertStance,
  listDecisions,
  listStanceHistory,
  nextStanceSeq,
  updateDecisionsClosed,
} from '~db/queries/decisions'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { findInquiry } from '~db/queries/inquiries'
import { findPersonById } from '~db/queries/people'
import { requireMember } from '~/features/membership/membership.server'
import { getEnv } from '~/utils/env.server'
import { instanceSecret } from '~/utils/session.server'
import { DecisionRuleSchema, type DecisionRule } from '~/features/decisions/decision-rule.schema'
import { DomainError, notFound } from '~/utils/errors.server'
import { parseWith, type FormValues } from '~/utils/http.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import {
  anonymityLimits,
  canonicalOrder,
  isAnonymousRuleJson,
  parseAnonymousStances,
  tooFewMessage,
  type AnonymousStance,
} from './core/anonymity'
import { closingTimeProblem, defaultClosing, formatClosingTime, fromWallTime, knownTimeZone, limitsInWords } from './core/closing'
import { countingMembers, countStances, evaluateDecision, type StanceValue } from './core/rule'
import { AnonymousProposalSchema, type StanceSchema } from './decisions.schema'
import { applyDecisionEffect, parsePayload, type PayloadOf } from './registry.server'
import { noticeDecisionAwaits } from '~/features/mail/notices.server'

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

async function getDecisionForMember(db: Executor, user: SessionUser, decisionId: string): Promise<Decision> {
  const decision = await findDecision(db, decisionId)
  if (!decision) throw notFound('This decision')
  await requireMember(db, user.id, decision.groupId)
  return decision
}

/** The latest stance of each current member (history in order); stances of people who left no longer count. */
function currentStances<T extends { personId: string }>(history: readonly T[], memberIds: Set<string>) {
  const latest = new Map<string, T>()
  for (const row of history) if (memberIds.has(row.personId)) latest.set(row.personId, row)
  return latest
}

function anonymousStances(decision: Pick<Decision, 'anonymousJson'>): AnonymousStance[] {
  return parseAnonymousStances(decision.anonymousJson)
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
  return (await findAnonymousBallot(trx, decisionId, ballotHash(decisionId, personId))) !== undefined
}

/** Closes a decision; its anonymous ballots are no longer needed and are deleted. */
export async function closeDecision(trx: Executor, decisionId: string, status: Decision['status'], note: string) {
  await updateDecisionsClosed(trx, [decisionId], { status, closedAt: nowIso(), outcomeNote: note })
  await deleteAnonymousBallots(trx, [decisionId])
}

/** A decision's stances in the order they were taken: named ones, each person's latest last. */
type StanceHistory = readonly { personId: string; stance: string }[]

/**
 * What a decision is counted on: its current members, the latest named stance of each, its
 * rule and its stances (named and anonymous). `history` is its stance history when the caller
 * has it already (read in this transaction); otherwise it is read here.
 */
async function readTally(trx: Executor, decision: Decision, history?: StanceHistory) {
  const members = await listCurrentMembers(trx, decision.groupId)
  const latest = currentStances(history ?? (await listStanceHistory(trx, decision.id)), new Set(members.map((m) => m.personId)))
  const rule = DecisionRuleSchema.parse(JSON.parse(decision.ruleJson))
  const stances = [...[...latest.values()].map((s) => s.stance as StanceValue), ...anonymousStances(decision).map((a) => a.stance)]
  const voters = countingMembers(members).length
  // A pair's decision needs both people.
  const everyoneNeeded = (await findGroup(trx, decision.groupId))?.kind === 'pair'
  return { members, latest, rule, voters, given: stances.length, stances, everyoneNeeded }
}

/** Applies the decision's rule to a tally. */
function outcomeOf(tally: Awaited<ReturnType<typeof readTally>>, options: { final?: boolean }) {
  return evaluateDecision(tally.rule, tally.voters, tally.stances, { ...options, everyoneNeeded: tally.everyoneNeeded })
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

/** What an open anonymous decision tells anyone: how many stances, never which. */
function sealed(given: number, voters: number, needed: number) {
  return { status: 'open' as const, given, voters, needed, explanation: `Open: ${given} of ${voters} members have taken a stance.` }
}

/**
 * Whether a decision takes anonymous stances. No authorisation: it only tells the request log
 * to leave no line for a stance (whose time would date it); an unknown id is simply not anonymous.
 */
export async function stancesAreAnonymous(db: Db, decisionId: string): Promise<boolean> {
  const row = await findDecision(db, decisionId)
  return row ? isAnonymousRuleJson(row.ruleJson) : false
}

/**
 * Takes or changes a stance, then applies the decision rule; a decision that passes
 * takes effect in the same transaction, so a phase never moves without its decision.
 *
 * On an anonymous decision every stance is anonymous and final (changing one would show
 * which earlier one was yours), and the decision is not counted until everyone who can has
 * taken a stance or a member asks for the count: closing the moment it passes would tell,
 * stance by stance, whether anyone had blocked so far.
 */
export async function takeStance(db: Db, user: SessionUser, decisionId: string, input: z.infer<typeof StanceSchema>) {
  return db.transaction().execute(async (trx) => {
    let decision = await getDecisionForMember(trx, user, decisionId)
    if (decision.status !== 'open') throw new DomainError('conflict', 'This decision is closed; stances can no longer change.')
    if (decision.closesAt && decision.closesAt <= nowIso()) {
      throw new DomainError('conflict', 'This proposal reached its closing time; stances can no longer change.')
    }
    if (await hasBallot(trx, decisionId, user.id)) {
      throw new DomainError('conflict', 'You took your stance on this decision anonymously; it stands as given and cannot be changed.')
    }
    const anonymous = isAnonymousRule(DecisionRuleSchema.parse(JSON.parse(decision.ruleJson)))
    // The stance history once the stance is in, when it was read for the stance (named stances only).
    let history: StanceHistory | undefined
    if (anonymous) {
      const named = await findNamedStance(trx, decisionId, user.id)
      if (named)
        throw new DomainError(
          'conflict',
          'You took a named stance on this decision before its stances became anonymous; it stands as given.',
        )
      // The ballot's primary key refuses a second one from the same person, even from a racing request.
      await insertAnonymousBallot(trx, { decisionId, voterHash: ballotHash(decisionId, user.id) })
      const anonymousJson = JSON.stringify(canonicalOrder([...anonymousStances(decision), { stance: input.stance, reason: input.reason }]))
      await trx.updateTable('decisions').set({ anonymousJson }).where('id', '=', decisionId).execute()
      decision = { ...decision, anonymousJson }
    } else {
      if (input.anonymous === 'on') {
        throw new DomainError('bad_request', 'Stances on this proposal are given by name: it was not proposed as anonymous.', 'anonymous')
      }
      const earlier = await listStanceHistory(trx, decisionId)
      const previous = currentStances(earlier, new Set([user.id])).get(user.id)
      if (previous && previous.stance !== input.stance && !input.reason) {
        throw new DomainError(
          'bad_request',
          `Say why you are changing your stance from ${previous.stance} to ${input.stance}: the group sees the change and your reason.`,
          'reason',
        )
      }
      const stance = {
        id: newId(),
        decisionId,
        personId: user.id,
        stance: input.stance,
        reason: input.reason,
        createdAt: nowIso(),
        seq: await nextStanceSeq(trx, decisionId, user.id),
      }
      await insertStance(trx, stance)
      // The history as it stands now: the new stance is this person's latest.
      history = [...earlier, stance]
    }
    const tally = await readTally(trx, decision, history)
    if (anonymous) {
      // Anonymous stances are final, so once everyone has given one there is no answer to wait
      // for: it is counted now, and a block stands. Until then it stays sealed.
      const everyone = tally.given >= tally.voters
      const outcome = outcomeOf(tally, { final: everyone })
      if (!everyone) return sealed(tally.given, tally.voters, outcome.needed)
      return settle(trx, decision, outcome)
    }
    const outcome = outcomeOf(tally, {})
    if (outcome.status === 'open') return outcome
    return settle(trx, decision, outcome)
  })
}

/** Counts an anonymous decision's stances now, once its quorum has taken a stance: it passes or is rejected. */
export async function countAnonymousStances(db: Db, user: SessionUser, decisionId: string) {
  return db.transaction().execute(async (trx) => {
    const decision = await getDecisionForMember(trx, user, decisionId)
    if (decision.status !== 'open') throw new DomainError('conflict', 'This decision is already closed.')
    if (!isAnonymousRule(DecisionRuleSchema.parse(JSON.parse(decision.ruleJson)))) {
      throw new DomainError(
        'bad_request',
        'Only a decision with anonymous stances waits to be counted; this one counts as each stance comes in.',
      )
    }
    const { outcome, given, voters } = await evaluate(trx, decision, { final: true })
    if (given < outcome.needed) {
      throw new DomainError(
        'conflict',
        `The stances can be counted once ${outcome.needed} of ${voters} members have taken one; ${given} ${given === 1 ? 'has' : 'have'} so far.`,
      )
    }
    return settle(trx, decision, outcome)
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
