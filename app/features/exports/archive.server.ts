import type { Executor } from '~db/connection'
import type { Inquiry } from '~db/schema'
import { wordCount } from '~/features/analysis/analysis.server'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { inquiryTemplate } from '~/features/cycles/cycles.server'
import { cycleRange } from '~/utils/format'
import { exportableAnonymousStances, isAnonymousRuleJson } from '~/features/decisions/core/anonymity'
import type { StanceValue } from '~/features/decisions/core/rule'
import { DomainError } from '~/utils/errors.server'
import { nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { parseCarried } from '~db/queries/carried'
import {
  listArchiveMembers,
  listCarriedContributionsOfCycles,
  listChallengesOfCycles,
  listCheckInFlags,
  listDecisionsOfCycles,
  listIndicatorAnswersOfCycles,
  listJudgementsOfCycles,
  listPhasesOfCycles,
  listRatingsOfThemes,
  listRecordAuthorsForArchive,
  listSharedRecordCounts,
  listSharedRecordsForArchive,
  listSharedRecordsWithWords,
  listThemeLinksOfThemes,
  listThemesThroughCycle,
} from '~db/queries/exports'
import { listStancesOfDecisions } from '~db/queries/decisions'
import { getGroupKind } from '~db/queries/groups'
import { listCycles } from '~db/queries/inquiries'
import { analyseArchive } from './core/analyse-archive'
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  keyNumber,
  recordsChanged,
  type Archive,
  type ArchiveCycle,
  type ArchiveOutline,
  type ArchiveParts,
  type ArchiveRecord,
  type ArchiveRecordEntry,
} from './core/archive'
import { describeScope, type LeftOut } from './core/preview'
import { RatingTable } from './core/rating-table'
import { nameRedactor, pseudonymFor } from './core/pseudonyms'

type StanceRow = { personId: string; stance: StanceValue; reason: string | null; createdAt: string }

/**
 * A decision's stances as the archive holds them. On an anonymous decision (issue 13) none is
 * named or timed, and the tally is left out until it closes, in an order that follows nothing.
 */
function decisionStances(
  decision: { status: string; ruleJson: string; anonymousJson: string },
  named: StanceRow[],
  member: (personId: string) => string | undefined,
) {
  if (!isAnonymousRuleJson(decision.ruleJson)) {
    return {
      stances: named.map((s) => ({ member: member(s.personId)!, stance: s.stance, reasoned: Boolean(s.reason), at: s.createdAt })),
      anonymousStances: exportableAnonymousStances(decision),
    }
  }
  const latest = new Map(named.map((s) => [s.personId, { stance: s.stance, reason: s.reason }]))
  return { stances: [], anonymousStances: exportableAnonymousStances(decision, [...latest.values()]) }
}

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

/** Records whose words are read at once while an archive is written. */
const RECORD_BATCH = 500
/** Records read at once, without their words, to key them. */
const RECORD_PAGE = 2000
/** Themes whose ratings in one cycle are read at once (by the ratings' unique index: theme, cycle, …). */
const THEME_BATCH = 100

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
  return prepareArchive(db, inquiry, scope)
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
 * The outline holds every record's key and place but not its words; the words are read in
 * batches of RECORD_BATCH, and a record whose consent or visibility changed since the outline
 * was read stops the export (recordsChanged) rather than leaving or vanishing silently. Ratings
 * are read one revealed cycle at a time.
 */
