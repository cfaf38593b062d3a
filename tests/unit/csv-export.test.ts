import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { analyseArchive } from '~/features/exports/core/analyse-archive'
import { ArchiveSchema, type Archive } from '~/features/exports/core/archive'
import { CSV_FILE_NAMES, csvFiles, csvReadme, guardFormula, toCsvZip } from '~/features/exports/core/csv'

const demo = ArchiveSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/demo-archive.json', import.meta.url), 'utf8')))

const FILES = [
  'records.csv',
  'themes.csv',
  'theme_links.csv',
  'ratings.csv',
  'decisions.csv',
  'stances.csv',
  'challenges.csv',
  'cycles.csv',
  'indicators.csv',
  'theme_statistics.csv',
  'members.csv',
]

const TRICKY_TEXTS = [
  'Commas, "double quotes", and\nline breaks\r\nof both kinds. Emoji too: 🙂 👩🏽‍⚕️ — and “curly” ‘quotes’.',
  '=HYPERLINK("http://example.invalid","click me")',
  '+44 20 7946 0000 rang during the silence',
  '-a list item first',
  '@SUM(A1:A9)',
  '\tstarts with a tab',
  '\rstarts with a carriage return',
  "'already apostrophed",
  '＝fullwidth equals',
  '-5',
  '',
  'Zoë said nothing for a minute; "then, quietly: yes".',
]

const NAMES = ['Zoë Ångström', 'Bernard K.']

const T = (day: number) => `2026-09-${String(day).padStart(2, '0')}T10:00:00.000Z`

