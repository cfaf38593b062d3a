import type { z } from 'zod'
import type { Db } from '~db/connection'
import { findDecision, findNamedStance, insertAnonymousBallot, insertStance, listStanceHistory, nextStanceSeq } from '~db/queries/decisions'
import { DomainError } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { DecisionRuleSchema } from './decision-rule.schema'
import { canonicalOrder, isAnonymousRuleJson } from './core/anonymity'
import type { StanceSchema } from './decisions.schema'
import { evaluate, getDecisionForMember, isAnonymousRule, settle } from './decisions.server'
import { anonymousStances, ballotHash, currentStances, hasBallot, outcomeOf, readTally, type StanceHistory } from './tally.server'

// Taking a stance on a Decision, and counting an anonymous one on request: the rule is applied
// as stances come in, and a decision that passes closes here, through settle.

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
