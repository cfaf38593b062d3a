import { z } from 'zod'
import { NetworkRecordSchema } from '~/features/network/core/record'
import { InquiryTemplateSchema } from '~/features/templates/template.schema'

// The inquiry archive, version 1: everything a group may export, in one JSON document
// (documented for other programs in docs/archive-format.md). Every export format is
// rendered from an archive, so what one format may show, all may show, and nothing else.
//
// People appear by key only ("Member A": their stable pseudonym), and nothing links a key
// to a name: ratings, stances and participation stay pseudonymous for everyone. A member
// who chose to be named appears in `inquiry.namedMembers`, and a record they allowed to be
// quoted with their name carries that name as its `attribution` and no key.
// A record is in the archive only where its author consented to export at the moment of
// export. What the published analysis needs from the records left out (how many, how many
// words, which ways of knowing, who recorded action) travels as per-cycle counts. Private
// records and check-ins' words are never in an archive. Reasons given with ratings and
// stances are an individual's words tied to their pseudonym: they leave only as
// "a reason was given". The group's review of a cycle (each member's judgements and their
// notes, challenges, answers to indicators) leaves only for cycles the group agreed by
// decision to publish, by member key, with members' names in it replaced by their keys.

export const ARCHIVE_FORMAT = 'cooperative-inquiry-archive'
export const ARCHIVE_VERSION = 1
/** Archives larger than this are refused on import (bytes of JSON): the largest a worker reads within IMPORT_WORKER_HEAP_MB. */
export const MAX_ARCHIVE_BYTES = 32 * 1024 * 1024

