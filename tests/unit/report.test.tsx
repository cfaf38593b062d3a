import { readFileSync } from 'node:fs'
import { formatDate } from '~/utils/format'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { analyseArchive } from '~/features/exports/core/analyse-archive'
import { ArchiveSchema, type Archive } from '~/features/exports/core/archive-schema'
import { quoteAuthor } from '~/features/exports/core/archive'
import { micromark } from 'micromark'
import { gfmAutolinkLiteral, gfmAutolinkLiteralHtml } from 'micromark-extension-gfm-autolink-literal'
import { toMarkdown } from '~/features/exports/core/markdown'
import { escapeMarkdown } from '~/utils/markdown'
import { INDICATOR_STATUS_TEXT, NAMED_HEADING, NOT_REVEALED_SENTENCE, UNPUBLISHED_SENTENCE } from '~/features/exports/core/report'
import { toHtml } from '~/features/exports/report-html.server'
import { describeParticipation } from '~/features/analysis/core/describe'
import { reasonAndRuleText, ruleFor } from '~/features/validity/core'
import { readingOf } from '~/features/validity/core/summary'

// The findings report in both formats, from the demo archive as exported by the app.

const demoJson = readFileSync(new URL('../fixtures/demo-archive.json', import.meta.url), 'utf8')
const load = (): Archive => ArchiveSchema.parse(JSON.parse(demoJson))
/** A changed copy of the demo, validated again so every variant is a possible archive. */
function variant(change: (a: Archive) => void): Archive {
  const a = load()
  change(a)
  return ArchiveSchema.parse(JSON.parse(JSON.stringify(a)))
}

const demo = load()
const decision = (a: Archive, title: string) => a.decisions.find((d) => d.title === title)!
const cycle = (a: Archive, n: number) => a.cycles.find((c) => c.number === n)!
const results = analyseArchive(demo)
const KEY = /Member [A-Z]+\b/

// ---------------------------------------------------------------------------------------
// Reading the output back

/** Markdown without its backslash escapes: what a reader sees. */
const unescapeMd = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1')

/** Markdown from one heading line to the next heading of the same or a higher level. */
function mdSection(md: string, heading: string): string {
  const lines = md.split('\n')
  const start = lines.indexOf(heading)
  expect(start, `no heading ${heading}`).toBeGreaterThanOrEqual(0)
  const level = /^#+/.exec(heading)![0].length
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level)
  return lines.slice(start, end === -1 ? undefined : end).join('\n')
}

/** The cells of a GFM table row, split on unescaped pipes. */
const mdCells = (row: string) =>
  row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => unescapeMd(c.trim()))

function mdRow(md: string, first: string): string[] | undefined {
  return md
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map(mdCells)
    .find((cells) => cells[0] === first || cells[1] === first)
}

type El = { tag: string; attrs: Record<string, string>; children: (El | string)[] }

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
/** What React's server renderer writes for text. */
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])

