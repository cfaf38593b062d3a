import { escapeMarkdown } from '~/utils/markdown'
import { formatDate } from '~/utils/format'
import { KINDS, participationShares } from '~/features/analysis/core/chart-data'
import {
  collapsedThemes,
  describeBlindToOpen,
  describeConvergence,
  describeDistributions,
  describeOpinionMap,
  describeParticipation,
} from '~/features/analysis/core/describe'
import { formatNumber, formatPercent, scalePoints } from '~/features/analysis/core/format'
import type { CycleAnalysis, ParticipationAnalysis } from '~/features/analysis/core/types'
import { readingOf, ruleText } from '~/features/validity/core/summary'
import type { Indicator } from '~/features/validity/core/types'
import { analyseArchive, type ArchiveCycleResult } from './analyse-archive'
import type { Archive, ArchiveCycle, ArchiveDecision } from './archive-schema'
import {
  ANSWERS_HEADING,
  DECISION_TALLY_NOTE,
  INDICATOR_STATUS_TEXT,
  NO_ANSWERS_SENTENCE,
  answerRows,
  showAnswers,
  JUDGEMENTS_HEADING,
  NAMED_HEADING,
  NAMED_NOTE,
  NOT_REVEALED_SENTENCE,
  REPORT_KICKER,
  UNPUBLISHED_SENTENCE,
  alphaRows,
  alphaSentence,
  challengeTarget,
  cycleDates,
  decisionStatus,
  groupSentence,
  hazardLabel,
  inquiryStatus,
  keyOrder,
  leftOutItems,
  memberLabel,
  participationVerdict,
  phaseKind,
  phaseStatus,
  procedureRows,
  quotesByCycle,
  resolutionLabel,
  validityReviewAdoption,
  scaleSentence,
  stanceTally,
  themeRows,
  thresholdText,
} from './report'

// The findings report as GitHub-flavoured Markdown. The HTML report
// (components/findings-report.tsx) shows the same content in the same order and shares its
// wording and derived data (report.ts), so the two cannot drift apart in what they say.
//
// Confidentiality (docs/design.md §5): member keys and the names of members who chose to be named
// never share a line. Names appear only in their own list and on the quotes whose authors
// chose to be named on them (quoteAuthor), never beside a key.

// ---------------------------------------------------------------------------------------
// Markdown

const md = (text: string) => escapeMarkdown(text)
/** For text that opens a line, such as a list item's. */
const mdStart = (text: string) => escapeMarkdown(text, { lineStart: true })

