import { describe, expect, test } from 'vitest'
import { ArchiveSchema, type Archive, type ArchiveTheme } from '~/features/exports/core/archive-schema'
import { toQdc, toQdpx } from '~/features/exports/core/refi-qda'
import { codePointLength } from '~/features/exports/core/refi-qda-project'
import { parseQdc, parseQdpxCodebook } from '~/features/exports/core/refi-qda-import'
import { decode, demo, openQdpx, PROJECT_XSD, validate, VALID, type Node } from './fixtures/refi-qda'

// A REFI-QDA project (.qdpx) from the demo archive: valid against the schema, and holding the
// members, Records, Themes, links, Challenges and ValidityReviews of the inquiry.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

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

  test('each member’s validity judgement becomes a note of its own naming the cycle, the procedure, the member and the status', () => {
    const judgements = demo.cycles.flatMap((c) => c.judgements.map((j) => ({ cycle: c.number, ...j })))
    expect(judgements.length).toBeGreaterThan(0)
    // The demo has procedures judged by several members.
    expect(new Set(judgements.map((j) => `${j.cycle}:${j.procedureKey}`)).size).toBeLessThan(judgements.length)
    expect(p.notes).toHaveLength(judgements.length + demo.challenges.length)
    const procedures = new Map(demo.inquiry.template.validityProcedures.map((v) => [v.key, v.name]))
    const status = { met: 'met', partly: 'partly met', not_met: 'not met', n_a: 'not applicable' }
    for (const j of judgements) {
      const note = p.notes.find(
        (n) => n['@_name'] === `Validity · cycle ${j.cycle} · ${procedures.get(j.procedureKey)} · ${j.by}: ${status[j.status]}`,
      )
      expect(note, `${j.cycle} ${j.procedureKey} ${j.by}`).toBeDefined()
      expect(note!.PlainTextContent).toContain(`Judgement: ${status[j.status]}`)
      expect(note!.PlainTextContent).toContain(j.note)
      expect(note!['@_creatingUser']).toBe(p.userGuid(j.by!))
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