/** A small valid archive whose texts try every way of breaking a CSV, on a -2…2 scale. */
function trickyArchive(): Archive {
  const template = { ...demo.inquiry.template, ratingScale: { min: -2, max: 2, labels: { '-2': 'not at all', '2': 'strongly' } } }
  const phases = demo.cycles[0]!.phases.map((p, i) => ({ ...p, position: i }))
  const member = (key: string, leftAt: string | null = null) => ({
    key,
    facilitator: key === 'Member A',
    pairRole: null,
    joinedAt: T(1),
    leftAt,
  })
  const counts = { experiential: 9, presentational: 2, propositional: 3, practical: 1 }
  const archive: Archive = {
    format: 'cooperative-inquiry-archive',
    version: 1,
    exportedAt: '2026-11-22T10:00:00.000Z',
    inquiry: {
      title: 'Tricky texts',
      question: 'Does every text survive the trip through a CSV?',
      status: 'cycling',
      templateSlug: template.slug,
      template,
      createdAt: T(1),
      concludedAt: null,
      groupKind: 'inquiry_group',
      publishedThroughCycle: 1,
      namedMembers: NAMES,
    },
    members: [member('Member A'), member('Member B'), member('Member C'), member('Member D', T(20))],
    cycles: [
      {
        number: 1,
        published: true,
        focus: '=focus, with a comma',
        startedAt: T(2),
        endedAt: T(28),
        blindRevealedAt: T(27),
        reviewAdoptedAt: T(28),
        devilsAdvocate: 'Member B',
        phases,
        checkIns: { held: 3, flagged: 1 },
        judgements: [],
        contributions: ['Member A', 'Member B', 'Member C'].map((m) => ({ member: m, records: 4, words: 40, actionRecords: 1 })),
        waysOfKnowing: counts,
      },
      {
        number: 2,
        published: false,
        focus: null,
        startedAt: T(29),
        endedAt: null,
        blindRevealedAt: null,
        reviewAdoptedAt: null,
        devilsAdvocate: null,
        phases,
        checkIns: null,
        judgements: [],
        contributions: null,
        waysOfKnowing: null,
      },
    ],
    themes: [
      {
        key: 'T1',
        name: 'Silence, "held"',
        description: '-first a dash',
        proposedBy: 'Member A',
        firstCycle: 1,
        status: 'active',
        mergedInto: null,
        splitFrom: null,
        createdAt: T(10),
      },
      {
        key: 'T2',
        name: "=cmd|' /C calc'!A0",
        description: '',
        proposedBy: 'Member B',
        firstCycle: 1,
        status: 'merged',
        mergedInto: 'T1',
        splitFrom: null,
        createdAt: T(10),
      },
      {
        key: 'T3',
        name: 'Waiting 🕰️',
        description: 'Line one\nline two',
        proposedBy: 'Member C',
        firstCycle: 1,
        status: 'active',
        mergedInto: null,
        splitFrom: 'T1',
        createdAt: T(11),
      },
    ],
    records: TRICKY_TEXTS.map((text, i) => ({
      key: `R${i + 1}`,
      author: i === 0 ? null : (['Member A', 'Member B', 'Member C'] as const)[i % 3]!,
      attribution: i === 0 ? NAMES[0]! : null,
      cycle: i < 10 ? 1 : 2,
      phase: i % phases.length,
      wayOfKnowing: 'experiential' as const,
      occurredAt: T(5),
      createdAt: T(6),
      consent: i === 0 ? ('named' as const) : ('anonymised' as const),
      text,
    })),
    links: [
      { theme: 'T1', record: 'R1', linkedBy: 'Member A', createdAt: T(12) },
      { theme: 'T3', record: 'R2', linkedBy: 'Member C', createdAt: T(12) },
    ],
    ratings: [
      ...['Member A', 'Member B', 'Member C'].flatMap((member, i) => [
        { member, theme: 'T1', cycle: 1, round: 'blind' as const, value: i - 2, reasoned: false },
        { member, theme: 'T3', cycle: 1, round: 'blind' as const, value: 2 - i, reasoned: false },
      ]),
      { member: 'Member A', theme: 'T1', cycle: 1, round: 'open', value: -1, reasoned: true },
    ],
    decisions: [
      {
        key: 'D1',
        cycle: 1,
        kind: 'phase_change',
        title: '@move on',
        body: '-\nbody',
        status: 'passed',
        proposedBy: 'Member A',
        createdAt: T(26),
        closedAt: T(27),
        outcomeNote: 'Passed, with one block withdrawn',
        stances: [
          { member: 'Member A', stance: 'agree', reasoned: false, at: T(26) },
          { member: 'Member B', stance: 'block', reasoned: true, at: T(26) },
          { member: 'Member B', stance: 'agree', reasoned: false, at: T(27) },
        ],
        anonymousStances: [{ stance: 'disagree', reasoned: true }],
      },
      {
        key: 'D2',
        cycle: null,
        kind: 'publish',
        title: 'Publish cycle 1',
        body: '',
        status: 'open',
        proposedBy: 'Member C',
        createdAt: T(28),
        closedAt: null,
        outcomeNote: null,
        stances: [],
        anonymousStances: [],
      },
    ],
    challenges: [
      {
        key: 'C1',
        cycle: 1,
        raisedBy: 'Member C',
        targetKind: 'theme',
        target: 'T1',
        hazard: 'consensus_collusion',
        text: '+are we just agreeing?',
        resolution: null,
        resolutionText: null,
        resolvedAt: null,
        createdAt: T(25),
      },
    ],
  }
  return archive
}

const tricky = trickyArchive()

type Row = Record<string, string>
const rows = (text: string): Row[] => parse<Row>(text, { columns: true })
const header = (text: string): string[] => parse(text, { to_line: 1 })[0]!
const unguard = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell)

