import { bands, bound, count, fixed2, percent, statusFor } from './words'
import type { Indicator, IndicatorInput, IndicatorKey, Threshold } from './types'
import type { Computed } from './indicator-verdict'

export { INDICATOR_STATUS_TEXT, PARTICIPATION_WORDS } from './indicator-verdict'
import { CLOSE_BLIND_SD, conformityShift, divergenceBalance, MIN_CHANGES, unexplainedMoves, varianceRatio } from './indicators-ratings'
import { dissent, MIN_SILENT_DECISIONS, participationBalance, SOLE_VOICE, VOICE_EXCESS } from './indicators-voice'
import {
  grounding,
  PRESENTATIONAL_ALERT_CYCLES,
  PRESENTATIONAL_ALERT_RECORDS,
  PRESENTATIONAL_WARN_CYCLES,
  PRESENTATIONAL_WARN_RECORDS,
  researchCycling,
  unawareProjections,
  waysOfKnowing,
} from './indicators-practice'
import { authenticCollaboration, DEPENDENCE_LEVEL, FALLING_SLOPE, MIN_COUNTED_PARTS, TREND_CYCLES } from './indicators-facilitation'
import { PART_MINIMUM } from '~/features/facilitation/core/measure'

export { statusFor }

const DEFAULTS = {
  'conformity-shift': { warn: 0.1, alert: 0.2 },
  'variance-ratio': { warn: 0.6, alert: 0.4 },
  'unexplained-moves': { warn: 0.5, alert: 0.75 },
  dissent: { warn: 0.1, alert: 0 },
  'participation-gini': { warn: 0.3, alert: 0.45 },
  'participation-largest-share': { warn: 0.35, alert: 0.5 },
  grounding: { warn: 1, alert: 2 },
  'ways-of-knowing': { warn: 0.1, alert: 0 },
} satisfies Record<string, Threshold>

type ThresholdKey = keyof typeof DEFAULTS

/** Default thresholds per template key; a template's `indicatorThresholds` override them key by key. */
export const DEFAULT_THRESHOLDS: Record<string, Threshold> = DEFAULTS

export const INDICATOR_KEYS: readonly IndicatorKey[] = [
  'conformity-shift',
  'variance-ratio',
  'unexplained-moves',
  'dissent',
  'participation-balance',
  'grounding',
  'ways-of-knowing',
  'research-cycling',
  'divergence-balance',
  'unaware-projections',
  'authentic-collaboration',
]

/** The indicators read from the numbers the analysis page shows: it gives their verdicts beside those numbers. */
export const ANALYSIS_INDICATOR_KEYS: readonly IndicatorKey[] = [
  'conformity-shift',
  'variance-ratio',
  'unexplained-moves',
  'participation-balance',
  'authentic-collaboration',
]

export const INDICATOR_NAMES: Record<IndicatorKey, string> = {
  'conformity-shift': 'Conformity shift',
  'variance-ratio': 'Variance ratio',
  'unexplained-moves': 'Unexplained moves',
  dissent: 'Dissent',
  'participation-balance': 'Participation balance',
  grounding: 'Grounding in action',
  'ways-of-knowing': 'Ways of knowing',
  'research-cycling': 'Research cycling',
  'divergence-balance': 'Divergence balance',
  'unaware-projections': 'Unaware projections (distress)',
  'authentic-collaboration': 'Authentic collaboration (facilitator dependence)',
}

const ALIASES: Record<string, IndicatorKey> = { cycling: 'research-cycling' }

/** The indicator a template's procedure names, accepting the older alias 'cycling'; null if unknown. */
export function indicatorKeyFor(name: string): IndicatorKey | null {
  const key = ALIASES[name] ?? name
  return (INDICATOR_KEYS as readonly string[]).includes(key) ? (key as IndicatorKey) : null
}

/** The template threshold keys each indicator's rule reads, in the order its rule names them. */
const THRESHOLDS_OF: Record<IndicatorKey, readonly ThresholdKey[]> = {
  'conformity-shift': ['conformity-shift'],
  'variance-ratio': ['variance-ratio'],
  'unexplained-moves': ['unexplained-moves'],
  dissent: [],
  'participation-balance': ['participation-gini', 'participation-largest-share'],
  grounding: ['grounding'],
  'ways-of-knowing': [],
  'research-cycling': [],
  'divergence-balance': [],
  'unaware-projections': [],
  'authentic-collaboration': [],
}