const Timestamp = z.iso.datetime({ message: 'must be an ISO-8601 UTC timestamp like 2026-11-22T10:00:00.000Z' })
const MemberKey = z.string().regex(/^Member [A-Z]+$/, 'must be a member key like "Member A"')
const Key = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[1-9][0-9]*$`), `must be a key like "${prefix}1"`)
const CycleNumber = z.number().int().min(1).max(10_000)
const Text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain the NUL character')

const ArchiveMemberSchema = z.strictObject({
  key: MemberKey,
  facilitator: z.boolean(),
  pairRole: z.enum(['client', 'practitioner']).nullable(),
  joinedAt: Timestamp,
  /** When a former member left; their contributions stay out of the analysis. */
  leftAt: Timestamp.nullable(),
})

const ArchivePhaseSchema = z.strictObject({
  position: z.number().int().min(0),
  templateKey: z.string().min(1).max(100),
  name: Text(200).min(1),
  kind: z.enum(['reflection', 'action']),
  role: z.enum(['co-researcher', 'co-subject']),
  status: z.enum(['upcoming', 'current', 'done', 'skipped']),
  startedAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
})

/**
 * A member's own judgement of one validity procedure, by the member's key (issue 16 item 3:
 * each member judges for themselves). Archives made before then hold one judgement per
 * procedure and no `by`: it is read as the judgement of whoever imports it.
 */
const ArchiveJudgementSchema = z.strictObject({
  procedureKey: z.string().min(1).max(100),
  status: z.enum(['met', 'partly', 'not_met', 'n_a']),
  note: Text(20_000),
  updatedAt: Timestamp,
  by: MemberKey.optional(),
})

/**
 * The group's answer to one of the cycle's warnings or alerts ("we looked at this"), by the
 * answering member's key. Every version is kept; the highest for an indicator is the current one.
 */
const ArchiveIndicatorAnswerSchema = z.strictObject({
  indicator: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z][a-z0-9-]*$/, 'must be an indicator key like "conformity-shift"'),
  version: z.number().int().min(1).max(10_000),
  /** The indicator's status when it was answered (indicators are recomputed, so it may differ now). */
  statusWhenAnswered: z.enum(['warn', 'alert']),
  by: MemberKey,
  note: Text(20_000).min(1),
  answeredAt: Timestamp,
})

const ArchiveCycleSchema = z.strictObject({
  number: CycleNumber,
  /** Whether the group's decision to publish covers this cycle. Unpublished cycles carry only consented quotes. */
  published: z.boolean(),
  focus: Text(2_000).nullable(),
  startedAt: Timestamp,
  endedAt: Timestamp.nullable(),
  blindRevealedAt: Timestamp.nullable(),
  reviewAdoptedAt: Timestamp.nullable(),
  devilsAdvocate: MemberKey.nullable(),
  phases: z.array(ArchivePhaseSchema).max(50),
  /** How many check-ins were held and how many asked for time: counts only, never their words. Null when unpublished. */
  checkIns: z.strictObject({ held: z.number().int().min(0), flagged: z.number().int().min(0) }).nullable(),
  judgements: z.array(ArchiveJudgementSchema).max(10_000),
  /** The group's answers to its indicators, oldest first; empty when unpublished. Absent from archives made before answers existed. */
  indicatorAnswers: z.array(ArchiveIndicatorAnswerSchema).max(10_000).optional(),
  /** Per member, everything they recorded and shared in this cycle (consented or not): counts only. Null when unpublished. */
  contributions: z
    .array(
      z.strictObject({
        member: MemberKey,
        records: z.number().int().min(0),
        words: z.number().int().min(0),
        actionRecords: z.number().int().min(0),
        /** Of those, how many were written in reflection phases and their words (facilitator dependence). Absent from archives made before it. */
        reflectionRecords: z.number().int().min(0).optional(),
        reflectionWords: z.number().int().min(0).optional(),
      }),
    )
    .max(200)
    .nullable(),
  /** Shared records of the cycle by way of knowing (all authors). Null when unpublished. */
  waysOfKnowing: z
    .strictObject({
      experiential: z.number().int().min(0),
      presentational: z.number().int().min(0),
      propositional: z.number().int().min(0),
      practical: z.number().int().min(0),
    })
    .nullable(),
  /**
   * Who held the facilitator role at any moment of the cycle, and whom the group's handover plan
   * named co-facilitator then (facilitator dependence, docs/design.md §4). Null when unpublished;
   * absent from archives made before it, which then say nothing of who facilitated.
   */
  facilitation: z
    .strictObject({ facilitators: z.array(MemberKey).max(200), coFacilitators: z.array(MemberKey).max(200) })
    .nullable()
    .optional(),
})

const ArchiveThemeSchema = z.strictObject({
  key: Key('T'),
  name: Text(200).min(1),
  description: Text(20_000),
  proposedBy: MemberKey,
  firstCycle: CycleNumber,
  status: z.enum(['active', 'merged']),
  mergedInto: Key('T').nullable(),
  splitFrom: Key('T').nullable(),
  createdAt: Timestamp,
})

const ArchiveRecordSchema = z.strictObject({
  key: Key('R'),
  /** The author's pseudonym; null when the record is attributed by name instead. */
  author: MemberKey.nullable(),
  /** The author's name, only where they consented to be named on this record and chose to be named in exports. */
  attribution: Text(200).min(1).nullable(),
  cycle: CycleNumber,
  /** The `position` of the cycle's phase it was recorded in. */
  phase: z.number().int().min(0),
  wayOfKnowing: z.enum(['experiential', 'presentational', 'propositional', 'practical']),
  occurredAt: Timestamp,
  createdAt: Timestamp,
  consent: z.enum(['anonymised', 'named']),
  text: Text(100_000),
})

const ArchiveLinkSchema = z.strictObject({
  theme: Key('T'),
  record: Key('R'),
  linkedBy: MemberKey,
  createdAt: Timestamp,
})

const ArchiveRatingSchema = z.strictObject({
  member: MemberKey,
  theme: Key('T'),
  cycle: CycleNumber,
  round: z.enum(['blind', 'open']),
  value: z.number().int(),
  /** Whether the member gave a reason (the reason's words stay with the group). */
  reasoned: z.boolean(),
})

const ArchiveStanceSchema = z.strictObject({
  member: MemberKey,
  stance: z.enum(['agree', 'abstain', 'disagree', 'block']),
  reasoned: z.boolean(),
  at: Timestamp,
})

const ArchiveDecisionSchema = z.strictObject({
  key: Key('D'),
  cycle: CycleNumber.nullable(),
  kind: z
    .string()
    .regex(/^[a-z_]+$/)
    .max(50),
  title: Text(500).min(1),
  body: Text(20_000),
  status: z.enum(['open', 'passed', 'rejected', 'withdrawn', 'superseded']),
  proposedBy: MemberKey,
  createdAt: Timestamp,
  closedAt: Timestamp.nullable(),
  outcomeNote: Text(2_000).nullable(),
  /** Every stance in the order given (a change of mind is a later stance). */
  stances: z.array(ArchiveStanceSchema).max(10_000),
  /** Stances given without a name, in an order that follows nothing: every stance on an anonymous decision, none while it is open. */
  anonymousStances: z
    .array(z.strictObject({ stance: z.enum(['agree', 'abstain', 'disagree', 'block']), reasoned: z.boolean() }))
    .max(1_000),
})

const ArchiveChallengeSchema = z.strictObject({
  key: Key('C'),
  cycle: CycleNumber,
  raisedBy: MemberKey,
  targetKind: z.enum(['theme', 'record', 'decision', 'process']),
  /** Key of the target theme, record or decision; null for the process or a target not in the archive. */
  target: z.string().max(20).nullable(),
  hazard: z.enum(['consensus_collusion', 'uncritical_subjectivity', 'unaware_projection', 'dominance', 'other']),
  text: Text(20_000).min(1),
  resolution: z.enum(['revised', 'answered', 'left_open']).nullable(),
  resolutionText: Text(20_000).nullable(),
  /** Who recorded the resolution; null while unresolved. Absent from archives made before it. */
  resolvedBy: MemberKey.nullable().optional(),
  resolvedAt: Timestamp.nullable(),
  createdAt: Timestamp,
})

/** The archive document as it reads, before its references are checked. */
const ArchiveDocumentSchema = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT, { message: `must be "${ARCHIVE_FORMAT}"` }),
  version: z.literal(ARCHIVE_VERSION, { message: `this installation reads archive version ${ARCHIVE_VERSION}` }),
  exportedAt: Timestamp,
  inquiry: z.strictObject({
    title: Text(200).min(1),
    question: Text(5_000),
    status: z.enum(['forming', 'cycling', 'concluded']),
    templateSlug: z.string().min(1).max(100),
    template: InquiryTemplateSchema,
    createdAt: Timestamp,
    concludedAt: Timestamp.nullable(),
    groupKind: z.enum(['inquiry_group', 'pair']),
    /** Highest cycle the group has agreed to publish; null when nothing is published. */
    publishedThroughCycle: CycleNumber.nullable(),
    /** Names of members who chose to be named in exports, in alphabetical order (not linked to keys). */
    namedMembers: z.array(Text(200).min(1)).max(200),
  }),
  members: z.array(ArchiveMemberSchema).min(1).max(200),
  cycles: z.array(ArchiveCycleSchema).max(1_000),
  themes: z.array(ArchiveThemeSchema).max(20_000),
  records: z.array(ArchiveRecordSchema).max(200_000),
  links: z.array(ArchiveLinkSchema).max(500_000),
  ratings: z.array(ArchiveRatingSchema).max(2_000_000),
  decisions: z.array(ArchiveDecisionSchema).max(50_000),
  challenges: z.array(ArchiveChallengeSchema).max(50_000),
  network: NetworkRecordSchema.optional(),
  /** Computed results per published, revealed cycle, for readers; ignored (recomputed) on import. */
  analysis: z.unknown().optional(),
})

type ArchiveDocument = z.infer<typeof ArchiveDocumentSchema>
type Path = (string | number)[]
type Issue = (path: Path, message: string) => void

/**
 * An archive whose references point at something in it, each key once: so an import cannot
 * half-succeed, or meet a unique constraint part-way.
 */
export const ArchiveSchema = ArchiveDocumentSchema.superRefine((a, ctx) => {
  const issue: Issue = (path, message) => ctx.addIssue({ code: 'custom', path, message })
  checkRepeats(a, issue)
  checkReferences(a, issue)
})

export type Archive = z.infer<typeof ArchiveSchema>
export type ArchiveMember = Archive['members'][number]
export type ArchiveCycle = Archive['cycles'][number]
export type ArchiveRecord = Archive['records'][number]
export type ArchiveTheme = Archive['themes'][number]
export type ArchiveDecision = Archive['decisions'][number]
export type ArchiveChallenge = Archive['challenges'][number]
export type ArchiveRating = Archive['ratings'][number]

/** Keys that must not repeat: each repeat is named where it stands. */
function unique(issue: Issue, keys: (string | number)[], path: string): void {
  const seen = new Set<string | number>()
  keys.forEach((k, i) => (seen.has(k) ? issue([path, i], `repeats ${k}`) : seen.add(k)))
}

/** Items the database holds once per `key`: a repeat is named, with where the first stands. */
function once<T>(issue: Issue, items: readonly T[], path: Path, key: (x: T) => string, what: (x: T) => string): void {
  const first = new Map<string, number>()
  items.forEach((x, i) => {
    const k = key(x)
    const at = first.get(k)
    if (at === undefined) first.set(k, i)
    else issue([...path, i], `repeats ${what(x)} (already at ${[...path, at].join('.')})`)
  })
}

/** What must come once: the keys of members, cycles, themes, records, decisions and challenges, and what the database holds once per pair. */
function checkRepeats(a: ArchiveDocument, issue: Issue): void {
  const keyed: [string, (string | number)[]][] = [
    ['members', a.members.map((m) => m.key)],
    ['cycles', a.cycles.map((c) => c.number)],
    ['themes', a.themes.map((t) => t.key)],
    ['records', a.records.map((r) => r.key)],
    ['decisions', a.decisions.map((d) => d.key)],
    ['challenges', a.challenges.map((c) => c.key)],
  ]
  for (const [path, keys] of keyed) unique(issue, keys, path)
  once(
    issue,
    a.links,
    ['links'],
    (l) => `${l.theme}\u0000${l.record}`,
    (l) => `the link of ${l.theme} to ${l.record}`,
  )
  once(
    issue,
    a.ratings,
    ['ratings'],
    (r) => `${r.member}\u0000${r.theme}\u0000${r.cycle}\u0000${r.round}`,
    (r) => `${r.member}'s ${r.round} rating of ${r.theme} in cycle ${r.cycle}`,
  )
  a.cycles.forEach((c, i) => {
    once(
      issue,
      c.judgements,
      ['cycles', i, 'judgements'],
      (j) => `${j.procedureKey}\u0000${j.by ?? ''}`,
      (j) => `the judgement on ${j.procedureKey}${j.by ? ` by ${j.by}` : ''} for cycle ${c.number}`,
    )
    // A judgement with no member key (an archive from before everyone judged) stands alone on its procedure.
    const perProcedure = new Map<string, number>()
    for (const j of c.judgements) perProcedure.set(j.procedureKey, (perProcedure.get(j.procedureKey) ?? 0) + 1)
    c.judgements.forEach((j, k) => {
      if (j.by === undefined && perProcedure.get(j.procedureKey)! > 1)
        issue(['cycles', i, 'judgements', k, 'by'], `names no member, yet ${j.procedureKey} has other judgements in cycle ${c.number}`)
    })
    once(
      issue,
      c.indicatorAnswers ?? [],
      ['cycles', i, 'indicatorAnswers'],
      (x) => `${x.indicator}\u0000${x.version}`,
      (x) => `version ${x.version} of the answer to ${x.indicator} for cycle ${c.number}`,
    )
    once(
      issue,
      c.contributions ?? [],
      ['cycles', i, 'contributions'],
      (x) => x.member,
      (x) => `the contributions of ${x.member} in cycle ${c.number}`,
    )
  })
}

