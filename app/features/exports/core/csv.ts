import { stringify } from 'csv-stringify/sync'
import type { Round, ThemeAnalysis } from '~/features/analysis/core/types'
import { strToU8, zipSync, type Zippable } from 'fflate'
import { analyseArchive, type ArchiveCycleResult } from './analyse-archive'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type Archive } from './archive-schema'

// The archive as a zip of CSV tables, one row per item, for spreadsheets, R and pandas.
// Rendered from the archive alone, so it can show nothing the archive does not hold; it
// shows less (no template, judgements or per-member counts). Names are never linked to
// keys: a name appears only as a record's `attribution`, on a row that carries no key.

type Cell = string | number | boolean | null

type Context = { archive: Archive; results: ArchiveCycleResult[]; themeName: Map<string, string> }

/** A column: its header, what it holds (for README.txt), and its cell for one item. */
type Column<T> = [name: string, about: string, value: (row: T) => Cell]

type Table = { name: string; about: string; columns: { name: string; about: string }[]; rows: (ctx: Context) => Cell[][] }

function table<T>(name: string, about: string, items: (ctx: Context) => T[], columns: Column<T>[]): Table {
  return {
    name,
    about,
    columns: columns.map(([name, about]) => ({ name, about })),
    rows: (ctx) => items(ctx).map((item) => columns.map(([, , value]) => value(item))),
  }
}

// OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a
// formula. The fullwidth forms are normalised to ASCII by Apple Numbers. A leading
// apostrophe is guarded too, so that "drop one leading apostrophe" always restores the text.
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', "'"])
const PLAIN_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/

/** A text cell made safe to open in a spreadsheet: a leading `'` where it could start a formula (a plain number cannot). */
export function guardFormula(text: string): string {
  return FORMULA_START.has(text.charAt(0)) && !PLAIN_NUMBER.test(text) ? `'${text}` : text
}

function cell(value: Cell): string {
  if (value === null) return ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return String(value)
  return guardFormula(value)
}

type StanceRow = { decision: string; member: string | null; stance: string; reasoned: boolean; at: string | null; anonymous: boolean }
type StatRow = { cycle: number; round: Round; theme: ThemeAnalysis }

