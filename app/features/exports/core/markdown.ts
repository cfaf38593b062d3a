import { formatDate, STATUS_LABELS } from '~/components/format'
import {
  collapsedThemes,
  describeBlindToOpen,
  describeConvergence,
  describeDistributions,
  describeOpinionMap,
  describeParticipation,
} from '~/features/analysis/components/describe'
import { formatNumber, formatPercent, scalePoints } from '~/features/analysis/components/format'
import type { CycleAnalysis, ContributionKind, ParticipationAnalysis, ThemeAnalysis } from '~/features/analysis/core/types'
import { HAZARD_LABELS } from '~/features/challenges/challenges.schema'
import type { Indicator } from '~/features/validity/core/types'
import { JUDGEMENT_LABELS } from '~/features/validity/validity.schema'
import { analyseArchive, type ArchiveCycleResult } from './analyse-archive'
import { quoteAuthor, type Archive, type ArchiveChallenge, type ArchiveCycle, type ArchiveDecision, type ArchiveMember, type ArchiveRecord } from './archive'

// The findings report as GitHub-flavoured Markdown. The HTML report
// (components/findings-report.tsx) shows the same content in the same order and uses the
// helpers exported here, so the two cannot drift apart in what they say.
//
// Confidentiality (DESIGN §5): member keys and the names of members who chose to be named
// never share a line. Names appear only in their own list and on the quotes whose authors
// chose to be named on them (quoteAuthor), never beside a key.

// ---------------------------------------------------------------------------------------
// Shared wording and derived data (pure; used by the HTML report too)

export const REPORT_KICKER = 'Findings report of a co-operative inquiry'
export const NAMED_HEADING = 'Members who chose to be named on their quotes'
export const NAMED_NOTE = 'These names are listed apart on purpose: nothing in this report links a name to a member key.'
export const UNPUBLISHED_SENTENCE = 'The group has not published the findings of this cycle.'
export const NOT_REVEALED_SENTENCE = 'The blind round of this cycle has not been revealed, so there are no theme ratings to report.'

export const DECISION_TALLY_NOTE = 'Each member’s latest stance is counted, and anonymous stances with the rest; the reasons themselves stay with the group.'

export const INDICATOR_STATUS_TEXT: Record<Indicator['status'], string> = { ok: 'ok', warn: 'warning', alert: 'alert', 'n/a': 'nothing yet' }

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

export function phaseName(cycle: ArchiveCycle | undefined, position: number): string {
  return cycle?.phases.find((p) => p.position === position)?.name ?? `phase ${position}`
}

export function phaseStatus(phase: ArchiveCycle['phases'][number]): string {
  return PHASE_STATUS_TEXT[phase.status]
}

export function phaseKind(phase: ArchiveCycle['phases'][number]): string {
  return `${phase.kind} (${phase.role})`
}

export function cycleDates(cycle: ArchiveCycle): string {
  return cycle.endedAt ? `${formatDate(cycle.startedAt)} to ${formatDate(cycle.endedAt)}` : `since ${formatDate(cycle.startedAt)} (in progress)`
}

/** "warn at 0.1 or more, alert at 0.2 or more"; the order of warn and alert says which side is worse. */
export function thresholdText(indicator: Indicator): string {
  const t = indicator.threshold
  if (!t) return '—'
  const side = t.warn <= t.alert ? 'or more' : 'or less'
  return `warn at ${formatNumber(t.warn)} ${side}, alert at ${formatNumber(t.alert)} ${side}`
}

export type ThemeRow = { number: number; name: string; cls: string; direction: string; median: string; iqr: string; n: number }

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
    { round: 'Blind (before discussion)', alpha: formatNumber(analysis.blind.alpha, 3), ratings: analysis.blind.ratings, note: analysis.blind.alphaNote },
    { round: 'Open (after discussion)', alpha: formatNumber(analysis.open.alpha, 3), ratings: analysis.open.ratings, note: analysis.open.alphaNote },
  ]
}

export function alphaSentence(analysis: CycleAnalysis): string {
  const s = analysis.shift
  const moved = s.changed === 0 ? 'No rating changed in the open round' : `${s.changed} of ${s.pairs} ratings changed in the open round, ${s.changedWithoutReason} without a reason`
  return `Krippendorff's alpha (${analysis.level}) over members × themes: 1 is full agreement, 0 is no more than chance. ${moved}.`
}

export type ProcedureRow = { key: string; name: string; judgement: string; note: string }