function expectedCounts(archive: Archive): Record<string, number> {
  const results = analyseArchive(archive)
  return {
    'records.csv': archive.records.length,
    'themes.csv': archive.themes.length,
    'theme_links.csv': archive.links.length,
    'ratings.csv': archive.ratings.length,
    'decisions.csv': archive.decisions.length,
    'stances.csv': archive.decisions.reduce((n, d) => n + d.stances.length + d.anonymousStances.length, 0),
    'challenges.csv': archive.challenges.length,
    'cycles.csv': archive.cycles.length,
    'indicators.csv': results.reduce((n, r) => n + r.indicators.length, 0),
    'theme_statistics.csv': results.reduce(
      (n, r) => n + (r.analysis ? r.analysis.blind.themes.length + r.analysis.open.themes.length : 0),
      0,
    ),
    'members.csv': archive.members.length,
  }
}

test('the tricky test archive is a valid archive', () => {
  const parsed = ArchiveSchema.safeParse(tricky)
  expect(parsed.error?.issues).toBeUndefined()
})

describe.each([
  ['the demo archive', demo],
  ['an archive of tricky texts', tricky],
])('CSV export of %s', (_, archive) => {
  const files = csvFiles(archive)

  test('has one CSV per table, each with one row per item of the archive', () => {
    expect(Object.keys(files)).toEqual(FILES)
    const counts = expectedCounts(archive)
    for (const name of FILES) expect({ name, rows: rows(files[name]!).length }).toEqual({ name, rows: counts[name] })
    expect(counts['theme_statistics.csv']).toBeGreaterThan(0)
    expect(counts['indicators.csv']).toBeGreaterThan(0)
  })

  test('writes RFC 4180 text: a header row and CRLF after every row', () => {
    for (const name of FILES) {
      const text = files[name]!
      expect(text.endsWith('\r\n')).toBe(true)
      expect(text.startsWith('\uFEFF')).toBe(false)
      expect(header(text).length).toBeGreaterThan(2)
    }
    expect(header(files['ratings.csv']!)).toEqual(['member', 'theme', 'theme_name', 'cycle', 'round', 'value', 'reasoned'])
    expect(header(files['members.csv']!)).toEqual(['key', 'facilitator', 'pair_role', 'joined_at', 'left_at'])
    expect(header(files['stances.csv']!)).toEqual(['decision', 'member', 'stance', 'reasoned', 'at', 'anonymous'])
  })

  test('every record round-trips exactly once the formula guard is removed', () => {
    const parsed = rows(files['records.csv']!)
    expect(parsed.map((r) => unguard(r.text!))).toEqual(archive.records.map((r) => r.text))
    parsed.forEach((row, i) => {
      const record = archive.records[i]!
      expect(row.key).toBe(record.key)
      expect(row.author).toBe(record.author ?? '')
      expect(row.attribution).toBe(record.attribution ?? '')
      expect(row.occurred_at).toBe(record.occurredAt)
      const phase = archive.cycles.find((c) => c.number === record.cycle)!.phases.find((p) => p.position === record.phase)
      expect(row.phase_name).toBe(phase?.name)
    })
  })

  test('ratings are in long format, one row per rating, with the theme name beside its key', () => {
    const parsed = rows(files['ratings.csv']!)
    const names = new Map(archive.themes.map((t) => [t.key, t.name]))
    expect(
      parsed.map((r) => ({
        member: r.member,
        theme: r.theme,
        cycle: Number(r.cycle),
        round: r.round,
        value: Number(r.value),
        reasoned: r.reasoned === 'true',
      })),
    ).toEqual(archive.ratings)
    for (const r of parsed) expect(unguard(r.theme_name!)).toBe(names.get(r.theme!))
  })

  test('stances list every named stance in order, then the anonymous ones without a member', () => {
    const parsed = rows(files['stances.csv']!)
    const expected = archive.decisions.flatMap((d) => [
      ...d.stances.map((s) => ({
        decision: d.key,
        member: s.member,
        stance: s.stance,
        reasoned: String(s.reasoned),
        at: s.at,
        anonymous: 'false',
      })),
      ...d.anonymousStances.map((s) => ({
        decision: d.key,
        member: '',
        stance: s.stance,
        reasoned: String(s.reasoned),
        at: '',
        anonymous: 'true',
      })),
    ])
    expect(parsed).toEqual(expected)
  })

  test('no cell can start a formula, yet numbers stay numbers', () => {
    for (const name of FILES) {
      for (const row of parse(files[name]!)) {
        for (const value of row) {
          if (/^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value)) continue
          expect(value, name).not.toMatch(/^[=+\-@\t\r＝＋－＠]/)
        }
      }
    }
  })

  test("no named member's name appears anywhere but in the attribution of a record", () => {
    const text = Object.values(files).join('\n') + csvReadme(archive)
    for (const person of archive.inquiry.namedMembers) {
      const attributed = archive.records.filter((r) => r.attribution === person).length
      // Every occurrence in all the files is accounted for by an attribution cell.
      expect({ person, occurrences: text.split(person).length - 1 }).toEqual({ person, occurrences: attributed })
      for (const name of FILES) {
        for (const row of rows(files[name]!)) {
          for (const [column, value] of Object.entries(row)) {
            if (value.includes(person)) expect({ name, column }).toEqual({ name: 'records.csv', column: 'attribution' })
          }
        }
      }
    }
    expect(files['members.csv']).not.toMatch(/name/i)
  })

  test('the zip holds exactly the CSVs, each with a byte-order mark for Excel, and README.txt', () => {
    const zip = unzipSync(toCsvZip(archive))
    expect(Object.keys(zip).sort()).toEqual([...FILES, 'README.txt'].sort())
    for (const name of FILES) {
      const bytes = zip[name]!
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      expect(strFromU8(bytes.subarray(3))).toBe(files[name])
      expect(parse(Buffer.from(bytes), { bom: true })[0]![0]).toBe(header(files[name]!)[0])
    }
    expect(strFromU8(zip['README.txt']!)).toBe(csvReadme(archive))
  })
})