/** A strict little HTML parser for our own output: it throws on a tag that is closed out of order. */
function parseHtml(html: string): El {
  const root: El = { tag: '#root', attrs: {}, children: [] }
  const stack: El[] = [root]
  const token =
    /<!--[\s\S]*?-->|<!doctype[^>]*>|<\/([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)/gi
  let m: RegExpExecArray | null
  while ((m = token.exec(html))) {
    const top = stack[stack.length - 1]!
    if (m[5] !== undefined) top.children.push(decode(m[5]))
    else if (m[1]) {
      const closed = stack.pop()
      if (closed?.tag !== m[1].toLowerCase()) throw new Error(`</${m[1]}> closes <${closed?.tag}>`)
    } else if (m[2]) {
      const attrs: Record<string, string> = {}
      for (const a of (m[3] ?? '').matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) attrs[a[1]!] = decode(a[2] ?? '')
      const el: El = { tag: m[2].toLowerCase(), attrs, children: [] }
      top.children.push(el)
      if (el.tag === 'style' || el.tag === 'script') {
        const end = html.indexOf(`</${el.tag}>`, token.lastIndex)
        el.children.push(html.slice(token.lastIndex, end))
        token.lastIndex = end + el.tag.length + 3
      } else if (!VOID.has(el.tag) && m[4] !== '/') stack.push(el)
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.tag}>`)
  return root
}

const textOf = (el: El | string): string => (typeof el === 'string' ? el : el.children.map(textOf).join(''))
const squash = (s: string) => s.replace(/\s+/g, ' ').trim()

function all(el: El, match: (e: El) => boolean, out: El[] = []): El[] {
  if (match(el)) out.push(el)
  for (const c of el.children) if (typeof c !== 'string') all(c, match, out)
  return out
}
const hasClass = (e: El, cls: string) => (e.attrs.class ?? '').split(' ').includes(cls)
const byId = (root: El, id: string) => all(root, (e) => e.attrs.id === id)[0]!

function tableByCaption(root: El, caption: RegExp): El {
  const found = all(
    root,
    (e) => e.tag === 'table' && e.children.some((c) => typeof c !== 'string' && c.tag === 'caption' && caption.test(textOf(c))),
  )
  expect(found, `no table captioned ${caption}`).toHaveLength(1)
  return found[0]!
}

function rowsOf(table: El): string[][] {
  const body = all(table, (e) => e.tag === 'tbody')[0]!
  return all(body, (e) => e.tag === 'tr').map((tr) =>
    tr.children.filter((c): c is El => typeof c !== 'string').map((c) => squash(textOf(c))),
  )
}

// ---------------------------------------------------------------------------------------
// The linkage check: a name chosen for quotes must never sit beside a member key.

/** Markdown blocks (paragraphs, list items, table rows) holding both a named member and a key. */
function mdLinkages(md: string, names: string[]): string[] {
  const blocks = md.split(/\n\s*\n/).flatMap((b) => (/^(- |\|)/.test(b) ? b.split('\n') : [b]))
  return blocks.filter((b) => KEY.test(unescapeMd(b)) && names.some((n) => unescapeMd(b).includes(n)))
}

// The sections and the document hold the key list and the name list side by side on purpose;
// every other element, however large or small, must not hold both.
const CONTAINERS = new Set(['#root', 'html', 'body', 'article', 'section'])

function htmlLinkages(root: El, names: string[]): string[] {
  const linked = (text: string) => KEY.test(text) && names.some((n) => text.includes(n))
  const found: string[] = []
  for (const el of all(root, () => true)) {
    const text = CONTAINERS.has(el.tag) ? el.children.filter((c) => typeof c === 'string').join('') : textOf(el)
    if (linked(text)) found.push(`<${el.tag}> ${squash(text).slice(0, 120)}`)
  }
  return found
}

// ---------------------------------------------------------------------------------------

let warn: ReturnType<typeof vi.spyOn>
let log: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  warn = vi.spyOn(console, 'warn')
  log = vi.spyOn(console, 'log')
})
afterEach(() => {
  // recharts and React stay quiet on the server: a warning here would be noise in every export.
  expect(warn).not.toHaveBeenCalled()
  expect(log).not.toHaveBeenCalled()
  warn.mockRestore()
  log.mockRestore()
})

describe('the Markdown findings report', () => {
  const md = toMarkdown(demo)

  test('opens with the title, the question, when it was exported and the status', () => {
    expect(md.startsWith('# Staying with silence\n')).toBe(true)
    expect(unescapeMd(md)).toContain(`**Question:** ${demo.inquiry.question}`)
    expect(md).toContain(`**Exported:** ${formatDate(demo.exportedAt)}`)
    expect(md).toContain('**Status:** cycling')
  })

  test('lists every member key, the facilitator marked, and a former member marked as left', () => {
    const group = mdSection(md, '## The group')
    for (const m of demo.members) expect(group).toContain(`- ${m.key}`)
    expect(group).toContain('- Member A (facilitator)')

    const withLeaver = toMarkdown(variant((a) => (a.members.find((m) => m.key === 'Member F')!.leftAt = '2026-10-15T10:00:00.000Z')))
    expect(mdSection(withLeaver, '## The group')).toContain('- Member F (left 15 Oct 2026)')
  })

  test('quotes every consented record in full, attributed as quoteAuthor says, with its linked themes', () => {
    const quotes = mdSection(md, '## Quotes')
    const blocks = quotes.trimEnd().split('\n\n')
    expect(demo.records.length).toBeGreaterThan(0)
    for (const r of demo.records) {
      const quote = `> ${escapeMarkdown(r.text, { keepLines: true }).split('\n').join('\n> ')}`
      const at = blocks.indexOf(quote)
      expect(at, r.key).toBeGreaterThan(0)
      expect(unescapeMd(blocks[at + 1]!)).toMatch(new RegExp(`^— ${quoteAuthor(r).replace('.', '\\.')} · cycle ${r.cycle} · `))
      const themes = demo.links.filter((l) => l.record === r.key).map((l) => demo.themes.find((t) => t.key === l.theme)!.name)
      for (const name of themes) expect(blocks[at + 2]).toContain(name)
      if (themes.length === 0) expect(blocks[at + 2]).toBe('Not linked to a theme.')
    }
    expect(blocks.filter((b) => b.startsWith('> '))).toHaveLength(demo.records.length)
  })

  test('names chosen for quotes appear only in their own list and on their own quotes, never beside a key', () => {
    const names = demo.inquiry.namedMembers
    expect(names.length).toBeGreaterThan(0)
    expect(mdLinkages(md, names)).toEqual([])
    for (const name of names) {
      const own = demo.records.filter((r) => r.attribution === name).length
      expect(md.split(escapeMarkdown(name)).length - 1, name).toBe(1 + own)
      expect(mdSection(md, `### ${NAMED_HEADING}`)).toContain(`- ${name}`)
    }
    // The check itself catches a name put beside a key, in a line or a table row.
    expect(mdLinkages(`${md}\n\n- Elena R. (Member E)`, names)).toHaveLength(1)
    expect(mdLinkages(`${md}\n\n| Member C | Bernard K. |`, names)).toHaveLength(1)
  })

  test('a published cycle shows each theme with its class, direction, median, IQR and n, and both rounds’ alpha', () => {
    for (const result of results) {
      const cycle = mdSection(md, `## Cycle ${result.cycle}`)
      const themes = mdSection(cycle, '### Themes')
      for (const t of result.analysis!.open.themes) {
        const row = mdRow(themes, t.name)
        expect(row, t.name).toBeDefined()
        expect(row![2]).toContain(t.class)
        expect(row![3]).toBe(t.direction)
        expect(row![4]).toBe(String(t.stats.median))
        expect(row![5]).toBe(String(t.stats.iqr))
        expect(row![6]).toBe(String(t.stats.n))
      }
      const agreement = mdSection(cycle, '### Agreement between members')
      expect(mdRow(agreement, 'Blind (before discussion)')![1]).toBe(result.analysis!.blind.alpha.toFixed(3).replace(/0+$/, ''))
      expect(mdRow(agreement, 'Open (after discussion)')![1]).toBe(result.analysis!.open.alpha.toFixed(3).replace(/0+$/, ''))
    }
    expect(mdRow(mdSection(md, '## Cycle 1'), 'For some clients silence is abandonment')![2]).toBe('divergent (polarised)')
  })

  test('a published cycle shows its validity review: indicators with status and threshold, and the group’s judgements', () => {
    for (const result of results) {
      const review = mdSection(mdSection(md, `## Cycle ${result.cycle}`), '### Validity review')
      for (const i of result.indicators) {
        const row = mdRow(review, i.name)!
        // The reading repeats nothing: "—" where the sentence would only say the reason again.
        expect(row.slice(1, 5)).toEqual([i.display, row[2], INDICATOR_STATUS_TEXT[i.status], readingOf(i)])
      }
      const shift = result.indicators.find((i) => i.key === 'conformity-shift')!
      expect(mdRow(review, 'Conformity shift')![2]).toBe(reasonAndRuleText(shift))
      expect(mdRow(review, 'Conformity shift')![2]).toContain(
        'warn when the shift of ratings toward the group after discussion is 0.10 or more, alert at 0.20 or more',
      )
    }
    const cycle2 = mdSection(md, '## Cycle 2')
    // Each member's own judgement: the spread in words, then every note after its member's key and judgement.
    const own = cycle(demo, 2).judgements.filter((j) => j.procedureKey === 'authentic-collaboration')
    expect(own.map((j) => j.status).sort()).toEqual(['not_met', 'partly', 'partly'])
    const [spread, notes] = mdRow(cycle2, 'Authentic collaboration')!.slice(1)
    expect(spread).toBe('2 partly, 1 not met')
    for (const j of own) expect(notes).toContain(`${j.by} (${j.status === 'partly' ? 'partly' : 'not met'}): ${j.note}`)
    expect(mdRow(cycle2, 'Chaos and order')!.slice(1, 2)).toEqual(['1 met'])
    expect(cycle2).toContain('#### Each member’s judgement')
    expect(mdRow(mdSection(md, '## Cycle 1'), 'Unexplained moves')![3]).toBe('alert')
  })

  test('challenges show how they were resolved, and decisions their stance tally with anonymous stances', () => {
    const cycle2 = mdSection(md, '## Cycle 2')
    expect(cycle2).toContain('### Challenges (3)')
    expect(cycle2).toContain('- **Uncritical subjectivity**, about the theme “There are different kinds of silence”:')
    expect(cycle2).toContain('  - Answered: Not yet, and that is fair.')
    // Latest stance per member: 5 agree, 1 disagree, and two reasons given (not their words).
    expect(mdRow(cycle2, 'Focus for cycle 2')).toEqual(['Focus for cycle 2', 'passed', '5', '0', '1', '0', '0', '2'])

    const anonymous = toMarkdown(
      variant((a) => {
        decision(a, 'Focus for cycle 2').anonymousStances = [
          { stance: 'block', reasoned: true },
          { stance: 'disagree', reasoned: false },
        ]
      }),
    )
    expect(mdRow(anonymous, 'Focus for cycle 2')).toEqual(['Focus for cycle 2', 'passed', '5', '0', '2', '1', '2', '3'])
  })

  test('the unpublished cycle shows its focus and phases and a plain sentence, but no themes, ratings or review', () => {
    const leaky = variant((a) => {
      // Even if an archive carried ratings, a decision or a challenge for an unpublished cycle, none may show.
      a.ratings.push(...a.ratings.filter((r) => r.cycle === 2).map((r) => ({ ...r, cycle: 3 })))
      a.decisions.push({ ...a.decisions[0]!, key: 'D99', cycle: 3, title: 'A decision of the unpublished cycle' })
      a.challenges.push({ ...a.challenges[0]!, key: 'C99', cycle: 3, text: 'A challenge of the unpublished cycle' })
    })
    for (const report of [md, toMarkdown(leaky)]) {
      const cycle3 = mdSection(report, '## Cycle 3 (not published)')
      expect(cycle3).toContain(UNPUBLISHED_SENTENCE)
      expect(unescapeMd(cycle3)).toContain(cycle(demo, 3).focus!)
      expect(mdRow(cycle3, 'Action – experience')).toEqual(['Action – experience', 'action (co-subject)', 'current'])
      for (const t of demo.themes) expect(cycle3).not.toContain(t.name)
      for (const word of ['### Themes', 'Median', 'alpha', 'Validity review', 'Decisions', 'Challenges', 'unpublished cycle'])
        expect(cycle3).not.toContain(word)
      expect(report).not.toContain('A decision of the unpublished cycle')
      expect(report).not.toContain('A challenge of the unpublished cycle')
    }
  })

  test('a published cycle whose blind round is not revealed says so, and still shows its validity review', () => {
    const hidden = toMarkdown(variant((a) => (cycle(a, 2).blindRevealedAt = null)))
    const cycle2 = mdSection(hidden, '## Cycle 2')
    expect(cycle2).toContain(NOT_REVEALED_SENTENCE)
    expect(cycle2).not.toContain('### Agreement between members')
    expect(cycle2).toContain('### Validity review')
  })

  test('ends with what the report leaves out', () => {
    const out = mdSection(md, '## What this report leaves out')
    for (const what of ['did not consent', 'Private records', 'Check-ins', 'Reasons given', 'Unpublished cycles (cycle 3)'])
      expect(out).toContain(what)
    const ways = Object.values(cycle(demo, 1).waysOfKnowing!).reduce((s, n) => s + n, 0)
    expect(out).toContain(`cycle 1: ${demo.records.filter((r) => r.cycle === 1).length} of ${ways} shared records`)
  })
})

