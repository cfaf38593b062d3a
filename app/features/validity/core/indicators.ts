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

/** The indicators read from the numbers the analysis page shows: it gives their verdicts beside those numbers. */
export const ANALYSIS_INDICATOR_KEYS: readonly IndicatorKey[] = ['conformity-shift', 'variance-ratio', 'unexplained-moves', 'participation-balance']

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

/** The words for each status, the same on every surface (pages, reports, CSV readers). */
export const INDICATOR_STATUS_TEXT: Record<IndicatorStatus, string> = { ok: 'ok', warn: 'warning', alert: 'alert', 'n/a': 'nothing yet' }

/** How even participation is, in words, by the participation-balance status: the analysis page says the same. */
export const PARTICIPATION_WORDS: Record<'ok' | 'warn' | 'alert', string> = { ok: 'fairly even', warn: 'uneven', alert: 'very uneven' }

type Format = (x: number) => string
const whole: Format = (x) => String(x)

function higherIsWorse(t: Threshold): boolean {
  return t.warn <= t.alert
}

/** "0.10 or more", "60% or less", "0%": a bound on the side that is worse. */
function bound(x: number, t: Threshold, fmt: Format): string {
  if (higherIsWorse(t)) return `${fmt(x)} or more`
  return x <= 0 ? fmt(x) : `${fmt(x)} or less`
}

/** "warn when <subject> is 0.10 or more, alert at 0.20 or more"; equal bounds have no warning band. */
function bands(subject: string, t: Threshold, fmt: Format): string {
  if (t.warn === t.alert) return `alert when ${subject} is ${bound(t.alert, t, fmt)} (no warning band)`
  return `warn when ${subject} is ${bound(t.warn, t, fmt)}, alert at ${bound(t.alert, t, fmt)}`
}

/** The threshold a value met, or the one it stayed clear of: "(warn at 35% or more)", "(below the warning at 0.30)". */
function mark(value: number, t: Threshold, fmt: Format): string {
  const status = statusFor(value, t)
  if (status === 'alert') return `(alert at ${bound(t.alert, t, fmt)})`
  if (status === 'warn') return `(warn at ${bound(t.warn, t, fmt)})`
  const first = t.warn === t.alert ? 'alert' : 'warning'
  return `(${higherIsWorse(t) ? 'below' : 'above'} the ${first} at ${fmt(t.warn)})`
}

function softened(raw: 'ok' | 'warn' | 'alert', status: 'ok' | 'warn' | 'alert', because: string[]): string {
  if (raw === status) return ''
  return `, made one level milder (${INDICATOR_STATUS_TEXT[status]}) because ${list(because)}`
}

const NOT_REVEALED = 'The blind round has not been revealed yet.'

type Computed = Omit<Indicator, 'key' | 'name' | 'procedures' | 'thresholds'>

/** The template threshold keys each indicator's rule reads, in the order its rule names them. */
const THRESHOLDS_OF: Record<IndicatorKey, readonly ThresholdKey[]> = {
  'conformity-shift': ['conformity-shift'],
  'variance-ratio': ['variance-ratio'],
  'unexplained-moves': ['unexplained-moves'],
  dissent: ['dissent'],
  'participation-balance': ['participation-gini', 'participation-largest-share'],
  grounding: ['grounding'],
  'ways-of-knowing': ['ways-of-knowing'],
  'research-cycling': [],
  'divergence-balance': [],
  'unaware-projections': [],
}

/** Nothing to compute yet: the sentence says why, and so does the reason. */
function na(threshold: Threshold | null, rule: string, sentence: string): Computed {
  const reason = lowerFirst(sentence.replace(/[.?]$/, ''))
  return { value: null, display: '—', threshold, status: 'n/a', sentence, rule, reason }
}

