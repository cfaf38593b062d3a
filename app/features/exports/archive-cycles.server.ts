import type { Executor } from '~db/connection'
import type { Inquiry } from '~db/schema'
import { facilitationActs } from '~/features/facilitation/facilitation.server'
import { wordCount } from '~/features/analysis/analysis.server'
import { parseCarried } from '~db/queries/carried'
import {
  listCarriedContributionsOfCycles,
  listCheckInFlags,
  listIndicatorAnswersOfCycles,
  listJudgementsOfCycles,
  listPhasesOfCycles,
  listSharedRecordCounts,
} from '~db/queries/exports'
import { groupBy, keyNumber, sortBy } from './core/archive'
import type { ArchiveCycle } from './core/archive-schema'
import { inList, type ArchivePeople, type CyclesInScope } from './archive-scope.server'

// The archive's cycles: each with its phases, and for a published cycle the group's review of
// it (each member's judgements, answers to indicators) and what the published analysis needs
// from every shared record, as counts.

type Rows<T extends (...args: never[]) => Promise<unknown[]>> = Awaited<ReturnType<T>>

/** What the cycles in scope are made from, gathered by cycle id. */
type CycleReads = {
  phases: Map<string, Rows<typeof listPhasesOfCycles>>
  judgements: Map<string, Rows<typeof listJudgementsOfCycles>>
  checkIns: Map<string, Rows<typeof listCheckInFlags>>
  carried: Map<string, Rows<typeof listCarriedContributionsOfCycles>>
  answers: Map<string, Rows<typeof listIndicatorAnswersOfCycles>>
  shared: Map<string, SharedCounts>
  /** Who facilitated each cycle (by number), and each current member's reflection-phase records and words; null where not known. */
  facilitation: Map<number, FacilitationRead | null>
}

type FacilitationRead = {
  facilitators: readonly string[]
  coFacilitators: readonly string[]
  reflection: Map<string, { records: number; words: number }>
}

type SharedCounts = {
  ways: { experiential: number; presentational: number; propositional: number; practical: number }
  byAuthor: Map<string, { records: number; words: number; actionRecords: number }>
}

/** The cycles' facilitation as the measure reads it (facilitation.server.ts), by cycle number. */
async function readFacilitation(db: Executor, inquiry: Pick<Inquiry, 'id' | 'groupId'>): Promise<Map<number, FacilitationRead | null>> {
  const { acts, known } = await facilitationActs(db, inquiry)
  return new Map(
    acts.map((a) => [
      a.cycle,
      known.has(a.cycle)
        ? {
            facilitators: a.facilitators,
            coFacilitators: a.coFacilitators,
            reflection: new Map(a.reflection.map((r) => [r.by, { records: r.records, words: r.words }])),
          }
        : null,
    ]),
  )
}

/** The cycles in scope as the archive holds them: the review and the counts for published cycles only. */
export async function readArchiveCycles(
  db: Executor,
  scope: CyclesInScope,
  people: ArchivePeople,
  inquiry: Pick<Inquiry, 'id' | 'groupId'>,
): Promise<ArchiveCycle[]> {
  const [phases, judgements, checkIns, carried, answers, facilitation] = await Promise.all([
    listPhasesOfCycles(db, inList(scope.ids)),
    listJudgementsOfCycles(db, inList(scope.publishedIds)),
    listCheckInFlags(db, inList(scope.publishedIds)),
    listCarriedContributionsOfCycles(db, inList(scope.publishedIds)),
    listIndicatorAnswersOfCycles(db, inList(scope.publishedIds)),
    readFacilitation(db, inquiry),
  ])
  // Per-cycle counts from every shared record (consented or not) for the published analysis,
  // read one cycle at a time and kept as counts.
  const shared = new Map<string, SharedCounts>()
  for (const cycleId of scope.publishedIds) shared.set(cycleId, countShared(await listSharedRecordCounts(db, [cycleId])))
  const reads: CycleReads = {
    phases: groupBy(phases, (p) => p.cycleId),
    judgements: groupBy(judgements, (j) => j.cycleId),
    checkIns: groupBy(checkIns, (x) => x.cycleId),
    carried: groupBy(carried, (x) => x.cycleId),
    answers: groupBy(answers, (x) => x.cycleId),
    shared,
    facilitation,
  }
  return scope.cycles.map((c) => cycleEntry(c, scope.isPublished(c.number), reads, people))
}

type CycleRow = CyclesInScope['cycles'][number]