describe('the HTML findings report', () => {
  const html = toHtml(demo)
  const doc = parseHtml(html)

  test('is one standalone, printable document: no scripts, nothing fetched from elsewhere', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true)
    expect(squash(textOf(all(doc, (e) => e.tag === 'title')[0]!))).toBe('Staying with silence — findings report')
    const style = textOf(all(doc, (e) => e.tag === 'style')[0]!)
    expect(style).toContain('@media print')
    expect(style).toMatch(/@page \{ size: A4; margin: /)
    expect(style).toMatch(/\.cycle, \.quotes \{ break-before: page;/)
    expect(style).toMatch(/\.chart-image[^{]*\{ break-inside: avoid;/)
    expect(style).toMatch(/\.contents \{ display: none; \}/)
    expect(html).not.toMatch(/<script|<link|<iframe|<img|\ssrc=|@import|url\(|href="(?!#)/i)
  })

  test('shows the question, when it was exported and the status', () => {
    const facts = squash(textOf(all(doc, (e) => e.tag === 'header')[0]!))
    expect(facts).toContain(`Question${demo.inquiry.question}`)
    expect(facts).toContain(`Exported${formatDate(demo.exportedAt)}`)
    expect(facts).toContain('Statuscycling')
    expect(html).toContain(escapeHtml(demo.inquiry.question))
  })

  test('lists every member key, the facilitator marked, and names chosen for quotes in a list of their own', () => {
    const keys = all(doc, (e) => e.tag === 'ul' && hasClass(e, 'members'))[0]!
    expect(all(keys, (e) => e.tag === 'li').map(textOf)).toEqual([
      'Member A (facilitator)',
      'Member B',
      'Member C',
      'Member D',
      'Member E',
      'Member F',
    ])
    const named = all(doc, (e) => e.tag === 'ul' && hasClass(e, 'named'))[0]!
    expect(all(named, (e) => e.tag === 'li').map(textOf)).toEqual(demo.inquiry.namedMembers)
  })

  test('names chosen for quotes appear only in their own list and on their own quotes, never beside a key', () => {
    const names = demo.inquiry.namedMembers
    expect(htmlLinkages(doc, names)).toEqual([])
    const text = textOf(doc)
    for (const name of names) expect(text.split(name).length - 1, name).toBe(1 + demo.records.filter((r) => r.attribution === name).length)
    // The check itself catches a name beside a key, in the same element or the same row.
    const planted = html.replace('<li>Member E</li>', '<li>Member E</li><li><span>Elena R.</span> <span>Member E</span></li>')
    expect(htmlLinkages(parseHtml(planted), names).length).toBeGreaterThan(0)
    const row = html.replace('<li>Bernard K.</li>', '<li><table><tbody><tr><td>Bernard K.</td><td>Member B</td></tr></tbody></table></li>')
    expect(htmlLinkages(parseHtml(row), names).some((l) => l.startsWith('<tr>'))).toBe(true)
  })

  test('quotes every consented record, escaped, attributed as quoteAuthor says, with its linked themes', () => {
    const figures = all(doc, (e) => e.tag === 'figure' && hasClass(e, 'quote'))
    expect(figures).toHaveLength(demo.records.length)
    for (const r of demo.records) {
      expect(html, r.key).toContain(escapeHtml(r.text))
      const figure = figures.find((f) => textOf(all(f, (e) => e.tag === 'blockquote')[0]!) === r.text)!
      expect(figure, r.key).toBeDefined()
      expect(squash(textOf(all(figure, (e) => e.tag === 'figcaption')[0]!))).toMatch(
        new RegExp(`^— ${quoteAuthor(r).replace('.', '\\.')} · cycle ${r.cycle} · `),
      )
      for (const l of demo.links.filter((x) => x.record === r.key))
        expect(textOf(figure)).toContain(demo.themes.find((t) => t.key === l.theme)!.name)
    }
  })

  test('a published cycle shows its themes with class and direction, both rounds’ alpha and its indicators’ statuses', () => {
    for (const result of results) {
      const section = byId(doc, `cycle-${result.cycle}`)
      const rows = rowsOf(tableByCaption(section, new RegExp(`^Themes of cycle ${result.cycle}:`)))
      expect(rows).toHaveLength(result.analysis!.open.themes.length)
      result.analysis!.open.themes.forEach((t, i) => {
        expect(rows[i]!.slice(1, 4)).toEqual([t.name, rows[i]![2], t.direction])
        expect(rows[i]![2]).toContain(t.class)
        expect(rows[i]!.slice(4)).toEqual([String(t.stats.median), String(t.stats.iqr), String(t.stats.n)])
      })
      const alpha = rowsOf(tableByCaption(section, /^Krippendorff's alpha of cycle/))
      expect(alpha.map((r) => r[1])).toEqual(
        [result.analysis!.blind.alpha, result.analysis!.open.alpha].map((a) => String(Number(a.toFixed(3)))),
      )
      const indicators = tableByCaption(section, new RegExp(`^Indicators of cycle ${result.cycle}`))
      expect(rowsOf(indicators).map((r) => [r[0], r[3]])).toEqual(result.indicators.map((i) => [i.name, INDICATOR_STATUS_TEXT[i.status]]))
      const badges = all(indicators, (e) => hasClass(e, 'badge')).map((e) => e.attrs.class)
      expect(badges).toEqual(result.indicators.map((i) => `badge status-${i.status === 'n/a' ? 'na' : i.status}`))
      expect(rowsOf(tableByCaption(section, /^How the members judged each validity procedure/)).length).toBe(
        demo.inquiry.template.validityProcedures.length,
      )
    }
  })

  test('a published cycle carries the five charts as inline SVG, each with its data table', () => {
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(10)
    for (const result of results) {
      const section = byId(doc, `cycle-${result.cycle}`)
      const charts = all(section, (e) => e.tag === 'figure' && hasClass(e, 'chart'))
      expect(charts.map((c) => squash(textOf(c.children.find((x): x is El => typeof x !== 'string' && x.tag === 'h3')!)))).toEqual([
        'Where the group converges and diverges',
        'How the ratings spread',
        'Spread before and after discussion',
        'Who takes part',
        'Opinion map',
      ])
      for (const chart of charts) {
        expect(all(chart, (e) => e.tag === 'svg' && hasClass(e, 'recharts-surface')).length).toBeGreaterThanOrEqual(1)
        expect(all(chart, (e) => e.tag === 'table' && e.children.some((c) => typeof c !== 'string' && c.tag === 'caption'))).toHaveLength(1)
      }
      // Members appear in the charts by key.
      expect(textOf(charts[3]!)).toContain('Member B')
    }
  })

  test('every image has a name and every table a caption and scoped headers', () => {
    const hidden = (path: El[]) => path.some((e) => e.attrs['aria-hidden'] === 'true')
    const walk = (el: El, path: El[]) => {
      const here = [...path, el]
      if (el.tag === 'img') expect(el.attrs.alt).toBeTruthy()
      if (el.tag === 'svg') expect(el.attrs['aria-hidden'] === 'true' || (el.attrs.role === 'img' && !!el.attrs['aria-label'])).toBe(true)
      if (el.attrs.role === 'img' && !hidden(here)) expect(el.attrs['aria-label'] ?? el.attrs['aria-labelledby'], el.tag).toBeTruthy()
      if (el.tag === 'table') expect(el.children.find((c): c is El => typeof c !== 'string')?.tag).toBe('caption')
      if (el.tag === 'th') expect(el.attrs.scope).toMatch(/^(col|row)$/)
      for (const c of el.children) if (typeof c !== 'string') walk(c, here)
    }
    walk(doc, [])
    const ids = all(doc, (e) => e.attrs.id !== undefined).map((e) => e.attrs.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const e of all(doc, (x) => x.attrs['aria-labelledby'] !== undefined)) expect(ids).toContain(e.attrs['aria-labelledby'])
    expect(all(doc, (e) => e.attrs.role === 'img' && hasClass(e, 'chart-image'))).toHaveLength(10)
  })

  test('the unpublished cycle shows its focus and phases and a plain sentence, but no themes, ratings or charts', () => {
    const leaky = variant((a) => {
      a.ratings.push(...a.ratings.filter((r) => r.cycle === 2).map((r) => ({ ...r, cycle: 3 })))
      a.decisions.push({ ...a.decisions[0]!, key: 'D99', cycle: 3, title: 'A decision of the unpublished cycle' })
    })
    for (const report of [html, toHtml(leaky)]) {
      const section = byId(parseHtml(report), 'cycle-3')
      const text = textOf(section)
      expect(text).toContain(UNPUBLISHED_SENTENCE)
      expect(text).toContain(cycle(demo, 3).focus!)
      expect(all(section, (e) => e.tag === 'table').map((t) => squash(textOf(t.children[0] as El)))).toEqual(['Phases of cycle 3'])
      expect(all(section, (e) => e.tag === 'svg' || e.tag === 'figure')).toEqual([])
      for (const t of demo.themes) expect(text).not.toContain(t.name)
      expect(report).not.toContain('A decision of the unpublished cycle')
    }
  })

  test('ends with what the report leaves out', () => {
    const items = all(byId(doc, 'left-out'), (e) => e.tag === 'li').map(textOf)
    expect(items.join('\n')).toMatch(
      /did not consent[\s\S]*Private records[\s\S]*Check-ins[\s\S]*Reasons given[\s\S]*Unpublished cycles \(cycle 3\)/,
    )
  })
})

describe('hostile text', () => {
  const SCRIPT = '<script>alert(1)</script>'
  const hostile = variant((a) => {
    a.inquiry.title = `${SCRIPT} | col | **bold**`
    a.inquiry.question = '**bold** and _it_ and [link](http://evil.example) and <img src=x onerror=alert(1)> &amp;'
    a.inquiry.namedMembers = ['<b>Eve</b> | x', 'Elena R.']
    a.themes.find((t) => t.name === 'The urge to fill the silence')!.name = 'Fill | the **silence**'
    a.records[0]!.text = [
      'line one | col |',
      '# not a heading',
      '- not a list',
      '    indented code',
      '1. not a list',
      '```',
      SCRIPT,
      '&#60;b&#62;',
    ].join('\n')
    decision(a, 'Focus for cycle 2').title = '**Focus** | <i>x</i>'
    a.challenges[0]!.text = '<script>alert(2)</script> | ~~gone~~'
    cycle(a, 2).judgements[0]!.note = '| evil | row |'
  })

  test('is escaped in Markdown: no raw HTML, emphasis, links or extra table cells', () => {
    const md = toMarkdown(hostile)
    expect(md).not.toMatch(/(?<!\\)</)
    expect(md).not.toMatch(/(?<!\\)\*\*(bold|silence|Focus\*)/)
    expect(md).not.toMatch(/(?<!\\)\[link/)
    expect(md).not.toMatch(/(?<!\\)~~gone/)
    expect(md).toContain('# \\<script>alert(1)\\</script> \\| col \\| \\*\\*bold\\*\\*')
    expect(md).toContain('\\&amp;')
    // Every row of every table has as many cells as its header.
    const tables = md.split(/\n\n/).filter((b) => b.startsWith('|'))
    expect(tables.length).toBeGreaterThan(10)
    for (const t of tables) {
      const widths = t.split('\n').map((row) => mdCells(row).length)
      expect(new Set(widths).size, t.split('\n')[0]).toBe(1)
    }
    expect(mdRow(md, 'Fill | the **silence**')).toHaveLength(7)
    // Inside a quote no line opens a heading, list, code block or fence.
    const quote = md.split('\n\n').find((b) => b.startsWith('> line one'))!
    expect(quote.split('\n')).toEqual([
      '> line one \\| col \\|',
      '> \\# not a heading',
      '> \\- not a list',
      '> indented code',
      '> 1\\. not a list',
      '> \\`\\`\\`',
      '> \\<script>alert(1)\\</script>',
      '> \\&#60;b\\&#62;',
    ])
    expect(md).toContain('- \\<b>Eve\\</b> \\| x')
  })

  test('bare URLs and email addresses stay text under a GitHub-style renderer (GFM autolink literals)', () => {
    const urls =
      'see http://evil.example/x, HTTPS://evil.example, ftp://evil.example, www.evil.example and (www.evil.example), or write to me@evil.example'
    const withUrls = variant((a) => {
      a.inquiry.question = urls
      a.records[0]!.text = `${urls}\nwww.evil.example/start-of-line`
      a.challenges[0]!.text = urls
    })
    const render = (markdown: string) =>
      micromark(markdown, { extensions: [gfmAutolinkLiteral()], htmlExtensions: [gfmAutolinkLiteralHtml()] })
    // The check can fail: unescaped, the same text becomes links.
    expect(render(urls)).toMatch(/<a href=/)
    const html = render(toMarkdown(withUrls))
    expect(html).not.toMatch(/<a\b/)
    expect(html).toContain('http://evil.example/x')
    expect(html).toContain('www.evil.example/start-of-line')
    expect(html).toContain('me@evil.example')
  })

  test('is escaped in HTML: it shows as text and adds no element', () => {
    const html = toHtml(hostile)
    expect(html).not.toMatch(/<script|<img|<b>|<i>/)
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; | col | **bold** — findings report</title>')
    expect(html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt; | col | **bold**</h1>')
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;')
    expect(html).toContain('&amp;#60;b&amp;#62;')
    const doc = parseHtml(html)
    expect(all(doc, (e) => e.tag === 'li' && textOf(e) === '<b>Eve</b> | x')).toHaveLength(1)
    expect(textOf(doc)).toContain(hostile.records[0]!.text)
  })
})

describe("one truth per indicator: both reports give each verdict its reason and rule, in the core's words", () => {
  const md = toMarkdown(demo)
  const doc = parseHtml(toHtml(demo))

  test("every indicator row of the Markdown report carries the indicator's reason and rule, with the thresholds", () => {
    for (const result of results) {
      const review = mdSection(mdSection(md, `## Cycle ${result.cycle}`), '### Validity review')
      for (const i of result.indicators) {
        const cell = mdRow(review, i.name)![2]!
        expect(cell).toBe(reasonAndRuleText(i))
        expect(cell).toContain(i.rule)
        expect(cell.toLowerCase()).toContain(i.reason.toLowerCase())
      }
      const participation = result.indicators.find((i) => i.key === 'participation-balance')!
      expect(mdRow(review, participation.name)![2]).toContain(
        'warn when participation is very unequal: a normalised Gini of 0.45 or more or a largest share 50% or more of the way from equal to all (unequal from a normalised Gini of 0.30 or more or 35% or more)',
      )
    }
  })

  test('every indicator row of the HTML report carries the same text as the Markdown report', () => {
    for (const result of results) {
      const section = byId(doc, `cycle-${result.cycle}`)
      const rows = rowsOf(
        tableByCaption(
          section,
          new RegExp(`^Indicators of cycle ${result.cycle}, each with why it has its status and the rule it follows`),
        ),
      )
      expect(rows.map((r) => [r[0], r[2]])).toEqual(result.indicators.map((i) => [i.name, reasonAndRuleText(i)]))
      const review = mdSection(mdSection(md, `## Cycle ${result.cycle}`), '### Validity review')
      for (const [n, i] of result.indicators.entries()) expect(rows[n]![2]).toBe(mdRow(review, i.name)![2])
    }
  })

  test("the HTML participation chart says the participation indicator's verdict and shows its rule", () => {
    for (const result of results) {
      const verdict = result.indicators.find((i) => i.key === 'participation-balance')!
      const section = byId(doc, `cycle-${result.cycle}`)
      const chart = all(section, (e) => e.tag === 'figure' && hasClass(e, 'chart-participation'))[0]!
      const caption = squash(textOf(all(chart, (e) => e.tag === 'figcaption')[0]!))
      expect(caption).toContain(verdict.reason)
      if (verdict.status !== 'ok') expect(caption).not.toMatch(/balanced enough/)
      if (verdict.status === 'ok') expect(caption).toMatch(/^Participation is balanced enough \(ok on participation balance\)/)
      expect(squash(textOf(all(chart, (e) => hasClass(e, 'indicator-rule'))[0]!))).toBe(`Rule: ${verdict.rule}.`)
    }
  })

  test("the Markdown participation sentence gives the participation indicator's verdict, reason and rule, as the HTML chart does", () => {
    for (const result of results) {
      if (!result.analysis) continue
      const verdict = result.indicators.find((i) => i.key === 'participation-balance')!
      const who = unescapeMd(mdSection(mdSection(md, `## Cycle ${result.cycle}`), '### Who takes part'))
      expect(who).toContain(describeParticipation(result.analysis.participation, verdict))
      expect(who).toContain(verdict.reason)
      expect(who).toContain(`Rule: ${verdict.rule}.`)
      if (verdict.status !== 'ok') expect(who).not.toMatch(/\beven\b/)
      expect(who).not.toMatch(/dominated by a few/)
    }
  })

  test("the archive's results carry each rule from the one source, with the archived template's thresholds", () => {
    // archive.server.ts embeds analyseArchive's results: the text both reports read.
    const t = demo.inquiry.template
    for (const result of results) {
      for (const i of result.indicators) {
        expect(i.rule, i.key).toBe(ruleFor(i.key, t.indicatorThresholds, t.recommendedMinCycles))
        expect(i.reason.length, i.key).toBeGreaterThan(10)
      }
    }
  })
})
