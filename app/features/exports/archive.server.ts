import type { Executor } from '~db/connection'
import type { Inquiry } from '~db/schema'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { inquiryTemplate } from '~/features/cycles/cycles.server'
import { findArchivedNetworkRecord } from '~/features/network/record.server'
import { nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { getGroupKind } from '~db/queries/groups'
import { analyseArchive } from './core/analyse-archive'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type Archive } from './core/archive-schema'
import type { ArchiveOutline, ArchiveParts } from './core/archive'
import { describeScope, type LeftOut } from './core/preview'
import { readArchiveCycles } from './archive-cycles.server'
import { readChallenges, readDecisions } from './archive-decisions.server'
import { readRecordOutline, recordsInBatches } from './archive-records.server'
import { memberEntries, readCyclesInScope, readPeople } from './archive-scope.server'
import { ratingsInBatches, readLinks, readThemes } from './archive-themes.server'

export type ExportScope = {
  /** Cycle numbers to include; all cycles when absent. */
  cycles?: number[]
}

export type { LeftOut }

export type BuiltArchive = {
  archive: Archive
  included: string[]
  leftOut: LeftOut[]
  groupId: string
  inquiryId: string
  inquiryTitle: string
}

/**
 * An archive ready to be written: its outline read and checked, its records' words and its
 * ratings left to be read in batches (issue 17), so an export's memory does not grow with
 * the inquiry. Everything that can refuse an export (membership, the scope) has been checked.
 */
export type PreparedArchive = {
  parts: ArchiveParts
  /** Shared records left out for want of their author's consent. */
  unconsented: number
  groupId: string
  inquiryId: string
  inquiryTitle: string
}

/**
 * Everything the group may export from one inquiry, as of now (docs/design.md §5): consent is read
 * at this moment, names appear only where members chose them and never beside a key,
 * private records and check-ins' words never, blind ratings only after reveal, and
 * group-level findings only for cycles the group agreed by decision to publish.
 * Only a current member may build it.
 */
export async function buildArchive(db: Executor, user: SessionUser, inquiryId: string, scope: ExportScope = {}): Promise<BuiltArchive> {
  return collectArchive(await prepareArchiveForMember(db, user, inquiryId, scope))
}

/**
 * The archive of an inquiry with no member check: for the command line only, which runs with
 * the database's own access. The same consent rules apply as for a member's export.
 */
export async function assembleArchive(db: Executor, inquiry: Inquiry, scope: ExportScope = {}): Promise<BuiltArchive> {
  return collectArchive(await prepareArchive(db, inquiry, scope))
}

/** A member's archive, ready to be written in batches: only a current member may. */
export async function prepareArchiveForMember(
  db: Executor,
  user: SessionUser,
  inquiryId: string,
  scope: ExportScope = {},
): Promise<PreparedArchive> {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  return prepareArchive(db, inquiry, scope, user)
}

/** The whole archive, its batches read into memory: for the formats rendered from it whole, and the export page. */
export async function collectArchive(prepared: PreparedArchive): Promise<BuiltArchive> {
  const { outline } = prepared.parts
  const records: Archive['records'] = []
  for await (const batch of prepared.parts.records()) for (const r of batch) records.push(r)
  const ratings: Archive['ratings'] = []
  for await (const batch of prepared.parts.ratings()) for (const r of batch) ratings.push(r)
  // In the archive's own order of fields (docs/archive-format.md), so its JSON reads the same.
  const archive: Archive = {
    format: outline.format,
    version: outline.version,
    exportedAt: outline.exportedAt,
    inquiry: outline.inquiry,
    members: outline.members,
    cycles: outline.cycles,
    themes: outline.themes,
    records,
    links: outline.links,
    ratings,
    decisions: outline.decisions,
    challenges: outline.challenges,
    ...(outline.network ? { network: outline.network } : {}),
  }
  archive.analysis = analyseArchive(archive)
  return {
    archive,
    groupId: prepared.groupId,
    inquiryId: prepared.inquiryId,
    inquiryTitle: prepared.inquiryTitle,
    ...describeScope(archive, { unconsented: prepared.unconsented, ratings: ratings.length }),
  }
}

/**
 * An archive's outline and its batched parts, with no member check (the callers above make it).
 * Each part is read by its own reader, in the order the parts depend on one another: who and
 * which cycles, the cycles, the records' keys, the themes and links, the decisions, the
 * challenges. The outline holds every record's key and place but not its words; the words are
 * read in batches, and a record whose consent or visibility changed since the outline was read
 * stops the export (recordsChanged) rather than leaving or vanishing silently. Ratings are read
 * one revealed cycle at a time. With a `reader` (a member exporting), a group in the network
 * adds its network record; the command line, which reads as nobody, leaves it out.
 */
export async function prepareArchive(
  db: Executor,
  inquiry: Inquiry,
  scope: ExportScope = {},
  reader: SessionUser | null = null,
): Promise<PreparedArchive> {
  const template = inquiryTemplate(inquiry.templateJson)
  const group = await getGroupKind(db, inquiry.groupId)
  const people = await readPeople(db, group.id, inquiry.carriedJson)
  const inScope = await readCyclesInScope(db, inquiry, scope.cycles)
  const cycles = await readArchiveCycles(db, inScope, people, inquiry)
  const records = await readRecordOutline(db, inquiry.id, inScope.ids, people)
  const themes = await readThemes(db, inquiry.id, inScope.lastPublished, people)
  const links = await readLinks(db, themes, records.keys, people)
  const decisions = await readDecisions(db, inquiry.id, inScope, people)
  const challenges = await readChallenges(db, inScope, people, { theme: themes.keys, record: records.keys, decision: decisions.keys })
  const network = reader ? await findArchivedNetworkRecord(db, reader, group.id) : undefined

  const outline: ArchiveOutline = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: nowIso(),
    inquiry: {
      title: people.redact(inquiry.title),
      question: people.redact(inquiry.question),
      status: inquiry.status,
      templateSlug: inquiry.templateSlug,
      template,
      createdAt: inquiry.createdAt,
      concludedAt: inquiry.concludedAt,
      groupKind: group.kind,
      publishedThroughCycle: inquiry.publishedThroughCycle,
      namedMembers: people.namedMembers,
    },
    members: memberEntries(people),
    cycles,
    themes: themes.entries,
    records: records.quoted.outline,
    links,
    decisions: decisions.entries,
    challenges,
    ...(network ? { network } : {}),
  }

  // The batched parts close over only what they read, not over this function's locals.
  const parts: ArchiveParts = {
    outline,
    records: recordsInBatches(db, records.quoted, { keyOf: people.keyOf, namedIds: people.namedIds, redact: people.redact }),
    ratings: ratingsInBatches(db, {
      cycles: inScope.cycles
        .filter((c) => inScope.isPublished(c.number) && c.blindRevealedAt !== null)
        .map((c) => ({ id: c.id, number: c.number })),
      themeIds: themes.ids,
      keyOf: people.keyOf,
      themeKeys: themes.keys,
    }),
  }
  return { parts, unconsented: records.unconsented, groupId: group.id, inquiryId: inquiry.id, inquiryTitle: inquiry.title }
}