const TABLES: Table[] = [
  table(
    'records.csv',
    'One row per record in the archive: records whose authors consented to export. Shared records without that consent are only counted (cycles.csv).',
    ({ archive }) =>
      archive.records.map((r) => ({
        r,
        phase: archive.cycles.find((c) => c.number === r.cycle)?.phases.find((p) => p.position === r.phase),
      })),
    [
      ['key', "The record's key in this export (R1, R2 …).", ({ r }) => r.key],
      ['author', "The author's pseudonym (Member A …); empty when the record is attributed by name instead.", ({ r }) => r.author],
      [
        'attribution',
        "The author's name, only where they chose to be named in exports and consented to be named on this record; then author is empty.",
        ({ r }) => r.attribution,
      ],
      ['cycle', 'Cycle number.', ({ r }) => r.cycle],
      ['phase_position', 'Position of the phase within its cycle, as in the archive.', ({ r }) => r.phase],
      ['phase_name', 'Name of that phase.', ({ phase }) => phase?.name ?? null],
      [
        'way_of_knowing',
        "experiential, presentational, propositional or practical (Heron's four ways of knowing).",
        ({ r }) => r.wayOfKnowing,
      ],
      ['occurred_at', 'When what the record describes happened.', ({ r }) => r.occurredAt],
      ['created_at', 'When the record was written.', ({ r }) => r.createdAt],
      ['consent', "anonymised (quote under the pseudonym) or named (may be quoted with the author's name).", ({ r }) => r.consent],
      ['text', "The record's words, exactly as written (line breaks kept inside the quoted cell).", ({ r }) => r.text],
    ],
  ),
  table('themes.csv', 'One row per theme, merged ones included.', ({ archive }) => archive.themes, [
    ['key', "The theme's key (T1, T2 …).", (t) => t.key],
    ['name', 'Name.', (t) => t.name],
    ['description', 'Description.', (t) => t.description],
    ['proposed_by', 'Pseudonym of the member who proposed it.', (t) => t.proposedBy],
    ['first_cycle', 'The cycle it was first proposed in.', (t) => t.firstCycle],
    ['status', 'active or merged.', (t) => t.status],
    ['merged_into', 'Key of the theme it was merged into; empty unless merged.', (t) => t.mergedInto],
    ['split_from', 'Key of the theme it was split from; empty unless split.', (t) => t.splitFrom],
    ['created_at', 'When it was proposed.', (t) => t.createdAt],
  ]),
  table('theme_links.csv', 'One row per link between a theme and a record that grounds it.', ({ archive }) => archive.links, [
    ['theme', 'Theme key (themes.csv).', (l) => l.theme],
    ['record', 'Record key (records.csv).', (l) => l.record],
    ['linked_by', 'Pseudonym of the member who made the link.', (l) => l.linkedBy],
    ['created_at', 'When the link was made.', (l) => l.createdAt],
  ]),
  table(
    'ratings.csv',
    'Long format: one row per rating a member gave a theme in one round of one cycle.',
    ({ archive, themeName }) => archive.ratings.map((r) => ({ ...r, themeName: themeName.get(r.theme) ?? null })),
    [
      ['member', 'Pseudonym of the member who rated.', (r) => r.member],
      ['theme', 'Theme key (themes.csv).', (r) => r.theme],
      ['theme_name', "The theme's name, for convenience.", (r) => r.themeName],
      ['cycle', 'Cycle number.', (r) => r.cycle],
      [
        'round',
        'blind (before discussion, unseen by others) or open (after discussion). A member who did not re-rate in the open round has no open row; the analysis then carries the blind rating forward.',
        (r) => r.round,
      ],
      ['value', "The rating, a whole number on the template's scale (see the top of this file).", (r) => r.value],
      ['reasoned', "true when the member gave a reason; the reason's words are not exported.", (r) => r.reasoned],
    ],
  ),
  table('decisions.csv', 'One row per decision the group proposed.', ({ archive }) => archive.decisions, [
    ['key', "The decision's key (D1, D2 …).", (d) => d.key],
    ['cycle', 'Cycle number; empty for a decision outside any cycle.', (d) => d.cycle],
    ['kind', 'What sort of decision (e.g. phase_change, publish).', (d) => d.kind],
    ['title', 'Title.', (d) => d.title],
    ['body', "The proposal's text.", (d) => d.body],
    ['status', 'open, passed, rejected, withdrawn or superseded.', (d) => d.status],
    ['proposed_by', 'Pseudonym of the member who proposed it.', (d) => d.proposedBy],
    ['created_at', 'When it was proposed.', (d) => d.createdAt],
    ['closed_at', 'When it was closed; empty while open.', (d) => d.closedAt],
    ['outcome_note', 'The note recorded with the outcome.', (d) => d.outcomeNote],
  ]),
  table(
    'stances.csv',
    'One row per stance taken on a decision, in the order given (a change of mind is a later row), then the anonymous stances.',
    ({ archive }) =>
      archive.decisions.flatMap((d): StanceRow[] => [
        ...d.stances.map((s) => ({
          decision: d.key,
          member: s.member,
          stance: s.stance,
          reasoned: s.reasoned,
          at: s.at,
          anonymous: false,
        })),
        ...d.anonymousStances.map((s) => ({
          decision: d.key,
          member: null,
          stance: s.stance,
          reasoned: s.reasoned,
          at: null,
          anonymous: true,
        })),
      ]),
    [
      ['decision', 'Decision key (decisions.csv).', (s) => s.decision],
      ['member', 'Pseudonym of the member; empty for an anonymous stance.', (s) => s.member],
      ['stance', 'agree, abstain, disagree or block.', (s) => s.stance],
      ['reasoned', 'true when a reason was given; its words are not exported.', (s) => s.reasoned],
      ['at', 'When the stance was taken; empty for an anonymous stance.', (s) => s.at],
      [
        'anonymous',
        'true for a stance given without a name (every stance on an anonymous decision); such rows are listed by stance, not in the order given.',
        (s) => s.anonymous,
      ],
    ],
  ),
  table(
    'challenges.csv',
    "One row per challenge raised against a theme, record, decision or the process (devil's advocacy).",
    ({ archive }) => archive.challenges,
    [
      ['key', "The challenge's key (C1, C2 …).", (c) => c.key],
      ['cycle', 'Cycle number.', (c) => c.cycle],
      ['raised_by', 'Pseudonym of the member who raised it.', (c) => c.raisedBy],
      ['target_kind', 'theme, record, decision or process.', (c) => c.targetKind],
      ['target', 'Key of the theme, record or decision challenged; empty for the process or a target not in this export.', (c) => c.target],
      [
        'hazard',
        'The validity hazard named: consensus_collusion, uncritical_subjectivity, unaware_projection, dominance or other.',
        (c) => c.hazard,
      ],
      ['text', 'The challenge.', (c) => c.text],
      ['resolution', 'revised, answered or left_open; empty while unresolved.', (c) => c.resolution],
      ['resolution_text', 'What the group said in resolving it.', (c) => c.resolutionText],
      ['resolved_at', 'When it was resolved.', (c) => c.resolvedAt],
      ['created_at', 'When it was raised.', (c) => c.createdAt],
    ],
  ),
  table(
    'cycles.csv',
    'One row per cycle. Counts are empty for cycles the group has not agreed to publish.',
    ({ archive }) => archive.cycles,
    [
      ['number', 'Cycle number.', (c) => c.number],
      ['published', "true when the group's decision to publish covers this cycle.", (c) => c.published],
      ['focus', "The cycle's agreed focus.", (c) => c.focus],
      ['started_at', 'When the cycle started.', (c) => c.startedAt],
      ['ended_at', 'When it ended; empty while running.', (c) => c.endedAt],
      ['blind_revealed_at', 'When the blind ratings were revealed; empty before (or when unpublished).', (c) => c.blindRevealedAt],
      ['review_adopted_at', 'When the group adopted its validity review of the cycle.', (c) => c.reviewAdoptedAt],
      ['devils_advocate', "Pseudonym of the member who held the devil's advocate role, if any.", (c) => c.devilsAdvocate],
      ['check_ins_held', 'How many check-ins were held (counts only; their words are never exported).', (c) => c.checkIns?.held ?? null],
      ['check_ins_flagged', 'How many of them asked for time.', (c) => c.checkIns?.flagged ?? null],
      [
        'experiential',
        'Shared records of the cycle in this way of knowing, by every author, consented to export or not.',
        (c) => c.waysOfKnowing?.experiential ?? null,
      ],
      ['presentational', 'Likewise, presentational.', (c) => c.waysOfKnowing?.presentational ?? null],
      ['propositional', 'Likewise, propositional.', (c) => c.waysOfKnowing?.propositional ?? null],
      ['practical', 'Likewise, practical.', (c) => c.waysOfKnowing?.practical ?? null],
    ],
  ),
  table(
    'indicators.csv',
    'One row per validity indicator per published cycle, computed from this export by the same functions the app uses.',
    ({ results }) => results.flatMap((r) => r.indicators.map((indicator) => ({ cycle: r.cycle, indicator }))),
    [
      ['cycle', 'Cycle number.', (x) => x.cycle],
      ['key', "The indicator's key (e.g. conformity-shift).", (x) => x.indicator.key],
      ['name', 'Its name.', (x) => x.indicator.name],
      ['value', 'Its value; empty when there is nothing to compute yet.', (x) => x.indicator.value],
      ['display', 'The value as the app shows it (e.g. 0.18, 7 of 9, 43%).', (x) => x.indicator.display],
      [
        'threshold_warn',
        "The value at which it warns; empty when it has no threshold. When warn ≤ alert a higher value is worse, else a lower one. For participation balance this is the Gini's; rule gives the largest-share threshold too.",
        (x) => x.indicator.threshold?.warn ?? null,
      ],
      ['threshold_alert', 'The value at which it alerts.', (x) => x.indicator.threshold?.alert ?? null],
      ['status', 'ok, warn, alert or n/a.', (x) => x.indicator.status],
      ['sentence', 'What it means, in one plain sentence.', (x) => x.indicator.sentence],
      [
        'reason',
        'Why it has its status in this cycle, against the thresholds; the same words as the validity page and the reports.',
        (x) => x.indicator.reason,
      ],
      [
        'rule',
        'The rule behind the status, with every threshold it uses filled in (for participation balance both the Gini and the largest share).',
        (x) => x.indicator.rule,
      ],
    ],
  ),
  table(
    'theme_statistics.csv',
    "One row per rated theme per round per published cycle whose blind ratings have been revealed, from the same analysis the app shows. Statistics use every current member's ratings; in the open round a member who did not re-rate counts with their blind rating.",
    ({ results }) =>
      results.flatMap((r): StatRow[] =>
        r.analysis === null
          ? []
          : (['blind', 'open'] as const).flatMap((round) => r.analysis![round].themes.map((theme) => ({ cycle: r.cycle, round, theme }))),
      ),
    [
      ['cycle', 'Cycle number.', (x) => x.cycle],
      ['round', 'blind or open.', (x) => x.round],
      ['theme', 'Theme key (themes.csv).', (x) => x.theme.themeId],
      ['theme_name', "The theme's name.", (x) => x.theme.name],
      ['n', 'Number of ratings.', (x) => x.theme.stats.n],
      ['mean', 'Mean.', (x) => x.theme.stats.mean],
      ['median', 'Median.', (x) => x.theme.stats.median],
      ['sd', 'Sample standard deviation (n − 1).', (x) => x.theme.stats.sd],
      ['q1', "First quartile (Hyndman & Fan type 7, as R's default quantile).", (x) => x.theme.stats.q1],
      ['q3', 'Third quartile (same method).', (x) => x.theme.stats.q3],
      ['iqr', 'q3 − q1.', (x) => x.theme.stats.iqr],
      ['class', "convergent, divergent or mixed, by the template's IQR thresholds.", (x) => x.theme.class],
      ['direction', "endorsed, rejected or neutral: the median against the scale's midpoint.", (x) => x.theme.direction],
      ['polarised', 'true when enough ratings lie on each side of the midpoint.', (x) => x.theme.polarised],
      ['below_quorum', 'true when too few members rated it to call it convergent.', (x) => x.theme.belowQuorum],
    ],
  ),
  table('members.csv', 'One row per member, by pseudonym only. Names are never linked to keys.', ({ archive }) => archive.members, [
    ['key', "The member's pseudonym (Member A …), stable across the inquiry.", (m) => m.key],
    ['facilitator', 'true for a facilitator.', (m) => m.facilitator],
    ['pair_role', 'client or practitioner in a client-practitioner pair; empty in an inquiry group.', (m) => m.pairRole],
    ['joined_at', 'When they joined.', (m) => m.joinedAt],
    ['left_at', 'When a former member left; their contributions stay out of the analysis.', (m) => m.leftAt],
  ]),
]

