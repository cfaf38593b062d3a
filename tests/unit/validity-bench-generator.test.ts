import { describe, expect, it } from 'vitest'
import { ArchiveSchema, type Archive } from '~/features/exports/core/archive-schema'
import {
  COLLUDING_SCENARIOS,
  DEFAULT_SEEDS,
  HONEST_SCENARIOS,
  SCENARIOS,
  generateInquiry,
  generateSuite,
  labelOf,
  wordCount,
  type BenchInquiry,
  type Scenario,
} from '../bench/validity/generate'

// The validity benchmark's generator (tests/bench/validity): deterministic per seed, every
// archive valid and importable, and each cycle's label true to what the scenario says.

const PER_SCENARIO = 4
const suite: BenchInquiry[] = DEFAULT_SEEDS.flatMap((seed) => generateSuite(seed, PER_SCENARIO))
const of = (s: Scenario) => suite.filter((g) => g.scenario === s)
/** The published cycles of an inquiry whose label is the scenario's own (not an honest cycle before the onset). */
const scenarioCycles = (g: BenchInquiry) => g.labels.filter((l) => l.published && l.scenario === g.scenario).map((l) => l.cycle)
const actionPositions = (a: Archive, cycle: number) =>
  new Set(
    a.cycles
      .find((c) => c.number === cycle)!
      .phases.filter((p) => p.kind === 'action')
      .map((p) => p.position),
  )