export async function prepareArchive(db: Executor, inquiry: Inquiry, scope: ExportScope = {}): Promise<PreparedArchive> {
  const inquiryId = inquiry.id
  const template = inquiryTemplate(inquiry.templateJson)
  const group = await getGroupKind(db, inquiry.groupId)

  const memberRows = await listArchiveMembers(db, group.id)
  const keyOf = new Map(memberRows.map((m) => [m.personId, pseudonymFor(m.pseudonymIndex ?? 0)]))
  const member = (personId: string) => keyOf.get(personId)
  const currentIds = memberRows.filter((m) => m.leftAt === null).map((m) => m.personId)
  const namedIds = new Set(memberRows.filter((m) => m.exportName === 1).map((m) => m.personId))
  const carriedNames = inquiry.carriedJson ? ((JSON.parse(inquiry.carriedJson) as { namedMembers?: string[] }).namedMembers ?? []) : []
  const namedMembers = [
    ...new Set([...memberRows.filter((m) => m.leftAt === null && m.exportName === 1).map((m) => m.displayName), ...carriedNames]),
  ].sort((a, b) => a.localeCompare(b))

  // A withdrawn or deleted member's name was rewritten out of the texts when they left; their
  // seat reads "A former member", which must not be turned into their pseudonym.
  const redact = nameRedactor(
    memberRows.filter((m) => m.deletedAt === null).map((m) => ({ name: m.displayName, key: member(m.personId)! })),
  )

  const allCycles = await listCycles(db, inquiryId)
  const wanted = scope.cycles ? new Set(scope.cycles) : null
  const unknown = scope.cycles?.filter((n) => !allCycles.some((c) => c.number === n)) ?? []
  if (unknown.length) {
    throw new DomainError(
      'bad_request',
      `This inquiry has no cycle ${unknown.join(', ')}; it has ${cycleRange(1, allCycles.length)}.`,
      'cycles',
    )
  }
  const cycles = allCycles.filter((c) => !wanted || wanted.has(c.number))
  const through = inquiry.publishedThroughCycle
  const isPublished = (n: number) => through !== null && n <= through
  const cycleNumberOf = new Map(allCycles.map((c) => [c.id, c.number]))
  const cycleIds = cycles.map((c) => c.id)
  const publishedIds = cycles.filter((c) => isPublished(c.number)).map((c) => c.id)
  const none = ['__none__']
  const inList = (ids: string[]) => (ids.length ? ids : none)

  const [phases, authorRows, judgements, checkIns, carried, answers] = await Promise.all([
    listPhasesOfCycles(db, inList(cycleIds)),
    listRecordAuthorsForArchive(db, inquiryId, inList(cycleIds)),
    listJudgementsOfCycles(db, inList(publishedIds)),
    listCheckInFlags(db, inList(publishedIds)),
    listCarriedContributionsOfCycles(db, inList(publishedIds)),
    listIndicatorAnswersOfCycles(db, inList(publishedIds)),
  ])
  const authors = new Map(authorRows.map((a) => [a.id, a]))

  // Keys follow an order made from content (not from ids, which differ between installations),
  // so the same inquiry gives the same archive wherever it lives: when a record was made, its
  // cycle, when it happened, who it is by (a quote attributed by name sorts by that name, as it
  // will after an import) and its words, redacted. The database gives the first three, a page at
  // a time; records that tie on them are ordered here, reading their words only if they tie on
  // their author too. What is held meanwhile: each quoted record's id, consent and outline entry.
  const who = (r: RecordRow) => {
    const author = authors.get(r.authorId)
    const key = member(r.authorId)
    return r.exportConsent === 'named' && (namedIds.has(r.authorId) || !key)
      ? (author?.displayName ?? '')
      : (key ?? author?.displayName ?? '')
  }
  const recordKeys = new Map<string, string>()
  const quoted: QuotedRecords = { ids: [], consents: [], outline: [] }
  let unconsented = 0
  let run: RecordRow[] = []
  const flush = async () => {
    if (run.length > 1) await orderTies(db, run, who, redact)
    for (const r of run) {
      const author = authors.get(r.authorId)
      if (!author || !quoteOf(r, author, keyOf, namedIds)) {
        unconsented += 1
        continue
      }
      const key = `R${quoted.ids.length + 1}`
      recordKeys.set(r.id, key)
      quoted.ids.push(r.id)
      quoted.consents.push(r.exportConsent === 'named' ? 'named' : 'anonymised')
      quoted.outline.push({ key, cycle: r.cycleNumber, phase: r.position })
    }
    run = []
  }
  for (let after: RecordRow | null = null; ;) {
    const page: RecordRow[] = await listSharedRecordsForArchive(db, inquiryId, inList(cycleIds), after, RECORD_PAGE)
    for (const r of page) {
      const first = run[0]
      if (first && (first.createdAt !== r.createdAt || first.cycleNumber !== r.cycleNumber || first.occurredAt !== r.occurredAt))
        await flush()
      run.push(r)
    }
    if (page.length < RECORD_PAGE) break
    after = page[page.length - 1]!
  }
  await flush()

  // Themes first proposed in a published cycle of the scope (or earlier), with their history of merges and splits.
  const lastPublished = Math.max(0, ...cycles.filter((c) => isPublished(c.number)).map((c) => c.number))
  const themeRows = lastPublished ? await listThemesThroughCycle(db, inquiryId, lastPublished) : []
  themeRows.sort((a, b) =>
    compare([a.createdAt, redact(a.name), redact(a.description)], [b.createdAt, redact(b.name), redact(b.description)]),
  )
  const themeKeys = new Map(themeRows.map((t, i) => [t.id, `T${i + 1}`]))
  const themeIds = themeRows.map((t) => t.id)

  const [links, decisions, challenges] = await Promise.all([
    listThemeLinksOfThemes(db, inList(themeIds)),
    listDecisionsOfCycles(db, inquiryId, inList(publishedIds)),
    listChallengesOfCycles(db, inList(publishedIds)),
  ])
  decisions.sort((a, b) =>
    compare(
      [a.createdAt, redact(pseudonymousTitle(a, member)), redact(a.body)],
      [b.createdAt, redact(pseudonymousTitle(b, member)), redact(b.body)],
    ),
  )
  challenges.sort((a, b) => compare([a.createdAt, redact(a.text)], [b.createdAt, redact(b.text)]))
  const stances = decisions.length
    ? await listStancesOfDecisions(
        db,
        decisions.map((d) => d.id),
      )
    : []
  const decisionKeys = new Map(decisions.map((d, i) => [d.id, `D${i + 1}`]))

  // Per-cycle counts from every shared record (consented or not) for the published analysis,
  // read one cycle at a time and kept as counts.
  const sharedCounts = new Map<string, SharedCounts>()
  for (const cycleId of publishedIds) sharedCounts.set(cycleId, countShared(await listSharedRecordCounts(db, [cycleId])))

  const archiveCycles: ArchiveCycle[] = cycles.map((c) => {
    const published = isPublished(c.number)
    const shared = sharedCounts.get(c.id) ?? countShared([])
    const kept = parseCarried(c.carriedJson)
    const ways = { ...shared.ways }
    if (kept) for (const w of Object.keys(ways) as (keyof typeof ways)[]) ways[w] += kept.waysOfKnowing[w]
    const cycleCheckIns = checkIns.filter((x) => x.cycleId === c.id)
    return {
      number: c.number,
      published,
      focus: c.focus === null ? null : redact(c.focus),
      startedAt: c.startedAt,
      endedAt: c.endedAt,
      blindRevealedAt: published ? c.blindRevealedAt : null,
      reviewAdoptedAt: c.reviewAdoptedAt,
      devilsAdvocate: published && c.devilsAdvocateId ? (member(c.devilsAdvocateId) ?? null) : null,
      phases: phases
        .filter((p) => p.cycleId === c.id)
        .map((p) => ({
          position: p.position,
          templateKey: p.templateKey,
          name: p.name,
          kind: p.kind,
          role: p.role,
          status: p.status,
          startedAt: p.startedAt,
          endedAt: p.endedAt,
        })),
      checkIns: published
        ? {
            held: cycleCheckIns.length + (kept?.checkIns.held ?? 0),
            flagged: cycleCheckIns.filter((x) => x.needsTime === 1).length + (kept?.checkIns.flagged ?? 0),
          }
        : null,
      // Each member's own judgement, by their key: published cycles only, names in the note replaced by keys.
      judgements: published
        ? judgements
            .filter((j) => j.cycleId === c.id && member(j.updatedBy))
            .map((j) => ({
              procedureKey: j.procedureKey,
              status: j.status,
              note: redact(j.note),
              updatedAt: j.updatedAt,
              by: member(j.updatedBy)!,
              order: [j.procedureKey, keyNumber(member(j.updatedBy)!)] as Sortable[],
            }))
            .sort((x, y) => compare(x.order, y.order))
            .map(({ order: _order, ...judgement }) => judgement)
        : [],
      // Like the judgement notes: published cycles only, names in the note replaced by keys, the answerer by key.
      indicatorAnswers: published
        ? answers
            .filter((x) => x.cycleId === c.id && member(x.answeredBy))
            .map((x) => ({
              indicator: x.indicatorKey,
              version: x.version,
              statusWhenAnswered: x.status,
              by: member(x.answeredBy)!,
              note: redact(x.note),
              answeredAt: x.answeredAt,
            }))
        : [],
      contributions: published
        ? currentIds.map((personId) => {
            const own = shared.byAuthor.get(personId)
            const extra = carried.find((x) => x.cycleId === c.id && x.personId === personId)
            return {
              member: member(personId)!,
              records: (own?.records ?? 0) + (extra?.records ?? 0),
              words: (own?.words ?? 0) + (extra?.words ?? 0),
              actionRecords: (own?.actionRecords ?? 0) + (extra?.actionRecords ?? 0),
            }
          })
        : null,
      waysOfKnowing: published ? ways : null,
    }
  })

  const outline: ArchiveOutline = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: nowIso(),
    inquiry: {
      title: redact(inquiry.title),
      question: redact(inquiry.question),
      status: inquiry.status,
      templateSlug: inquiry.templateSlug,
      template,
      createdAt: inquiry.createdAt,
      concludedAt: inquiry.concludedAt,
      groupKind: group.kind,
      publishedThroughCycle: through,
      namedMembers,
    },
    members: memberRows.map((m) => ({
      key: member(m.personId)!,
      facilitator: m.isFacilitator === 1,
      pairRole: m.pairRole,
      joinedAt: m.joinedAt,
      leftAt: m.leftAt,
    })),
    cycles: archiveCycles,
    themes: themeRows.map((t) => ({
      key: themeKeys.get(t.id)!,
      name: redact(t.name),
      description: redact(t.description),
      proposedBy: member(t.proposedBy)!,
      firstCycle: t.firstCycle,
      status: t.status,
      mergedInto: t.mergedIntoId ? (themeKeys.get(t.mergedIntoId) ?? null) : null,
      splitFrom: t.splitFromId ? (themeKeys.get(t.splitFromId) ?? null) : null,
      createdAt: t.createdAt,
    })),
    records: quoted.outline,
    links: links
      .filter((l) => recordKeys.has(l.recordId) && member(l.linkedBy))
      .map((l) => ({
        theme: themeKeys.get(l.themeId)!,
        record: recordKeys.get(l.recordId)!,
        linkedBy: member(l.linkedBy)!,
        createdAt: l.createdAt,
      }))
      .sort((a, b) =>
        compare([keyNumber(a.theme), keyNumber(a.record), a.createdAt], [keyNumber(b.theme), keyNumber(b.record), b.createdAt]),
      ),
    decisions: decisions
      .filter((d) => member(d.proposedBy))
      .map((d) => ({
        key: decisionKeys.get(d.id)!,
        cycle: d.cycleId ? (cycleNumberOf.get(d.cycleId) ?? null) : null,
        kind: d.kind,
        title: redact(pseudonymousTitle(d, member)),
        body: redact(d.body),
        status: d.status,
        proposedBy: member(d.proposedBy)!,
        createdAt: d.createdAt,
        closedAt: d.closedAt,
        outcomeNote: d.outcomeNote === null ? null : redact(d.outcomeNote),
        ...decisionStances(
          d,
          stances.filter((s) => s.decisionId === d.id && member(s.personId)),
          member,
        ),
      })),
    challenges: challenges
      .filter((c) => member(c.raisedBy))
      .map((c) => ({
        key: `C${challenges.indexOf(c) + 1}`,
        cycle: cycleNumberOf.get(c.cycleId)!,
        raisedBy: member(c.raisedBy)!,
        targetKind: c.targetKind,
        target: !c.targetId
          ? null
          : c.targetKind === 'theme'
            ? (themeKeys.get(c.targetId) ?? null)
            : c.targetKind === 'record'
              ? (recordKeys.get(c.targetId) ?? null)
              : c.targetKind === 'decision'
                ? (decisionKeys.get(c.targetId) ?? null)
                : null,
        hazard: c.hazard,
        text: redact(c.text),
        resolution: c.resolution,
        resolutionText: c.resolutionText === null ? null : redact(c.resolutionText),
        resolvedAt: c.resolvedAt,
        createdAt: c.createdAt,
      })),
  }

  // The batched parts close over only what they read, not over this function's locals.
  const parts: ArchiveParts = {
    outline,
    records: recordsInBatches(db, quoted, { keyOf, namedIds, redact }),
    ratings: ratingsInBatches(db, {
      cycles: cycles.filter((c) => isPublished(c.number) && c.blindRevealedAt !== null).map((c) => ({ id: c.id, number: c.number })),
      themeIds,
      keyOf,
      themeKeys,
    }),
  }
  return { parts, unconsented, groupId: group.id, inquiryId, inquiryTitle: inquiry.title }
}