/** The rule text of each indicator, its thresholds filled in: the one source every surface shows. */
export function ruleFor(key: IndicatorKey, thresholds: Record<string, Threshold>, recommendedMinCycles: number): string {
  const t = (k: ThresholdKey): Threshold => thresholds[k] ?? DEFAULTS[k]
  switch (key) {
    case 'conformity-shift':
      return (
        `alert when at least ${MIN_CHANGES} changed ratings moved toward one member's blind ratings without a reason and make at least half of the changes (a warning when a challenge led to a revision); ` +
        `otherwise ${bands('the shift of ratings toward the group after discussion', t('conformity-shift'), fixed2)}, ` +
        `ok when more than half of the changed ratings gave a reason, one level milder when a challenge was revised or kept open, not enough to tell with fewer than ${MIN_CHANGES} changes; ok when ratings did not move toward the group`
      )
    case 'variance-ratio':
      return (
        `${bands('the spread of ratings after discussion, as a share of the blind spread,', t('variance-ratio'), percent)}; ` +
        `ok when the blind ratings were already close (mean standard deviation below ${fixed2(CLOSE_BLIND_SD)}) or more than half of the changes gave a reason; ` +
        `one level milder when a challenge was revised or kept open; not enough to tell with fewer than ${MIN_CHANGES} changes`
      )
    case 'unexplained-moves':
      return `${bands('the share of ratings changed after discussion without a reason', t('unexplained-moves'), percent)}; not enough to tell with fewer than ${MIN_CHANGES} changes, and an alert needs at least ${MIN_CHANGES} unexplained changes`
    case 'dissent':
      return (
        `ok when a challenge was raised or any closed decision had a stance other than agree; alert when every closed decision (at least ${MIN_SILENT_DECISIONS}) was agreed by everyone without a single reason and no challenge was raised; ` +
        `warn when the template asks for a devil's advocate, no one held the role and no disagreement was voiced; not enough to tell with fewer than ${MIN_SILENT_DECISIONS} closed decisions`
      )
    case 'participation-balance': {
      const g = t('participation-gini')
      const l = t('participation-largest-share')
      return (
        `alert when one member is nearly the only voice (at least ${percent(SOLE_VOICE)} of the way from an equal share of the words to all of them, and at least ${percent(SOLE_VOICE)} of 3 or more themes proposed); alert when one member writes most of the words (at least ${percent(VOICE_EXCESS)} of the way from an equal share to all) and proposes at least half the themes (when 2 or more were proposed), or participation is unequal, ` +
        `and the others' changed ratings moved toward that member's blind ratings without reasons (at least 2 and half of the changes); ` +
        `otherwise warn when participation is very unequal: a normalised Gini of ${bound(g.alert, g, fixed2)} or a largest share ${bound(l.alert, l, percent)} of the way from equal to all ` +
        `(unequal from a normalised Gini of ${bound(g.warn, g, fixed2)} or ${bound(l.warn, l, percent)}), or unequal while one member writes most of the words and proposes at least half the themes; the Gini is normalised (0 equal, 1 one member does everything) and the share is measured from an equal share (1/n), so both mean the same for 2 and 9 members; needs at least two members`
      )
    }
    case 'grounding':
      return (
        `${bands('the number of members with no shared record from the action phase', t('grounding'), String)}, when they are at least half the group; ` +
        'below half the group, an alert becomes a warning and a warning ok; an alert becomes a warning when at least half of 2 or more rated themes are linked to action-phase records; ' +
        'where the group links themes to records and 2 or more themes were rated, alert when some member has none and no rated theme is linked to an action-phase record, and warn when no rated theme is linked to one though action-phase records were shared; ' +
        "in a pair the action phase is the client's: alert only when neither shared an action record or none of 2 or more rated themes is linked to a visible action-phase record; while an action phase is under way, what would warn or alert is not enough to tell"
      )
    case 'ways-of-knowing':
      return `warn when no presentational record (image, story, metaphor) was made in ${PRESENTATIONAL_WARN_CYCLES} cycles in a row with records (at least ${PRESENTATIONAL_WARN_RECORDS} records among them), alert at ${PRESENTATIONAL_ALERT_CYCLES} cycles (at least ${PRESENTATIONAL_ALERT_RECORDS} records); one cycle without is not judged, and fewer records are not enough to tell`
    case 'research-cycling':
      return `warn when the inquiry ends after fewer than ${count(recommendedMinCycles, 'cycle')}, the template's recommended minimum; judged only on the last cycle of an inquiry that has ended`
    case 'divergence-balance':
      return (
        'warn when no rated theme is divergent after discussion although some were in the blind round, and the convergence came with few reasons (at most half of the changes) and no resolved challenge; ' +
        'ok when the agreement was there in the blind round; not enough to tell with fewer than 2 rated themes, or when the blind round is not known and the convergence came with few reasons and no resolved challenge'
      )
    case 'unaware-projections':
      return "warn when a check-in flags something that needs time and neither the group's review of this procedure nor a challenge records that time was made; not enough to tell while the review has not recorded it"
    case 'authentic-collaboration':
      return (
        "a cycle's facilitator dependence is the share the facilitator (with a co-facilitator the group's plan names) has of the decisions proposed, of the moves on proposed, of the challenges resolved and of the words written in reflection phases, " +
        `each as its excess over an equal share, (share − k/n) / (1 − k/n) for k facilitators among n members, at least 0, averaged over the parts with at least ${PART_MINIMUM} acts; a cycle no one facilitated has dependence 0; ` +
        `warn (never alert) when the dependence is ${fixed2(DEPENDENCE_LEVEL)} or more in each of the last ${TREND_CYCLES} cycles up to this one and its least-squares slope over them is ${fixed2(FALLING_SLOPE)} per cycle or more (flat or rising); ` +
        `ok when it is below ${fixed2(DEPENDENCE_LEVEL)} this cycle or in one of the others, falls faster, or no one facilitated; a low dependence is judged on any part with enough acts, but a warning needs each of the ${TREND_CYCLES} cycles up to this one to have at least ${MIN_COUNTED_PARTS} parts with enough acts, or no facilitator, else not enough to tell; nothing yet in a pair, which has no facilitator role`
      )
  }
}

