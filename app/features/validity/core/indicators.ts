import type { Indicator, IndicatorInput, IndicatorKey, IndicatorStatus, IndicatorSummary, Threshold } from './types'

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
}

const ALIASES: Record<string, IndicatorKey> = { cycling: 'research-cycling' }

/** The indicator a template's procedure names, accepting the older alias 'cycling'; null if unknown. */
export function indicatorKeyFor(name: string): IndicatorKey | null {
  const key = ALIASES[name] ?? name
  return (INDICATOR_KEYS as readonly string[]).includes(key) ? (key as IndicatorKey) : null
}

/** Status of a value against a threshold pair; warn ≤ alert means higher is worse, warn > alert lower is worse. */
export function statusFor(value: number, threshold: Threshold): 'ok' | 'warn' | 'alert' {
  if (threshold.warn <= threshold.alert) {
    if (value >= threshold.alert) return 'alert'
    return value >= threshold.warn ? 'warn' : 'ok'
  }
  if (value <= threshold.alert) return 'alert'
  return value <= threshold.warn ? 'warn' : 'ok'
}

const SEVERITY = { ok: 0, warn: 1, alert: 2 } as const

function worse(a: 'ok' | 'warn' | 'alert', b: 'ok' | 'warn' | 'alert'): 'ok' | 'warn' | 'alert' {
  return SEVERITY[a] >= SEVERITY[b] ? a : b
}

function soften(status: 'ok' | 'warn' | 'alert'): 'ok' | 'warn' | 'alert' {
  return status === 'alert' ? 'warn' : 'ok'
}

function fixed2(x: number): string {
  const r = Math.round(x * 100) / 100
  return (r === 0 ? 0 : r).toFixed(2)
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`
}

/** "1 member", "2 members". */
function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`
}

/** "1 challenge was raised", "2 challenges were raised". */
function countWas(n: number, singular: string): string {
  return `${count(n, singular)} ${n === 1 ? 'was' : 'were'}`
}

const NOT_REVEALED = 'The blind round has not been revealed yet.'

type Computed = Omit<Indicator, 'key' | 'name' | 'procedures'>

function na(threshold: Threshold | null, sentence: string): Computed {
  return { value: null, display: '—', threshold, status: 'n/a', sentence }
}

function conformityShift(input: IndicatorInput, threshold: Threshold): Computed {
  const r = input.ratings
  if (r === null) return na(threshold, NOT_REVEALED)
  const shift = r.conformityShift
  if (shift === null) return na(threshold, 'Too few themes were rated by two or more members in both rounds to measure a shift.')
  const display = fixed2(shift)
  // Moving apart, or not moving at all, is not conformity whatever the thresholds say.
  if (shift <= 0) {
    return { value: shift, display, threshold, status: 'ok', sentence: 'Ratings did not move toward the group after discussion.' }
  }

  // DESIGN §2: convergence with recorded reasons is learning; without reasons and unchallenged it is a warning.
  const mostlyExplained = r.changed > 0 && r.changedWithoutReason / r.changed < 0.5
  let status = statusFor(shift, threshold)
  if (mostlyExplained || input.challengesRaised > 0) status = soften(status)

  let sentence = `Ratings moved toward the group after discussion (shift ${display})`
  if (r.changed > 0) {
    sentence +=
      r.changedWithoutReason === 0
        ? `, and ${r.changed === 1 ? 'the one change' : `all ${r.changed} changes`} gave a reason`
        : `, and ${r.changedWithoutReason} of ${count(r.changed, 'change')} gave no reason`
  }
  if (input.challengesRaised > 0) sentence += `, but ${countWas(input.challengesRaised, 'challenge')} raised`
  return { value: shift, display, threshold, status, sentence: `${sentence}.` }
}

function varianceRatio(input: IndicatorInput, threshold: Threshold): Computed {
  const r = input.ratings
  if (r === null) return na(threshold, NOT_REVEALED)
  const ratio = r.varianceRatio
  if (ratio === null) return na(threshold, 'The blind round had no spread to compare with.')
  const sentence =
    ratio > 1
      ? `After discussion the spread of ratings grew to ${percent(ratio)} of what it was in the blind round.`
      : `After discussion the spread of ratings was ${percent(ratio)} of what it was in the blind round.`
  return { value: ratio, display: fixed2(ratio), threshold, status: statusFor(ratio, threshold), sentence }
}

function unexplainedMoves(input: IndicatorInput, threshold: Threshold): Computed {
  const r = input.ratings
  if (r === null) return na(threshold, NOT_REVEALED)
  const { changed, changedWithoutReason: without } = r
  if (changed === 0) {
    return { value: 0, display: '0 of 0', threshold, status: 'ok', sentence: 'No one changed a rating after discussion.' }
  }
  const value = without / changed
  let sentence: string
  if (changed === 1) sentence = `The one rating changed after discussion ${without === 0 ? 'gave a reason' : 'gave no reason'}.`
  else if (without === 0) sentence = `All ${changed} ratings changed after discussion gave a reason.`
  else sentence = `${without} of the ${changed} ratings changed after discussion gave no reason.`
  return { value, display: `${without} of ${changed}`, threshold, status: statusFor(value, threshold), sentence }
}

