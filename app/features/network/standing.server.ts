import { randomUUID } from 'node:crypto'
import type { Executor } from '~db/connection'
import type { NetworkStanding } from '~db/schema'
import { findNetworkGroup, insertStandingEvent, updateNetworkGroup } from '~db/queries/network'
import { listLinksOf, listValidations } from '~db/queries/network-links'
import { newId, nowIso } from '~/utils/ids.server'
import { standingNote, standingOf } from './core/standing'
import { readNetworkSettings } from './settings.server'

// Working out a group's standing from its stage and its links, and writing each change to the
// group's history once, in the transaction of the decision that caused it.

/** A new network URI: global, so that it means the same thing on any installation. */
export const newUri = () => `urn:uuid:${randomUUID()}`

type Link = Awaited<ReturnType<typeof listLinksOf>>[number]
type Validation = Awaited<ReturnType<typeof listValidations>>[number]

/** The other side of a link from a group's point of view. */
export const otherSide = (link: Pick<Link, 'askingGroupId' | 'answeringGroupId'>, groupId: string) =>
  link.askingGroupId === groupId ? link.answeringGroupId : link.askingGroupId

/** The latest judgement each link group has made of the group on the other side (key: link id + judging group). */
export function latestValidations(validations: readonly Validation[]): Map<string, Validation> {
  const latest = new Map<string, Validation>()
  for (const v of validations) latest.set(`${v.linkId}:${v.byGroupId}`, v)
  return latest
}

/** Active links whose other group's latest judgement of this group is "validated". */
export function validatingLinksOf(groupId: string, links: readonly Link[], latest: ReadonlyMap<string, Validation>): Link[] {
  return links.filter((l) => {
    if (l.status !== 'active' || (l.askingGroupId !== groupId && l.answeringGroupId !== groupId)) return false
    return latest.get(`${l.id}:${otherSide(l, groupId)}`)?.verdict === 'validated'
  })
}

/** Writes a history line for the group (its stage moved, or its standing). */
export async function noteStanding(trx: Executor, groupId: string, standing: NetworkStanding, note: string, decisionId: string | null) {
  await insertStandingEvent(trx, { id: newId(), groupId, at: nowIso(), standing, note, decisionId })
}

/**
 * Works out the standing of each of these groups now, and for any whose standing changed,
 * stores it and writes the change to its history.
 */
export async function refreshStanding(trx: Executor, groupIds: readonly string[], decisionId: string | null): Promise<void> {
  const settings = await readNetworkSettings(trx)
  const links = await listLinksOf(trx, groupIds)
  const latest = latestValidations(
    await listValidations(
      trx,
      links.map((l) => l.id),
    ),
  )
  for (const groupId of new Set(groupIds)) {
    const row = await findNetworkGroup(trx, groupId)
    if (!row) continue
    const next = standingOf({
      stage: row.stage,
      validatingLinks: validatingLinksOf(groupId, links, latest).length,
      previous: row.standing,
      seekingSince: row.seekingSince,
      graceDays: settings.graceDays,
      now: nowIso(),
    })
    if (next.standing === row.standing && next.seekingSince === row.seekingSince) continue
    await updateNetworkGroup(trx, groupId, next)
    if (next.standing !== row.standing)
      await noteStanding(trx, groupId, next.standing, standingNote(row.standing, next.standing, settings.graceDays), decisionId)
  }
}