/** The eleven validity indicators of one cycle (docs/design.md §2 validity procedures, §4 collusion indicators), in a fixed order. */
export function computeIndicators(
  input: IndicatorInput,
  procedures: readonly { key: string; indicators: readonly string[] }[],
): Indicator[] {
  const threshold = (key: ThresholdKey): Threshold => ({ ...(input.thresholds[key] ?? DEFAULTS[key]) })
  const rule = (key: IndicatorKey) => ruleFor(key, input.thresholds, input.recommendedMinCycles)
  const computed: Record<IndicatorKey, Computed> = {
    'conformity-shift': conformityShift(input, threshold('conformity-shift'), rule('conformity-shift')),
    'variance-ratio': varianceRatio(input, threshold('variance-ratio'), rule('variance-ratio')),
    'unexplained-moves': unexplainedMoves(input, threshold('unexplained-moves'), rule('unexplained-moves')),
    // Dissent and ways of knowing weigh evidence, not a share: the templates' old thresholds for them are accepted and not read.
    dissent: dissent(input, null, rule('dissent')),
    'participation-balance': participationBalance(
      input,
      threshold('participation-gini'),
      threshold('participation-largest-share'),
      rule('participation-balance'),
    ),
    grounding: grounding(input, threshold('grounding'), rule('grounding')),
    'ways-of-knowing': waysOfKnowing(input, null, rule('ways-of-knowing')),
    'research-cycling': researchCycling(input, rule('research-cycling')),
    'divergence-balance': divergenceBalance(input, rule('divergence-balance')),
    'unaware-projections': unawareProjections(input, rule('unaware-projections')),
    'authentic-collaboration': authenticCollaboration(input, rule('authentic-collaboration')),
  }
  return INDICATOR_KEYS.map((key) => ({
    key,
    name: INDICATOR_NAMES[key],
    ...computed[key],
    thresholds: Object.fromEntries(THRESHOLDS_OF[key].map((k) => [k, threshold(k)])),
    procedures: procedures.filter((p) => p.indicators.some((i) => indicatorKeyFor(i) === key)).map((p) => p.key),
  }))
}
