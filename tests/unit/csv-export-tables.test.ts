import { parse } from 'csv-parse/sync'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { analyseArchive } from '~/features/exports/core/analyse-archive'
import { ArchiveSchema, type Archive } from '~/features/exports/core/archive-schema'
import { csvFiles, csvReadme, toCsvZip } from '~/features/exports/core/csv'
import { demo, header, rows, tricky } from './fixtures/csv-export'

// A CSV export, of the demo archive and of an archive of tricky texts: one RFC 4180 file per
// table, every row round-tripping, no cell able to start a formula, no name where it should
// not be.

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
