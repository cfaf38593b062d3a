import { formatDate, STATUS_LABELS } from '~/utils/format'
import { formatNumber, scalePoints } from '~/features/analysis/core/format'
import type { CycleAnalysis, ThemeAnalysis } from '~/features/analysis/core/types'
import { HAZARD_LABELS } from '~/features/challenges/challenges.schema'
import { INDICATOR_STATUS_TEXT } from '~/features/validity/core/indicators'
import { reasonAndRuleText } from '~/features/validity/core/summary'
import type { Indicator } from '~/features/validity/core/types'
import { judgementSpread, spreadText } from '~/features/validity/core/judgements'
import { JUDGEMENT_LABELS } from '~/features/validity/validity.schema'
import type { Archive, ArchiveChallenge, ArchiveCycle, ArchiveDecision, ArchiveMember, ArchiveRecord } from './archive-schema'
import { quoteAuthor } from './archive'

// The findings report's shared wording and derived data (pure): the Markdown report
// (markdown.ts) and the HTML report (components/findings-report.tsx) both read from here,
// so the two cannot drift apart in what they say.
//
// Confidentiality (docs/design.md §5): member keys and the names of members who chose to be named
// never share a line. Names appear only in their own list and on the quotes whose authors
// chose to be named on them (quoteAuthor), never beside a key.

export const REPORT_KICKER = 'Findings report of a co-operative inquiry'
export const NAMED_HEADING = 'Members who chose to be named on their quotes'
export const NAMED_NOTE = 'These names are listed apart on purpose: nothing in this report links a name to a member key.'
export const UNPUBLISHED_SENTENCE = 'The group has not published the findings of this cycle.'
export const NOT_REVEALED_SENTENCE = 'The blind round of this cycle has not been revealed, so there are no theme ratings to report.'

export const DECISION_TALLY_NOTE =
  'Each member’s latest stance is counted, and anonymous stances with the rest; the reasons themselves stay with the group.'

// Status words, rule and reason come from the validity core, so the reports say what the validity page says.
export { INDICATOR_STATUS_TEXT }

const INQUIRY_STATUS_TEXT: Record<Archive['inquiry']['status'], string> = {
  forming: 'forming (no cycle has begun)',
  cycling: 'cycling (the inquiry is in progress)',
  concluded: 'concluded',
}

const PHASE_STATUS_TEXT: Record<ArchiveCycle['phases'][number]['status'], string> = {
  upcoming: 'upcoming',
  current: 'current',
  done: 'done',
  skipped: 'skipped',
}

const RESOLUTION_TEXT: Record<NonNullable<ArchiveChallenge['resolution']>, string> = {
  revised: 'Revised',
  answered: 'Answered',
  left_open: 'Left open',
}

export function inquiryStatus(archive: Archive): string {
  const { status, concludedAt } = archive.inquiry
  return status === 'concluded' && concludedAt ? `concluded on ${formatDate(concludedAt)}` : INQUIRY_STATUS_TEXT[status]
}

export function groupSentence(archive: Archive): string {
  const current = archive.members.filter((m) => m.leftAt === null).length
  const former = archive.members.length - current
  const left = former === 0 ? '' : `, and ${former} former ${former === 1 ? 'member' : 'members'}`
  const kind = archive.inquiry.groupKind === 'pair' ? 'A client–practitioner pair' : 'An inquiry group'
  return `${kind} of ${current} current ${current === 1 ? 'member' : 'members'}${left}. Members appear by key (a stable pseudonym).`
}

/** "Member A (facilitator)", "Member C (client)", "Member G (left 3 Oct 2026)". */
export function memberLabel(member: ArchiveMember): string {
  const notes: string[] = []
  if (member.facilitator) notes.push('facilitator')
  if (member.pairRole) notes.push(member.pairRole)
  if (member.leftAt) notes.push(`left ${formatDate(member.leftAt)}`)
  return notes.length ? `${member.key} (${notes.join(', ')})` : member.key
}

function phaseName(cycle: ArchiveCycle | undefined, position: number): string {
  return cycle?.phases.find((p) => p.position === position)?.name ?? `phase ${position}`
}