/** The quoted records, in key order: their ids, the consent they were quoted under, and their outline entries. */
type QuotedRecords = { ids: string[]; consents: ('anonymised' | 'named')[]; outline: ArchiveRecordEntry[] }

/**
 * How a shared record is quoted: under its author's key, or by name where they allowed it; null
 * when its words may not leave (no consent now, or nobody the archive can attribute them to).
 */
function quoteOf(
  r: { authorId: string; exportConsent: 'none' | 'anonymised' | 'named' },
  author: { placeholder: number; displayName: string },
  keyOf: Map<string, string>,
  namedIds: Set<string>,
): { author: string | null; attribution: string | null } | null {
  const authorKey = keyOf.get(r.authorId)
  // A quote an earlier import attributed by name belongs to a placeholder that is not a member.
  const attributedByName = !authorKey && author.placeholder === 1
  if (r.exportConsent === 'none' || (!authorKey && !attributedByName)) return null
  const named = r.exportConsent === 'named' && (attributedByName || namedIds.has(r.authorId))
  return { author: named ? null : authorKey!, attribution: named ? author.displayName : null }
}

/**
 * The quoted records with their words, a batch at a time, read as they are now: a record made
 * private or deleted since the outline was made, or whose consent changed, stops the export
 * rather than leaving words no longer agreed to, or leaving the outline's keys pointing at nothing.
 */