function dissent(input: IndicatorInput, threshold: Threshold): Computed {
  const { decisionsClosed: closed, decisionsWithDissent: dissenting, unanimousWithoutReasons: bare } = input
  const challenges = input.challengesRaised
  // Early in a cycle nothing has been decided yet: that is not evidence of collusion.
  if (closed === 0 && challenges === 0) return na(threshold, 'No challenges have been raised and no decision has closed yet.')
  const value = closed === 0 ? 0 : dissenting / closed
  let status = closed === 0 ? 'ok' : statusFor(value, threshold)
  if (challenges > 0) status = soften(status)

  const raised = challenges === 0 ? 'No challenges were raised' : `${countWas(challenges, 'challenge')} raised`
  let decisions: string
  if (closed === 0) decisions = 'no decision has closed yet'
  else if (dissenting === 0) {
    decisions = closed === 1 ? 'the one decision was unanimous' : `all ${closed} decisions were unanimous`
    if (bare > 0) decisions += bare === closed ? ', without a single reason' : `, ${bare} of them without a single reason`
  } else {
    decisions = `${dissenting} of ${count(closed, 'decision')} had a stance other than agree`
    if (bare > 0) decisions += `, and ${count(bare, 'unanimous decision')} had no reason given`
  }
  const sentence = `${raised}${dissenting > 0 ? ';' : ', and'} ${decisions}.`
  return { value, display: `${dissenting} of ${closed}`, threshold, status, sentence }
}

function participationBalance(input: IndicatorInput, gini: Threshold, largest: Threshold): Computed {
  if (input.memberCount < 2) return na(gini, 'Participation balance needs at least two members.')
  const p = input.participation
  if (p === null) return na(gini, 'No contributions have been counted yet.')
  const shareStatus = statusFor(p.largestShare, largest)
  const status = worse(statusFor(p.gini, gini), shareStatus)
  const evenness = status === 'ok' ? 'fairly even' : status === 'warn' ? 'uneven' : 'very uneven'
  const share =
    shareStatus === 'ok'
      ? `no member made more than ${percent(p.largestShare)} of the contributions`
      : `one member made ${percent(p.largestShare)} of the contributions`
  return {
    value: p.gini,
    display: fixed2(p.gini),
    threshold: gini,
    status,
    sentence: `Participation is ${evenness} (Gini ${fixed2(p.gini)}); ${share}.`,
  }
}

function grounding(input: IndicatorInput, threshold: Threshold): Computed {
  if (!input.actionPhaseReached) return na(threshold, 'The cycle has not reached an action phase yet.')
  const missing = input.membersWithoutActionRecords
  const sentence =
    missing === 0
      ? 'Every member shared a record from the action phase.'
      : `${missing} of ${count(input.memberCount, 'member')} ${missing === 1 ? 'has' : 'have'} no shared record from the action phase: ` +
        'reflection may not be grounded in action.'
  const display = `${missing} of ${input.memberCount}`
  return { value: missing, display, threshold, status: statusFor(missing, threshold), sentence }
}

function waysOfKnowing(input: IndicatorInput, threshold: Threshold): Computed {
  const w = input.waysOfKnowing
  const total = w.experiential + w.presentational + w.propositional + w.practical
  if (total === 0) return na(threshold, 'No records have been made this cycle.')
  const value = w.presentational / total
  const status = statusFor(value, threshold)
  const share = `(${percent(value)} of records)`
  const verdict = w.presentational === 0 ? 'is missing' : status === 'ok' ? `is present ${share}` : `is rare ${share}`
  const counts =
    `${w.experiential} experiential, ${w.presentational} presentational, ${w.propositional} propositional, ` +
    `${w.practical} practical`
  return {
    value,
    display: percent(value),
    threshold,
    status,
    sentence: `Records by way of knowing: ${counts}; presentational knowing (image, story, metaphor) ${verdict}.`,
  }
}

function researchCycling(input: IndicatorInput): Computed {
  const min = input.recommendedMinCycles
  const completed = input.concluded ? input.cycleNumber : input.cycleNumber - 1
  // Judged only at the end: an inquiry in its second cycle is not short of cycles yet.
  const short = input.concluded && completed < min
  let sentence: string
  if (!input.concluded) sentence = `This is cycle ${input.cycleNumber}; the template recommends at least ${min}.`
  else if (short) sentence = `The inquiry ended after ${count(completed, 'cycle')}, fewer than the ${min} recommended.`
  else sentence = `The inquiry ended after ${count(completed, 'cycle')}; the template recommends at least ${min}.`
  return { value: completed, display: `${completed} of ${min}`, threshold: null, status: short ? 'alert' : 'ok', sentence }
}

