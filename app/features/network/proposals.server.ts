import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import type { DecisionKind } from '~db/schema'
import { findGroup } from '~db/queries/groups'
import { findLink } from '~db/queries/network-links'
import { findFederalProposal } from '~db/queries/network-federation'
import { DEFAULT_RULE, propose } from '~/features/decisions/decisions.server'
import { DecisionRuleSchema } from '~/features/decisions/decision-rule.schema'
import type { PayloadOf } from '~/features/decisions/registry.server'
import { requireMember } from '~/features/membership/membership.server'
import { DomainError } from '~/utils/errors.server'
import type { SessionUser } from '~/utils/session.server'
import { FEDERAL_KIND_LABELS, FederalPayloadSchema, type FederalPayload } from './core/federal-kinds'
import { FEDERAL_STANCE_LABELS } from './core/federal-rule'
import type {
  AnswerLinkSchema,
  AskLinkSchema,
  EndLinkSchema,
  FederalProposalFormSchema,
  FederalStanceSchema,
  ProfileSchema,
  ValidationSchema,
} from './network.schema'
import * as checks from './checks.server'

// A group member proposes each of the group's moves in the network; the group decides it by its
// own rule (decisions/), and the effect (effects.server.ts) lands only when it passes. Each
// proposal is checked first, so a proposal that could never take effect gets a clear 4xx beside
// its field and nothing is written.

/**
 * Consensus, for the decision that the group's members stand by each other (issue 18: "when the
 * group decides by consensus"): every member takes a stance, and a single block stops it.
 */
export const CONSENSUS_RULE = DecisionRuleSchema.parse({ quorum: 1, blockVetoes: true, agreeMustOutnumberDisagree: true })

type Problem = Awaited<ReturnType<typeof checks.enterProblem>>

function refuse(problem: Problem): void {
  if (problem) throw new DomainError('conflict', problem.message, problem.field)
}

async function proposeNetwork<K extends DecisionKind>(
  db: Db,
  user: SessionUser,
  groupId: string,
  kind: K,
  proposal: { title: string; body: string; payload: PayloadOf<K>; consensus?: boolean },
  check: (trx: Executor) => Promise<Problem>,
): Promise<string> {
  await requireMember(db, user.id, groupId)
  return db.transaction().execute(async (trx) => {
    refuse(await check(trx))
    return propose(trx, user, {
      groupId,
      kind,
      title: proposal.title,
      body: proposal.body,
      payload: proposal.payload,
      rule: proposal.consensus ? CONSENSUS_RULE : DEFAULT_RULE,
    })
  })
}

export function proposeEnterNetwork(db: Db, user: SessionUser, groupId: string, route: string) {
  return proposeNetwork(
    db,
    user,
    groupId,
    'network_enter',
    { title: 'Enter the network as a forming group', body: `Our route to standing by each other: ${route}`, payload: { route } },
    (trx) => checks.enterProblem(trx, groupId),
  )
}

export function proposeStoodBy(db: Db, user: SessionUser, groupId: string, account: string) {
  return proposeNetwork(
    db,
    user,
    groupId,
    'network_stood_by',
    {
      title: 'We stand by each other as practitioners',
      body: `The standing-by process is accomplished (decided by consensus). How we came to it: ${account}`,
      payload: { account },
      consensus: true,
    },
    (trx) => checks.stoodByProblem(trx, groupId),
  )
}

export function proposeStatement(db: Db, user: SessionUser, groupId: string, statement: string) {
  return proposeNetwork(
    db,
    user,
    groupId,
    'network_statement',
    { title: 'Publish our statement of ethical stance to the network', body: statement, payload: { statement } },
    (trx) => checks.statementProblem(trx, groupId),
  )
}

export function proposeProfile(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof ProfileSchema>) {
  const payload = { description: input.description, showMemberCount: input.showMemberCount === 'on' }
  const body = `${payload.description ? `Description: ${payload.description}\n\n` : ''}Show how many members we are: ${payload.showMemberCount ? 'yes' : 'no'}.`
  return proposeNetwork(db, user, groupId, 'network_profile', { title: 'What the network directory shows of us', body, payload }, (trx) =>
    checks.inNetworkProblem(trx, groupId),
  )
}

export async function proposeAskLink(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof AskLinkSchema>) {
  const other = await findGroup(db, input.toGroupId)
  return proposeNetwork(
    db,
    user,
    groupId,
    'network_link_ask',
    {
      title: `Ask ${other?.name ?? 'a group'} to be one of our link groups`,
      body: 'A link group validates the process by which we stand by each other, with a mix of support and challenge: joint meetings and visits.',
      payload: { toGroupId: input.toGroupId },
    },
    (trx) => checks.askLinkProblem(trx, groupId, input.toGroupId),
  )
}