export function phaseStatus(phase: ArchiveCycle['phases'][number]): string {
  return PHASE_STATUS_TEXT[phase.status]
}

export function phaseKind(phase: ArchiveCycle['phases'][number]): string {
  return `${phase.kind} (${phase.role})`
}

export function cycleDates(cycle: ArchiveCycle): string {
  return cycle.endedAt
    ? `${formatDate(cycle.startedAt)} to ${formatDate(cycle.endedAt)}`
    : `since ${formatDate(cycle.startedAt)} (in progress)`
}

/**
 * Why the indicator has its status this cycle, then its rule with the thresholds filled in:
 * the same text as the validity page's "Why, and the rule" column (reasonAndRuleText).
 */
export function thresholdText(indicator: Indicator): string {
  return reasonAndRuleText(indicator)
}

/** The participation-balance indicator of a cycle, for the participation chart's verdict. */
export function participationVerdict(indicators: readonly Indicator[]): Indicator | null {
  return indicators.find((i) => i.key === 'participation-balance') ?? null
}

type ThemeRow = { number: number; name: string; cls: string; direction: string; median: string; iqr: string; n: number }

export function themeRows(themes: readonly ThemeAnalysis[]): ThemeRow[] {
  return themes.map((t, i) => {
    const notes = [t.polarised ? 'polarised' : null, t.belowQuorum ? 'below quorum' : null].filter((x): x is string => x !== null)
    return {
      number: i + 1,
      name: t.name,
      cls: notes.length ? `${t.class} (${notes.join(', ')})` : t.class,
      direction: t.stats.n === 0 ? '—' : t.direction,
      median: t.stats.median === null ? '—' : formatNumber(t.stats.median),
      iqr: t.stats.iqr === null ? '—' : formatNumber(t.stats.iqr),
      n: t.stats.n,
    }
  })
}

export function scaleSentence(analysis: CycleAnalysis): string {
  const points = scalePoints(analysis.scale)
  const named = points.filter((p) => p.label).map((p) => `${p.value} = ${p.label}`)
  return `Open round (after discussion), on a scale of ${analysis.scale.min} to ${analysis.scale.max}${named.length ? ` (${named.join('; ')})` : ''}. Direction compares the median with the scale's midpoint.`
}

export function alphaRows(analysis: CycleAnalysis): { round: string; alpha: string; ratings: number; note: string | null }[] {
  return [
    {
      round: 'Blind (before discussion)',
      alpha: formatNumber(analysis.blind.alpha, 3),
      ratings: analysis.blind.ratings,
      note: analysis.blind.alphaNote,
    },
    {
      round: 'Open (after discussion)',
      alpha: formatNumber(analysis.open.alpha, 3),
      ratings: analysis.open.ratings,
      note: analysis.open.alphaNote,
    },
  ]
}

export function alphaSentence(analysis: CycleAnalysis): string {
  const s = analysis.shift
  const moved =
    s.changed === 0
      ? 'No rating changed in the open round'
      : `${s.changed} of ${s.pairs} ratings changed in the open round, ${s.changedWithoutReason} without a reason`
  return `Krippendorff's alpha (${analysis.level}) over members × themes: 1 is full agreement, 0 is no more than chance. ${moved}.`
}

export const JUDGEMENTS_HEADING = 'Each member’s judgement'

type ProcedureRow = {
  key: string
  name: string
  /** The spread of the members' judgements in words ("2 met, 1 partly"), or "Not judged". */
  judgement: string
  /** The notes, each after its member's key and judgement ("Member A (partly): …"), joined; empty when none has a note. */
  note: string
}

/** What one member said of a procedure: "Member A (partly): the note"; an old archive's judgement names nobody. */
function judgementNote(j: ArchiveCycle['judgements'][number]): string {
  return j.by ? `${j.by} (${JUDGEMENT_LABELS[j.status].toLowerCase()}): ${j.note}` : j.note
}

/**
 * Every procedure of the template, in its order, with the spread of the members' own judgements
 * and their notes (issue 16 item 3); then any judged procedure the template no longer lists.
 */