/** The rule text of each indicator, its thresholds filled in: the one source every surface shows. */
export function ruleFor(key: IndicatorKey, thresholds: Record<string, Threshold>, recommendedMinCycles: number): string {
  const t = (k: ThresholdKey): Threshold => thresholds[k] ?? DEFAULTS[k]
  switch (key) {
    case 'conformity-shift':
      return (
        `${bands('the shift of ratings toward the group after discussion', t('conformity-shift'), fixed2)}; ` +
        'one level milder when more than half of the changed ratings gave a reason or a challenge was raised; ok when ratings did not move toward the group'
      )
    case 'variance-ratio':
      return bands('the spread of ratings after discussion, as a share of the blind spread,', t('variance-ratio'), percent)
    case 'unexplained-moves':
      return bands('the share of ratings changed after discussion without a reason', t('unexplained-moves'), percent)
    case 'dissent':
      return (
        `${bands('the share of closed decisions with a stance other than agree', t('dissent'), percent)}; ` +
        'one level milder when a challenge was raised'
      )
    case 'participation-balance': {
      const g = t('participation-gini')
      const l = t('participation-largest-share')
      const first = (x: number, y: number) => `the Gini of contributions is ${bound(x, g, fixed2)} or one member makes ${bound(y, l, percent)} of them`
      const rule = g.warn === g.alert && l.warn === l.alert
        ? `alert when ${first(g.alert, l.alert)}`
        : `warn when ${first(g.warn, l.warn)}; alert at a Gini of ${bound(g.alert, g, fixed2)} or a share of ${bound(l.alert, l, percent)}`
      return `${rule}; the worse of the two counts; needs at least two members`
    }
    case 'grounding':
      return bands('the number of members with no shared record from the action phase', t('grounding'), whole)
    case 'ways-of-knowing':
      return bands('the share of presentational records (image, story, metaphor)', t('ways-of-knowing'), percent)
    case 'research-cycling':
      return `alert when the inquiry ends after fewer than ${count(recommendedMinCycles, 'cycle')}, the template's recommended minimum; judged only when the inquiry ends`
    case 'divergence-balance':
      return 'warn when no rated theme is divergent, or when none is convergent'
    case 'unaware-projections':
      return 'warn when any check-in of the cycle flags something that needs time'
  }
}

function conformityShift(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
  const r = input.ratings
  if (r === null) return na(threshold, rule, NOT_REVEALED)
  const shift = r.conformityShift
  if (shift === null) return na(threshold, rule, 'Too few themes were rated by two or more members in both rounds to measure a shift.')
  const display = fixed2(shift)
  // Moving apart, or not moving at all, is not conformity whatever the thresholds say.
  if (shift <= 0) {
    const reason = `the shift was ${display}: ratings did not move toward the group`
    return { value: shift, display, threshold, status: 'ok', sentence: 'Ratings did not move toward the group after discussion.', rule, reason }
  }

  // DESIGN §2: convergence with recorded reasons is learning; without reasons and unchallenged it is a warning.
  const mostlyExplained = r.changed > 0 && r.changedWithoutReason / r.changed < 0.5
  const raw = statusFor(shift, threshold)
  const status = mostlyExplained || input.challengesRaised > 0 ? soften(raw) : raw
  const because = [
    ...(mostlyExplained ? ['more than half of the changed ratings gave a reason'] : []),
    ...(input.challengesRaised > 0 ? [`${countWas(input.challengesRaised, 'challenge')} raised`] : []),
  ]
  const reason = `the shift toward the group was ${display} ${mark(shift, threshold, fixed2)}${softened(raw, status, because)}`

  let sentence = `Ratings moved toward the group after discussion (shift ${display})`
  if (r.changed > 0) {
    sentence +=
      r.changedWithoutReason === 0
        ? `, and ${r.changed === 1 ? 'the one change' : `all ${r.changed} changes`} gave a reason`
        : `, and ${r.changedWithoutReason} of ${count(r.changed, 'change')} gave no reason`
  }
  if (input.challengesRaised > 0) sentence += `, but ${countWas(input.challengesRaised, 'challenge')} raised`
  return { value: shift, display, threshold, status, sentence: `${sentence}.`, rule, reason }
}

