import type { Db } from '~db/connection'
import { findGroup, listGroupsOfPerson } from '~db/queries/groups'
import { findPersonById } from '~db/queries/people'
import {
  countCurrentMembers,
  findNetworkGroup,
  listAccreditations,
  listNetworkGroups,
  listStandingEvents,
  listStatements,
  setAccreditation,
} from '~db/queries/network'
import { listLinksOf, listValidations } from '~db/queries/network-links'
import { countContributionsOf, listOffices, listFederalStances } from '~db/queries/network-federation'
import { requireMember } from '~/features/membership/membership.server'
import { DomainError, notFound } from '~/utils/errors.server'
import { nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { GroupPublicationMessage, NETWORK_MESSAGE_VERSION, parseProfile, type GroupPublication } from './core/messages'
import { graceEndsAt, shownStanding, STANDING_LABELS, STANDING_MEANINGS } from './core/standing'
import { readNetworkSettings } from './settings.server'
import { latestValidations, validatingLinksOf } from './standing.server'

// What any participant reads of the network: each group's name and standing, and what the group
// decided to publish (its statement, its route, its links and validations, its federal stances,
// and what its profile shows). Never a record, a rating, a check-in or anything of an inquiry;
// never a group's internal deliberation. Callers have a signed-in participant.

/** The directory: every group in the network with its standing and what it publishes, laid-down groups last. */
export async function getDirectoryGroups(db: Db) {
  const settings = await readNetworkSettings(db)
  const groups = await listNetworkGroups(db)
  const ids = groups.map((g) => g.groupId)
  const [statements, links, counts] = await Promise.all([listStatements(db, ids), listLinksOf(db, ids), countCurrentMembers(db, ids)])
  const latest = latestValidations(
    await listValidations(
      db,
      links.map((l) => l.id),
    ),
  )
  const now = nowIso()
  return groups
    .map((g) => {
      const standing = shownStanding(g.standing, g.seekingSince, settings.graceDays, now)
      const profile = parseProfile(g.profileJson)
      const statement = statements.find((s) => s.groupId === g.groupId)
      const mine = links.filter((l) => (l.askingGroupId === g.groupId || l.answeringGroupId === g.groupId) && l.status === 'active')
      return {
        id: g.groupId,
        uri: g.uri,
        name: g.name,
        standing,
        standingLabel: STANDING_LABELS[standing],
        description: profile.description,
        memberCount: profile.showMemberCount ? Number(counts.find((c) => c.groupId === g.groupId)?.n ?? 0) : null,
        statement: statement ? { version: statement.version, text: statement.text, publishedAt: statement.publishedAt } : null,
        links: mine.map((l) => ({ id: l.id, other: l.askingGroupId === g.groupId ? l.answeringName : l.askingName })),
        validating: validatingLinksOf(g.groupId, links, latest).length,
        graceEndsAt: standing === 'seeking_link' && g.seekingSince ? graceEndsAt(g.seekingSince, settings.graceDays) : null,
      }
    })
    .sort((a, b) => Number(a.standing === 'laid_down') - Number(b.standing === 'laid_down'))
}

/** One group as the network sees it: everything it published, in the shape that would cross an installation. */
export async function getGroupPublication(db: Db, _user: SessionUser, groupId: string): Promise<GroupPublication> {
  const row = await findNetworkGroup(db, groupId)
  const group = row ? await findGroup(db, groupId) : undefined
  if (!row || !group) throw notFound('This group')
  const settings = await readNetworkSettings(db)
  const profile = parseProfile(row.profileJson)
  const [statements, history, links, stances, counts] = await Promise.all([
    listStatements(db, [groupId]),
    listStandingEvents(db, groupId),
    listLinksOf(db, [groupId]),
    listFederalStances(db, { groupIds: [groupId] }),
    countCurrentMembers(db, [groupId]),
  ])
  const uris = new Map((await listNetworkGroups(db)).map((g) => [g.groupId, g.uri]))
  const linkUri = new Map(links.map((l) => [l.id, l.uri]))
  // Links asked and not yet answered are between the two groups until one decides: the network sees links made, declined or ended.
  const published = links.filter((l) => l.status !== 'asked')
  const validations = (
    await listValidations(
      db,
      published.map((l) => l.id),
    )
  ).filter((v) => v.ofGroupId === groupId || v.byGroupId === groupId)
  return GroupPublicationMessage.parse({
    type: 'network.group',
    version: NETWORK_MESSAGE_VERSION,
    uri: row.uri,
    name: group.name,
    standing: shownStanding(row.standing, row.seekingSince, settings.graceDays, nowIso()),
    route: row.route || null,
    description: profile.description || null,
    memberCount: profile.showMemberCount ? Number(counts[0]?.n ?? 0) : null,
    statements: statements.map((s) => ({ uri: s.uri, version: s.version, text: s.text, publishedAt: s.publishedAt })),
    history: history.map((h) => ({ at: h.at, standing: h.standing, note: h.note })),
    links: published.map((l) => ({
      uri: l.uri,
      askingGroup: uris.get(l.askingGroupId)!,
      answeringGroup: uris.get(l.answeringGroupId)!,
      status: l.status,
      askedAt: l.askedAt,
      answeredAt: l.answeredAt,
      endedAt: l.endedAt,
      reason: l.reason,
    })),
    validations: validations.map((v) => ({
      uri: v.uri,
      link: linkUri.get(v.linkId)!,
      byGroup: uris.get(v.byGroupId)!,
      ofGroup: uris.get(v.ofGroupId)!,
      verdict: v.verdict,
      reasons: v.reasons,
      decidedAt: v.decidedAt,
    })),
    federalStances: stances.map((s) => ({ proposal: s.proposalUri, group: row.uri, stance: s.stance, reason: s.reason, castAt: s.castAt })),
  })
}

/** The group's public page: its publication, with names for the URIs and whether the viewer belongs to it. */
export async function getNetworkGroupPage(db: Db, user: SessionUser, groupId: string) {
  const publication = await getGroupPublication(db, user, groupId)
  const groups = await listNetworkGroups(db)
  const byUri = new Map(groups.map((g) => [g.uri, { id: g.groupId, name: g.name }]))
  const stances = await listFederalStances(db, { groupIds: [groupId] })
  const mine = (await listGroupsOfPerson(db, user.id)).some((g) => g.id === groupId)
  return {
    publication,
    standingLabel: STANDING_LABELS[publication.standing],
    standingMeaning: STANDING_MEANINGS[publication.standing],
    groupId,
    isMember: mine,
    nameOf: Object.fromEntries([...byUri].map(([uri, g]) => [uri, g.name])),
    idOf: Object.fromEntries([...byUri].map(([uri, g]) => [uri, g.id])),
    proposalTitles: Object.fromEntries(stances.map((s) => [s.proposalUri, { id: s.proposalId, title: s.proposalTitle }])),
  }
}

/**
 * A participant's profile: their name, and accreditation through the network only where they
 * chose to show it. Only someone the network already shows has one: a member of a group in the
 * network, an officer, or a newsletter contributor. Anyone else's name is not the network's to
 * show, so their id is "not found" like an id that does not exist.
 */
export async function getParticipantProfile(db: Db, _user: SessionUser, personId: string) {
  const person = await findPersonById(db, personId)
  if (!person || person.deletedAt || person.placeholder === 1 || !(await isInNetwork(db, personId))) throw notFound('This participant')
  return { displayName: person.displayName, accreditations: await shownAccreditations(db, personId) }
}

async function isInNetwork(db: Db, personId: string): Promise<boolean> {
  const inNetwork = new Set((await listNetworkGroups(db)).filter((g) => g.stage !== 'laid_down').map((g) => g.groupId))
  if ((await listGroupsOfPerson(db, personId)).some((g) => inNetwork.has(g.id))) return true
  if ((await listOffices(db)).some((o) => o.personId === personId)) return true
  return (await countContributionsOf(db, personId)) > 0
}

/** The full member groups through which a person chose to describe themselves as accredited (while they belong to them). */
async function shownAccreditations(db: Db, personId: string) {
  const chosen = await listAccreditations(db, personId)
  const settings = await readNetworkSettings(db)
  const current = new Set((await listGroupsOfPerson(db, personId)).map((g) => g.id))
  const out: { groupId: string; name: string; standingLabel: string }[] = []
  for (const c of chosen) {
    const row = await findNetworkGroup(db, c.groupId)
    const group = await findGroup(db, c.groupId)
    if (!row || !group || !current.has(c.groupId)) continue
    const standing = shownStanding(row.standing, row.seekingSince, settings.graceDays, nowIso())
    if (standing === 'full_member' || standing === 'seeking_link')
      out.push({ groupId: c.groupId, name: group.name, standingLabel: STANDING_LABELS[standing] })
  }
  return out
}

/** The member's own choice to show, on their profile, that they are accredited through a full member group of theirs. */
export async function chooseAccreditation(db: Db, user: SessionUser, groupId: string, chosen: boolean) {
  await requireMember(db, user.id, groupId)
  await db.transaction().execute(async (trx) => {
    const row = await findNetworkGroup(trx, groupId)
    if (chosen && row?.standing !== 'full_member') {
      throw new DomainError('conflict', 'Members describe themselves as accredited through a full member group only.', 'accredited')
    }
    await setAccreditation(trx, user.id, groupId, chosen, nowIso())
  })
}
