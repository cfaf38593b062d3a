import { PART_MINIMUM } from '~/features/facilitation/core/measure'
import { count, fixed2 } from './words'
import type { CycleEvidence, IndicatorInput } from './types'
import { na, unclear, type Computed } from './indicator-verdict'

// Authentic collaboration (facilitator dependence), issue 19: does the process still run through
// the facilitator, cycle after cycle? Heron's facilitator aims to become a peer (seed 004: a
// facilitative mentor "designed to support a future peer-to-peer relationship"), so dependence
// that does not fall is the hazard. The measure is facilitation/core/measure.ts (docs/design.md §4).

/** Dependence at or above this in each of the last TREND_CYCLES cycles may warn. */
export const DEPENDENCE_LEVEL = 0.25
/** A least-squares slope at or above this (per cycle) is flat or rising; below it, falling. */
export const FALLING_SLOPE = -0.05
/** Consecutive cycles, up to this one, the trend is read over. */
export const TREND_CYCLES = 3
/** Comparisons at the level and the slope allow this much floating-point error, so 0.25 and −0.05 themselves are on the warning side. */
const EPSILON = 1e-9
/** Parts with enough acts (facilitation/core/measure.ts PART_MINIMUM) a cycle needs before it is read. */
export const MIN_COUNTED_PARTS = 2

type Series = NonNullable<CycleEvidence['facilitation']>['cycles']
type Point = Series[number]

/** A cycle the rule can read: peer facilitation (0 by definition) or measured from at least MIN_COUNTED_PARTS parts. */
function readable(p: Point | undefined): p is Point & { dependence: number } {
  return p !== undefined && p.dependence !== null && (p.status === 'peer' || p.countedParts >= MIN_COUNTED_PARTS)
}

/** Least-squares slope of dependence on cycle number. */
function slopeOf(points: readonly { cycle: number; dependence: number }[]): number {
  const mx = points.reduce((s, p) => s + p.cycle, 0) / points.length
  const my = points.reduce((s, p) => s + p.dependence, 0) / points.length
  const sxx = points.reduce((s, p) => s + (p.cycle - mx) ** 2, 0)
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.cycle - mx) * (p.dependence - my), 0) / sxx
}

const signed = (x: number) => (x > 0 ? `+${fixed2(x)}` : fixed2(x))

export function authenticCollaboration(input: IndicatorInput, rule: string): Computed {
  const f = input.evidence?.facilitation
  if (!f) return na(null, rule, 'Who facilitated this cycle is not recorded.')
  if (f.pair) return na(null, rule, 'A client–practitioner pair has no facilitator role.')
  const here = f.cycles.find((c) => c.cycle === input.cycleNumber)
  if (!here) return na(null, rule, 'Who facilitated this cycle is not recorded.')
  if (here.status === 'peer') {
    return {
      value: 0,
      display: fixed2(0),
      threshold: null,
      status: 'ok',
      sentence: 'No one held the facilitator role this cycle: the group facilitated itself.',
      rule,
      reason: 'no one held the facilitator role this cycle (peer facilitation: dependence 0)',
    }
  }
  if (here.status === 'no-role') return na(null, rule, 'This group has no facilitator role.')
  if (here.status === 'left') return na(null, rule, "This cycle's facilitator is no longer a member, so their part is out of the analysis.")
  if (here.status === 'too-small')
    return na(null, rule, 'The facilitation is the whole group: there is no one else to share the process with.')
  if (here.status === 'too-few' || here.dependence === null) {
    if (here.acts === 0) return na(null, rule, 'Nothing has been proposed, resolved or written in a reflection phase this cycle yet.')
    return unclear(
      null,
      '—',
      null,
      rule,
      'Too little has been proposed, resolved or written in reflection this cycle to measure the facilitator’s share.',
      `no part has ${count(PART_MINIMUM, 'act')} or more this cycle`,
    )
  }
  const d = here.dependence
  const display = fixed2(d)
  const sentence = `The facilitator’s share of the process, beyond an equal share, is ${display} this cycle (0: no more than an equal share, 1: all of it).`
  // Low dependence is ok on the evidence there is; only a warning needs MIN_COUNTED_PARTS parts in each cycle of the trend.
  if (d < DEPENDENCE_LEVEL - EPSILON) {
    return {
      value: d,
      display,
      threshold: null,
      status: 'ok',
      sentence,
      rule,
      reason: `dependence ${display} this cycle, below ${fixed2(DEPENDENCE_LEVEL)}`,
    }
  }
  if (!readable(here)) {
    return unclear(d, display, null, rule, sentence, `dependence ${display} from only ${count(here.countedParts, 'part')} with enough acts`)
  }
  const window = Array.from({ length: TREND_CYCLES }, (_, i) => f.cycles.find((c) => c.cycle === input.cycleNumber - TREND_CYCLES + 1 + i))
  const first = input.cycleNumber - TREND_CYCLES + 1
  if (first < 1 || !window.every(readable)) {
    return unclear(
      d,
      display,
      null,
      rule,
      sentence,
      `dependence ${display} this cycle (at or above ${fixed2(DEPENDENCE_LEVEL)}), but its trend needs ${TREND_CYCLES} cycles in a row, each with enough acts`,
    )
  }
  const points = window as (Point & { dependence: number })[]
  const slope = slopeOf(points)
  const mean = points.reduce((s, p) => s + p.dependence, 0) / points.length
  const span = `cycles ${first}–${input.cycleNumber}`
  const series = points.map((p) => fixed2(p.dependence)).join(', ')
  if (slope < FALLING_SLOPE - EPSILON) {
    return {
      value: d,
      display,
      threshold: null,
      status: 'ok',
      sentence,
      rule,
      reason: `dependence ${display} this cycle, falling over ${span} (${series}; slope ${signed(slope)} per cycle, below ${fixed2(FALLING_SLOPE)})`,
    }
  }
  // Held, not a spike: every cycle of the three at the level (one high cycle among low ones is as likely chance).
  if (points.some((p) => p.dependence < DEPENDENCE_LEVEL - EPSILON)) {
    return {
      value: d,
      display,
      threshold: null,
      status: 'ok',
      sentence,
      rule,
      reason: `dependence ${display} this cycle, but not ${fixed2(DEPENDENCE_LEVEL)} or more in each of ${span} (${series})`,
    }
  }
  return {
    value: d,
    display,
    threshold: null,
    status: 'warn',
    sentence,
    rule,
    reason:
      `dependence ${display} this cycle and ${fixed2(DEPENDENCE_LEVEL)} or more in each of ${span} (${series}; mean ${fixed2(mean)}), ` +
      `and not falling (slope ${signed(slope)} per cycle; falling is below ${fixed2(FALLING_SLOPE)}) (warn)`,
  }
}
