import type { Db } from '~db/connection'
import { listGroupsOfPerson } from '~db/queries/groups'
import { listNetworkGroupIdsAtStage, listNetworkGroups } from '~db/queries/network'
import { findFederalProposal, listFederalProposals, listFederalStances, listOffices } from '~db/queries/network-federation'
import { notFound } from '~/utils/errors.server'
import { nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { FEDERAL_KIND_LABELS, FederalPayloadSchema, type FederalKind } from './core/federal-kinds'
import { federalOutcome, federalRuleInWords, FederalRuleSchema, FEDERAL_STANCE_LABELS, type FederalStanceValue } from './core/federal-rule'

// Federal decisions, as any participant reads them: the proposal, the rule that closes it (in
// words), and each member group's stance with its stated reason. How a group came to its stance
// stays inside the group.

async function weighed(db: Db, proposal: NonNullable<Awaited<ReturnType<typeof findFederalProposal>>>) {
  const history = await listFederalStances(db, { proposalIds: [proposal.id] })
  const latest = new Map<string, (typeof history)[number]>()
  for (const s of history) latest.set(s.groupId, s)
  const rule = FederalRuleSchema.parse(JSON.parse(proposal.ruleJson))
  const eligible = await listNetworkGroupIdsAtStage(db, 'member')
  const outcome = federalOutcome(rule, eligible, new Map([...latest].map(([g, s]) => [g, s.stance as FederalStanceValue])))
  return { history, latest, rule, eligible, outcome }
}

export async function getFederalProposal(db: Db, user: SessionUser, proposalId: string) {
  const proposal = await findFederalProposal(db, proposalId)
  if (!proposal) throw notFound('This federal proposal')
  const { history, latest, rule, eligible, outcome } = await weighed(db, proposal)
  const groups = await listNetworkGroups(db)
  const nameOf = new Map(groups.map((g) => [g.groupId, g.name]))
  const mine = (await listGroupsOfPerson(db, user.id)).filter((g) => eligible.includes(g.id))
  const payload = FederalPayloadSchema.parse(JSON.parse(proposal.payloadJson))
  const offices = await listOffices(db)
  return {
    proposal: {
      id: proposal.id,
      uri: proposal.uri,
      kind: proposal.kind as FederalKind,
      kindLabel: FEDERAL_KIND_LABELS[proposal.kind as FederalKind],
      title: proposal.title,
      body: proposal.body,
      proposedBy: proposal.proposedByName,
      proposedAt: proposal.proposedAt,
      status: proposal.status,
      closedAt: proposal.closedAt,
      outcomeNote: proposal.outcomeNote,
    },
    details: describePayload(payload, offices),
    ruleInWords: federalRuleInWords(rule),
    explanation: proposal.status === 'open' ? outcome.explanation : (proposal.outcomeNote ?? ''),
    stances: eligible
      .map((groupId) => {
        const s = latest.get(groupId)
        return {
          groupId,
          groupName: nameOf.get(groupId) ?? '',
          stance: s ? FEDERAL_STANCE_LABELS[s.stance] : null,
          reason: s?.reason ?? '',
          castAt: s?.castAt ?? null,
        }
      })
      .sort((a, b) => a.groupName.localeCompare(b.groupName)),
    history: history.map((s) => ({ groupName: s.groupName, stance: FEDERAL_STANCE_LABELS[s.stance], reason: s.reason, castAt: s.castAt })),
    myGroups: mine.map((g) => ({
      id: g.id,
      name: g.name,
      stance: latest.get(g.id) ? FEDERAL_STANCE_LABELS[latest.get(g.id)!.stance] : null,
    })),
  }
}

function describePayload(
  payload: ReturnType<typeof FederalPayloadSchema.parse>,
  offices: Awaited<ReturnType<typeof listOffices>>,
): string | null {
  switch (payload.kind) {
    case 'amend_principles':
      return `The principles and procedures would read:\n\n${payload.principles}`
    case 'grace_period':
      return `A group seeking a link would keep its full membership for ${payload.graceDays} days.`
    case 'amend_rule':
      return `The rule would read: ${federalRuleInWords(payload.rule)}`
    case 'elect_officer': {
      return `Office: ${payload.office}, for a term of ${payload.termMonths} months.`
    }
    case 'recall_officer': {
      const o = offices.find((x) => x.id === payload.officeId)
      return o ? `Recall ${o.displayName} as ${o.office}.` : 'Recall an officer.'
    }
    default:
      return null
  }
}

/** Open and recent federal proposals for the directory, each with where it stands. */
export async function listFederalForDirectory(db: Db) {
  const proposals = await listFederalProposals(db)
  const out = []
  for (const p of proposals.slice(0, 20)) {
    const { outcome } = await weighed(db, p)
    out.push({
      id: p.id,
      title: p.title,
      proposedBy: p.proposedByName,
      status: p.status,
      explanation: p.status === 'open' ? outcome.explanation : (p.outcomeNote ?? ''),
    })
  }
  return out
}

/** Officers serving now, and when each term ends. */
export async function listServingOfficers(db: Db) {
  const now = nowIso()
  return (await listOffices(db))
    .filter((o) => o.endedAt === null && o.termEnds > now)
    .map((o) => ({
      id: o.id,
      office: o.office,
      personId: o.personId,
      displayName: o.displayName,
      termStarts: o.termStarts,
      termEnds: o.termEnds,
    }))
}