/** Every procedure of the template, in its order, with the group's judgement; then any judged procedure the template no longer lists. */
export function procedureRows(archive: Archive, cycle: ArchiveCycle): ProcedureRow[] {
  const procedures = archive.inquiry.template.validityProcedures
  const judged = new Map(cycle.judgements.map((j) => [j.procedureKey, j]))
  const rows: ProcedureRow[] = procedures.map((p) => {
    const j = judged.get(p.key)
    return { key: p.key, name: p.name, judgement: j ? JUDGEMENT_LABELS[j.status] : 'Not judged', note: j?.note ?? '' }
  })
  const known = new Set(procedures.map((p) => p.key))
  for (const j of cycle.judgements) if (!known.has(j.procedureKey)) rows.push({ key: j.procedureKey, name: j.procedureKey, judgement: JUDGEMENT_LABELS[j.status], note: j.note })
  return rows
}

export function reviewAdoption(cycle: ArchiveCycle): string {
  return cycle.reviewAdoptedAt ? `The group adopted this review on ${formatDate(cycle.reviewAdoptedAt)}.` : 'The group has not adopted this review.'
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

export type StanceTally = { agree: number; abstain: number; disagree: number; block: number; anonymous: number; reasoned: number }

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

export type Quote = { record: ArchiveRecord; author: string; meta: string; themes: string[] }

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
  const sorted = [...archive.records].sort((a, b) => a.cycle - b.cycle || a.occurredAt.localeCompare(b.occurredAt) || keyOrder(a.key, b.key))
  for (const record of sorted) {
    const meta = [`cycle ${record.cycle}`, phaseName(cycles.get(record.cycle), record.phase), `${record.wayOfKnowing} knowing`, formatDate(record.occurredAt)].join(' · ')
    const quotes = groups.get(record.cycle) ?? []
    quotes.push({ record, author: quoteAuthor(record), meta, themes: linked.get(record.key) ?? [] })
    groups.set(record.cycle, quotes)
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([cycle, quotes]) => ({ cycle, quotes }))
}