export function procedureRows(archive: Archive, cycle: ArchiveCycle): ProcedureRow[] {
  const procedures = archive.inquiry.template.validityProcedures
  const row = (key: string, name: string): ProcedureRow => {
    const own = cycle.judgements.filter((j) => j.procedureKey === key)
    return {
      key,
      name,
      judgement: spreadText(judgementSpread(own)),
      note: own
        .filter((j) => j.note.trim() !== '')
        .map(judgementNote)
        .join(' · '),
    }
  }
  const rows = procedures.map((p) => row(p.key, p.name))
  const known = new Set(procedures.map((p) => p.key))
  for (const key of new Set(cycle.judgements.map((j) => j.procedureKey))) if (!known.has(key)) rows.push(row(key, key))
  return rows
}

export const ANSWERS_HEADING = 'How the group answered the indicators'
export const NO_ANSWERS_SENTENCE = 'The group did not answer any warning or alert of this cycle.'

type AnswerRow = {
  indicator: string
  /** "warning" or "alert": the indicator's status when the group answered it. */
  statusWhenAnswered: string
  by: string
  note: string
  date: string
  /** Earlier versions of the answer, oldest first: a later answer replaced them as the current one. */
  earlier: { by: string; note: string; date: string }[]
}

/**
 * The group's answers to a cycle's indicators ("we looked at this"), one row per answered
 * indicator with its current answer and the earlier versions; null when the archive predates
 * answers (then the report says nothing about them), an empty list when none was given.
 */
export function answerRows(cycle: ArchiveCycle, indicators: readonly Pick<Indicator, 'key' | 'name'>[]): AnswerRow[] | null {
  if (!cycle.indicatorAnswers) return null
  const byIndicator = new Map<string, NonNullable<ArchiveCycle['indicatorAnswers']>>()
  for (const a of [...cycle.indicatorAnswers].sort((x, y) => x.version - y.version))
    byIndicator.set(a.indicator, [...(byIndicator.get(a.indicator) ?? []), a])
  const order = (key: string) => {
    const i = indicators.findIndex((x) => x.key === key)
    return i === -1 ? indicators.length : i
  }
  return [...byIndicator.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([key, versions]) => {
      const current = versions.at(-1)!
      return {
        indicator: indicators.find((x) => x.key === key)?.name ?? key,
        statusWhenAnswered: INDICATOR_STATUS_TEXT[current.statusWhenAnswered],
        by: current.by,
        note: current.note,
        date: formatDate(current.answeredAt),
        earlier: versions.slice(0, -1).map((v) => ({ by: v.by, note: v.note, date: formatDate(v.answeredAt) })),
      }
    })
}

/** Whether a cycle's report says anything about answers: some were given, or a warning went unanswered. */
export function showAnswers(rows: AnswerRow[] | null, indicators: readonly Pick<Indicator, 'status'>[]): rows is AnswerRow[] {
  return rows !== null && (rows.length > 0 || indicators.some((i) => i.status === 'warn' || i.status === 'alert'))
}

export function validityReviewAdoption(cycle: ArchiveCycle): string {
  return cycle.reviewAdoptedAt
    ? `The group adopted this review on ${formatDate(cycle.reviewAdoptedAt)}.`
    : 'The group has not adopted this review.'
}

/** What a challenge is about; `name` is user text (a theme name or decision title) or null. */
export function challengeTarget(archive: Archive, c: ArchiveChallenge): { kind: string; name: string | null } {
  if (c.targetKind === 'process') return { kind: 'the process', name: null }
  if (c.targetKind === 'theme') return { kind: 'the theme', name: archive.themes.find((t) => t.key === c.target)?.name ?? null }
  if (c.targetKind === 'decision') return { kind: 'the decision', name: archive.decisions.find((d) => d.key === c.target)?.title ?? null }
  return { kind: 'a record', name: null }
}

export function hazardLabel(c: ArchiveChallenge): string {
  return HAZARD_LABELS[c.hazard].label
}

export function resolutionLabel(c: ArchiveChallenge): string {
  return c.resolution ? RESOLUTION_TEXT[c.resolution] : 'Not yet resolved'
}

type StanceTally = { agree: number; abstain: number; disagree: number; block: number; anonymous: number; reasoned: number }

