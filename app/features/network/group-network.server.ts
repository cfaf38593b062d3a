import type { Db } from '~db/connection'
import { listDecisions } from '~db/queries/decisions'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { findNetworkGroup, listAccreditations, listNetworkGroups, listStatements } from '~db/queries/network'
import { listLinksOf, listValidations } from '~db/queries/network-links'
import { listFederalProposals, listFederalStances, listOffices } from '~db/queries/network-federation'
import { countingMembers } from '~/features/decisions/core/rule'
import { requireMember } from '~/features/membership/membership.server'
import { notFound } from '~/utils/errors.server'
import { nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { FEDERAL_STANCE_LABELS } from './core/federal-rule'
import { parseProfile } from './core/messages'
import { LINKS_NEEDED, shownStanding, STANDING_LABELS, STANDING_MEANINGS } from './core/standing'
import { readNetworkSettings } from './settings.server'
import { latestValidations, otherSide, validatingLinksOf } from './standing.server'

// A group's own page of the network, for its members only: where it stands, the decisions it has
// open about the network, requests for links made to it, its links and what each link group has
// judged, the federal proposals it has still to take a stance on, and each member's own choice to
// show accreditation. Everything it offers is a proposal to the group.

export async function getGroupNetworkPage(db: Db, user: SessionUser, groupId: string) {
  await requireMember(db, user.id, groupId)
  const group = await findGroup(db, groupId)
  if (!group) throw notFound()
  const row = await findNetworkGroup(db, groupId)
  const settings = await readNetworkSettings(db)
  const [decisions, links, statements, allGroups, proposals, members, accreditations, offices] = await Promise.all([
    listDecisions(db, { groupId, status: 'open' }),
    listLinksOf(db, [groupId]),
    listStatements(db, [groupId]),
    listNetworkGroups(db),
    listFederalProposals(db, 'open'),
    listCurrentMembers(db, groupId),
    listAccreditations(db, user.id),
    listOffices(db),
  ])
  const latest = latestValidations(
    await listValidations(
      db,
      links.map((l) => l.id),
    ),
  )
  const stances = await listFederalStances(db, { proposalIds: proposals.map((p) => p.id) })
  const standing = row ? shownStanding(row.standing, row.seekingSince, settings.graceDays, nowIso()) : null
  const linked = new Set(links.filter((l) => l.status === 'asked' || l.status === 'active').map((l) => otherSide(l, groupId)))
  const now = nowIso()
  return {
    group: { id: group.id, name: group.name, kind: group.kind },
    network: row
      ? {
          stage: row.stage,
          standing: standing!,
          standingLabel: STANDING_LABELS[standing!],
          standingMeaning: STANDING_MEANINGS[standing!],
          route: row.route,
          profile: parseProfile(row.profileJson),
        }
      : null,
    linksNeeded: LINKS_NEEDED,
    statement: statements[0] ? { version: statements[0].version, text: statements[0].text, publishedAt: statements[0].publishedAt } : null,
    openDecisions: decisions
      .filter((d) => d.kind.startsWith('network_'))
      .map((d) => ({ id: d.id, title: d.title, createdAt: d.createdAt })),
    requests: links
      .filter((l) => l.status === 'asked' && l.answeringGroupId === groupId)
      .map((l) => ({ id: l.id, from: l.askingName, askedAt: l.askedAt })),
    links: links
      .filter((l) => l.status === 'asked' || l.status === 'active')
      .map((l) => {
        const other = otherSide(l, groupId)
        return {
          id: l.id,
          status: l.status,
          otherName: l.askingGroupId === groupId ? l.answeringName : l.askingName,
          weAsked: l.askingGroupId === groupId,
          theirJudgement: latest.get(`${l.id}:${other}`)?.verdict ?? null,
          ourJudgement: latest.get(`${l.id}:${groupId}`)?.verdict ?? null,
        }
      }),
    validating: validatingLinksOf(groupId, links, latest).length,
    candidates: allGroups
      .filter((g) => g.groupId !== groupId && g.stage === 'member' && !linked.has(g.groupId))
      .map((g) => ({ id: g.groupId, name: g.name })),
    proposals: proposals.map((p) => {
      const ours = stances.filter((s) => s.proposalId === p.id && s.groupId === groupId).at(-1)
      return { id: p.id, title: p.title, proposedBy: p.proposedByName, ourStance: ours ? FEDERAL_STANCE_LABELS[ours.stance] : null }
    }),
    members: countingMembers(members).map((m) => ({ personId: m.personId, displayName: m.displayName })),
    offices: offices
      .filter((o) => o.endedAt === null && o.termEnds > now)
      .map((o) => ({ id: o.id, office: o.office, displayName: o.displayName })),
    accredited: accreditations.some((a) => a.groupId === groupId),
  }
}
