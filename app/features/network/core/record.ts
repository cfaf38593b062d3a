import { escapeMarkdown } from '~/utils/markdown'
import { z } from 'zod'
import { formatDate } from '~/utils/format'
import { FEDERAL_STANCE_LABELS } from './federal-rule'
import { GroupPublicationMessage, type GroupPublication } from './messages'
import { STANDING_LABELS } from './standing'

// A group's network record (issue 18 item 9): what it published to the network (its statements,
// standing, links, validations and federal stances) as a document its members can keep. Both
// formats are drawn from one outline (recordSections), so Markdown and HTML say the same
// things in the same order. Nothing in it comes from anywhere but the publication, so it can
// hold nothing the network does not already see.

export const NETWORK_RECORD_FORMATS = ['md', 'html'] as const
export type NetworkRecordFormat = (typeof NETWORK_RECORD_FORMATS)[number]

/** The name of each URI a record mentions: groups by their name, federal proposals by their title. */
export type UriNames = Readonly<Record<string, string>>

/**
 * A group's record as an inquiry's archive carries it (its optional `network` part): the group's
 * own publication, and the names of the groups and federal proposals it mentions. Other groups
 * appear only there. An import reads it and never writes it.
 */
export const NetworkRecordSchema = z.strictObject({
  publication: GroupPublicationMessage,
  names: z
    .record(GroupPublicationMessage.shape.uri, z.string().max(500))
    .refine((names) => Object.keys(names).length <= 10_000, 'must name at most 10,000 URIs'),
})
export type NetworkRecord = z.infer<typeof NetworkRecordSchema>

type Block =
  { kind: 'p'; label?: string; text: string } | { kind: 'quote'; text: string } | { kind: 'table'; head: string[]; rows: string[][] }
type Section = { heading: string; blocks: Block[] }

const LINK_STATUS: Record<GroupPublication['links'][number]['status'], string> = {
  asked: 'Asked',
  active: 'Active',
  declined: 'Declined',
  ended: 'Ended',
}
const VERDICTS: Record<GroupPublication['validations'][number]['verdict'], string> = { validated: 'Validated', withheld: 'Withheld' }
const NONE = 'None yet.'

/** Every URI the publication names besides its own, with its name where known: what an archive carries beside it, and no other name. */
export function namesMentioned(publication: GroupPublication, names: UriNames): Record<string, string> {
  const uris = [
    publication.uri,
    ...publication.links.flatMap((l) => [l.askingGroup, l.answeringGroup]),
    ...publication.validations.flatMap((v) => [v.byGroup, v.ofGroup]),
    ...publication.federalStances.map((s) => s.proposal),
  ]
  return Object.fromEntries(uris.filter((u) => names[u] !== undefined).map((u) => [u, names[u]!]))
}

/** A file name from the group's name: letters, digits and hyphens only, so no header can be forged with it. */
export function recordFileName(groupName: string, format: NetworkRecordFormat): string {
  const slug =
    groupName
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/[\s_]+/g, '-')
      .toLowerCase()
      .slice(0, 60) || 'group'
  return `${slug}-network-record.${format}`
}

function title(p: GroupPublication): string {
  return `${p.name}: network record`
}

function overview(p: GroupPublication): Block[] {
  const blocks: Block[] = [
    {
      kind: 'p',
      text:
        'What the group has published to the network: its statements of ethical stance, its standing, its links, the ' +
        'validations given and received, and its stances on federal proposals. Nothing of its inquiries, and none of its ' +
        'own deliberation, is in it.',
    },
    { kind: 'p', label: 'Standing', text: STANDING_LABELS[p.standing] },
    { kind: 'p', label: 'Route to standing by', text: p.route ?? 'Not recorded.' },
  ]
  if (p.description) blocks.push({ kind: 'p', label: 'About the group', text: p.description })
  if (p.memberCount !== null) blocks.push({ kind: 'p', label: 'Members', text: String(p.memberCount) })
  blocks.push({ kind: 'p', label: 'In the network as', text: p.uri })
  return blocks
}

function statements(p: GroupPublication): Block[] {
  if (p.statements.length === 0) return [{ kind: 'p', text: 'The group has not published a statement yet.' }]
  return [...p.statements]
    .sort((a, b) => b.version - a.version)
    .flatMap((s, i): Block[] => [
      { kind: 'p', label: `Version ${s.version}${i === 0 ? ' (current)' : ''}`, text: `published ${formatDate(s.publishedAt)}` },
      { kind: 'quote', text: s.text },
    ])
}

function table(head: string[], rows: string[][]): Block[] {
  return rows.length === 0 ? [{ kind: 'p', text: NONE }] : [{ kind: 'table', head, rows }]
}

