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
  listRatingsOfRevealedCycles,
  listSharedRecordCounts,
  listSharedRecordsForArchive,
  listThemeLinksOfThemes,
  listThemesThroughCycle,
} from '~db/queries/exports'
import { listStancesOfDecisions } from '~db/queries/decisions'
import { getGroupKind } from '~db/queries/groups'
import { listCycles } from '~db/queries/inquiries'
import { analyseArchive } from './core/analyse-archive'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type Archive, type ArchiveCycle } from './core/archive'
import { describeScope, type LeftOut } from './core/preview'
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
 * Everything the group may export from one inquiry, as of now (docs/design.md §5): consent is read
 * at this moment, names appear only where members chose them and never beside a key,
 * private records and check-ins' words never, blind ratings only after reveal, and
 * group-level findings only for cycles the group agreed by decision to publish.
 * Only a current member may build it.
 */
export async function buildArchive(db: Executor, user: SessionUser, inquiryId: string, scope: ExportScope = {}): Promise<BuiltArchive> {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  return assembleArchive(db, inquiry, scope)
}

/**
 * The archive of an inquiry with no member check: for the command line only, which runs with
 * the database's own access. The same consent rules apply as for a member's export.
 */
export async function assembleArchive(db: Executor, inquiry: Inquiry, scope: ExportScope = {}): Promise<BuiltArchive> {
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
  const revealedIds = cycles.filter((c) => isPublished(c.number) && c.blindRevealedAt !== null).map((c) => c.id)
  const none = ['__none__']
  const inList = (ids: string[]) => (ids.length ? ids : none)

  const [phases, records, judgements, checkIns, carried, answers] = await Promise.all([
    listPhasesOfCycles(db, inList(cycleIds)),
    listSharedRecordsForArchive(db, inquiryId, inList(cycleIds)),
    listJudgementsOfCycles(db, inList(publishedIds)),
    listCheckInFlags(db, inList(publishedIds)),
    listCarriedContributionsOfCycles(db, inList(publishedIds)),
    listIndicatorAnswersOfCycles(db, inList(publishedIds)),
  ])

  // Keys follow an order made from content (not from ids, which differ between installations),
  // so the same inquiry gives the same archive wherever it lives.
  // A quote attributed by name sorts by that name, as it will after an import.
  const who = (r: (typeof records)[number]) =>
    r.exportConsent === 'named' && (namedIds.has(r.authorId) || !member(r.authorId)) ? r.displayName : (member(r.authorId) ?? r.displayName)
  // Each record's text is redacted once, and its sort key made once (not on every comparison).
  const redacted = new Map(records.map((r) => [r.id, redact(r.text)]))
  const keys = new Map(
    records.map((r) => [r.id, [r.createdAt, cycleNumberOf.get(r.cycleId)!, r.occurredAt, who(r), redacted.get(r.id)!] as Sortable[]]),
  )
  records.sort((a, b) => compare(keys.get(a.id)!, keys.get(b.id)!))
  // Records: the words only where the author consents now; counts for the published analysis.
  const recordKeys = new Map<string, string>()
  const archiveRecords: Archive['records'] = []
  let unconsented = 0
  for (const r of records) {
    const authorKey = member(r.authorId)
    // A quote an earlier import attributed by name belongs to a placeholder that is not a member.
    const attributedByName = !authorKey && r.placeholder === 1
    if (r.exportConsent === 'none' || (!authorKey && !attributedByName)) {
      unconsented += 1
      continue
    }
    const named = r.exportConsent === 'named' && (attributedByName || namedIds.has(r.authorId))
    const key = `R${archiveRecords.length + 1}`
    recordKeys.set(r.id, key)
    archiveRecords.push({
      key,
      author: named ? null : authorKey!,
      attribution: named ? r.displayName : null,
      cycle: cycleNumberOf.get(r.cycleId)!,
      phase: r.position,
      wayOfKnowing: r.wayOfKnowing,
      occurredAt: r.occurredAt,
      createdAt: r.createdAt,
      consent: r.exportConsent,
      text: redacted.get(r.id)!,
    })
  }

  // Themes first proposed in a published cycle of the scope (or earlier), with their history of merges and splits.
  const lastPublished = Math.max(0, ...cycles.filter((c) => isPublished(c.number)).map((c) => c.number))
  const themeRows = lastPublished ? await listThemesThroughCycle(db, inquiryId, lastPublished) : []
  themeRows.sort((a, b) =>
    compare([a.createdAt, redact(a.name), redact(a.description)], [b.createdAt, redact(b.name), redact(b.description)]),
  )
  const themeKeys = new Map(themeRows.map((t, i) => [t.id, `T${i + 1}`]))
  const themeIds = themeRows.map((t) => t.id)

  const [links, ratings, decisions, challenges] = await Promise.all([
    listThemeLinksOfThemes(db, inList(themeIds)),
    // Blind ratings only once revealed: before that they are their author's alone.
    listRatingsOfRevealedCycles(db, inList(revealedIds)),
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

  // Per-cycle counts from every shared record (consented or not) for the published analysis.
  const allShared = publishedIds.length ? await listSharedRecordCounts(db, publishedIds) : []

  const archiveCycles: ArchiveCycle[] = cycles.map((c) => {
    const published = isPublished(c.number)
    const shared = allShared.filter((r) => r.cycleId === c.id)
    const kept = parseCarried(c.carriedJson)
    const ways = { experiential: 0, presentational: 0, propositional: 0, practical: 0 }
    for (const r of shared) ways[r.wayOfKnowing] += 1
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
            const own = shared.filter((r) => r.authorId === personId)
            const extra = carried.find((x) => x.cycleId === c.id && x.personId === personId)
            return {
              member: member(personId)!,
              records: own.length + (extra?.records ?? 0),
              words: own.reduce((n, r) => n + wordCount(r.text), 0) + (extra?.words ?? 0),
              actionRecords: own.filter((r) => r.kind === 'action').length + (extra?.actionRecords ?? 0),
            }
          })
        : null,
      waysOfKnowing: published ? ways : null,
    }
  })

  const archive: Archive = {
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
    records: archiveRecords,
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
    ratings: ratings
      .filter((r) => themeKeys.has(r.themeId) && member(r.personId))
      .map((r) => ({
        member: member(r.personId)!,
        theme: themeKeys.get(r.themeId)!,
        cycle: cycleNumberOf.get(r.cycleId)!,
        round: r.round,
        value: r.value,
        reasoned: r.reason !== null && r.reason.trim() !== '',
        order: [cycleNumberOf.get(r.cycleId)!, keyNumber(member(r.personId)!), keyNumber(themeKeys.get(r.themeId)!), r.round] as Sortable[],
      }))
      .sort((a, b) => compare(a.order, b.order))
      .map(({ order: _order, ...rating }) => rating),
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
  archive.analysis = analyseArchive(archive)

  return { archive, groupId: group.id, inquiryId, inquiryTitle: inquiry.title, ...describeScope(archive, { unconsented }) }
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

/** "T12" → 12, "Member AB" → 27: keys compare by their number, not as text. */
function keyNumber(key: string): number {
  const digits = /\d+$/.exec(key)
  if (digits) return Number(digits[0])
  let n = 0
  for (const ch of key.slice('Member '.length)) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n
}

/** Titles the app wrote with a member's name say their key instead, so no title links a name to a key. */
function pseudonymousTitle(d: { kind: string; title: string; payloadJson: string }, member: (id: string) => string | undefined): string {
  if (d.kind !== 'devils_advocate') return d.title
  const payload = JSON.parse(d.payloadJson) as { personId?: string }
  // An imported decision has no person in its payload: its title already names a key.
  if (!payload.personId) return d.title
  return d.title.replace(/^.* as devil’s advocate/, `${member(payload.personId) ?? 'A member'} as devil’s advocate`)
}
