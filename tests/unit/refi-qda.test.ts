import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { XMLParser } from 'fast-xml-parser'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { validateXML } from 'xmllint-wasm'
import { ArchiveSchema, type Archive, type ArchiveTheme } from '~/features/exports/core/archive'
import { codePointLength, toQdc, toQdpx } from '~/features/exports/core/refi-qda'
import { parseQdc, parseQdpxCodebook, RefiQdaImportError } from '~/features/exports/core/refi-qda-import'

// The REFI-QDA 1.5 schemas and files written by ATLAS.ti, NVivo and QualCoder.
// The shared REFI-QDA schemas and real files sit beside the repository (../shared), as in CI.
const REFI_DIR = fileURLToPath(new URL('../../../shared/refi-qda', import.meta.url))
const PROJECT_XSD = join(REFI_DIR, 'Project.xsd')
const CODEBOOK_XSD = join(REFI_DIR, 'Codebook.xsd')
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const demo: Archive = ArchiveSchema.parse(
  JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/demo-archive.json', import.meta.url)), 'utf8')),
)

// libxml2, compiled to WebAssembly (xmllint-wasm): the schema check and an independent XML
// parser for reading values back, in process, so the tests need Node alone.
type Run = { valid: boolean; errors: string }
/** The schema check; a pass is `{ valid: true, errors: '' }`, a failure carries libxml2's complaints, each with its line. */
async function validate(xml: string, xsd: string): Promise<Run> {
  const fileName = xsd === PROJECT_XSD ? 'project.qde' : 'codebook.qdc'
  const result = await validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [{ fileName: basename(xsd), contents: readFileSync(xsd, 'utf8') }],
  })
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage).join('\n') }
}
const VALID: Run = { valid: true, errors: '' }

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

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes)
const LISTS = new Set([
  'User',
  'Code',
  'TextSource',
  'PlainTextSelection',
  'Coding',
  'Note',
  'NoteRef',
  'Set',
  'MemberSource',
  'MemberNote',
])
const reader = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, isArray: (name) => LISTS.has(name) })

type Node = Record<string, any>
function openQdpx(bytes: Uint8Array) {
  const files = unzipSync(bytes)
  const qde = decode(files['project.qde']!)
  const project = reader.parse(qde).Project as Node
  const allCodes = (codes: Node[] = [], parent: Node | null = null): { code: Node; parent: Node | null }[] =>
    codes.flatMap((code) => [{ code, parent }, ...allCodes(code.Code, code)])
  const codes = allCodes(project.CodeBook?.Codes?.Code)
  const users: Node[] = project.Users.User
  const sources: Node[] = project.Sources?.TextSource ?? []
  const notes: Node[] = project.Notes?.Note ?? []
  return {
    files,
    qde,
    project,
    users,
    codes,
    sources,
    notes,
    userGuid: (key: string) => users.find((u) => u['@_name'] === key)?.['@_guid'] as string | undefined,
    codeOf: (theme: ArchiveTheme) => codes.find(({ code }) => code['@_name'] === theme.name),
    sourceOf: (recordKey: string) => sources.find((s) => String(s['@_name']).startsWith(`${recordKey} · `)),
  }
}

/** The theme a merged theme finally went into, following the chain of merges. */
function absorbing(archive: Archive, theme: ArchiveTheme): ArchiveTheme {
  let current = theme
  while (current.status === 'merged' && current.mergedInto !== null) current = archive.themes.find((t) => t.key === current.mergedInto)!
  return current
}

