import type { Executor } from '~db/connection'
import { findGroup } from '~db/queries/groups'
import {
  findNetworkGroup,
  insertNetworkGroup,
  insertStatement,
  listNetworkGroupIdsAtStage,
  nextStatementVersion,
  updateNetworkGroup,
} from '~db/queries/network'
import { findLink, insertLink, insertValidation, listLinksOf, updateLink } from '~db/queries/network-links'
import {
  findFederalProposal,
  insertFederalProposal,
  insertFederalStance,
  insertOffice,
  listFederalProposals,
  listFederalStances,
  listOffices,
  updateFederalProposal,
  updateOffice,
} from '~db/queries/network-federation'
import type { FederalStanceValue } from '~db/schema'
import { newId, nowIso } from '~/utils/ids.server'
import { FederalPayloadSchema, type FederalPayload } from './core/federal-kinds'
import { federalOutcome, FederalRuleSchema } from './core/federal-rule'
import { changeNetworkSettings, readNetworkSettings } from './settings.server'
import { newUri, noteStanding, otherSide, refreshStanding } from './standing.server'
import * as checks from './checks.server'

// What the network's decision kinds do when a group's decision passes, inside the transaction that
// closes it. Each first checks its rule again: when the world has moved on it returns false and
// the decision closes as superseded, taking no effect.

type Passed<P> = { id: string; groupId: string; payload: P }

export async function enterNetwork(trx: Executor, { id, groupId, payload }: Passed<{ route: string }>) {
  if (await checks.enterProblem(trx, groupId)) return false
  const row = { stage: 'forming' as const, standing: 'forming' as const, route: payload.route, seekingSince: null, enteredAt: nowIso() }
  if (await findNetworkGroup(trx, groupId)) await updateNetworkGroup(trx, groupId, row)
  else
    await insertNetworkGroup(trx, {
      groupId,
      uri: newUri(),
      profileJson: JSON.stringify({ description: '', showMemberCount: false }),
      ...row,
    })
  await noteStanding(trx, groupId, 'forming', 'Entered the network as a forming group.', id)
  return true
}

export async function standBy(trx: Executor, { id, groupId, payload }: Passed<{ account: string }>) {
  if (await checks.stoodByProblem(trx, groupId)) return false
  await updateNetworkGroup(trx, groupId, { stage: 'standing_by', route: payload.account })
  await refreshStanding(trx, [groupId], id)
  return true
}

export async function publishStatement(trx: Executor, { id, groupId, payload }: Passed<{ statement: string }>) {
  if (await checks.statementProblem(trx, groupId)) return false
  const version = await nextStatementVersion(trx, groupId)
  await insertStatement(trx, {
    id: newId(),
    uri: newUri(),
    groupId,
    version,
    text: payload.statement,
    decisionId: id,
    publishedAt: nowIso(),
  })
  const row = await findNetworkGroup(trx, groupId)
  if (row?.stage === 'standing_by') await updateNetworkGroup(trx, groupId, { stage: 'member' })
  else await noteStanding(trx, groupId, row!.standing, `Published version ${version} of its statement of ethical stance.`, id)
  await refreshStanding(trx, [groupId], id)
  return true
}

export async function setProfile(trx: Executor, { groupId, payload }: Passed<{ description: string; showMemberCount: boolean }>) {
  if (await checks.inNetworkProblem(trx, groupId)) return false
  await updateNetworkGroup(trx, groupId, { profileJson: JSON.stringify(payload) })
  return true
}

export async function askLink(trx: Executor, { id, groupId, payload }: Passed<{ toGroupId: string }>) {
  if (await checks.askLinkProblem(trx, groupId, payload.toGroupId)) return false
  await insertLink(trx, {
    id: newId(),
    uri: newUri(),
    askingGroupId: groupId,
    answeringGroupId: payload.toGroupId,
    status: 'asked',
    askedAt: nowIso(),
    askedDecisionId: id,
  })
  return true
}

export async function answerLink(trx: Executor, { id, groupId, payload }: Passed<{ linkId: string; accept: boolean; reason: string }>) {
  if (await checks.answerLinkProblem(trx, groupId, payload.linkId)) return false
  await updateLink(trx, payload.linkId, {
    status: payload.accept ? 'active' : 'declined',
    answeredAt: nowIso(),
    answeredDecisionId: id,
    reason: payload.reason || null,
  })
  return true
}

export async function endLink(trx: Executor, { id, groupId, payload }: Passed<{ linkId: string; reason: string }>) {
  if (await checks.endLinkProblem(trx, groupId, payload.linkId)) return false
  await closeLink(trx, payload.linkId, payload.reason, id)
  return true
}

/** Ends a link, notes it in both groups' histories, and works out both groups' standing again. */
async function closeLink(trx: Executor, linkId: string, reason: string, decisionId: string | null) {
  const link = (await findLink(trx, linkId))!
  await updateLink(trx, linkId, { status: 'ended', endedAt: nowIso(), endedDecisionId: decisionId, reason })
  if (link.status === 'active') {
    for (const [groupId, otherName] of [
      [link.askingGroupId, link.answeringName],
      [link.answeringGroupId, link.askingName],
    ] as const) {
      const row = await findNetworkGroup(trx, groupId)
      if (row && row.stage !== 'laid_down')
        await noteStanding(trx, groupId, row.standing, `The link with ${otherName} ended: ${reason}`, decisionId)
    }
  }
  await refreshStanding(trx, [link.askingGroupId, link.answeringGroupId], decisionId)
}

