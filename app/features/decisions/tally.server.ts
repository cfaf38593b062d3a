import { createHmac } from 'node:crypto'
import type { Executor } from '~db/connection'
import type { Decision } from '~db/schema'
import { findAnonymousBallot, listStanceHistory } from '~db/queries/decisions'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { getEnv } from '~/utils/env.server'
import { instanceSecret } from '~/utils/session.server'
import { DecisionRuleSchema } from './decision-rule.schema'
import { parseAnonymousStances, type AnonymousStance } from './core/anonymity'
import { countingMembers, evaluateDecision, type StanceValue } from './core/rule'

// What proposing and closing (decisions.server.ts) and taking a stance (stances.server.ts) both
// read of a decision's stances: each member's latest, the anonymous pool, the ballots that keep
// one anonymous stance to a person, and the tally the rule is applied to.

/** The latest stance of each current member (history in order); stances of people who left no longer count. */
export function currentStances<T extends { personId: string }>(history: readonly T[], memberIds: Set<string>) {
  const latest = new Map<string, T>()
  for (const row of history) if (memberIds.has(row.personId)) latest.set(row.personId, row)
  return latest
}

export function anonymousStances(decision: Pick<Decision, 'anonymousJson'>): AnonymousStance[] {
  return parseAnonymousStances(decision.anonymousJson)
}

/**
 * The ballot hash that stops one person casting two anonymous stances. It is keyed by an
 * instance secret kept outside the database, and the ballots are deleted when the decision
 * closes, so the database holds no link from an anonymous stance to its author.
 */
export function ballotHash(decisionId: string, personId: string): string {
  return createHmac('sha256', instanceSecret('ballot-key', getEnv().BALLOT_KEY)).update(`${decisionId}:${personId}`).digest('base64url')
}

export async function hasBallot(trx: Executor, decisionId: string, personId: string): Promise<boolean> {
  return (await findAnonymousBallot(trx, decisionId, ballotHash(decisionId, personId))) !== undefined
}

/** A decision's stances in the order they were taken: named ones, each person's latest last. */
export type StanceHistory = readonly { personId: string; stance: string }[]

/**
 * What a decision is counted on: its current members, the latest named stance of each, its
 * rule and its stances (named and anonymous). `history` is its stance history when the caller
 * has it already (read in this transaction); otherwise it is read here.
 */
export async function readTally(trx: Executor, decision: Decision, history?: StanceHistory) {
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
export function outcomeOf(tally: Awaited<ReturnType<typeof readTally>>, options: { final?: boolean }) {
  return evaluateDecision(tally.rule, tally.voters, tally.stances, { ...options, everyoneNeeded: tally.everyoneNeeded })
}