function links(p: GroupPublication, nameOf: (uri: string) => string): Block[] {
  return table(
    ['With', 'Asked by', 'Status', 'Asked', 'Answered', 'Ended', 'Reason'],
    p.links.map((l) => [
      nameOf(l.askingGroup === p.uri ? l.answeringGroup : l.askingGroup),
      nameOf(l.askingGroup),
      LINK_STATUS[l.status],
      formatDate(l.askedAt),
      formatDate(l.answeredAt),
      formatDate(l.endedAt),
      l.reason ?? '',
    ]),
  )
}

function validations(p: GroupPublication, nameOf: (uri: string) => string): Block[] {
  return table(
    ['Given by', 'Of', 'Verdict', 'Reasons', 'Decided'],
    p.validations.map((v) => [nameOf(v.byGroup), nameOf(v.ofGroup), VERDICTS[v.verdict], v.reasons, formatDate(v.decidedAt)]),
  )
}

/** The record's outline, plain text throughout: each renderer escapes it for its format. */
function recordSections(p: GroupPublication, names: UriNames): Section[] {
  const nameOf = (uri: string) => names[uri] ?? uri
  return [
    { heading: '', blocks: overview(p) },
    { heading: 'Statement of ethical stance', blocks: statements(p) },
    {
      heading: 'Standing over time',
      blocks: table(
        ['Date', 'Standing', 'Note'],
        p.history.map((h) => [formatDate(h.at), STANDING_LABELS[h.standing], h.note]),
      ),
    },
    { heading: 'Links', blocks: links(p, nameOf) },
    { heading: 'Validations', blocks: validations(p, nameOf) },
    {
      heading: 'Stances on federal proposals',
      blocks: table(
        ['Proposal', 'Stance', 'Reason', 'Cast'],
        p.federalStances.map((s) => [nameOf(s.proposal), FEDERAL_STANCE_LABELS[s.stance], s.reason, formatDate(s.castAt)]),
      ),
    },
  ]
}

// ---------------------------------------------------------------------------------------
// Markdown

function markdownBlock(block: Block): string {
  const md = (text: string) => escapeMarkdown(text) || ' '
  switch (block.kind) {
    case 'p':
      return block.label ? `**${md(block.label)}:** ${md(block.text)}` : escapeMarkdown(block.text, { lineStart: true })
    case 'quote':
      return block.text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => (line.trim() ? `> ${escapeMarkdown(line, { lineStart: true })}` : '>'))
        .join('\n')
    case 'table': {
      const line = (cells: string[]) => `| ${cells.map(md).join(' | ')} |`
      return [line(block.head), `| ${block.head.map(() => '---').join(' | ')} |`, ...block.rows.map(line)].join('\n')
    }
  }
}

/** The group's network record as GitHub-flavoured Markdown. */
export function networkRecordMarkdown(publication: GroupPublication, names: UriNames): string {
  const out = [`# ${escapeMarkdown(title(publication)).replace(/#/g, '\\#')}`]
  for (const section of recordSections(publication, names)) {
    if (section.heading) out.push(`## ${escapeMarkdown(section.heading)}`)
    out.push(...section.blocks.map(markdownBlock))
  }
  return `${out.join('\n\n')}\n`
}

// ---------------------------------------------------------------------------------------
// HTML

/** Text for an HTML element or a quoted attribute: the five characters that could open markup or end a value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'p':
      return `<p>${block.label ? `<strong>${escapeHtml(block.label)}:</strong> ` : ''}${escapeHtml(block.text)}</p>`
    case 'quote':
      return `<blockquote><p>${escapeHtml(block.text.replace(/\r\n?/g, '\n')).replace(/\n/g, '<br>\n')}</p></blockquote>`
    case 'table': {
      const head = block.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')
      const rows = block.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')
      return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`
    }
  }
}

const STYLE =
  'body{font-family:system-ui,sans-serif;line-height:1.5;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}' +
  'table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}' +
  'blockquote{border-left:4px solid #999;margin:0 0 1rem;padding-left:1rem}'

/** The group's network record as a standalone HTML page: every piece of text escaped, no script. */
export function networkRecordHtml(publication: GroupPublication, names: UriNames): string {
  const body: string[] = [`<h1>${escapeHtml(title(publication))}</h1>`]
  for (const section of recordSections(publication, names)) {
    const blocks = section.blocks.map(htmlBlock).join('\n')
    body.push(section.heading ? `<section>\n<h2>${escapeHtml(section.heading)}</h2>\n${blocks}\n</section>` : blocks)
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(title(publication))}</title><style>${STYLE}</style></head>`,
    `<body><main>\n${body.join('\n')}\n</main></body>`,
    '</html>',
    '',
  ].join('\n')
}