function varianceRatio(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
  const r = input.ratings
  if (r === null) return na(threshold, rule, NOT_REVEALED)
  const ratio = r.varianceRatio
  if (ratio === null) return na(threshold, rule, 'The blind round had no spread to compare with.')
  const sentence =
    ratio > 1
      ? `After discussion the spread of ratings grew to ${percent(ratio)} of what it was in the blind round.`
      : `After discussion the spread of ratings was ${percent(ratio)} of what it was in the blind round.`
  const reason = `the spread after discussion was ${percent(ratio)} of the blind spread ${mark(ratio, threshold, percent)}`
  return { value: ratio, display: fixed2(ratio), threshold, status: statusFor(ratio, threshold), sentence, rule, reason }
}

function unexplainedMoves(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
  const r = input.ratings
  if (r === null) return na(threshold, rule, NOT_REVEALED)
  const { changed, changedWithoutReason: without } = r
  if (changed === 0) {
    const reason = 'no rating changed after discussion, so none changed without a reason'
    return { value: 0, display: '0 of 0', threshold, status: 'ok', sentence: 'No one changed a rating after discussion.', rule, reason }
  }
  const value = without / changed
  let sentence: string
  if (changed === 1) sentence = `The one rating changed after discussion ${without === 0 ? 'gave a reason' : 'gave no reason'}.`
  else if (without === 0) sentence = `All ${changed} ratings changed after discussion gave a reason.`
  else sentence = `${without} of the ${changed} ratings changed after discussion gave no reason.`
  const reason = `${without} of ${count(changed, 'changed rating')} (${percent(value)}) gave no reason ${mark(value, threshold, percent)}`
  return { value, display: `${without} of ${changed}`, threshold, status: statusFor(value, threshold), sentence, rule, reason }
}

function dissent(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
  const { decisionsClosed: closed, decisionsWithDissent: dissenting, unanimousWithoutReasons: bare } = input
  const challenges = input.challengesRaised
  // Early in a cycle nothing has been decided yet: that is not evidence of collusion.
  if (closed === 0 && challenges === 0) return na(threshold, rule, 'No challenges have been raised and no decision has closed yet.')
  const value = closed === 0 ? 0 : dissenting / closed
  const raw = closed === 0 ? 'ok' : statusFor(value, threshold)
  const status = challenges > 0 ? soften(raw) : raw
  const reason =
    closed === 0
      ? `no decision has closed yet, and ${countWas(challenges, 'challenge')} raised`
      : `${dissenting} of ${count(closed, 'closed decision')} (${percent(value)}) had a stance other than agree ${mark(value, threshold, percent)}` +
        softened(raw, status, [`${countWas(challenges, 'challenge')} raised`])

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
  return { value, display: `${dissenting} of ${closed}`, threshold, status, sentence, rule, reason }
}

function participationBalance(input: IndicatorInput, gini: Threshold, largest: Threshold, rule: string): Computed {
  if (input.memberCount < 2) return na(gini, rule, 'Participation balance needs at least two members.')
  const p = input.participation
  if (p === null) return na(gini, rule, 'No contributions have been counted yet.')
  const giniStatus = statusFor(p.gini, gini)
  const shareStatus = statusFor(p.largestShare, largest)
  const status = worse(giniStatus, shareStatus)
  const share =
    shareStatus === 'ok'
      ? `no member made more than ${percent(p.largestShare)} of the contributions`
      : `one member made ${percent(p.largestShare)} of the contributions`
  // The deciding measure comes first, so the reason opens with what set the status.
  const giniPart = `Gini ${fixed2(p.gini)} ${mark(p.gini, gini, fixed2)}`
  const sharePart = `${share} ${mark(p.largestShare, largest, percent)}`
  const parts = SEVERITY[shareStatus] > SEVERITY[giniStatus] ? [sharePart, giniPart] : [giniPart, sharePart]
  const reason = `${parts.join('; ')}; an equal share is ${percent(1 / input.memberCount)} with ${count(input.memberCount, 'member')}`
  return {
    value: p.gini,
    display: fixed2(p.gini),
    threshold: gini,
    status,
    sentence: `Participation is ${PARTICIPATION_WORDS[status]} (Gini ${fixed2(p.gini)}); ${share}.`,
    rule,
    reason,
  }
}