function divergenceBalance(input: IndicatorInput): Computed {
  const r = input.ratings
  if (r === null) return na(null, NOT_REVEALED)
  const themes = r.themeClasses.length
  if (themes === 0) return na(null, 'No themes were rated this cycle.')
  const divergent = r.themeClasses.filter((c) => c === 'divergent').length
  const convergent = r.themeClasses.filter((c) => c === 'convergent').length
  const divided = `${divergent} of ${count(themes, 'theme')} divided the group`
  let status: IndicatorStatus = 'ok'
  let sentence: string
  if (divergent === 0) {
    status = 'warn'
    sentence = 'Every theme converged or was mixed; no theme divided the group — has difference been explored?'
  } else if (convergent === 0) {
    status = 'warn'
    sentence = `${divided} and none converged — has common ground been looked for?`
  } else {
    sentence = `${divided} and ${convergent} converged: difference and agreement are both in view.`
  }
  return { value: divergent / themes, display: `${divergent} of ${themes}`, threshold: null, status, sentence }
}

function unawareProjections(input: IndicatorInput): Computed {
  const { checkIns, checkInsFlagged: flagged } = input
  if (checkIns === 0) return na(null, 'No check-ins were held this cycle.')
  const display = `${flagged} of ${checkIns}`
  if (flagged > 0) {
    const sentence = `${count(flagged, 'check-in')} flagged something that needs time: has the group made time for it?`
    return { value: flagged, display, threshold: null, status: 'warn', sentence }
  }
  const sentence =
    checkIns === 1 ? 'The one check-in flagged nothing that needs time.' : `None of the ${checkIns} check-ins flagged anything that needs time.`
  return { value: 0, display, threshold: null, status: 'ok', sentence }
}

/** The ten validity indicators of one cycle (DESIGN §2 validity procedures, §4 collusion indicators), in a fixed order. */
export function computeIndicators(
  input: IndicatorInput,
  procedures: readonly { key: string; indicators: readonly string[] }[],
): Indicator[] {
  const threshold = (key: ThresholdKey): Threshold => ({ ...(input.thresholds[key] ?? DEFAULTS[key]) })
  const computed: Record<IndicatorKey, Computed> = {
    'conformity-shift': conformityShift(input, threshold('conformity-shift')),
    'variance-ratio': varianceRatio(input, threshold('variance-ratio')),
    'unexplained-moves': unexplainedMoves(input, threshold('unexplained-moves')),
    dissent: dissent(input, threshold('dissent')),
    'participation-balance': participationBalance(
      input,
      threshold('participation-gini'),
      threshold('participation-largest-share'),
    ),
    grounding: grounding(input, threshold('grounding')),
    'ways-of-knowing': waysOfKnowing(input, threshold('ways-of-knowing')),
    'research-cycling': researchCycling(input),
    'divergence-balance': divergenceBalance(input),
    'unaware-projections': unawareProjections(input),
  }
  return INDICATOR_KEYS.map((key) => ({
    key,
    name: INDICATOR_NAMES[key],
    ...computed[key],
    procedures: procedures.filter((p) => p.indicators.some((i) => indicatorKeyFor(i) === key)).map((p) => p.key),
  }))
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1)
}

function list(names: string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** A one-sentence reading of a cycle's indicators for the validity page: counts, then what to look at, alerts first. */
export function summarise(indicators: readonly Indicator[]): IndicatorSummary {
  const of = (status: IndicatorStatus) => indicators.filter((i) => i.status === status)
  const alerts = of('alert')
  const warns = of('warn')
  const ok = of('ok').length
  const na = of('n/a').length
  const counts = { ok, warn: warns.length, alert: alerts.length, na }

  if (alerts.length === 0 && warns.length === 0) {
    if (ok === 0) return { ...counts, sentence: 'Nothing to read yet: no indicator has data.' }
    const [subject, verb] = ok === 1 ? ['the one indicator', 'is'] : [`all ${ok} indicators`, 'are']
    const sentence =
      na === 0
        ? `No alerts or warnings: ${subject} ${verb} ok.`
        : `No alerts or warnings: ${subject} with data ${verb} ok, and ${na} ${na === 1 ? 'has' : 'have'} nothing to compute yet.`
    return { ...counts, sentence }
  }

  const heading = [alerts.length > 0 ? count(alerts.length, 'alert') : '', warns.length > 0 ? count(warns.length, 'warning') : '']
    .filter(Boolean)
    .join(' and ')
  const names = (xs: Indicator[]) => list(xs.map((i) => lowerFirst(i.name)))
  let look: string
  if (alerts.length > 0 && warns.length > 0) look = `look first at ${names(alerts)}, then at ${names(warns)}`
  else look = `look at ${names(alerts.length > 0 ? alerts : warns)}`
  // An unsoftened conformity-shift alert means the moves were mostly unexplained and nobody challenged them.
  const collusion = indicators.some((i) => i.key === 'conformity-shift' && i.status === 'alert')
  const reading = collusion
    ? `Ratings moved toward the group without reasons and no one challenged it; ${look}`
    : look.charAt(0).toUpperCase() + look.slice(1)
  return { ...counts, sentence: `${heading}: ${reading}.` }
}