export async function validate(
  trx: Executor,
  { id, groupId, payload }: Passed<{ linkId: string; verdict: 'validated' | 'withheld'; reasons: string }>,
) {
  if (await checks.validationProblem(trx, groupId, payload.linkId)) return false
  const link = (await findLink(trx, payload.linkId))!
  const ofGroupId = otherSide(link, groupId)
  await insertValidation(trx, {
    id: newId(),
    uri: newUri(),
    linkId: link.id,
    byGroupId: groupId,
    ofGroupId,
    verdict: payload.verdict,
    reasons: payload.reasons,
    decisionId: id,
    decidedAt: nowIso(),
  })
  await refreshStanding(trx, [ofGroupId], id)
  return true
}

export async function layDown(trx: Executor, { id, groupId, payload }: Passed<{ reason: string }>) {
  if (await checks.inNetworkProblem(trx, groupId)) return false
  const name = (await findGroup(trx, groupId))?.name ?? 'The group'
  await updateNetworkGroup(trx, groupId, { stage: 'laid_down', standing: 'laid_down', seekingSince: null })
  await noteStanding(trx, groupId, 'laid_down', `Laid itself down: ${payload.reason}`, id)
  for (const link of await listLinksOf(trx, [groupId])) {
    if (link.status === 'asked' || link.status === 'active') await closeLink(trx, link.id, `${name} laid itself down.`, id)
  }
  // A group that counted no longer does: an open proposal it held open may now pass.
  for (const proposal of await listFederalProposals(trx, 'open')) await weighFederal(trx, proposal.id)
  return true
}

export async function proposeToNetwork(
  trx: Executor,
  { groupId, payload }: Passed<{ title: string; body: string; proposal: FederalPayload }>,
) {
  if (await checks.federalProposalProblem(trx, groupId, payload.proposal)) return false
  const { rule } = await readNetworkSettings(trx)
  await insertFederalProposal(trx, {
    id: newId(),
    uri: newUri(),
    kind: payload.proposal.kind,
    title: payload.title,
    body: payload.body,
    payloadJson: JSON.stringify(payload.proposal),
    ruleJson: JSON.stringify(rule),
    proposedByGroupId: groupId,
    proposedAt: nowIso(),
    status: 'open',
  })
  return true
}

export async function castFederalStance(
  trx: Executor,
  { id, groupId, payload }: Passed<{ proposalId: string; stance: FederalStanceValue; reason: string }>,
) {
  if (await checks.federalStanceProblem(trx, groupId, payload.proposalId)) return false
  await insertFederalStance(trx, {
    id: newId(),
    proposalId: payload.proposalId,
    groupId,
    stance: payload.stance,
    reason: payload.reason,
    decisionId: id,
    castAt: nowIso(),
  })
  await weighFederal(trx, payload.proposalId)
  return true
}

/** Weighs an open federal proposal by its rule, and closes it (applying what it changes) when it passes. */
export async function weighFederal(trx: Executor, proposalId: string): Promise<void> {
  const proposal = await findFederalProposal(trx, proposalId)
  if (proposal?.status !== 'open') return
  const latest = new Map<string, FederalStanceValue>()
  for (const s of await listFederalStances(trx, { proposalIds: [proposalId] })) latest.set(s.groupId, s.stance)
  const outcome = federalOutcome(
    FederalRuleSchema.parse(JSON.parse(proposal.ruleJson)),
    await listNetworkGroupIdsAtStage(trx, 'member'),
    latest,
  )
  if (outcome.status !== 'passed') return
  const applied = await applyFederal(trx, proposalId, FederalPayloadSchema.parse(JSON.parse(proposal.payloadJson)))
  await updateFederalProposal(trx, proposalId, {
    status: applied ? 'passed' : 'superseded',
    closedAt: nowIso(),
    outcomeNote: applied ? outcome.explanation : `${outcome.explanation} It took no effect: the network had moved on.`,
  })
}

async function applyFederal(trx: Executor, proposalId: string, payload: FederalPayload): Promise<boolean> {
  switch (payload.kind) {
    case 'general':
      return true
    case 'amend_principles':
      await changeNetworkSettings(trx, { principles: payload.principles })
      return true
    case 'grace_period':
      await changeNetworkSettings(trx, { graceDays: payload.graceDays })
      return true
    case 'amend_rule':
      await changeNetworkSettings(trx, { rule: payload.rule })
      return true
    case 'elect_officer':
      return electOfficer(trx, proposalId, payload)
    case 'recall_officer': {
      const serving = (await listOffices(trx)).find((o) => o.id === payload.officeId && o.endedAt === null && o.termEnds > nowIso())
      if (!serving) return false
      await updateOffice(trx, serving.id, { endedAt: nowIso(), endedNote: 'Recalled by federal decision.' })
      return true
    }
  }
}

async function electOfficer(trx: Executor, proposalId: string, payload: Extract<FederalPayload, { kind: 'elect_officer' }>) {
  const proposal = (await findFederalProposal(trx, proposalId))!
  if (await checks.federalProposalProblem(trx, proposal.proposedByGroupId, payload)) return false
  const now = nowIso()
  const ends = new Date(now)
  ends.setUTCMonth(ends.getUTCMonth() + payload.termMonths)
  for (const o of await listOffices(trx)) {
    if (o.office.trim().toLowerCase() === payload.office.trim().toLowerCase() && o.endedAt === null && o.termEnds > now) {
      await updateOffice(trx, o.id, { endedAt: now, endedNote: 'Succeeded by the next officer elected.' })
    }
  }
  await insertOffice(trx, {
    id: newId(),
    office: payload.office.trim(),
    personId: payload.personId,
    termStarts: now,
    termEnds: ends.toISOString(),
    electedBy: proposalId,
  })
  return true
}