function recordsInBatches(
  db: Executor,
  quoted: QuotedRecords,
  by: { keyOf: Map<string, string>; namedIds: Set<string>; redact: (text: string) => string },
): ArchiveParts['records'] {
  return async function* () {
    for (let start = 0; start < quoted.ids.length; start += RECORD_BATCH) {
      const ids = quoted.ids.slice(start, start + RECORD_BATCH)
      const rows = new Map((await listSharedRecordsWithWords(db, ids)).map((r) => [r.id, r]))
      yield ids.map((id, j): ArchiveRecord => {
        const row = rows.get(id)
        const quote = row && row.exportConsent === quoted.consents[start + j] ? quoteOf(row, row, by.keyOf, by.namedIds) : null
        if (!row || !quote) throw recordsChanged()
        const { key, cycle, phase } = quoted.outline[start + j]!
        return {
          key,
          ...quote,
          cycle,
          phase,
          wayOfKnowing: row.wayOfKnowing,
          occurredAt: row.occurredAt,
          createdAt: row.createdAt,
          consent: quoted.consents[start + j]!,
          text: by.redact(row.text),
        }
      })
    }
  }
}

/**
 * The ratings of the revealed cycles in archive order: blind ratings only once revealed, since
 * before that they are their author's alone. One cycle at a time, read a few themes at a time
 * and kept as numbers until the cycle is written.
 */
