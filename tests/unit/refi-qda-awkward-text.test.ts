import { describe, expect, test } from 'vitest'
import { validateXML } from 'xmllint-wasm'
import { ArchiveSchema, type Archive } from '~/features/exports/core/archive-schema'
import { toQdc, toQdpx } from '~/features/exports/core/refi-qda'
import { codePointLength } from '~/features/exports/core/refi-qda-project'
import { parseQdc, parseQdpxCodebook } from '~/features/exports/core/refi-qda-import'
import { CODEBOOK_XSD, decode, demo, openQdpx, PROJECT_XSD, validate, VALID, type Node } from './fixtures/refi-qda'

// Awkward text in a REFI-QDA export: markup characters, emoji, line ends, right-to-left text
// and characters XML cannot hold.

/** A string read by libxml2 (an independent XML parser) with an XPath expression. */
async function xpathString(xml: string, expression: string): Promise<string> {
  const result = await validateXML({
    xml: [{ fileName: 'read.xml', contents: xml }],
    normalization: 'format',
    modifyArguments: () => ['--xpath', `string(${expression})`, 'read.xml'],
  })
  expect(result.errors).toEqual([])
  return result.normalized.replace(/\n$/, '')
}
const el = (name: string) => `*[local-name()='${name}']`

describe('awkward text', () => {
  const texts = [
    'Less < more & "double" \'single\' > done; &amp; stays literal; ]]> and <!-- not a comment -->',
    'Emoji 😀, a family 👩‍👩‍👧 and a flag 🇳🇿 count by code point, not by UTF-16 unit',
    'Line one\nLine two\r\nLine three\n\n  indented, then trailing spaces  ',
    'עברית: שתיקה היא גם תשובה. العربية: الصمت أيضاً جواب. \u200Fmixed with English',
  ]
  const noteText = 'First line\r\nsecond line & <third> "quoted" 😀\n\u05E9\u05EA\u05D9\u05E7\u05D4'
  const base = ArchiveSchema.parse(JSON.parse(JSON.stringify(demo)))
  const awkward: Archive = ArchiveSchema.parse({
    ...base,
    inquiry: { ...base.inquiry, title: 'Silence & <noise> "in" \'quotes\' 🤫', question: 'Why < & > "?"\r\nשאלה' },
    themes: base.themes.map((t, i) =>
      i === 0
        ? {
            ...t,
            status: 'active',
            mergedInto: null,
            splitFrom: null,
            name: 'Fill <the> "silence" & \'wait\' 😀',
            description: 'Line 1\nLine 2 with & and < and 😀 and עברית',
          }
        : i === 1
          ? { ...t, name: 'Two\nlines\tand  spaces' }
          : t,
    ),
    // Linked records first get the emoji text, so selections over astral characters are checked.
    records: base.records.map((r, i) => ({
      ...r,
      text: base.links.some((l) => l.record === r.key) && i % 2 === 0 ? texts[1]! : texts[i % texts.length]!,
    })),
    cycles: base.cycles.map((c, i) =>
      i === 0
        ? {
            ...c,
            judgements: [
              { procedureKey: base.inquiry.template.validityProcedures[0]!.key, status: 'partly', note: noteText, updatedAt: c.startedAt },
            ],
          }
        : c,
    ),
    challenges: base.challenges.map((c) => ({ ...c, text: `${c.text} — <&> "${noteText}"` })),
  })
  const p = openQdpx(toQdpx(awkward))
  const qdc = toQdc(awkward)

  test('the project and the codebook still validate', async () => {
    expect(await validate(p.qde, PROJECT_XSD)).toEqual(VALID)
    expect(await validate(qdc, CODEBOOK_XSD)).toEqual(VALID)
  })

  test('the source files hold the texts exactly, and each selection ends at the text’s length in code points', () => {
    expect(codePointLength(texts[1]!)).toBeLessThan(texts[1]!.length)
    let astral = 0
    for (const record of awkward.records) {
      const source = p.sourceOf(record.key)!
      expect(decode(p.files[`sources/${source['@_guid']}.txt`]!)).toBe(record.text)
      for (const selection of (source.PlainTextSelection ?? []) as Node[]) {
        expect(selection['@_endPosition']).toBe(String([...record.text].length))
        if ([...record.text].length !== record.text.length) astral++
      }
    }
    expect(astral).toBeGreaterThan(0)
  })

  test('an independent XML parser reads the names, descriptions and notes back exactly', async () => {
    expect(await xpathString(p.qde, `/${el('Project')}/@name`)).toBe(awkward.inquiry.title)
    expect(await xpathString(p.qde, `/${el('Project')}/${el('Description')}`)).toBe(awkward.inquiry.question)
    const first = `(//${el('Code')})[1]`
    expect(await xpathString(p.qde, `${first}/@name`)).toBe(awkward.themes[0]!.name)
    expect(await xpathString(p.qde, `${first}/${el('Description')}`)).toBe(awkward.themes[0]!.description)
    expect(await xpathString(p.qde, `(//${el('Note')})[1]/${el('PlainTextContent')}`)).toBe(`Judgement: partly met\n\n${noteText}`)
    // Judgements come first, then challenges, each in archive order.
    const firstChallenge = awkward.cycles.reduce((n, c) => n + c.judgements.length, 0) + 1
    expect(await xpathString(p.qde, `(//${el('Note')})[${firstChallenge}]/${el('PlainTextContent')}`)).toContain(
      awkward.challenges[0]!.text,
    )
    // A name is one line: line breaks and tabs in a theme's name become single spaces.
    expect(p.codeOf({ ...awkward.themes[1]!, name: 'Two lines and spaces' })).toBeDefined()
  })

  test('the codebook reads back with the same names and descriptions', () => {
    const entries = parseQdc(qdc)
    expect(entries.find((e) => e.name === awkward.themes[0]!.name)?.description).toBe(awkward.themes[0]!.description)
    expect(entries.map((e) => e.name)).toContain('Two lines and spaces')
    expect(parseQdpxCodebook(toQdpx(awkward))).toEqual(entries)
  })

  test('characters XML cannot carry are replaced in project.qde but kept in the source file', async () => {
    const control = 'bell \u0007, vertical tab \u000B, nul \u0000 and a lone surrogate \uD800 end'
    const odd: Archive = {
      ...awkward,
      themes: awkward.themes.map((t, i) => (i === 0 ? { ...t, description: control } : t)),
      records: awkward.records.map((r, i) => (i === 0 ? { ...r, text: control } : r)),
    }
    const q = openQdpx(toQdpx(odd))
    expect(await validate(q.qde, PROJECT_XSD)).toEqual(VALID)
    expect(await validate(toQdc(odd), CODEBOOK_XSD)).toEqual(VALID)
    expect(q.codeOf(odd.themes[0]!)!.code.Description).toBe('bell \uFFFD, vertical tab \uFFFD, nul \uFFFD and a lone surrogate \uFFFD end')
    const source = q.sourceOf(odd.records[0]!.key)!
    // UTF-8 cannot hold a lone surrogate either: the file has U+FFFD there, still one code point.
    expect(decode(q.files[`sources/${source['@_guid']}.txt`]!)).toBe(control.replace('\uD800', '\uFFFD'))
  })
})
