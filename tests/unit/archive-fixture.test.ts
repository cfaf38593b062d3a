import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { analyseArchive, type ArchiveCycleResult } from '~/features/exports/core/analyse-archive'
import { ArchiveSchema } from '~/features/exports/core/archive-schema'
import { statsOf } from './fixtures/analysis-fixture'

// The demo archive the format tests read must match the schema as it is now; regenerate it
// with `npx tsx tests/fixtures/make-demo-archive.ts` when the archive changes.

const fixture = JSON.parse(readFileSync(new URL('../fixtures/demo-archive.json', import.meta.url), 'utf8')) as Record<string, unknown>

test('the demo archive fixture is a valid archive, and its analysis is what it carries', () => {
  const parsed = ArchiveSchema.safeParse(fixture)
  expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true)
  const archive = parsed.data!
  // analyseArchive wrote fixture.analysis, so this shows only that the fixture is fresh, not that it is right: see the next test.
  expect(JSON.parse(JSON.stringify(analyseArchive(archive)))).toEqual(fixture.analysis)
  // The fixture holds what the format tests rely on: published and unpublished cycles, quotes of both kinds.
  expect(archive.cycles.map((c) => c.published)).toEqual([true, true, false])
  expect(archive.records.some((r) => r.attribution !== null)).toBe(true)
  expect(archive.records.some((r) => r.author !== null)).toBe(true)
})

test('the statistics it carries are the ones its own ratings give, computed apart from the analysis core', () => {
  // statsOf is the chart tests' own type-7 reading, written without the core; a member's open
  // value is their blind one unless they rated again (docs/design.md §2).
  const archive = ArchiveSchema.parse(fixture)
  const figures = (s: { n: number; median: number | null; q1: number | null; q3: number | null; iqr: number | null }) => [
    s.n,
    s.median,
    s.q1,
    s.q3,
    s.iqr,
  ]
  let themes = 0
  for (const result of fixture.analysis as ArchiveCycleResult[]) {
    for (const round of ['blind', 'open'] as const) {
      for (const theme of result.analysis?.[round].themes ?? []) {
        const rated = (r: string) =>
          new Map(
            archive.ratings
              .filter((x) => x.cycle === result.cycle && x.round === r && x.theme === theme.themeId)
              .map((x) => [x.member, x.value]),
          )
        const [blind, open] = [rated('blind'), rated('open')]
        const values =
          round === 'blind' ? [...blind.values()] : [...new Set([...blind.keys(), ...open.keys()])].map((m) => open.get(m) ?? blind.get(m)!)
        expect(figures(theme.stats), `cycle ${result.cycle}, ${round} round, ${theme.name}`).toEqual(
          figures(statsOf(values, result.analysis!.scale)),
        )
        themes += 1
      }
    }
  }
  expect(themes).toBeGreaterThanOrEqual(8)
})