/** Every member, cycle, theme, record and phase named must be in the archive; cycles need their phases; ratings keep to the scale. */
function checkReferences(a: ArchiveDocument, issue: Issue): void {
  const members = new Set(a.members.map((m) => m.key))
  const cycles = new Set(a.cycles.map((c) => c.number))
  const themes = new Set(a.themes.map((t) => t.key))
  const records = new Set(a.records.map((r) => r.key))
  const member = (k: string | null, path: Path) => k !== null && !members.has(k) && issue(path, `names ${k}, who is not in members`)
  const cycle = (n: number | null, path: Path) => n !== null && !cycles.has(n) && issue(path, `names cycle ${n}, which is not in cycles`)
  a.cycles.forEach((c, i) => {
    member(c.devilsAdvocate, ['cycles', i, 'devilsAdvocate'])
    c.contributions?.forEach((x, j) => member(x.member, ['cycles', i, 'contributions', j, 'member']))
    c.indicatorAnswers?.forEach((x, j) => member(x.by, ['cycles', i, 'indicatorAnswers', j, 'by']))
    c.judgements.forEach((x, j) => member(x.by ?? null, ['cycles', i, 'judgements', j, 'by']))
    c.facilitation?.facilitators.forEach((x, j) => member(x, ['cycles', i, 'facilitation', 'facilitators', j]))
    c.facilitation?.coFacilitators.forEach((x, j) => member(x, ['cycles', i, 'facilitation', 'coFacilitators', j]))
    if (c.phases.length === 0) issue(['cycles', i, 'phases'], 'a cycle needs its phases')
    const positions = c.phases.map((p) => p.position)
    unique(issue, positions, `cycles.${i}.phases`)
    if (c.phases.filter((p) => p.status === 'current').length > 1) issue(['cycles', i, 'phases'], 'at most one phase of a cycle is current')
  })
  a.themes.forEach((t, i) => {
    member(t.proposedBy, ['themes', i, 'proposedBy'])
    cycle(t.firstCycle, ['themes', i, 'firstCycle'])
    if (t.mergedInto && !themes.has(t.mergedInto)) issue(['themes', i, 'mergedInto'], `names ${t.mergedInto}, which is not in themes`)
    if (t.splitFrom && !themes.has(t.splitFrom)) issue(['themes', i, 'splitFrom'], `names ${t.splitFrom}, which is not in themes`)
  })
  const phases = new Set(a.cycles.flatMap((c) => c.phases.map((p) => `${c.number}:${p.position}`)))
  a.records.forEach((r, i) => {
    member(r.author, ['records', i, 'author'])
    cycle(r.cycle, ['records', i, 'cycle'])
    if (!phases.has(`${r.cycle}:${r.phase}`)) issue(['records', i, 'phase'], `cycle ${r.cycle} has no phase ${r.phase}`)
    if ((r.author === null) === (r.attribution === null))
      issue(['records', i, 'author'], 'a record has either an author key or a named attribution, not both')
    if (r.attribution !== null && r.consent !== 'named')
      issue(['records', i, 'attribution'], 'only a record consented "named" carries a name')
  })
  a.links.forEach((l, i) => {
    if (!themes.has(l.theme)) issue(['links', i, 'theme'], `names ${l.theme}, which is not in themes`)
    if (!records.has(l.record)) issue(['links', i, 'record'], `names ${l.record}, which is not in records`)
    member(l.linkedBy, ['links', i, 'linkedBy'])
  })
  const scale = a.inquiry.template.ratingScale
  a.ratings.forEach((r, i) => {
    member(r.member, ['ratings', i, 'member'])
    cycle(r.cycle, ['ratings', i, 'cycle'])
    if (!themes.has(r.theme)) issue(['ratings', i, 'theme'], `names ${r.theme}, which is not in themes`)
    if (r.value < scale.min || r.value > scale.max) issue(['ratings', i, 'value'], `must be on the scale ${scale.min}–${scale.max}`)
  })
  a.decisions.forEach((d, i) => {
    cycle(d.cycle, ['decisions', i, 'cycle'])
    member(d.proposedBy, ['decisions', i, 'proposedBy'])
    d.stances.forEach((s, j) => member(s.member, ['decisions', i, 'stances', j, 'member']))
  })
  a.challenges.forEach((c, i) => {
    cycle(c.cycle, ['challenges', i, 'cycle'])
    member(c.raisedBy, ['challenges', i, 'raisedBy'])
    member(c.resolvedBy ?? null, ['challenges', i, 'resolvedBy'])
  })
}