/** The CSV files' names, in the order they are written. */
export const CSV_FILE_NAMES: readonly string[] = TABLES.map((t) => t.name)

function render(t: Table, ctx: Context): string {
  // RFC 4180: CRLF between records, fields quoted when they hold a comma, quote or line break —
  // a bare LF or CR too (csv-stringify quotes only the record delimiter by itself), or a
  // spreadsheet would split the row there and start the next line as an unguarded cell.
  return stringify([t.columns.map((c) => c.name), ...t.rows(ctx).map((row) => row.map(cell))], {
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  })
}

function contextOf(archive: Archive): Context {
  return { archive, results: analyseArchive(archive), themeName: new Map(archive.themes.map((t) => [t.key, t.name])) }
}

/** Every CSV file of the export by file name, as text without a byte-order mark. */
export function csvFiles(archive: Archive): Record<string, string> {
  const ctx = contextOf(archive)
  return Object.fromEntries(TABLES.map((t) => [t.name, render(t, ctx)]))
}

/** README.txt of the CSV export: how the files are written, every file and column, and what is left out. */
export function csvReadme(archive: Archive): string {
  const { inquiry } = archive
  const scale = inquiry.template.ratingScale
  const labels = Object.entries(scale.labels)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([value, label]) => `  ${value} = ${label}`)
  const publishedCycles = archive.cycles.filter((c) => c.published).map((c) => c.number)
  const published =
    publishedCycles.length === 0 ? 'no cycle yet' : `cycle${publishedCycles.length > 1 ? 's' : ''} ${publishedCycles.join(', ')}`
  const lines = [
    `${inquiry.title}: data export (CSV)`,
    '',
    wrap(`Question: ${inquiry.question}`, '', '  '),
    `Exported ${archive.exportedAt} from a "${ARCHIVE_FORMAT}" archive, version ${ARCHIVE_VERSION}.`,
    `Template: ${inquiry.template.name}. Status: ${inquiry.status}. Published: ${published}.`,
    `Ratings are whole numbers from ${scale.min} to ${scale.max}${labels.length > 0 ? ':' : '.'}`,
    ...labels,
    '',
    'HOW THE FILES ARE WRITTEN',
    '',
    '- UTF-8 with a byte-order mark (BOM), so that Excel opens accents, dashes and emoji',
    '  correctly on a double-click. Most tools skip the mark; if one shows "ï»¿" or an odd',
    '  character before the first column name, read the file as UTF-8 with BOM (R:',
    '  fileEncoding = "UTF-8-BOM"; Python: encoding = "utf-8-sig").',
    '- Comma-separated, one header row, rows ended by CRLF, quoted as RFC 4180 says: a cell',
    '  holding a comma, a double quote or a line break is put in double quotes, and a double',
    '  quote inside it is doubled. Line breaks inside a text are kept. Where the decimal',
    '  separator is a comma, open the file through Data > From Text/CSV and choose comma.',
    '- One row per item. An empty cell means "no value". Booleans are true or false.',
    '  Times are ISO 8601 in UTC (2026-11-22T10:00:00.000Z). Numbers use a decimal point,',
    '  at full precision.',
    '- Spreadsheet formula guard: a spreadsheet runs a cell that starts with = + - @, a tab or',
    '  a carriage return as a formula (CSV or formula injection). So every text cell that',
    '  starts with one of these (or their fullwidth forms, or an apostrophe) has an',
    '  apostrophe added in front. Numbers, and texts that are a plain number such as -0.12,',
    '  are left as they are. To recover the exact text of a cell, remove one leading',
    '  apostrophe where there is one.',
    '',
    'FILES',
  ]
  for (const t of TABLES) {
    lines.push('', `${t.name}`, wrap(t.about, '  '), '')
    for (const c of t.columns) lines.push(wrap(`${c.name}: ${c.about}`, '  ', '    '))
  }
  lines.push(
    '',
    'README.txt',
    '  This file.',
    '',
    'WHAT IS NOT HERE, AND WHY',
    '',
    ...[
      'Names linked to pseudonyms. Ratings, stances and participation stay pseudonymous for everyone. members.csv has keys only; a name appears only as the attribution of a record its author allowed to be quoted by name, and that row has no key.',
      'Records whose authors did not consent to export. Their words stay with the group; what the analysis needs from them travels as counts (cycles.csv).',
      'Private records, and the words of check-ins. Never exported; check-ins appear as counts only.',
      'The reasons given with ratings and stances. They are an individual\'s words tied to a pseudonym, so they leave only as "a reason was given" (reasoned = true).',
      'The findings of cycles the group has not agreed to publish: themes first proposed in them, ratings, decisions, challenges, counts, indicators and statistics (cycles.csv lists those cycles with published = false and empty counts). Their records are here where their authors consented to export, like every record.',
      "Blind ratings before the group revealed them: until then they are their authors' alone.",
      "The template, the validity judgements of each cycle and the group's answers to its indicators, each member's contribution counts and the rest of the analysis (agreement, opinion map, shift per theme). They are in the JSON archive this export was made from.",
    ].map((s) => wrap(`- ${s}`, '', '  ')),
  )
  return `${lines.join('\r\n')}\r\n`
}

function wrap(text: string, indent: string, hanging = indent, width = 88): string {
  const out: string[] = []
  let line = indent
  for (const word of text.split(' ')) {
    if (line.trim().length > 0 && line.length + 1 + word.length > width) {
      out.push(line)
      line = hanging + word
    } else line = line.trim().length > 0 ? `${line} ${word}` : line + word
  }
  out.push(line)
  return out.join('\r\n')
}

const BOM = '\uFEFF'

/** The export as a zip: every CSV of `csvFiles` with a UTF-8 byte-order mark for Excel, and README.txt. Same archive, same bytes. */
export function toCsvZip(archive: Archive): Uint8Array {
  // The archive's export time stamps every entry, so the zip does not depend on when it is built.
  const options = { mtime: archive.exportedAt }
  const files: Zippable = {}
  for (const [name, text] of Object.entries(csvFiles(archive))) files[name] = [strToU8(BOM + text), options]
  files['README.txt'] = [strToU8(csvReadme(archive)), options]
  return zipSync(files, { level: 6 })
}