function grounding(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
  if (!input.actionPhaseReached) return na(threshold, rule, 'The cycle has not reached an action phase yet.')
  const missing = input.membersWithoutActionRecords
  const sentence =
    missing === 0
      ? 'Every member shared a record from the action phase.'
      : `${missing} of ${count(input.memberCount, 'member')} ${missing === 1 ? 'has' : 'have'} no shared record from the action phase: ` +
        'reflection may not be grounded in action.'
  const display = `${missing} of ${input.memberCount}`
  const reason = `${missing} of ${count(input.memberCount, 'member')} ${missing === 1 ? 'has' : 'have'} no shared record from the action phase ${mark(missing, threshold, whole)}`
  return { value: missing, display, threshold, status: statusFor(missing, threshold), sentence, rule, reason }
}

function waysOfKnowing(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
  const w = input.waysOfKnowing
  const total = w.experiential + w.presentational + w.propositional + w.practical
  if (total === 0) return na(threshold, rule, 'No records have been made this cycle.')
  const value = w.presentational / total
  const status = statusFor(value, threshold)
  const share = `(${percent(value)} of records)`
  const verdict = w.presentational === 0 ? 'is missing' : status === 'ok' ? `is present ${share}` : `is rare ${share}`
  const counts =
    `${w.experiential} experiential, ${w.presentational} presentational, ${w.propositional} propositional, ` +
    `${w.practical} practical`
  const reason = `${w.presentational} of ${count(total, 'record')} (${percent(value)}) ${w.presentational === 1 ? 'is' : 'are'} presentational ${mark(value, threshold, percent)}`
  return {
    value,
    display: percent(value),
    threshold,
    status,
    sentence: `Records by way of knowing: ${counts}; presentational knowing (image, story, metaphor) ${verdict}.`,
    rule,
    reason,
  }
}

function researchCycling(input: IndicatorInput, rule: string): Computed {
  const min = input.recommendedMinCycles
  const completed = input.concluded ? input.cycleNumber : input.cycleNumber - 1
  // Judged only at the end: an inquiry in its second cycle is not short of cycles yet.
  const short = input.concluded && completed < min
  let sentence: string
  let reason: string
  if (!input.concluded) {
    sentence = `This is cycle ${input.cycleNumber}; the template recommends at least ${min}.`
    reason = `the inquiry is still cycling (${count(completed, 'cycle')} completed of at least ${min} recommended), so it is not judged yet`
  } else if (short) {
    sentence = `The inquiry ended after ${count(completed, 'cycle')}, fewer than the ${min} recommended.`
    reason = `the inquiry ended after ${count(completed, 'cycle')}, fewer than the ${min} recommended`
  } else {
    sentence = `The inquiry ended after ${count(completed, 'cycle')}; the template recommends at least ${min}.`
    reason = `the inquiry ended after ${count(completed, 'cycle')}, at least the ${min} recommended`
  }
  return { value: completed, display: `${completed} of ${min}`, threshold: null, status: short ? 'alert' : 'ok', sentence, rule, reason }
}

function divergenceBalance(input: IndicatorInput, rule: string): Computed {
  const r = input.ratings
  if (r === null) return na(null, rule, NOT_REVEALED)
  const themes = r.themeClasses.length
  if (themes === 0) return na(null, rule, 'No themes were rated this cycle.')
  const divergent = r.themeClasses.filter((c) => c === 'divergent').length
  const convergent = r.themeClasses.filter((c) => c === 'convergent').length
  const divided = `${divergent} of ${count(themes, 'theme')} divided the group`
  const tally = `${divergent} of ${count(themes, 'rated theme')} ${divergent === 1 ? 'is' : 'are'} divergent and ${convergent} convergent`
  let status: IndicatorStatus = 'ok'
  let sentence: string
  let reason: string
  if (divergent === 0) {
    status = 'warn'
    sentence = 'Every theme converged or was mixed; no theme divided the group — has difference been explored?'
    reason = `${tally} (warn: none is divergent)`
  } else if (convergent === 0) {
    status = 'warn'
    sentence = `${divided} and none converged — has common ground been looked for?`
    reason = `${tally} (warn: none is convergent)`
  } else {
    sentence = `${divided} and ${convergent} converged: difference and agreement are both in view.`
    reason = `${tally} (both are present)`
  }
  return { value: divergent / themes, display: `${divergent} of ${themes}`, threshold: null, status, sentence, rule, reason }
}

