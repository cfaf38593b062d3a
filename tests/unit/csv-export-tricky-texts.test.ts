import { describe, expect, test } from 'vitest'
import type { Archive } from '~/features/exports/core/archive-schema'
import { CSV_FILE_NAMES, csvFiles, csvReadme, guardFormula, toCsvZip } from '~/features/exports/core/csv'
import { header, rows, tricky, TRICKY_TEXTS } from './fixtures/csv-export'

// The tricky archive's CSV export in detail: the formula guard, line breaks inside cells,
// negative Ratings, unpublished Cycles, theme statistics, the README, and a byte-for-byte
// repeatable zip.

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