function cycleEntry(c: CycleRow, published: boolean, reads: CycleReads, people: ArchivePeople): ArchiveCycle {
  const { key, redact } = people
  const kept = parseCarried(c.carriedJson)
  const checkIns = reads.checkIns.get(c.id) ?? []
  return {
    number: c.number,
    published,
    focus: c.focus === null ? null : redact(c.focus),
    startedAt: c.startedAt,
    endedAt: c.endedAt,
    blindRevealedAt: published ? c.blindRevealedAt : null,
    reviewAdoptedAt: c.reviewAdoptedAt,
    devilsAdvocate: published && c.devilsAdvocateId ? (key(c.devilsAdvocateId) ?? null) : null,
    phases: (reads.phases.get(c.id) ?? []).map((p) => ({
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
          held: checkIns.length + (kept?.checkIns.held ?? 0),
          flagged: checkIns.filter((x) => x.needsTime === 1).length + (kept?.checkIns.flagged ?? 0),
        }
      : null,
    judgements: published ? judgementEntries(reads.judgements.get(c.id) ?? [], people) : [],
    indicatorAnswers: published ? answerEntries(reads.answers.get(c.id) ?? [], people) : [],
    contributions: published
      ? contributionEntries(
          reads.shared.get(c.id) ?? countShared([]),
          reads.carried.get(c.id) ?? [],
          people,
          reads.facilitation.get(c.number),
        )
      : null,
    waysOfKnowing: published ? waysOfKnowing(reads.shared.get(c.id) ?? countShared([]), kept) : null,
    ...facilitationEntry(published, reads.facilitation.get(c.number), people),
  }
}

/** Who facilitated a published cycle, by key; left out where it is not known (a cycle imported from an older archive). */
function facilitationEntry(
  published: boolean,
  read: FacilitationRead | null | undefined,
  { key }: ArchivePeople,
): Pick<ArchiveCycle, 'facilitation'> {
  if (!published) return { facilitation: null }
  if (!read) return {}
  const keys = (ids: readonly string[]) => ids.flatMap((id) => (key(id) ? [key(id)!] : [])).sort((a, b) => keyNumber(a) - keyNumber(b))
  return { facilitation: { facilitators: keys(read.facilitators), coFacilitators: keys(read.coFacilitators) } }
}

/** Each member's own judgement, by their key, by procedure then member: names in the note replaced by keys. */
function judgementEntries(rows: Rows<typeof listJudgementsOfCycles>, { key, redact }: ArchivePeople): ArchiveCycle['judgements'] {
  const judged = rows.filter((j) => key(j.updatedBy))
  return sortBy(judged, (j) => [j.procedureKey, keyNumber(key(j.updatedBy)!)]).map((j) => ({
    procedureKey: j.procedureKey,
    status: j.status,
    note: redact(j.note),
    updatedAt: j.updatedAt,
    by: key(j.updatedBy)!,
  }))
}

/** Like the judgement notes: names in the note replaced by keys, the answerer by key. */
function answerEntries(rows: Rows<typeof listIndicatorAnswersOfCycles>, { key, redact }: ArchivePeople): ArchiveCycle['indicatorAnswers'] {
  return rows
    .filter((x) => key(x.answeredBy))
    .map((x) => ({
      indicator: x.indicatorKey,
      version: x.version,
      statusWhenAnswered: x.status,
      by: key(x.answeredBy)!,
      note: redact(x.note),
      answeredAt: x.answeredAt,
    }))
}

/** Each current member's records, words and action records in the cycle, with what an import carried for them. */
function contributionEntries(
  shared: SharedCounts,
  carried: Rows<typeof listCarriedContributionsOfCycles>,
  { key, currentIds }: ArchivePeople,
  facilitation: FacilitationRead | null | undefined,
): ArchiveCycle['contributions'] {
  return currentIds.map((personId) => {
    const own = shared.byAuthor.get(personId)
    const extra = carried.find((x) => x.personId === personId)
    const reflection = facilitation?.reflection.get(personId) ?? { records: 0, words: 0 }
    return {
      member: key(personId)!,
      records: (own?.records ?? 0) + (extra?.records ?? 0),
      words: (own?.words ?? 0) + (extra?.words ?? 0),
      actionRecords: (own?.actionRecords ?? 0) + (extra?.actionRecords ?? 0),
      ...(facilitation ? { reflectionRecords: reflection.records, reflectionWords: reflection.words } : {}),
    }
  })
}

/** The cycle's shared records by way of knowing, with those an import carried. */
function waysOfKnowing(shared: SharedCounts, kept: ReturnType<typeof parseCarried>): SharedCounts['ways'] {
  const ways = { ...shared.ways }
  if (kept) for (const w of Object.keys(ways) as (keyof typeof ways)[]) ways[w] += kept.waysOfKnowing[w]
  return ways
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
