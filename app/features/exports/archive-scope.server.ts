import type { Executor } from '~db/connection'
import type { Inquiry } from '~db/schema'
import { DomainError } from '~/utils/errors.server'
import { cycleRange } from '~/utils/format'
import { listArchiveMembers } from '~db/queries/exports'
import { listCycles } from '~db/queries/inquiries'
import type { ArchiveOutline } from './core/archive'
import { nameRedactor, pseudonymFor } from './core/pseudonyms'

// Who and what an archive covers (archive.server.ts assembles it): everyone who was ever a
// member, by key, and the cycles in the export's scope. Every other part is read through these.

type MemberRow = Awaited<ReturnType<typeof listArchiveMembers>>[number]
type CycleRow = Awaited<ReturnType<typeof listCycles>>[number]

/** The group's members as an archive speaks of them: by key, by name only where they chose it, their names kept out of texts. */
export type ArchivePeople = {
  /** Everyone who was ever a member, in pseudonym order. */
  rows: MemberRow[]
  keyOf: Map<string, string>
  /** A person's key; undefined for someone who was never a member (a placeholder an import made). */
  key: (personId: string) => string | undefined
  /** Members who chose to be named in exports. */
  namedIds: Set<string>
  /** Members who have not left. */
  currentIds: string[]
  /** The names the archive may show, not linked to keys: current members who chose it, and those an import carried. */
  namedMembers: string[]
  /** Replaces members' names in a text with their keys. */
  redact: (text: string) => string
}

/** The members of the group, with their keys and the names the inquiry carried from an import. */
export async function readPeople(db: Executor, groupId: string, carriedJson: string | null): Promise<ArchivePeople> {
  const rows = await listArchiveMembers(db, groupId)
  const keyOf = new Map(rows.map((m) => [m.personId, pseudonymFor(m.pseudonymIndex ?? 0)]))
  const key = (personId: string) => keyOf.get(personId)
  const carriedNames = carriedJson ? ((JSON.parse(carriedJson) as { namedMembers?: string[] }).namedMembers ?? []) : []
  const namedMembers = [
    ...new Set([...rows.filter((m) => m.leftAt === null && m.exportName === 1).map((m) => m.displayName), ...carriedNames]),
  ].sort((a, b) => a.localeCompare(b))
  return {
    rows,
    keyOf,
    key,
    namedIds: new Set(rows.filter((m) => m.exportName === 1).map((m) => m.personId)),
    currentIds: rows.filter((m) => m.leftAt === null).map((m) => m.personId),
    namedMembers,
    // A withdrawn or deleted member's name was rewritten out of the texts when they left; their
    // seat reads "A former member", which must not be turned into their pseudonym.
    redact: nameRedactor(rows.filter((m) => m.deletedAt === null).map((m) => ({ name: m.displayName, key: key(m.personId)! }))),
  }
}

/** The archive's members: by key, never by name. */
export function memberEntries(people: ArchivePeople): ArchiveOutline['members'] {
  return people.rows.map((m) => ({
    key: people.key(m.personId)!,
    facilitator: m.isFacilitator === 1,
    pairRole: m.pairRole,
    joinedAt: m.joinedAt,
    leftAt: m.leftAt,
  }))
}

/** The cycles an export covers, and which of them the group agreed to publish. */
export type CyclesInScope = {
  /** The cycles in scope, in order. */
  cycles: CycleRow[]
  ids: string[]
  /** The cycles in scope the group's decision to publish covers. */
  publishedIds: string[]
  /** The highest published cycle in scope; 0 when none is. */
  lastPublished: number
  isPublished: (cycleNumber: number) => boolean
  /** Every cycle's number by its id, in scope or not (a decision or challenge names its cycle by id). */
  numberOf: Map<string, number>
}

/** The inquiry's cycles in scope: all of them, or those numbered. A number the inquiry has no cycle for is refused. */
export async function readCyclesInScope(db: Executor, inquiry: Inquiry, numbers: number[] | undefined): Promise<CyclesInScope> {
  const all = await listCycles(db, inquiry.id)
  const unknown = numbers?.filter((n) => !all.some((c) => c.number === n)) ?? []
  if (unknown.length) {
    throw new DomainError('bad_request', `This inquiry has no cycle ${unknown.join(', ')}; it has ${cycleRange(1, all.length)}.`, 'cycles')
  }
  const wanted = numbers ? new Set(numbers) : null
  const cycles = all.filter((c) => !wanted || wanted.has(c.number))
  const through = inquiry.publishedThroughCycle
  const isPublished = (n: number) => through !== null && n <= through
  const published = cycles.filter((c) => isPublished(c.number))
  return {
    cycles,
    ids: cycles.map((c) => c.id),
    publishedIds: published.map((c) => c.id),
    lastPublished: Math.max(0, ...published.map((c) => c.number)),
    isPublished,
    numberOf: new Map(all.map((c) => [c.id, c.number])),
  }
}

const NONE = ['__none__']

/** Ids for an `in`, which needs at least one: an id nothing has stands in for none. */
export function inList(ids: string[]): string[] {
  return ids.length ? ids : NONE
}
