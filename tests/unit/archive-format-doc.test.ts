import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { analyseArchive } from '~/features/exports/core/analyse-archive'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveSchema, MAX_ARCHIVE_BYTES } from '~/features/exports/core/archive-schema'

// docs/archive-format.md tells other programs how to write an archive. These tests keep it
// honest: its example must parse, and every field of the schema must be named in it.

const doc = readFileSync(new URL('../../docs/archive-format.md', import.meta.url), 'utf8')

function firstJsonBlock(markdown: string): unknown {
  const match = /^```json\n([\s\S]*?)^```$/m.exec(markdown)
  if (!match) throw new Error('docs/archive-format.md has no ```json block')
  return JSON.parse(match[1]!)
}

/** Every field name of every object inside a schema, the nested ones included. */
function fieldNames(schema: z.ZodType, into = new Set<string>()): Set<string> {
  if (schema instanceof z.ZodObject) {
    for (const [key, value] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      into.add(key)
      fieldNames(value, into)
    }
  } else if (schema instanceof z.ZodArray) fieldNames(schema.element as z.ZodType, into)
  else if (
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault
  )
    fieldNames(schema.unwrap() as z.ZodType, into)
  else if (schema instanceof z.ZodRecord) fieldNames(schema.valueType as z.ZodType, into)
  return into
}

describe('docs/archive-format.md', () => {
  const example = firstJsonBlock(doc)

  test('its example is a valid archive', () => {
    const parsed = ArchiveSchema.safeParse(example)
    expect(parsed.error?.issues).toBeUndefined()
    expect(parsed.success).toBe(true)
  })

  test('its example is as small as promised and can be analysed', () => {
    const archive = ArchiveSchema.parse(example)
    expect(archive.members).toHaveLength(2)
    expect(archive.cycles).toHaveLength(1)
    expect(archive.cycles[0]!.phases.length).toBeGreaterThan(1)
    expect(archive.themes).toHaveLength(1)
    expect(archive.records).toHaveLength(1)
    expect(archive.ratings.length).toBeGreaterThan(0)
    expect(archive.decisions).toHaveLength(1)
    const [result] = analyseArchive(archive)
    expect(result?.analysis?.blind.themes.map((t) => t.themeId)).toEqual(['T1'])
  })

  test('every top-level field of the schema is documented', () => {
    const topLevel = Object.keys(ArchiveSchema.shape)
    expect(topLevel.length).toBeGreaterThan(10)
    // A row of the field table names it in its first cell (Prettier pads the cells).
    for (const key of topLevel) expect(doc, key).toMatch(new RegExp(`^\\| \`${key}\` +\\|`, 'm'))
  })

  test('every field of every object in the schema is named', () => {
    const names = fieldNames(ArchiveSchema)
    // Sanity: the walk reached nested objects, including the template's.
    for (const nested of ['anonymousStances', 'actionRecords', 'templateKey', 'agreeMustOutnumberDisagree', 'advisedMax'])
      expect(names).toContain(nested)
    for (const name of names) expect(doc, name).toContain(`\`${name}\``)
  })

  test('it states the format, the version and the size limit the code enforces', () => {
    expect(doc).toContain(`"${ARCHIVE_FORMAT}"`)
    expect(doc).toContain(`# The inquiry archive, version ${ARCHIVE_VERSION}`)
    expect(doc).toContain(MAX_ARCHIVE_BYTES.toLocaleString('en-GB'))
    expect(doc).toContain(`${MAX_ARCHIVE_BYTES / 1024 / 1024} MiB`)
  })
})
