import { describe, expect, test } from 'vitest'
import { ArchiveSchema, type Archive, type ArchiveTheme } from '~/features/exports/core/archive-schema'
import { toQdc, toQdpx } from '~/features/exports/core/refi-qda'
import { parseQdc } from '~/features/exports/core/refi-qda-import'
import { demo, openQdpx, PROJECT_XSD, validate, VALID, type Node } from './fixtures/refi-qda'

// Theme merges and splits, and Challenges to Records, as a REFI-QDA project and codebook show them.

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