describe('the tricky archive in detail', () => {
  const files = csvFiles(tricky)

  test('a text that could start a formula gets one leading apostrophe, other texts none', () => {
    const parsed = rows(files['records.csv']!)
    const cells = Object.fromEntries(parsed.map((r) => [r.key!, r.text!]))
    expect(cells.R2).toBe('\'=HYPERLINK("http://example.invalid","click me")')
    expect(cells.R3).toBe("'+44 20 7946 0000 rang during the silence")
    expect(cells.R4).toBe("'-a list item first")
    expect(cells.R5).toBe("'@SUM(A1:A9)")
    expect(cells.R6).toBe("'\tstarts with a tab")
    expect(cells.R7).toBe("'\rstarts with a carriage return")
    expect(cells.R8).toBe("''already apostrophed")
    expect(cells.R9).toBe("'＝fullwidth equals")
    expect(cells.R10).toBe('-5')
    expect(cells.R11).toBe('')
    expect(cells.R1).toBe(TRICKY_TEXTS[0])
    expect(cells.R12).toBe(TRICKY_TEXTS[11])
    expect(rows(files['themes.csv']!).map((t) => t.name)).toEqual(['Silence, "held"', "'=cmd|' /C calc'!A0", 'Waiting 🕰️'])
    expect(rows(files['challenges.csv']!)[0]!.text).toBe("'+are we just agreeing?")
    expect(rows(files['cycles.csv']!)[0]!.focus).toBe("'=focus, with a comma")
  })

  test('a bare line feed or carriage return stays inside a quoted cell, so the next line cannot start a formula', () => {
    const lf = 'first line\n=HYPERLINK("http://example.invalid","click")'
    const cr = 'first line\r@SUM(A1:A9)'
    const archive: Archive = {
      ...tricky,
      records: tricky.records.map((r, i) => (i === 0 ? { ...r, text: lf } : i === 1 ? { ...r, text: cr } : r)),
    }
    const csv = csvFiles(archive)['records.csv']!
    expect(csv).toContain('"first line\n=HYPERLINK(""http://example.invalid"",""click"")"')
    expect(csv).toContain('"first line\r@SUM(A1:A9)"')
    // Read the way a spreadsheet that honours quotes reads it: one row per record, the text whole.
    const parsed = rows(csv)
    expect(parsed).toHaveLength(archive.records.length)
    expect(parsed.find((r) => r.key === archive.records[0]!.key)!.text).toBe(lf)
    expect(parsed.find((r) => r.key === archive.records[1]!.key)!.text).toBe(cr)
    // No physical line outside a quoted cell begins with a formula character.
    const outside = csv.replace(/"(?:[^"]|"")*"/g, '""')
    for (const line of outside.split(/\r\n|\n|\r/)) expect(line).not.toMatch(/^[=+@-]/)
  })

  test('negative ratings are written as plain numbers, not guarded', () => {
    const raw = files['ratings.csv']!.split('\r\n')
    expect(raw[1]).toBe('Member A,T1,"Silence, ""held""",1,blind,-2,false')
    expect(rows(files['ratings.csv']!).map((r) => r.value)).toEqual(['-2', '2', '-1', '1', '0', '0', '-1'])
  })

  test('the formula guard leaves plain numbers alone and marks everything else that could run', () => {
    expect(guardFormula('-0.12')).toBe('-0.12')
    expect(guardFormula('+3')).toBe('+3')
    expect(guardFormula('-1+1')).toBe("'-1+1")
    expect(guardFormula('=1')).toBe("'=1")
    expect(guardFormula('@A1')).toBe("'@A1")
    expect(guardFormula("'")).toBe("''")
    expect(guardFormula('plain')).toBe('plain')
    expect(guardFormula('')).toBe('')
  })

  test('an unpublished cycle has empty counts and no indicators or statistics', () => {
    const cycles = rows(files['cycles.csv']!)
    expect(cycles[0]).toMatchObject({
      number: '1',
      published: 'true',
      check_ins_held: '3',
      check_ins_flagged: '1',
      experiential: '9',
      devils_advocate: 'Member B',
    })
    expect(cycles[1]).toMatchObject({ number: '2', published: 'false', focus: '', check_ins_held: '', experiential: '', practical: '' })
    expect(new Set(rows(files['indicators.csv']!).map((r) => r.cycle))).toEqual(new Set(['1']))
    expect(new Set(rows(files['theme_statistics.csv']!).map((r) => r.cycle))).toEqual(new Set(['1']))
  })

  test('theme statistics come from the analysis, the left member excluded', () => {
    const t1 = rows(files['theme_statistics.csv']!).filter((r) => r.theme === 'T1')
    expect(t1.map((r) => [r.round, r.n, r.median])).toEqual([
      ['blind', '3', '-1'],
      ['open', '3', '-1'],
    ])
    expect(header(files['theme_statistics.csv']!).slice(0, 3)).toEqual(['cycle', 'round', 'theme'])
  })

  test('README.txt explains every file and column, the guard, and what is left out', () => {
    const readme = csvReadme(tricky)
    for (const name of CSV_FILE_NAMES) {
      expect(readme).toContain(`\r\n${name}\r\n`)
      for (const column of header(files[name]!)) expect(readme).toMatch(new RegExp(`\\r\\n {2}${column}: `))
    }
    expect(readme).toContain('byte-order mark')
    expect(readme).toContain('formula guard')
    expect(readme).toContain('WHAT IS NOT HERE, AND WHY')
    for (const left of ['did not consent', 'Private records', 'check-ins', 'reasons given', 'not agreed to publish'])
      expect(readme).toContain(left)
    expect(readme).toContain('-2 = not at all')
  })

  test('the same archive gives the same zip, byte for byte', () => {
    expect(toCsvZip(tricky)).toEqual(toCsvZip(structuredClone(tricky)))
  })
})
