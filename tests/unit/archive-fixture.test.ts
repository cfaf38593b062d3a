import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { analyseArchive } from '~/features/exports/core/analyse-archive'
import { ArchiveSchema } from '~/features/exports/core/archive'

// The demo archive the format tests read must match the schema as it is now; regenerate it
// with `npx tsx tests/fixtures/make-demo-archive.ts` when the archive changes.

const fixture = JSON.parse(readFileSync(new URL('../fixtures/demo-archive.json', import.meta.url), 'utf8')) as Record<string, unknown>

test('the demo archive fixture is a valid archive, and its analysis is what it carries', () => {
  const parsed = ArchiveSchema.safeParse(fixture)
  expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true)
  const archive = parsed.data!
  expect(JSON.parse(JSON.stringify(analyseArchive(archive)))).toEqual(fixture.analysis)
  // The fixture holds what the format tests rely on: published and unpublished cycles, quotes of both kinds.
  expect(archive.cycles.map((c) => c.published)).toEqual([true, true, false])
  expect(archive.records.some((r) => r.attribution !== null)).toBe(true)
  expect(archive.records.some((r) => r.author !== null)).toBe(true)
})