// Generating and parsing a few hundred archives takes seconds on a busy machine: more than the default 5 s.
describe('the validity benchmark generator', { timeout: 60_000 }, () => {
  it('is deterministic for a seed, and different seeds differ', () => {
    expect(generateSuite(3, 2)).toEqual(generateSuite(3, 2))
    expect(generateInquiry(1, 'dominant-voice', 1)).toEqual(generateInquiry(1, 'dominant-voice', 1))
    expect(generateInquiry(1, 'dominant-voice', 1).archive).not.toEqual(generateInquiry(2, 'dominant-voice', 1).archive)
    // An inquiry does not depend on how many others were generated beside it.
    expect(generateSuite(4, 3).find((g) => g.id === '4-silenced-dissent-2')).toEqual(generateInquiry(4, 'silenced-dissent', 2))
  })

  it('makes archives that pass ArchiveSchema and the import rules', () => {
    for (const g of suite) {
      const parsed = ArchiveSchema.safeParse(JSON.parse(JSON.stringify(g.archive)))
      expect(parsed.success ? [] : parsed.error.issues.slice(0, 3), g.id).toEqual([])
      const a = g.archive
      expect(
        a.cycles.map((c) => c.number),
        g.id,
      ).toEqual(a.cycles.map((_, i) => i + 1))
      for (const c of a.cycles.filter((x) => x.published)) {
        const held = a.records.filter((r) => r.cycle === c.number)
        for (const way of ['experiential', 'presentational', 'propositional', 'practical'] as const) {
          expect(c.waysOfKnowing![way], `${g.id} cycle ${c.number} ${way}`).toBeGreaterThanOrEqual(
            held.filter((r) => r.wayOfKnowing === way).length,
          )
        }
        const action = actionPositions(a, c.number)
        for (const x of c.contributions!) {
          const own = held.filter((r) => r.author === x.member)
          expect(x.records).toBeGreaterThanOrEqual(own.length)
          expect(x.actionRecords).toBeGreaterThanOrEqual(own.filter((r) => action.has(r.phase)).length)
          expect(x.words).toBeGreaterThanOrEqual(own.reduce((n, r) => n + wordCount(r.text), 0))
        }
        expect(c.blindRevealedAt, `${g.id} cycle ${c.number}`).not.toBeNull()
      }
      expect(a.inquiry.publishedThroughCycle).toBe(a.cycles.filter((c) => c.published).length)
    }
  })

  it('varies group size, cycles, consent, absences and check-ins, with pairs where the template allows', () => {
    const sizes = new Set(suite.map((g) => g.params.size))
    for (let n = 2; n <= 9; n++) expect(sizes.has(n), `size ${n}`).toBe(true)
    for (const g of suite.filter((x) => x.params.size === 2)) {
      expect(g.archive.inquiry.groupKind).toBe('pair')
      expect(g.archive.inquiry.template.groupKinds).toContain('pair')
      expect(g.archive.members.map((m) => m.pairRole).sort()).toEqual(['client', 'practitioner'])
    }
    for (const g of suite) expect(g.params.size).toBeGreaterThanOrEqual(g.archive.inquiry.template.groupSize.min)
    expect(new Set(suite.map((g) => g.archive.cycles.length)).size).toBeGreaterThanOrEqual(5)
    // Some records stay behind and travel only as counts.
    expect(
      suite.some((g) =>
        g.archive.cycles.some(
          (c) => (c.contributions ?? []).reduce((n, x) => n + x.records, 0) > g.archive.records.filter((r) => r.cycle === c.number).length,
        ),
      ),
    ).toBe(true)
    expect(suite.some((g) => g.archive.cycles.some((c) => (c.checkIns?.flagged ?? 0) > 0))).toBe(true)
    expect(suite.some((g) => g.archive.cycles.some((c) => !c.published))).toBe(true)
    expect(suite.some((g) => g.archive.members.some((m) => m.leftAt !== null))).toBe(true)
    expect(suite.some((g) => g.archive.inquiry.status === 'concluded')).toBe(true)
  })

  it('labels every cycle honest or colluding with its scenario kind', () => {
    for (const g of suite) {
      expect(g.labels.map((l) => l.cycle)).toEqual(g.archive.cycles.map((c) => c.number))
      for (const l of g.labels) {
        expect(labelOf(l.scenario)).toBe(l.label)
        if ((HONEST_SCENARIOS as readonly string[]).includes(g.scenario)) expect(l.scenario).toBe(g.scenario)
        else expect(l.label).toBe(l.cycle >= g.params.onset ? 'colluding' : 'honest')
      }
    }
    expect(SCENARIOS.every((s) => of(s).length === DEFAULT_SEEDS.length * PER_SCENARIO)).toBe(true)
    expect(COLLUDING_SCENARIOS.length).toBeGreaterThanOrEqual(4)
  })

  it('silenced dissent: no stance but agree, no challenge, no reason', () => {
    for (const g of of('silenced-dissent')) {
      for (const cycle of scenarioCycles(g)) {
        const decisions = g.archive.decisions.filter((d) => d.cycle === cycle)
        expect(
          decisions.flatMap((d) => d.stances).filter((s) => s.stance !== 'agree'),
          g.id,
        ).toEqual([])
        expect(decisions.flatMap((d) => d.stances).some((s) => s.reasoned)).toBe(false)
        expect(g.archive.challenges.filter((c) => c.cycle === cycle)).toEqual([])
        expect(g.archive.ratings.filter((r) => r.cycle === cycle && r.reasoned)).toEqual([])
      }
    }
  })

  it('reflection ungrounded in action: no theme linked to an action-phase record, no presentational or practical knowing, no devil’s advocate', () => {
    for (const g of of('ungrounded-reflection')) {
      for (const cycle of scenarioCycles(g)) {
        const c = g.archive.cycles.find((x) => x.number === cycle)!
        const action = actionPositions(g.archive, cycle)
        const themes = new Set(g.archive.themes.filter((t) => t.firstCycle === cycle).map((t) => t.key))
        const linked = g.archive.links.filter((l) => themes.has(l.theme)).map((l) => g.archive.records.find((r) => r.key === l.record)!)
        expect(
          linked.filter((r) => action.has(r.phase)),
          g.id,
        ).toEqual([])
        expect(c.waysOfKnowing!.presentational + c.waysOfKnowing!.practical).toBe(0)
        expect(c.devilsAdvocate).toBeNull()
      }
    }
  })

  it('a dominant voice writes most words and proposes most themes, and the others move toward that member', () => {
    let themes = 0
    let byFocal = 0
    let moves = 0
    let toward = 0
    for (const g of of('dominant-voice')) {
      const focal = g.params.focal!
      for (const cycle of scenarioCycles(g)) {
        const c = g.archive.cycles.find((x) => x.number === cycle)!
        const words = c.contributions!.reduce((n, x) => n + x.words, 0)
        expect(c.contributions!.find((x) => x.member === focal)!.words / words, g.id).toBeGreaterThan(0.5)
        const cycleThemes = g.archive.themes.filter((t) => t.firstCycle === cycle)
        themes += cycleThemes.length
        byFocal += cycleThemes.filter((t) => t.proposedBy === focal).length
        const ratings = g.archive.ratings.filter((r) => r.cycle === cycle)
        for (const o of ratings.filter((r) => r.round === 'open' && r.member !== focal)) {
          const blind = ratings.find((r) => r.round === 'blind' && r.member === o.member && r.theme === o.theme)!
          const anchor = ratings.find((r) => r.round === 'blind' && r.member === focal && r.theme === o.theme)
          if (!anchor || o.value === blind.value) continue
          moves += 1
          if (Math.abs(o.value - anchor.value) < Math.abs(blind.value - anchor.value)) toward += 1
        }
      }
    }
    expect(byFocal / themes).toBeGreaterThan(0.7)
    expect(toward / moves).toBeGreaterThan(0.9)
  })

  it('conformity under pressure: open ratings move toward one member, mostly without reasons', () => {
    let moves = 0
    let toward = 0
    let reasoned = 0
    for (const g of of('conformity-pressure')) {
      const focal = g.params.focal!
      for (const cycle of scenarioCycles(g)) {
        const ratings = g.archive.ratings.filter((r) => r.cycle === cycle)
        for (const o of ratings.filter((r) => r.round === 'open' && r.member !== focal)) {
          const blind = ratings.find((r) => r.round === 'blind' && r.member === o.member && r.theme === o.theme)!
          const anchor = ratings.find((r) => r.round === 'blind' && r.member === focal && r.theme === o.theme)
          if (!anchor || o.value === blind.value) continue
          moves += 1
          if (Math.abs(o.value - anchor.value) < Math.abs(blind.value - anchor.value)) toward += 1
          if (o.reasoned) reasoned += 1
        }
      }
    }
    expect(toward / moves).toBeGreaterThan(0.8)
    expect(reasoned / moves).toBeLessThan(0.35)
  })

  it('honest groups give reasons for their moves; divergence is kept with reasons, disagreement and open challenges', () => {
    for (const s of HONEST_SCENARIOS) {
      const open = of(s).flatMap((g) => {
        const cycles = new Set(scenarioCycles(g))
        const rs = g.archive.ratings.filter((r) => cycles.has(r.cycle))
        return rs.filter(
          (r) =>
            r.round === 'open' &&
            r.value !== rs.find((b) => b.round === 'blind' && b.cycle === r.cycle && b.member === r.member && b.theme === r.theme)!.value,
        )
      })
      expect(open.filter((r) => r.reasoned).length / open.length, s).toBeGreaterThan(0.7)
    }
    const kept = of('divergence-kept')
    expect(
      kept.flatMap((g) => g.archive.decisions.flatMap((d) => d.stances)).some((x) => x.stance === 'disagree' || x.stance === 'block'),
    ).toBe(true)
    expect(kept.flatMap((g) => g.archive.challenges).some((c) => c.resolution === 'left_open')).toBe(true)
    for (const g of of('small-quiet-group')) expect(g.archive.members).toHaveLength(5)
  })
})