/** Each member's latest stance (a change of mind is a later stance), plus the anonymous ones. Counts only: reasons never leave the group. */
export function stanceTally(decision: ArchiveDecision): StanceTally {
  const latest = new Map<string, ArchiveDecision['stances'][number]>()
  for (const s of decision.stances) latest.set(s.member, s)
  const tally: StanceTally = { agree: 0, abstain: 0, disagree: 0, block: 0, anonymous: decision.anonymousStances.length, reasoned: 0 }
  for (const s of [...latest.values(), ...decision.anonymousStances]) {
    tally[s.stance] += 1
    if (s.reasoned) tally.reasoned += 1
  }
  return tally
}

export function decisionStatus(decision: ArchiveDecision): string {
  return STATUS_LABELS[decision.status] ?? decision.status
}

type Quote = { record: ArchiveRecord; author: string; meta: string; themes: string[] }

/** Consented records by cycle (every cycle in the archive, published or not), each with the names of its linked themes. */
export function quotesByCycle(archive: Archive): { cycle: number; quotes: Quote[] }[] {
  const cycles = new Map(archive.cycles.map((c) => [c.number, c]))
  const themes = new Map(archive.themes.map((t) => [t.key, t]))
  const linked = new Map<string, string[]>()
  for (const l of archive.links) {
    const theme = themes.get(l.theme)
    if (!theme) continue
    const merged = theme.mergedInto ? themes.get(theme.mergedInto) : undefined
    const name = merged ? `${theme.name} (merged into ${merged.name})` : theme.name
    const names = linked.get(l.record) ?? []
    if (!names.includes(name)) linked.set(l.record, [...names, name])
  }
  const groups = new Map<number, Quote[]>()
  const sorted = [...archive.records].sort(
    (a, b) => a.cycle - b.cycle || a.occurredAt.localeCompare(b.occurredAt) || keyOrder(a.key, b.key),
  )
  for (const record of sorted) {
    const meta = [
      `cycle ${record.cycle}`,
      phaseName(cycles.get(record.cycle), record.phase),
      `${record.wayOfKnowing} knowing`,
      formatDate(record.occurredAt),
    ].join(' · ')
    const quotes = groups.get(record.cycle) ?? []
    quotes.push({ record, author: quoteAuthor(record), meta, themes: linked.get(record.key) ?? [] })
    groups.set(record.cycle, quotes)
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([cycle, quotes]) => ({ cycle, quotes }))
}

export function keyOrder(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1))
}

/** Plain sentences (no user text) for "What this report leaves out". */
export function leftOutItems(archive: Archive): string[] {
  const quoted = new Map<number, number>()
  for (const r of archive.records) quoted.set(r.cycle, (quoted.get(r.cycle) ?? 0) + 1)
  const counts = [...archive.cycles]
    .filter((c) => c.published && c.waysOfKnowing)
    .sort((a, b) => a.number - b.number)
    .map((c) => {
      const w = c.waysOfKnowing!
      const shared = w.experiential + w.presentational + w.propositional + w.practical
      return `cycle ${c.number}: ${quoted.get(c.number) ?? 0} of ${shared} shared records`
    })
  const unpublished = archive.cycles
    .filter((c) => !c.published)
    .map((c) => c.number)
    .sort((a, b) => a - b)
  return [
    `Records whose authors did not consent to their export. Only consented records are quoted${counts.length ? ` (${counts.join('; ')})` : ''}; the analysis still counts the others, as numbers only.`,
    'Private records: they are seen only by their authors and never leave the platform.',
    'Check-ins: what members said in them stays with the group; only how many were held and how many asked for time is counted, in the validity review.',
    'Reasons given with ratings and stances: they are tied to a member key, so the report says only how many were given.',
    unpublished.length === 0
      ? 'Unpublished cycles: none; the group has published every cycle in this report.'
      : `Unpublished cycles (${unpublished.map((n) => `cycle ${n}`).join(', ')}): the group has not published their findings, so only their focus, phases and consented quotes appear.`,
    'Names: members appear by key; a name appears only on a quote whose author chose to be named on it.',
  ]
}