function keyOrder(a: string, b: string): number {
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
  const unpublished = archive.cycles.filter((c) => !c.published).map((c) => c.number).sort((a, b) => a - b)
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

// ---------------------------------------------------------------------------------------
// Markdown

/**
 * Escapes user text for Markdown so it reads as plain text and cannot add markup: every
 * inline construct (emphasis, code, links, raw HTML, table cells, strikethrough, entities)
 * and, where the text begins a line (`lineStart`), every block construct a line could open
 * (headings, quotes, lists, fences, setext underlines, indented code). Line breaks become
 * spaces unless `keepLines` (for blockquotes, which prefix each line; implies `lineStart`).
 */
export function escapeMarkdown(text: string, { keepLines = false, lineStart = keepLines }: { keepLines?: boolean; lineStart?: boolean } = {}): string {
  const inline = (line: string) =>
    line.replace(/[\\`*_[\]<|~]/g, '\\$&').replace(/&(?=#?[0-9A-Za-z]+;)/g, '\\&')
  const block = (line: string) => inline(line.trimStart()).replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2')
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  if (keepLines) return lines.map(block).join('\n')
  const joined = lines.map((l) => l.trim()).filter((l) => l.length > 0).join(' ')
  return lineStart ? block(joined) : inline(joined)
}

const md = (text: string) => escapeMarkdown(text)
/** For text that opens a line, such as a list item's. */
const mdStart = (text: string) => escapeMarkdown(text, { lineStart: true })

function table(head: string[], rows: (string | number)[][], align?: ('l' | 'r')[]): string {
  const cell = (v: string | number) => (typeof v === 'number' ? String(v) : v) || ' '
  const line = (cells: (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`
  const rule = `| ${head.map((_, i) => (align?.[i] === 'r' ? '---:' : '---')).join(' | ')} |`
  return [line(head), rule, ...rows.map(line)].join('\n')
}

const KINDS: { kind: ContributionKind; label: string }[] = [
  { kind: 'records', label: 'Records' },
  { kind: 'words', label: 'Words' },
  { kind: 'themesProposed', label: 'Themes proposed' },
  { kind: 'stances', label: 'Stances' },
  { kind: 'challenges', label: 'Challenges' },
]

/** Each member's share of each kind of contribution and their mean share over the kinds anyone contributed to (as ParticipationChart). */
function participationTable(p: ParticipationAnalysis): string {
  const totals = Object.fromEntries(KINDS.map(({ kind }) => [kind, p.members.reduce((s, m) => s + m[kind], 0)])) as Record<ContributionKind, number>
  const active = KINDS.filter(({ kind }) => totals[kind] > 0)
  const rows = p.members.map((m) => {
    const share = (kind: ContributionKind) => (totals[kind] > 0 ? m[kind] / totals[kind] : 0)
    const mean = active.length === 0 ? 0 : active.reduce((s, { kind }) => s + share(kind), 0) / active.length
    return [md(m.name), ...KINDS.map(({ kind }) => `${m[kind].toLocaleString('en-GB')} (${formatPercent(share(kind))})`), formatPercent(mean)]
  })
  rows.push(['Gini (0 = equal)', ...KINDS.map(({ kind }) => formatNumber(p.gini[kind])), formatNumber(p.overallGini)])
  return table(['Member', ...KINDS.map((k) => k.label), 'Average share'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r'])
}

function chartsMarkdown(a: CycleAnalysis): string[] {
  const out: string[] = []
  const themes = a.open.themes
  out.push('### Where the group converges and diverges', md(describeConvergence(themes)), 'The themes table above gives each theme’s median and spread.')

  const points = scalePoints(a.scale)
  out.push(
    '### How the ratings spread',
    md(describeDistributions(themes, a.scale)),
    table(
      ['Theme', ...points.map((p) => String(p.value)), 'Ratings', 'Median'],
      themes.map((t) => [
        md(t.name),
        ...points.map((p) => t.stats.distribution.find((d) => d.value === p.value)?.count ?? 0),
        t.stats.n,
        t.stats.median === null ? '—' : formatNumber(t.stats.median),
      ]),
      ['l', ...points.map(() => 'r' as const), 'r', 'r'],
    ),
  )

  const s = a.shift
  const collapsed = new Set(collapsedThemes(s).map((t) => t.themeId))
  const cell = (v: number | null) => (v === null ? 'no ratings' : formatNumber(v))
  out.push(
    '### Spread before and after discussion',
    md(describeBlindToOpen(s)),
    table(
      ['Theme', 'Blind IQR', 'Open IQR', 'Blind SD', 'Open SD', 'Spread collapsed'],
      s.themes.map((t) => [md(t.name), cell(t.blindIqr), cell(t.openIqr), cell(t.blindSd), cell(t.openSd), collapsed.has(t.themeId) ? 'yes' : 'no']),
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ),
    `Variance ratio (open ÷ blind): ${s.varianceRatio === null ? 'none: no spread in the blind round' : formatNumber(s.varianceRatio)}.`,
  )

  out.push('### Who takes part', md(describeParticipation(a.participation)), participationTable(a.participation))

  const map = a.opinionMap
  out.push('### Opinion map', md(describeOpinionMap(map)))
  if (map.note) out.push(md(map.note))
  else {
    out.push(
      table(['Member', 'Left–right', 'Up–down'], map.members.map((m) => [md(m.name), formatNumber(m.x), formatNumber(m.y)]), ['l', 'r', 'r']),
      `The axes account for ${formatPercent(map.explained[0])} (left–right) and ${formatPercent(map.explained[1])} (up–down) of the differences between members.` +
        (map.separatingThemes.length
          ? ` Themes that separate members left from right most (loading): ${map.separatingThemes.slice(0, 5).map((t) => `${md(t.name)} (${formatNumber(t.loading)})`).join(', ')}.`
          : ''),
    )
  }
  return out
}

function indicatorsTable(indicators: Indicator[]): string {
  return table(
    ['Indicator', 'Value', 'Threshold', 'Status', 'Reading'],
    indicators.map((i) => [md(i.name), md(i.display), thresholdText(i), INDICATOR_STATUS_TEXT[i.status], md(i.sentence)]),
  )
}

function cycleMarkdown(archive: Archive, cycle: ArchiveCycle, result: ArchiveCycleResult | undefined): string[] {
  const out: string[] = [`## Cycle ${cycle.number}${cycle.published ? '' : ' (not published)'}`]
  out.push(`**Focus:** ${cycle.focus ? md(cycle.focus) : 'not recorded'}`, `**Dates:** ${cycleDates(cycle)}`)
  out.push(
    '**Phases:**',
    table(
      ['Phase', 'Kind', 'Status'],
      [...cycle.phases].sort((a, b) => a.position - b.position).map((p) => [md(p.name), phaseKind(p), phaseStatus(p)]),
    ),
  )
  if (!cycle.published || !result) {
    out.push(UNPUBLISHED_SENTENCE)
    return out
  }

  const a = result.analysis
  out.push('### Themes')
  if (!a) out.push(NOT_REVEALED_SENTENCE)
  else if (a.open.themes.length === 0) out.push('No themes were rated in this cycle.')
  else {
    out.push(
      scaleSentence(a),
      table(
        ['#', 'Theme', 'Class', 'Direction', 'Median', 'IQR', 'n'],
        themeRows(a.open.themes).map((r) => [r.number, md(r.name), r.cls, r.direction, r.median, r.iqr, r.n]),
        ['r', 'l', 'l', 'l', 'r', 'r', 'r'],
      ),
    )
  }
  if (a) {
    out.push(
      '### Agreement between members',
      alphaSentence(a),
      table(['Round', "Krippendorff's alpha", 'Ratings'], alphaRows(a).map((r) => [r.round, r.note ? `${r.alpha} (${md(r.note)})` : r.alpha, r.ratings]), ['l', 'r', 'r']),
    )
    out.push(...chartsMarkdown(a))
  }

  out.push('### Validity review', md(result.summary.sentence), reviewAdoption(cycle), '#### What the platform computed', indicatorsTable(result.indicators))
  out.push(
    '#### The group’s judgement',
    table(['Procedure', 'Judgement', 'Note'], procedureRows(archive, cycle).map((p) => [md(p.name), p.judgement, p.note ? md(p.note) : '—'])),
  )

  const challenges = archive.challenges.filter((c) => c.cycle === cycle.number).sort((x, y) => x.createdAt.localeCompare(y.createdAt))
  out.push(`### Challenges (${challenges.length})`)
  if (challenges.length === 0) out.push('No challenges were raised in this cycle.')
  for (const c of challenges) {
    const target = challengeTarget(archive, c)
    const about = target.name ? `${target.kind} “${md(target.name)}”` : target.kind
    const resolution = `${resolutionLabel(c)}${c.resolutionText ? `: ${md(c.resolutionText)}` : '.'}`
    out.push(`- **${hazardLabel(c)}**, about ${about}: ${md(c.text)}\n  - ${resolution}`)
  }

  const decisions = archive.decisions.filter((d) => d.cycle === cycle.number)
  out.push(`### Decisions (${decisions.length})`)
  out.push(decisions.length === 0 ? 'No decisions were taken in this cycle.' : decisionsTable(decisions))
  return out
}

function decisionsTable(decisions: ArchiveDecision[]): string {
  const rows = table(
    ['Decision', 'Status', 'Agree', 'Abstain', 'Disagree', 'Block', 'Of which anonymous', 'With a reason'],
    [...decisions]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || keyOrder(a.key, b.key))
      .map((d) => {
        const t = stanceTally(d)
        return [md(d.title), decisionStatus(d), t.agree, t.abstain, t.disagree, t.block, t.anonymous, t.reasoned]
      }),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
  )
  return `${rows}\n\n${DECISION_TALLY_NOTE}`
}

function quotesMarkdown(archive: Archive): string[] {
  const groups = quotesByCycle(archive)
  const out = ['## Quotes', 'Records their authors consented to export, attributed to the author’s member key, or to their name where they chose to be named on the record.']
  if (groups.length === 0) out.push('No records were consented for export.')
  for (const { cycle, quotes } of groups) {
    out.push(`### Cycle ${cycle}`)
    for (const q of quotes) {
      const body = escapeMarkdown(q.record.text, { keepLines: true })
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n')
      out.push(body, `— ${md(q.author)} · ${md(q.meta)}`, q.themes.length ? `Themes: ${q.themes.map(md).join('; ')}` : 'Not linked to a theme.')
    }
  }
  return out
}

/** The findings report as GitHub-flavoured Markdown, from the archive alone. */
export function toMarkdown(archive: Archive): string {
  const results = new Map(analyseArchive(archive).map((r) => [r.cycle, r]))
  const { inquiry } = archive
  const out: string[] = [
    `# ${md(inquiry.title).replace(/#/g, '\\#')}`,
    `*${REPORT_KICKER}*`,
    `**Question:** ${inquiry.question ? md(inquiry.question) : 'not recorded'}`,
    `**Exported:** ${formatDate(archive.exportedAt)}`,
    `**Status:** ${inquiryStatus(archive)}`,
    '## The group',
    groupSentence(archive),
    archive.members.map((m) => `- ${memberLabel(m)}`).join('\n'),
    `### ${NAMED_HEADING}`,
    NAMED_NOTE,
    inquiry.namedMembers.length ? inquiry.namedMembers.map((n) => `- ${mdStart(n)}`).join('\n') : 'No member chose to be named.',
  ]
  for (const cycle of [...archive.cycles].sort((a, b) => a.number - b.number)) out.push(...cycleMarkdown(archive, cycle, results.get(cycle.number)))
  const general = archive.decisions.filter((d) => d.cycle === null)
  if (general.length) out.push('## Decisions not tied to a cycle', decisionsTable(general))
  out.push(...quotesMarkdown(archive))
  out.push('## What this report leaves out', leftOutItems(archive).map((s) => `- ${s}`).join('\n'))
  return `${out.join('\n\n')}\n`
}