function ratingsInBatches(
  db: Executor,
  of: { cycles: { id: string; number: number }[]; themeIds: string[]; keyOf: Map<string, string>; themeKeys: Map<string, string> },
): ArchiveParts['ratings'] {
  return async function* () {
    for (const cycle of [...of.cycles].sort((a, b) => a.number - b.number)) {
      const table = new RatingTable()
      for (let i = 0; i < of.themeIds.length; i += THEME_BATCH) {
        for (const r of await listRatingsOfThemes(db, of.themeIds.slice(i, i + THEME_BATCH), [cycle.id])) {
          const member = of.keyOf.get(r.personId)
          if (!member) continue
          table.add({
            member,
            theme: of.themeKeys.get(r.themeId)!,
            cycle: cycle.number,
            round: r.round,
            value: r.value,
            reasoned: r.reason !== null && r.reason.trim() !== '',
          })
        }
      }
      yield* table.inArchiveOrder()
    }
  }
}

type SharedCounts = {
  ways: { experiential: number; presentational: number; propositional: number; practical: number }
  byAuthor: Map<string, { records: number; words: number; actionRecords: number }>
}

/** One cycle's shared records as counts: by way of knowing, and per author records, words and action records. */
function countShared(rows: { authorId: string; wayOfKnowing: keyof SharedCounts['ways']; text: string; kind: string }[]): SharedCounts {
  const counts: SharedCounts = { ways: { experiential: 0, presentational: 0, propositional: 0, practical: 0 }, byAuthor: new Map() }
  for (const r of rows) {
    counts.ways[r.wayOfKnowing] += 1
    const own = counts.byAuthor.get(r.authorId) ?? { records: 0, words: 0, actionRecords: 0 }
    own.records += 1
    own.words += wordCount(r.text)
    if (r.kind === 'action') own.actionRecords += 1
    counts.byAuthor.set(r.authorId, own)
  }
  return counts
}