export async function proposeAnswerLink(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof AnswerLinkSchema>) {
  const link = await findLink(db, input.linkId)
  const accept = input.answer === 'accept'
  return proposeNetwork(
    db,
    user,
    groupId,
    'network_link_answer',
    {
      title: `${accept ? 'Accept' : 'Decline'} ${link?.askingName ?? 'a group'}’s request for a link`,
      body: input.reason || (accept ? 'We accept, and will validate their standing-by process.' : 'We decline.'),
      payload: { linkId: input.linkId, accept, reason: input.reason },
    },
    (trx) => checks.answerLinkProblem(trx, groupId, input.linkId),
  )
}

export async function proposeEndLink(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof EndLinkSchema>) {
  const link = await findLink(db, input.linkId)
  const other = link ? (link.askingGroupId === groupId ? link.answeringName : link.askingName) : 'a group'
  return proposeNetwork(
    db,
    user,
    groupId,
    'network_link_end',
    { title: `End the link with ${other}`, body: input.reason, payload: { linkId: input.linkId, reason: input.reason } },
    (trx) => checks.endLinkProblem(trx, groupId, input.linkId),
  )
}

export async function proposeValidation(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof ValidationSchema>) {
  const link = await findLink(db, input.linkId)
  const other = link ? (link.askingGroupId === groupId ? link.answeringName : link.askingName) : 'the other group'
  const validated = input.verdict === 'validated'
  return proposeNetwork(
    db,
    user,
    groupId,
    'network_validation',
    {
      title: validated ? `Validate ${other}’s standing-by process` : `Withhold validation of ${other}’s standing-by process`,
      body: input.reasons || 'We validate the process by which they stand by each other.',
      payload: { linkId: input.linkId, verdict: input.verdict, reasons: input.reasons },
    },
    (trx) => checks.validationProblem(trx, groupId, input.linkId),
  )
}

/** The federal proposal a form describes, its kind's fields checked; a bad field is refused beside it. */
export function federalPayloadOf(input: z.infer<typeof FederalProposalFormSchema>): FederalPayload {
  const bad = (field: string, message: string) => new DomainError('bad_request', message, field)
  switch (input.kind) {
    case 'general':
      return { kind: 'general' }
    case 'amend_principles':
      if (!input.principles?.trim()) throw bad('principles', 'Write the principles and procedures as amended.')
      return { kind: 'amend_principles', principles: input.principles.trim() }
    case 'grace_period': {
      const days = Number(input.graceDays)
      if (!Number.isInteger(days) || days < 7 || days > 730) throw bad('graceDays', 'Give the grace period in whole days, from 7 to 730.')
      return { kind: 'grace_period', graceDays: days }
    }
    case 'amend_rule': {
      const percent = Number(input.quorumPercent)
      if (!Number.isFinite(percent) || percent <= 0 || percent > 100)
        throw bad('quorumPercent', 'Give the share of member groups as a percentage, above 0 and at most 100.')
      return { kind: 'amend_rule', rule: { quorum: percent / 100, blocksHoldOpen: input.blocksHoldOpen === 'on' } }
    }
    case 'elect_officer': {
      const months = Number(input.termMonths)
      if (!input.office?.trim() || input.office.trim().length < 2)
        throw bad('office', 'Name the office (for example, convenor of Gatherings).')
      if (!input.personId) throw bad('personId', 'Choose the member the group proposes.')
      if (!Number.isInteger(months) || months < 1 || months > 36) throw bad('termMonths', 'Give the term in whole months, from 1 to 36.')
      return FederalPayloadSchema.parse({
        kind: 'elect_officer',
        office: input.office.trim(),
        personId: input.personId,
        termMonths: months,
      })
    }
    case 'recall_officer':
      if (!input.officeId) throw bad('officeId', 'Choose the officer to recall.')
      return { kind: 'recall_officer', officeId: input.officeId }
  }
}

export function proposeFederal(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof FederalProposalFormSchema>) {
  const proposal = federalPayloadOf(input)
  return proposeNetwork(
    db,
    user,
    groupId,
    'network_federal_proposal',
    {
      title: `Put to the network: ${input.title}`,
      body: `${FEDERAL_KIND_LABELS[proposal.kind]}. ${input.body}`,
      payload: { title: input.title, body: input.body, proposal },
    },
    (trx) => checks.federalProposalProblem(trx, groupId, proposal),
  )
}

export async function proposeFederalStance(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof FederalStanceSchema>) {
  const proposal = await findFederalProposal(db, input.proposalId)
  return proposeNetwork(
    db,
    user,
    groupId,
    'network_federal_stance',
    {
      title: `Our stance on “${proposal?.title ?? 'a federal proposal'}”: ${FEDERAL_STANCE_LABELS[input.stance].toLowerCase()}`,
      body: input.reason || '(No reason given.)',
      payload: { proposalId: input.proposalId, stance: input.stance, reason: input.reason },
    },
    (trx) => checks.federalStanceProblem(trx, groupId, input.proposalId),
  )
}

export function proposeLayDown(db: Db, user: SessionUser, groupId: string, reason: string) {
  return proposeNetwork(
    db,
    user,
    groupId,
    'network_lay_down',
    { title: 'Lay the group down in the network', body: reason, payload: { reason } },
    (trx) => checks.inNetworkProblem(trx, groupId),
  )
}
