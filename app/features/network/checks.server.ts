import type { Executor } from '~db/connection'
import { findGroup, findMembership } from '~db/queries/groups'
import { findPersonById } from '~db/queries/people'
import { findNetworkGroup } from '~db/queries/network'
import { findLink, listLinksOf, listValidations } from '~db/queries/network-links'
import { findFederalProposal, findOffice, listTermsOf } from '~db/queries/network-federation'
import { nowIso } from '~/utils/ids.server'
import { rotationProblem, type FederalPayload } from './core/federal-kinds'
import { LINKS_NEEDED } from './core/standing'
import { latestValidations, otherSide, validatingLinksOf } from './standing.server'

// The network's rules, checked twice: when a group member proposes (a clear 4xx beside the form,
// nothing written) and again inside the transaction that closes the decision (the world may have
// moved on: another link accepted, the group laid down). Each returns the problem in words, or null.

type Problem = { message: string; field?: string } | null

async function stageOf(db: Executor, groupId: string) {
  return (await findNetworkGroup(db, groupId))?.stage ?? null
}

export async function enterProblem(db: Executor, groupId: string): Promise<Problem> {
  const group = await findGroup(db, groupId)
  if (group?.kind !== 'inquiry_group')
    return { message: 'Only a practitioner group can join the network; a client–practitioner pair is not a network group.' }
  const stage = await stageOf(db, groupId)
  if (stage && stage !== 'laid_down') return { message: 'The group is already in the network.' }
  return null
}

export async function stoodByProblem(db: Executor, groupId: string): Promise<Problem> {
  const stage = await stageOf(db, groupId)
  if (stage !== 'forming')
    return {
      message: stage
        ? 'Only a forming group decides that its standing-by process is accomplished.'
        : 'The group has not entered the network yet.',
    }
  return null
}

export async function statementProblem(db: Executor, groupId: string): Promise<Problem> {
  const stage = await stageOf(db, groupId)
  if (stage !== 'standing_by' && stage !== 'member') {
    return {
      message:
        stage === 'forming'
          ? 'A statement is published once the group has decided, by consensus, that its members stand by each other.'
          : 'The group is not in the network.',
    }
  }
  return null
}

export async function inNetworkProblem(db: Executor, groupId: string): Promise<Problem> {
  const stage = await stageOf(db, groupId)
  if (!stage || stage === 'laid_down') return { message: 'The group is not in the network.' }
  return null
}

async function linkCounts(db: Executor, groupId: string) {
  const links = await listLinksOf(db, [groupId])
  const latest = latestValidations(
    await listValidations(
      db,
      links.map((l) => l.id),
    ),
  )
  return { links, validating: validatingLinksOf(groupId, links, latest).length }
}

export async function askLinkProblem(db: Executor, groupId: string, toGroupId: string): Promise<Problem> {
  if (toGroupId === groupId)
    return { message: 'A group cannot link with itself: its link groups are two other groups.', field: 'toGroupId' }
  if ((await stageOf(db, groupId)) !== 'member')
    return { message: 'A group asks for links once it is a member group (its statement published).' }
  if ((await stageOf(db, toGroupId)) !== 'member')
    return { message: 'Links are made with member groups: that group is not one.', field: 'toGroupId' }
  const { links, validating } = await linkCounts(db, groupId)
  if (links.some((l) => (l.status === 'asked' || l.status === 'active') && otherSide(l, groupId) === toGroupId)) {
    return { message: 'The two groups are already linked, or a request between them is waiting for an answer.', field: 'toGroupId' }
  }
  if (validating >= LINKS_NEEDED) {
    return {
      message: `The group already has ${LINKS_NEEDED} links that validate it: it asks for another only when one of them ends.`,
      field: 'toGroupId',
    }
  }
  return null
}

export async function answerLinkProblem(db: Executor, groupId: string, linkId: string): Promise<Problem> {
  const link = await findLink(db, linkId)
  if (!link || link.answeringGroupId !== groupId) return { message: 'That request for a link was not made to this group.' }
  if (link.status !== 'asked') return { message: 'That request has already been answered.' }
  if ((await stageOf(db, link.askingGroupId)) !== 'member') return { message: 'The group that asked is no longer a member group.' }
  return null
}

export async function endLinkProblem(db: Executor, groupId: string, linkId: string): Promise<Problem> {
  const link = await findLink(db, linkId)
  if (!link || (link.askingGroupId !== groupId && link.answeringGroupId !== groupId))
    return { message: 'That link is not one of this group’s.' }
  if (link.status !== 'active' && link.status !== 'asked') return { message: 'That link has already ended.' }
  return null
}

export async function validationProblem(db: Executor, groupId: string, linkId: string): Promise<Problem> {
  const link = await findLink(db, linkId)
  if (!link || (link.askingGroupId !== groupId && link.answeringGroupId !== groupId))
    return { message: 'That link is not one of this group’s.' }
  if (link.status !== 'active') return { message: 'Only a link both groups have made validates: this one is not active.' }
  if ((await stageOf(db, otherSide(link, groupId))) !== 'member') return { message: 'The other group is not a member group now.' }
  return null
}

export async function federalStanceProblem(db: Executor, groupId: string, proposalId: string): Promise<Problem> {
  const proposal = await findFederalProposal(db, proposalId)
  if (!proposal) return { message: 'That federal proposal was not found.' }
  if (proposal.status !== 'open') return { message: 'That federal proposal is closed.' }
  if ((await stageOf(db, groupId)) !== 'member')
    return { message: 'Member groups cast stances on federal proposals; this group is not one yet.' }
  return null
}

export async function federalProposalProblem(db: Executor, groupId: string, payload: FederalPayload): Promise<Problem> {
  if ((await stageOf(db, groupId)) !== 'member')
    return { message: 'Member groups put proposals to the network; this group is not one yet.' }
  if (payload.kind === 'elect_officer') {
    const member = await findMembership(db, groupId, payload.personId)
    const person = await findPersonById(db, payload.personId)
    if (!member || member.leftAt !== null || !person || person.placeholder === 1) {
      return { message: 'A group proposes one of its own current members for office, who takes part in its decision.', field: 'personId' }
    }
    const problem = rotationProblem(await listTermsOf(db, payload.personId), payload.office, nowIso())
    if (problem) return { message: problem, field: 'personId' }
  }
  if (payload.kind === 'recall_officer') {
    const office = await findOffice(db, payload.officeId)
    if (!office || office.endedAt !== null || office.termEnds <= nowIso())
      return { message: 'That officer is not serving now.', field: 'officeId' }
  }
  return null
}