type RecordRow = Awaited<ReturnType<typeof listSharedRecordsForArchive>>[number]

/**
 * Records made at the same moment in the same cycle, happening at the same moment, in archive
 * order: by who they are by, then by their words, redacted (read only for those that tie on
 * their author too). Stable, so what ties on everything keeps the database's order (by id).
 */
async function orderTies(db: Executor, run: RecordRow[], who: (r: RecordRow) => string, redact: (text: string) => string): Promise<void> {
  const by = new Map(run.map((r) => [r.id, who(r)]))
  run.sort((a, b) => compare([by.get(a.id)!], [by.get(b.id)!]))
  const tied = run.filter((r, i) => by.get(r.id) === by.get(run[i - 1]?.id ?? '') || by.get(r.id) === by.get(run[i + 1]?.id ?? ''))
  if (tied.length === 0) return
  const words = new Map<string, string>()
  for (let i = 0; i < tied.length; i += RECORD_BATCH) {
    for (const row of await listSharedRecordsWithWords(
      db,
      tied.slice(i, i + RECORD_BATCH).map((r) => r.id),
    ))
      words.set(row.id, redact(row.text))
  }
  run.sort((a, b) => compare([by.get(a.id)!, words.get(a.id) ?? ''], [by.get(b.id)!, words.get(b.id) ?? '']))
}

type Sortable = string | number
function compare(a: Sortable[], b: Sortable[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x === y) continue
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1
  }
  return 0
}

/** Titles the app wrote with a member's name say their key instead, so no title links a name to a key. */
function pseudonymousTitle(d: { kind: string; title: string; payloadJson: string }, member: (id: string) => string | undefined): string {
  if (d.kind !== 'devils_advocate') return d.title
  const payload = JSON.parse(d.payloadJson) as { personId?: string }
  // An imported decision has no person in its payload: its title already names a key.
  if (!payload.personId) return d.title
  return d.title.replace(/^.* as devil’s advocate/, `${member(payload.personId) ?? 'A member'} as devil’s advocate`)
}