describe('a REFI-QDA project (.qdpx) from the demo archive', () => {
  const qdpx = toQdpx(demo)
  const p = openQdpx(qdpx)

  test('project.qde validates against the REFI-QDA Project schema', async () => {
    expect(await validate(p.qde, PROJECT_XSD)).toEqual(VALID)
  })

  test('the schema check fails a project.qde that breaks the schema', async () => {
    const broken = p.qde.replace(/guid="[^"]+"/, 'guid="not-a-guid"')
    const run = await validate(broken, PROJECT_XSD)
    expect(run.valid).toBe(false)
    expect(run.errors).toMatch(/^project\.qde:\d+: .*not-a-guid/)
  })

  test('the zip holds project.qde and one sources/<guid>.txt per record, nothing else', () => {
    expect(Object.keys(p.files).sort()).toEqual(['project.qde', ...p.sources.map((s) => `sources/${s['@_guid']}.txt`)].sort())
    expect(p.sources).toHaveLength(demo.records.length)
  })

  test('the project is named after the inquiry, says where it came from and carries the question', () => {
    expect(p.project['@_name']).toBe(demo.inquiry.title)
    expect(p.project['@_origin']).toBe('Co-operative inquiry platform')
    expect(p.project.Description).toBe(demo.inquiry.question)
  })

  test('each member is one user named by their pseudonym, and no named member is a user', () => {
    expect(p.users.map((u) => u['@_name'])).toEqual(demo.members.map((m) => m.key))
    expect(new Set(p.users.map((u) => u['@_guid'])).size).toBe(demo.members.length)
    expect(demo.inquiry.namedMembers.length).toBeGreaterThan(0)
    for (const user of p.users) {
      expect(user['@_name']).toMatch(/^Member [A-Z]+$/)
      expect(demo.inquiry.namedMembers).not.toContain(user['@_name'])
    }
  })

  test('a record quoted by name has no creating user; a keyed record is created by its author', () => {
    const named = demo.records.filter((r) => r.attribution !== null)
    expect(named.length).toBeGreaterThan(0)
    for (const record of demo.records) {
      const source = p.sourceOf(record.key)!
      if (record.attribution !== null) {
        expect(source['@_creatingUser']).toBeUndefined()
        expect(source.Description).toContain(record.attribution)
      } else {
        expect(source['@_creatingUser']).toBe(p.userGuid(record.author!))
        expect(source.Description).toContain(record.author!)
      }
    }
  })

  test('each theme is one codable code with its description; a merged theme sits under the theme that absorbed it', () => {
    expect(p.codes).toHaveLength(demo.themes.length)
    expect(p.codes.map(({ code }) => code['@_name']).sort()).toEqual(demo.themes.map((t) => t.name).sort())
    expect(demo.themes.some((t) => t.status === 'merged')).toBe(true)
    for (const theme of demo.themes) {
      const { code, parent } = p.codeOf(theme)!
      expect(code['@_isCodable']).toBe('true')
      expect(code['@_guid']).toMatch(GUID)
      const into = absorbing(demo, theme)
      if (into.key === theme.key) {
        expect(parent).toBeNull()
        if (theme.splitFrom === null) expect(code.Description).toBe(theme.description)
      } else {
        expect(parent?.['@_name']).toBe(into.name)
        expect(code.Description).toContain(theme.description)
        expect(code.Description).toContain(`Merged into “${demo.themes.find((t) => t.key === theme.mergedInto)!.name}”`)
      }
    }
  })

  test('each record is a text source whose file in sources/ holds exactly its text', () => {
    for (const record of demo.records) {
      const source = p.sourceOf(record.key)!
      expect(source['@_name']).toBe(`${record.key} · cycle ${record.cycle} · ${record.wayOfKnowing}`)
      expect(source['@_plainTextPath']).toBe(`internal://${source['@_guid']}.txt`)
      expect(decode(p.files[`sources/${source['@_guid']}.txt`]!)).toBe(record.text)
    }
  })

  test('each link is a whole-text selection coded with its theme by the member who made the link', () => {
    const selections = p.sources.flatMap((s) => (s.PlainTextSelection ?? []) as Node[])
    expect(selections).toHaveLength(demo.links.length)
    expect(demo.links.length).toBeGreaterThan(0)
    for (const link of demo.links) {
      const record = demo.records.find((r) => r.key === link.record)!
      const codeGuid = p.codeOf(demo.themes.find((t) => t.key === link.theme)!)!.code['@_guid']
      const linker = p.userGuid(link.linkedBy)
      const found = (p.sourceOf(link.record)!.PlainTextSelection as Node[]).filter((s) =>
        (s.Coding as Node[]).some((c) => c.CodeRef['@_targetGUID'] === codeGuid && c['@_creatingUser'] === linker),
      )
      expect(found).toHaveLength(1)
      expect(found[0]).toMatchObject({
        '@_startPosition': '0',
        '@_endPosition': String(codePointLength(record.text)),
        '@_creatingUser': linker,
      })
      expect(found[0]!.Coding[0]['@_creationDateTime']).toBe(link.createdAt)
    }
  })

  test('challenges become notes with their text and resolution, raised by their member', () => {
    expect(demo.challenges.length).toBeGreaterThan(0)
    for (const challenge of demo.challenges) {
      const note = p.notes.find((n) => String(n['@_name']).startsWith(`Challenge ${challenge.key} · `))!
      expect(note.PlainTextContent).toContain(challenge.text)
      if (challenge.resolutionText) expect(note.PlainTextContent).toContain(challenge.resolutionText)
      expect(note['@_creatingUser']).toBe(p.userGuid(challenge.raisedBy))
    }
  })

  test('validity judgements become notes naming the cycle, the procedure and the status', () => {
    const judgements = demo.cycles.flatMap((c) => c.judgements.map((j) => ({ cycle: c.number, ...j })))
    expect(judgements.length).toBeGreaterThan(0)
    expect(p.notes).toHaveLength(judgements.length + demo.challenges.length)
    const procedures = new Map(demo.inquiry.template.validityProcedures.map((v) => [v.key, v.name]))
    const status = { met: 'met', partly: 'partly met', not_met: 'not met', n_a: 'not applicable' }
    for (const j of judgements) {
      const note = p.notes.find(
        (n) => n['@_name'] === `Validity · cycle ${j.cycle} · ${procedures.get(j.procedureKey)}: ${status[j.status]}`,
      )
      expect(note, `${j.cycle} ${j.procedureKey}`).toBeDefined()
      expect(note!.PlainTextContent).toContain(`Judgement: ${status[j.status]}`)
      expect(note!.PlainTextContent).toContain(j.note)
    }
  })

  test('every note is referenced: a challenge to a theme from its code, the rest from the project', () => {
    const themeChallenges = demo.challenges.filter((c) => c.targetKind === 'theme' && demo.themes.some((t) => t.key === c.target))
    expect(themeChallenges.length).toBeGreaterThan(0)
    for (const c of themeChallenges) {
      const note = p.notes.find((n) => String(n['@_name']).startsWith(`Challenge ${c.key} · `))!
      const { code } = p.codeOf(demo.themes.find((t) => t.key === c.target)!)!
      expect((code.NoteRef as Node[]).map((r) => r['@_targetGUID'])).toContain(note['@_guid'])
    }
    const referenced = [
      ...((p.project.NoteRef ?? []) as Node[]),
      ...p.codes.flatMap(({ code }) => (code.NoteRef ?? []) as Node[]),
      ...p.sources.flatMap((s) => (s.NoteRef ?? []) as Node[]),
    ].map((r) => r['@_targetGUID'])
    expect(referenced.sort()).toEqual(p.notes.map((n) => n['@_guid']).sort())
  })

  test('each cycle is a set of its records and notes', () => {
    const sets = (p.project.Sets?.Set ?? []) as Node[]
    for (const cycle of demo.cycles) {
      const records = demo.records.filter((r) => r.cycle === cycle.number)
      if (records.length === 0 && cycle.judgements.length === 0) continue
      const set = sets.find((s) => s['@_name'] === `Cycle ${cycle.number}`)!
      expect(((set.MemberSource ?? []) as Node[]).map((m) => m['@_targetGUID']).sort()).toEqual(
        records.map((r) => p.sourceOf(r.key)!['@_guid']).sort(),
      )
    }
  })

  test('every GUID is unique and matches the REFI-QDA pattern', () => {
    const guids = [...p.qde.matchAll(/ guid="([^"]+)"/g)].map((m) => m[1]!)
    expect(guids.length).toBeGreaterThan(demo.members.length + demo.themes.length + demo.records.length)
    for (const guid of guids) expect(guid).toMatch(GUID)
    expect(new Set(guids).size).toBe(guids.length)
  })

  test('the same archive always gives the same bytes; another inquiry gets other GUIDs', () => {
    const again = ArchiveSchema.parse(JSON.parse(JSON.stringify(demo)))
    expect(Buffer.from(toQdpx(again)).equals(Buffer.from(qdpx))).toBe(true)
    expect(toQdc(again)).toBe(toQdc(demo))
    // A zip stores local wall-clock time; the export must not depend on the machine's zone.
    const zone = process.env.TZ
    const inZone = (tz: string) => {
      process.env.TZ = tz
      return { offset: new Date('2026-01-15T12:00:00Z').getTimezoneOffset(), bytes: Buffer.from(toQdpx(demo)) }
    }
    try {
      const [utc, auckland] = [inZone('UTC'), inZone('Pacific/Auckland')]
      expect(utc.offset).not.toBe(auckland.offset)
      expect(auckland.bytes.equals(utc.bytes)).toBe(true)
      expect(utc.bytes.equals(Buffer.from(qdpx))).toBe(true)
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
    const other = openQdpx(toQdpx({ ...demo, inquiry: { ...demo.inquiry, createdAt: '2020-01-01T00:00:00.000Z' } }))
    const mine = new Set([...p.qde.matchAll(/ guid="([^"]+)"/g)].map((m) => m[1]))
    for (const m of other.qde.matchAll(/ guid="([^"]+)"/g)) expect(mine.has(m[1])).toBe(false)
  })

  test('reading the project back gives its codebook, merged themes under the theme that absorbed them', () => {
    const entries = parseQdpxCodebook(qdpx)
    expect(entries).toEqual(parseQdc(toQdc(demo)))
    expect(entries.map((e) => e.name).sort()).toEqual(demo.themes.map((t) => t.name).sort())
    for (const theme of demo.themes) {
      const into = absorbing(demo, theme)
      expect(entries.find((e) => e.name === theme.name)!.path).toEqual(into.key === theme.key ? [] : [into.name])
    }
  })
})

describe('merges, splits and challenges to records', () => {
  const base = ArchiveSchema.parse(JSON.parse(JSON.stringify(demo)))
  const [a, b, c, d, e] = base.themes
  const variant = (themes: Partial<ArchiveTheme>[]): Archive =>
    ArchiveSchema.parse({
      ...base,
      themes: base.themes.map((t, i) => ({ ...t, status: 'active', mergedInto: null, splitFrom: null, ...themes[i] })),
    })

  test('a chain of merges puts every merged theme one level under the theme that absorbed them all', async () => {
    const archive = variant([
      { status: 'merged', mergedInto: b!.key },
      { status: 'merged', mergedInto: c!.key },
    ])
    const p = openQdpx(toQdpx(archive))
    expect(await validate(p.qde, PROJECT_XSD)).toEqual(VALID)
    expect(p.codeOf(a!)!.parent?.['@_name']).toBe(c!.name)
    expect(p.codeOf(b!)!.parent?.['@_name']).toBe(c!.name)
    expect(p.codeOf(c!)!.parent).toBeNull()
    expect(p.codeOf(a!)!.code.Description).toContain(`Merged into “${b!.name}” (${b!.key}).`)
    expect(
      parseQdc(toQdc(archive))
        .filter((x) => x.path.length > 0)
        .map((x) => [x.name, x.path]),
    ).toEqual([
      [a!.name, [c!.name]],
      [b!.name, [c!.name]],
    ])
  })

  test('themes merged into each other in a loop stay at the top level rather than vanish', async () => {
    const p = openQdpx(
      toQdpx(
        variant([
          { status: 'merged', mergedInto: b!.key },
          { status: 'merged', mergedInto: a!.key },
        ]),
      ),
    )
    expect(await validate(p.qde, PROJECT_XSD)).toEqual(VALID)
    expect(p.codes).toHaveLength(base.themes.length)
    expect(p.codeOf(a!)!.parent).toBeNull()
    expect(p.codeOf(b!)!.parent).toBeNull()
  })

  test('a theme split from another stays at the top level and says where it came from', () => {
    const p = openQdpx(toQdpx(variant([{}, {}, {}, { splitFrom: e!.key }])))
    expect(p.codeOf(d!)!.parent).toBeNull()
    expect(p.codeOf(d!)!.code.Description).toBe(`${d!.description}\n\nSplit from “${e!.name}” (${e!.key}).`)
  })

  test('a link or a judgement given twice still gets GUIDs of its own', async () => {
    const cycle = base.cycles.findIndex((cy) => cy.judgements.length > 0)
    // The schema refuses such an archive on import (issue 13); the writer must still cope with one.
    const archive: typeof base = {
      ...base,
      links: [...base.links, base.links[0]!],
      cycles: base.cycles.map((cy, i) => (i === cycle ? { ...cy, judgements: [...cy.judgements, cy.judgements[0]!] } : cy)),
    }
    expect(ArchiveSchema.safeParse(archive).success).toBe(false)
    const p = openQdpx(toQdpx(archive))
    expect(await validate(p.qde, PROJECT_XSD)).toEqual(VALID)
    const guids = [...p.qde.matchAll(/ guid="([^"]+)"/g)].map((m) => m[1])
    expect(new Set(guids).size).toBe(guids.length)
    expect(p.sources.flatMap((src) => (src.PlainTextSelection ?? []) as Node[])).toHaveLength(archive.links.length)
  })

  test('a challenge to a record is referenced from that record’s source', async () => {
    const record = base.records[0]!
    const archive = ArchiveSchema.parse({
      ...base,
      challenges: base.challenges.map((ch, i) => (i === 0 ? { ...ch, targetKind: 'record', target: record.key } : ch)),
    })
    const p = openQdpx(toQdpx(archive))
    expect(await validate(p.qde, PROJECT_XSD)).toEqual(VALID)
    const note = p.notes.find((n) => String(n['@_name']).startsWith(`Challenge ${archive.challenges[0]!.key} · `))!
    expect(note.Description).toContain(`about record ${record.key}`)
    expect((p.sourceOf(record.key)!.NoteRef as Node[]).map((r) => r['@_targetGUID'])).toEqual([note['@_guid']])
    expect(((p.project.NoteRef ?? []) as Node[]).map((r) => r['@_targetGUID'])).not.toContain(note['@_guid'])
  })
})

describe('a REFI-QDA codebook (.qdc) from the demo archive', () => {
  const qdc = toQdc(demo)

  test('validates against the REFI-QDA Codebook schema', async () => {
    expect(await validate(qdc, CODEBOOK_XSD)).toEqual(VALID)
  })

  test('holds one code per theme, with the same GUIDs as the project', () => {
    const guids = [...qdc.matchAll(/ guid="([^"]+)"/g)].map((m) => m[1])
    expect(guids).toHaveLength(demo.themes.length)
    const projectGuids = openQdpx(toQdpx(demo)).codes.map(({ code }) => code['@_guid'])
    expect(guids.sort()).toEqual(projectGuids.sort())
  })

  test('an inquiry without themes has no codebook, and its project leaves the codebook out', async () => {
    const bare: Archive = {
      ...demo,
      themes: [],
      links: [],
      ratings: [],
      challenges: demo.challenges.filter((c) => c.targetKind !== 'theme'),
    }
    expect(() => toQdc(bare)).toThrow('This inquiry has no themes yet, so there is no codebook to export.')
    const p = openQdpx(toQdpx(bare))
    expect(p.project.CodeBook).toBeUndefined()
    expect(await validate(p.qde, PROJECT_XSD)).toEqual(VALID)
  })
})

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

describe('codebooks written by other tools', () => {
  const read = (file: string) => readFileSync(join(REFI_DIR, file))

  test('the codebook of the REFI-QDA 1.5 specification (Annex A1) gives its codes; code folders only name a path', () => {
    expect(parseQdc(read('refi-spec-1.5-annexA1-codebook.qdc').toString('utf8'))).toEqual([
      { name: 'Economy', description: 'Anything about jobs or taxes or business', path: [] },
      { name: 'Health care', description: 'Health care issues, doctor, patients, etc.', path: [] },
      { name: 'Conservatives', description: 'Republicans or right-wing libertarians', path: [] },
      { name: 'Liberals', description: 'Democrats, socialists, or progressive independents', path: [] },
    ])
  })

  test('an ATLAS.ti project gives its nested codes', () => {
    expect(parseQdpxCodebook(read('target-atlas-project.qdpx'))).toEqual([
      { name: 'Commits', description: '', path: [] },
      { name: '2022-05-10T02:05:59Z 19e4dce', description: '', path: ['Commits'] },
      { name: '2022-02-11T10:39:25Z cdbfd92', description: '', path: ['Commits'] },
    ])
  })

  test('an NVivo project gives its whole code tree, each code with its ancestors', () => {
    const entries = parseQdpxCodebook(read('nvivo_project.qdpx'))
    expect(entries).toHaveLength(262)
    expect(entries.slice(0, 3)).toEqual([
      { name: 'rq1_definition', description: '', path: [] },
      { name: 'competencies', description: '', path: ['rq1_definition'] },
      { name: 'programming', description: '', path: ['rq1_definition', 'competencies'] },
    ])
    expect(entries).toContainEqual({
      name: 'restructure_curriculum',
      description: '',
      path: ['rq1_definition', 'defining_education', 'restructuring_high_school'],
    })
    expect(entries.filter((e) => e.name === 'citizenship').map((e) => e.path.at(-1))).toEqual([
      'defining_education',
      'digital_citizenship',
      'digital_citizenship',
    ])
  })

  test('a QualCoder export of the same project gives the same code tree', () => {
    const entries = parseQdpxCodebook(read('qc_demo.qdpx'))
    expect(entries).toContainEqual({ name: 'rq2_curriculum_and_instruction', description: '', path: [] })
    expect(entries).toEqual(parseQdpxCodebook(read('nvivo_project.qdpx')))
  })

  test('an ATLAS.ti project without codes is refused: there is nothing to import', () => {
    expect(() => parseQdpxCodebook(read('blank-atlas-project.qdpx'))).toThrow(
      new RefiQdaImportError('This REFI-QDA project has no codes in its codebook, so there is nothing to import.'),
    )
  })
})

describe('files that are not codebooks are refused with a clear message', () => {
  const codebook = (codes: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>${codes}</Codes></CodeBook>`
  const qde = openQdpx(toQdpx(demo)).qde

  test.each([
    ['empty', '', /it is not well-formed XML/],
    ['plain text', 'Economy, Health care, Values', /it is not well-formed XML \(line 1: /],
    ['JSON', '{"codes": ["Economy"]}', /it is not well-formed XML/],
    ['unclosed XML', '<CodeBook><Codes><Code name="x" isCodable="true">', /it is not well-formed XML/],
    ['HTML', '<html><body><p>codes</p></body></html>', /its root element is <html>, not <CodeBook>/],
    ['a project', qde, /it is a REFI-QDA project \(project\.qde\)/],
    ['no codes', codebook(''), /it holds no codes/],
    [
      'only code folders',
      codebook('<Code guid="5215cc69-b628-4e02-afb9-9beeaee55808" name="Topics" isCodable="false"/>'),
      /it holds no codes/,
    ],
    [
      'a nameless code',
      codebook('<Code guid="5215cc69-b628-4e02-afb9-9beeaee55808" isCodable="true"/>'),
      /a code at the top level has no name/,
    ],
    [
      'an entity bomb',
      '<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><CodeBook><Codes><Code name="&b;" isCodable="true"/></Codes></CodeBook>',
      /it declares a DOCTYPE/,
    ],
  ])('%s', (_, xml, message) => {
    expect(() => parseQdc(xml)).toThrow(RefiQdaImportError)
    expect(() => parseQdc(xml)).toThrow(/^This file is not a REFI-QDA codebook: /)
    expect(() => parseQdc(xml)).toThrow(message)
  })

  test.each([
    ['random bytes', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), /^This file is not a REFI-QDA project: it is not a zip archive/],
    [
      'a .qdc codebook',
      strToU8(codebook('<Code guid="5215cc69-b628-4e02-afb9-9beeaee55808" name="A" isCodable="true"/>')),
      /it is not a zip archive/,
    ],
    [
      'a zip without project.qde',
      zipSync({ 'readme.txt': strToU8('hello') }),
      /^This file is not a REFI-QDA project: it holds no project\.qde\.$/,
    ],
    ['a zip whose project.qde is not XML', zipSync({ 'project.qde': strToU8('not xml') }), /its project\.qde is not well-formed XML/],
    [
      'a zip whose project.qde is not UTF-8',
      zipSync({ 'project.qde': new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]) }),
      /its project\.qde is not UTF-8 text/,
    ],
    [
      'a zip holding a codebook as project.qde',
      zipSync({ 'project.qde': strToU8(codebook('')) }),
      /the root element of its project\.qde is <CodeBook>, not <Project>/,
    ],
  ])('%s', (_, bytes, message) => {
    expect(() => parseQdpxCodebook(bytes)).toThrow(RefiQdaImportError)
    expect(() => parseQdpxCodebook(bytes)).toThrow(message)
  })
})