function table(head: string[], rows: (string | number)[][], align?: ('l' | 'r')[]): string {
  const cell = (v: string | number) => (typeof v === 'number' ? String(v) : v) || ' '
  const line = (cells: (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`
  const rule = `| ${head.map((_, i) => (align?.[i] === 'r' ? '---:' : '---')).join(' | ')} |`
  return [line(head), rule, ...rows.map(line)].join('\n')
}

/** Each member's share of each kind of contribution and their mean share over the kinds anyone contributed to (as ParticipationChart). */
function participationTable(p: ParticipationAnalysis): string {
  const rows = participationShares(p).map(({ member: m, share, mean }) => [
    md(m.name),
    ...KINDS.map(({ kind }) => `${m[kind].toLocaleString('en-GB')} (${formatPercent(share[kind])})`),
    formatPercent(mean),
  ])
  rows.push(['Gini (0 = equal)', ...KINDS.map(({ kind }) => formatNumber(p.gini[kind])), formatNumber(p.overallGini)])
  return table(['Member', ...KINDS.map((k) => k.label), 'Average share'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r'])
}

function chartsMarkdown(a: CycleAnalysis, indicators: Indicator[]): string[] {
  const out: string[] = []
  const themes = a.open.themes
  out.push(
    '### Where the group converges and diverges',
    md(describeConvergence(themes)),
    'The themes table above gives each theme’s median and spread.',
  )

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
      s.themes.map((t) => [
        md(t.name),
        cell(t.blindIqr),
        cell(t.openIqr),
        cell(t.blindSd),
        cell(t.openSd),
        collapsed.has(t.themeId) ? 'yes' : 'no',
      ]),
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ),
    `Variance ratio (open ÷ blind): ${s.varianceRatio === null ? 'none: no spread in the blind round' : formatNumber(s.varianceRatio)}.`,
  )

  // The participation-balance indicator's verdict and rule, as the HTML chart and the validity review give them.
  const verdict = participationVerdict(indicators)
  out.push('### Who takes part', md(describeParticipation(a.participation, verdict)), participationTable(a.participation))
  if (verdict) out.push(md(ruleText(verdict)))

  const map = a.opinionMap
  out.push('### Opinion map', md(describeOpinionMap(map)))
  if (map.note) out.push(md(map.note))
  else {
    out.push(
      table(
        ['Member', 'Left–right', 'Up–down'],
        map.members.map((m) => [md(m.name), formatNumber(m.x), formatNumber(m.y)]),
        ['l', 'r', 'r'],
      ),
      `The axes account for ${formatPercent(map.explained[0])} (left–right) and ${formatPercent(map.explained[1])} (up–down) of the differences between members.` +
        (map.separatingThemes.length
          ? ` Themes that separate members left from right most (loading): ${map.separatingThemes
              .slice(0, 5)
              .map((t) => `${md(t.name)} (${formatNumber(t.loading)})`)
              .join(', ')}.`
          : ''),
    )
  }
  return out
}

function indicatorsTable(indicators: Indicator[]): string {
  return table(
    ['Indicator', 'Value', 'Why, and the rule', 'Status', 'Reading'],
    indicators.map((i) => [md(i.name), md(i.display), thresholdText(i), INDICATOR_STATUS_TEXT[i.status], md(readingOf(i))]),
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
      table(
        ['Round', "Krippendorff's alpha", 'Ratings'],
        alphaRows(a).map((r) => [r.round, r.note ? `${r.alpha} (${md(r.note)})` : r.alpha, r.ratings]),
        ['l', 'r', 'r'],
      ),
    )
    out.push(...chartsMarkdown(a, result.indicators))
  }

  out.push(
    '### Validity review',
    md(result.summary.sentence),
    validityReviewAdoption(cycle),
    '#### What the platform computed',
    indicatorsTable(result.indicators),
  )
  const answers = answerRows(cycle, result.indicators)
  if (showAnswers(answers, result.indicators)) {
    out.push(`#### ${ANSWERS_HEADING}`)
    if (answers.length === 0) out.push(NO_ANSWERS_SENTENCE)
    else {
      out.push(
        answers
          .map((a) => {
            const earlier = a.earlier.map((e) => `\n  - Earlier: ${md(e.by)}: ${md(e.note)} (${e.date})`).join('')
            return `- **${md(a.indicator)}** (${a.statusWhenAnswered} when answered): We looked at this — ${md(a.by)}: ${md(a.note)} (${a.date})${earlier}`
          })
          .join('\n'),
      )
    }
  }
  out.push(
    `#### ${JUDGEMENTS_HEADING}`,
    table(
      ['Procedure', 'Judgements', 'Notes'],
      procedureRows(archive, cycle).map((p) => [md(p.name), p.judgement, p.note ? md(p.note) : '—']),
    ),
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
  const out = [
    '## Quotes',
    'Records their authors consented to export, attributed to the author’s member key, or to their name where they chose to be named on the record.',
  ]
  if (groups.length === 0) out.push('No records were consented for export.')
  for (const { cycle, quotes } of groups) {
    out.push(`### Cycle ${cycle}`)
    for (const q of quotes) {
      const body = escapeMarkdown(q.record.text, { keepLines: true })
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n')
      out.push(
        body,
        `— ${md(q.author)} · ${md(q.meta)}`,
        q.themes.length ? `Themes: ${q.themes.map(md).join('; ')}` : 'Not linked to a theme.',
      )
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
  for (const cycle of [...archive.cycles].sort((a, b) => a.number - b.number))
    out.push(...cycleMarkdown(archive, cycle, results.get(cycle.number)))
  const general = archive.decisions.filter((d) => d.cycle === null)
  if (general.length) out.push('## Decisions not tied to a cycle', decisionsTable(general))
  out.push(...quotesMarkdown(archive))
  out.push(
    '## What this report leaves out',
    leftOutItems(archive)
      .map((s) => `- ${s}`)
      .join('\n'),
  )
  return `${out.join('\n\n')}\n`
}