function unawareProjections(input: IndicatorInput, rule: string): Computed {
  const { checkIns, checkInsFlagged: flagged } = input
  if (checkIns === 0) return na(null, rule, 'No check-ins were held this cycle.')
  const display = `${flagged} of ${checkIns}`
  if (flagged > 0) {
    const sentence = `${count(flagged, 'check-in')} flagged something that needs time: has the group made time for it?`
    const reason = `${flagged} of ${count(checkIns, 'check-in')} flagged something that needs time (warn at 1 or more)`
    return { value: flagged, display, threshold: null, status: 'warn', sentence, rule, reason }
  }
  const sentence =
    checkIns === 1 ? 'The one check-in flagged nothing that needs time.' : `None of the ${checkIns} check-ins flagged anything that needs time.`
  const reason = `${checkIns === 1 ? 'the one check-in flagged nothing' : `none of the ${checkIns} check-ins flagged anything`} that needs time (warn at 1 or more)`
  return { value: 0, display, threshold: null, status: 'ok', sentence, rule, reason }
}

/** The ten validity indicators of one cycle (DESIGN §2 validity procedures, §4 collusion indicators), in a fixed order. */
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
    dissent: dissent(input, threshold('dissent'), rule('dissent')),
    'participation-balance': participationBalance(
      input,
      threshold('participation-gini'),
      threshold('participation-largest-share'),
      rule('participation-balance'),
    ),
    grounding: grounding(input, threshold('grounding'), rule('grounding')),
    'ways-of-knowing': waysOfKnowing(input, threshold('ways-of-knowing'), rule('ways-of-knowing')),
    'research-cycling': researchCycling(input, rule('research-cycling')),
    'divergence-balance': divergenceBalance(input, rule('divergence-balance')),
    'unaware-projections': unawareProjections(input, rule('unaware-projections')),
  }
  return INDICATOR_KEYS.map((key) => ({
    key,
    name: INDICATOR_NAMES[key],
    ...computed[key],
    thresholds: Object.fromEntries(THRESHOLDS_OF[key].map((k) => [k, threshold(k)])),
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

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** "One member made 38% … (warn at 35% or more)." — this cycle's reason, as every surface writes it beside the status. */
export function reasonText(indicator: Pick<Indicator, 'reason'>): string {
  return `${capitalise(indicator.reason)}.`
}

const bare = (text: string) => text.trim().replace(/[.?!]$/, '').toLowerCase()

/** The indicator's plain reading, or "—" where it would only repeat the reason beside it (as an n/a one does). */
export function readingOf(indicator: Pick<Indicator, 'sentence' | 'reason'>): string {
  return bare(indicator.sentence) === bare(indicator.reason) ? '—' : indicator.sentence
}

/** "Rule: warn when …, alert at …." — the rule as every surface writes it. */
export function ruleText(indicator: Pick<Indicator, 'rule'>): string {
  return `Rule: ${indicator.rule}.`
}

/** The reason, then the rule: the one cell every table of indicators shows beside the status. */
export function reasonAndRuleText(indicator: Pick<Indicator, 'reason' | 'rule'>): string {
  return `${reasonText(indicator)} ${ruleText(indicator)}`
}

/** "warning: One member made 40% … Rule: …." — status, reason and rule in one line, for a table cell or a plain-text reader. */
export function verdictText(indicator: Pick<Indicator, 'status' | 'reason' | 'rule'>): string {
  return `${INDICATOR_STATUS_TEXT[indicator.status]}: ${reasonAndRuleText(indicator)}`
}
