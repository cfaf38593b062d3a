import { excessShare, leadingVoice, movesTowardOne } from './evidence'
import { bands, bound, count, countWas, fixed2, inequality, list, lowerFirst, mark, percent, statusFor } from './words'
import type { Indicator, IndicatorInput, IndicatorKey, IndicatorStatus, Threshold } from './types'

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
]

/** The indicators read from the numbers the analysis page shows: it gives their verdicts beside those numbers. */
export const ANALYSIS_INDICATOR_KEYS: readonly IndicatorKey[] = [
  'conformity-shift',
  'variance-ratio',
  'unexplained-moves',
  'participation-balance',
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

const SEVERITY = { ok: 0, warn: 1, alert: 2 } as const

function worse(a: 'ok' | 'warn' | 'alert', b: 'ok' | 'warn' | 'alert'): 'ok' | 'warn' | 'alert' {
  return SEVERITY[a] >= SEVERITY[b] ? a : b
}

function soften(status: 'ok' | 'warn' | 'alert'): 'ok' | 'warn' | 'alert' {
  return status === 'alert' ? 'warn' : 'ok'
}

/** The words for each status, the same on every surface (pages, reports, CSV readers). */
export const INDICATOR_STATUS_TEXT: Record<IndicatorStatus, string> = {
  ok: 'ok',
  warn: 'warning',
  alert: 'alert',
  unclear: 'not enough to tell',
  'n/a': 'nothing yet',
}

/** Participation in words, by the participation-balance status (the analysis page says the same): ok can be unequal numbers nobody simply followed. */
export const PARTICIPATION_WORDS: Record<'ok' | 'warn' | 'alert', string> = {
  ok: 'balanced enough',
  warn: 'uneven',
  alert: 'led by one voice',
}

const NOT_REVEALED = 'The blind round has not been revealed yet.'

type Computed = Omit<Indicator, 'key' | 'name' | 'procedures' | 'thresholds'>

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
  }
}

/** Some evidence, but less than the indicator's minimum: it says so rather than ok or alert. */
function unclear(
  value: number | null,
  display: string,
  threshold: Threshold | null,
  rule: string,
  sentence: string,
  reason: string,
): Computed {
  // The status says "not enough to tell" beside the reason everywhere, so the reason does not repeat it.
  return { value, display, threshold, status: 'unclear', sentence, rule, reason }
}

/** Challenges of the cycle that show disagreement was engaged: revised, or kept open. "Answered" alone can be answered away. */
function engagedChallenges(input: IndicatorInput): number {
  const c = input.evidence?.challenges
  if (!c) return 0
  return c.filter((x) => x.resolution === 'revised' || x.resolution === 'left_open').length
}

/** The strongest pull of unexplained moves toward one member's blind ratings, when there is one worth naming. */
function pullTowardOne(input: IndicatorInput) {
  const rows = input.evidence?.ratings
  if (!rows || rows.length === 0) return null
  return movesTowardOne(rows)
}

/** The minimum number of changed ratings before a share of them may warn or alert. */
const MIN_CHANGES = 3

function conformityShift(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
  const r = input.ratings
  if (r === null) return na(threshold, rule, NOT_REVEALED)
  const shift = r.conformityShift
  const pull = pullTowardOne(input)
  // Moves toward one member without reasons (a minority can conform to one voice while the group mean hardly moves).
  const pulled = pull !== null && pull.unexplained >= MIN_CHANGES && pull.unexplained * 2 >= pull.changed
  if (shift === null && !pulled)
    return na(threshold, rule, 'Too few themes were rated by two or more members in both rounds to measure a shift.')
  const value = shift ?? 0
  const display = fixed2(value)
  if (pulled && pull) {
    let status: 'warn' | 'alert' = 'alert'
    const because: string[] = []
    const revised = (input.evidence?.challenges ?? []).filter((c) => c.resolution === 'revised').length
    if (revised > 0) {
      status = 'warn'
      because.push(`${countWas(revised, 'challenge')} taken up with a revision`)
    }
    const reason =
      `${pull.unexplained} of ${count(pull.changed, 'changed rating')} moved without a reason toward one member's blind ratings ` +
      `(${count(pull.movers, 'member')} moved; alert at ${MIN_CHANGES} or more such moves making at least half of the changes)` +
      (status === 'warn' ? `, made one level milder (warning) because ${list(because)}` : '')
    const sentence = `${count(pull.movers, 'member')} moved ${pull.unexplained} ratings toward one member's without giving a reason (shift ${display}).`
    return { value, display, threshold, status, sentence, rule, reason }
  }
  if (value <= 0) {
    const reason = `the shift was ${display}: ratings did not move toward the group`
    return { value, display, threshold, status: 'ok', sentence: 'Ratings did not move toward the group after discussion.', rule, reason }
  }
  const engaged = engagedChallenges(input)
  const raw = statusFor(value, threshold)
  let sentence = `Ratings moved toward the group after discussion (shift ${display})`
  if (r.changed > 0) {
    sentence +=
      r.changedWithoutReason === 0
        ? `, and ${r.changed === 1 ? 'the one change' : `all ${r.changed} changes`} gave a reason`
        : `, and ${r.changedWithoutReason} of ${count(r.changed, 'change')} gave no reason`
  }
  if (input.challengesRaised > 0) sentence += `, and ${countWas(input.challengesRaised, 'challenge')} raised`
  sentence += '.'
  if (raw !== 'ok' && r.changedWithoutReason < MIN_CHANGES && r.changed < MIN_CHANGES) {
    return unclear(
      value,
      display,
      threshold,
      rule,
      sentence,
      `the shift was ${display} ${mark(value, threshold, fixed2)}, but only ${count(r.changed, 'rating')} changed (at least ${MIN_CHANGES} needed)`,
    )
  }
  // docs/design.md §2: convergence with recorded reasons is learning; without reasons and unchallenged it is a warning.
  const mostlyExplained = r.changed > 0 && r.changedWithoutReason * 2 < r.changed
  let status = raw
  const because: string[] = []
  if (mostlyExplained) {
    status = 'ok'
    because.push('more than half of the changed ratings gave a reason')
  } else if (engaged > 0) {
    status = soften(raw)
    because.push(`${countWas(engaged, 'challenge')} revised or kept open`)
  }
  const reason = `the shift toward the group was ${display} ${mark(value, threshold, fixed2)}${because.length ? `, judged ${INDICATOR_STATUS_TEXT[status]} because ${list(because)}` : ''}`
  return { value, display, threshold, status, sentence, rule, reason }
}

function varianceRatio(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
  const r = input.ratings
  if (r === null) return na(threshold, rule, NOT_REVEALED)
  const ratio = r.varianceRatio
  if (ratio === null) return na(threshold, rule, 'The blind round had no spread to compare with.')
  const display = fixed2(ratio)
  const sentence =
    ratio > 1
      ? `After discussion the spread of ratings grew to ${percent(ratio)} of what it was in the blind round.`
      : `After discussion the spread of ratings was ${percent(ratio)} of what it was in the blind round.`
  const measured = `the spread after discussion was ${percent(ratio)} of the blind spread ${mark(ratio, threshold, percent)}`
  const raw = statusFor(ratio, threshold)
  if (raw === 'ok') return { value: ratio, display, threshold, status: 'ok', sentence, rule, reason: measured }
  // Ratings already close when blind have little spread to lose: a small ratio of a small spread is not suppressed difference.
  if (r.meanBlindSd != null && r.meanBlindSd < CLOSE_BLIND_SD) {
    return {
      value: ratio,
      display,
      threshold,
      status: 'ok',
      sentence,
      rule,
      reason: `${measured}, but the blind ratings were already close (mean standard deviation ${fixed2(r.meanBlindSd)}, below ${fixed2(CLOSE_BLIND_SD)})`,
    }
  }
  if (r.changed < MIN_CHANGES)
    return unclear(
      ratio,
      display,
      threshold,
      rule,
      sentence,
      `${measured}, but only ${count(r.changed, 'rating')} changed (at least ${MIN_CHANGES} needed)`,
    )
  const mostlyExplained = r.changedWithoutReason * 2 < r.changed
  if (mostlyExplained) {
    return {
      value: ratio,
      display,
      threshold,
      status: 'ok',
      sentence,
      rule,
      reason: `${measured}, judged ok because ${r.changed - r.changedWithoutReason} of the ${r.changed} changes gave a reason`,
    }
  }
  const engaged = engagedChallenges(input)
  const status = engaged > 0 ? soften(raw) : raw
  const reason = `${measured}, and ${r.changedWithoutReason} of ${count(r.changed, 'change')} gave no reason${engaged > 0 ? `; made one level milder because ${countWas(engaged, 'challenge')} revised or kept open` : ''}`
  return { value: ratio, display, threshold, status, sentence, rule, reason }
}

/** Blind ratings whose mean standard deviation is below this (scale points) were already close before discussion. */
const CLOSE_BLIND_SD = 0.6

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
  const display = `${without} of ${changed}`
  const measured = `${without} of ${count(changed, 'changed rating')} (${percent(value)}) gave no reason ${mark(value, threshold, percent)}`
  const raw = statusFor(value, threshold)
  if (raw !== 'ok' && changed < MIN_CHANGES)
    return unclear(value, display, threshold, rule, sentence, `${measured}, but a share of fewer than ${MIN_CHANGES} changes says little`)
  // An alert needs at least MIN_CHANGES unexplained changes, not a share of a handful.
  const status = raw === 'alert' && without < MIN_CHANGES ? 'warn' : raw
  const reason = status === raw ? measured : `${measured}, but an alert needs at least ${MIN_CHANGES} unexplained changes`
  return { value, display, threshold, status, sentence, rule, reason }
}

function dissent(input: IndicatorInput, threshold: null, rule: string): Computed {
  const { decisionsClosed: closed, decisionsWithDissent: dissenting, unanimousWithoutReasons: bare } = input
  const challenges = input.challengesRaised
  const ev = input.evidence
  const da = ev?.devilsAdvocate
  const daMissing = da?.required === true && da.held === null
  // Early in a cycle nothing has been decided yet: that is not evidence of collusion.
  if (closed === 0 && challenges === 0 && !daMissing)
    return na(threshold, rule, 'No challenges have been raised and no decision has closed yet.')
  const value = closed === 0 ? 0 : dissenting / closed
  const display = `${dissenting} of ${closed}`
  const stances = ev?.stances
  const reasonedStances = stances ? stances.reasoned : closed - bare
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
  let sentence = `${raised}${dissenting > 0 ? ';' : ', and'} ${decisions}.`
  if (daMissing) sentence += ' The template asks for a devil’s advocate, and no one held the role this cycle.'
  const daText = da
    ? da.held === null
      ? da.required
        ? 'no devil’s advocate held the role the template asks for'
        : 'no devil’s advocate was named'
      : 'a devil’s advocate was named'
    : ''

  // Evidence against the hazard: disagreement voiced (a challenge or a stance other than agree) or reasons given.
  if (challenges > 0 || dissenting > 0) {
    const reason =
      `${dissenting} of ${count(closed, 'closed decision')} had a stance other than agree and ${countWas(challenges, 'challenge')} raised: ` +
      'disagreement was voiced' +
      (daText ? `; ${daText}` : '')
    return { value, display, threshold, status: 'ok', sentence, rule, reason }
  }
  // Silence: every closed decision agreed by all, no challenge.
  const silentAll = reasonedStances === 0 && bare === closed
  if (closed < MIN_SILENT_DECISIONS && !daMissing) {
    return unclear(
      value,
      display,
      threshold,
      rule,
      sentence,
      `${count(closed, 'closed decision')} agreed by all and no challenge raised; at least ${MIN_SILENT_DECISIONS} closed decisions are needed`,
    )
  }
  if (silentAll && closed >= MIN_SILENT_DECISIONS) {
    const reason = `all ${count(closed, 'closed decision')} were agreed by everyone without a single reason, and no challenge was raised (alert at ${MIN_SILENT_DECISIONS} or more such decisions)${daText ? `; ${daText}` : ''}`
    return { value, display, threshold, status: 'alert', sentence, rule, reason }
  }
  if (daMissing) {
    const reason = `no challenge was raised${closed > 0 ? ` and all ${count(closed, 'closed decision')} were agreed by everyone` : ''}, and the devil’s advocate role the template asks for was not held (warn)`
    return { value, display, threshold, status: 'warn', sentence, rule, reason }
  }
  const reason = `all ${count(closed, 'closed decision')} were agreed by everyone and no challenge was raised, but reasons were given${stances ? ` on ${reasonedStances} of ${count(stances.total, 'stance')}` : ''}${daText ? `; ${daText}` : ''}`
  return { value, display, threshold, status: 'ok', sentence, rule, reason }
}

/** Closed decisions agreed by all without a reason, with no challenge, before dissent may alert. */
const MIN_SILENT_DECISIONS = 2

/** Participation: excess share at or above which one member's share is "most" (0 = an equal share, 1 = everything). */
const VOICE_EXCESS = 0.3
/** One member writing this far from an equal share toward all the words, and proposing this share of 3 or more themes, is the only voice. */
const SOLE_VOICE = 0.75

function participationBalance(input: IndicatorInput, gini: Threshold, largest: Threshold, rule: string): Computed {
  if (input.memberCount < 2) return na(gini, rule, 'Participation balance needs at least two members.')
  const p = input.participation
  if (p === null) return na(gini, rule, 'No contributions have been counted yet.')
  const n = input.memberCount
  const excess = excessShare(p.largestShare, n)
  const giniStatus = statusFor(p.gini, gini)
  const shareStatus = statusFor(excess, largest)
  const measure = worse(giniStatus, shareStatus)
  const share = `one member made ${percent(p.largestShare)} of the contributions (an equal share is ${percent(1 / n)} with ${count(n, 'member')}; ${percent(excess)} of the way from equal to all)`
  const measured = `normalised Gini ${fixed2(p.gini)} ${inequality(p.gini, gini, fixed2)}; ${share} ${inequality(excess, largest, percent)}`

  // Dominance is a voice the others follow: most of the words and themes, and others' unexplained moves toward that member's ratings.
  const contributions = input.evidence?.contributions
  const voice = contributions ? leadingVoice(contributions) : null
  const pull = pullTowardOne(input)
  const leads =
    voice !== null &&
    excessShare(voice.wordShare, n) >= VOICE_EXCESS &&
    (voice.themeShare === null || voice.themes < 2 || voice.themeShare >= 0.5)
  const followed =
    voice !== null && pull !== null && pull.anchor === voice.member && pull.unexplained >= 2 && pull.unexplained * 2 >= pull.changed
  const voiceText = voice
    ? `the member with the most words wrote ${percent(voice.wordShare)} of them${voice.themeShare !== null ? ` and proposed ${percent(voice.themeShare)} of the ${count(voice.themes, 'theme')}` : ''}`
    : ''
  const followText =
    followed && pull
      ? `; ${pull.unexplained} of ${count(pull.changed, 'changed rating')} moved toward that member's blind ratings without a reason`
      : ''

  const sole =
    voice !== null &&
    excessShare(voice.wordShare, n) >= SOLE_VOICE &&
    voice.themeShare !== null &&
    voice.themes >= 3 &&
    voice.themeShare >= SOLE_VOICE
  let status: 'ok' | 'warn' | 'alert'
  let why: string
  if (sole) {
    status = 'alert'
    why = `${voiceText} (alert: one member is nearly the only voice, at least ${percent(SOLE_VOICE)} of the way from an equal share of the words to all of them, and ${percent(SOLE_VOICE)} or more of at least 3 themes)`
  } else if (leads && followed) {
    status = 'alert'
    why = `${voiceText}${followText} (alert: a leading voice the others follow without reasons)`
  } else if (measure !== 'ok' && followed) {
    status = 'alert'
    why = `${measured}${followText} (alert: unequal participation the others follow without reasons)`
  } else if (measure === 'alert' || (leads && measure === 'warn')) {
    status = 'warn'
    why = `${measured}${voiceText ? `; ${voiceText}` : ''} (warn: very unequal, but no sign the others simply followed)`
  } else {
    status = 'ok'
    why = `${measured}${measure === 'warn' ? ', unequal but with no sign the others simply followed' : ''}`
  }
  return {
    value: p.gini,
    display: fixed2(p.gini),
    threshold: gini,
    status,
    sentence: `Participation is ${PARTICIPATION_WORDS[status]} (normalised Gini ${fixed2(p.gini)}); ${share}.`,
    rule,
    reason: why,
  }
}

function grounding(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
  const judged = groundingJudged(input, threshold, rule)
  // While the group is still acting, a missing record is not yet evidence: it may still come.
  if (judged.status === 'ok' || judged.status === 'n/a' || !input.actionPhaseOngoing) return judged
  const who = input.evidence?.pair && input.memberCount === 2 ? 'they' : 'members'
  return unclear(
    judged.value,
    judged.display,
    threshold,
    rule,
    judged.sentence,
    `${judged.reason}; the action phase is still under way, so ${who} may still record`,
  )
}

function groundingJudged(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
  if (!input.actionPhaseReached) return na(threshold, rule, 'The cycle has not reached an action phase yet.')
  const missing = input.membersWithoutActionRecords
  const n = input.memberCount
  const display = `${missing} of ${n}`
  const sentence =
    missing === 0
      ? 'Every member shared a record from the action phase.'
      : `${missing} of ${count(n, 'member')} ${missing === 1 ? 'has' : 'have'} no shared record from the action phase: ` +
        'reflection may not be grounded in action.'
  const measured = `${missing} of ${count(n, 'member')} ${missing === 1 ? 'has' : 'have'} no shared record from the action phase`
  const links = input.evidence?.themeLinks ?? null
  const linkText =
    links && links.themes > 0
      ? `; ${links.linkedToAction} of ${count(links.themes, 'rated theme')} ${links.linkedToAction === 1 ? 'is' : 'are'} linked to an action-phase record`
      : ''
  // Links are evidence only where the group links themes to records at all: a group that never
  // uses links has not shown its themes float free of action, it has shown nothing either way.
  const unlinked =
    links !== null && links.themes >= 2 && links.linkedToAction === 0 && links.actionRecordsVisible > 0 && (links.linked ?? 1) > 0
  const wellLinked = links !== null && links.themes >= 2 && links.linkedToAction * 2 >= links.themes

  // A pair's action phase is the client's own: one of two without action records is the method, not a hazard.
  if (input.evidence?.pair && n === 2) {
    const status = missing >= 2 || unlinked ? 'alert' : 'ok'
    const reason = `${measured}${unlinked ? linkText : ''} (in a pair the action phase is the client's: alert when neither shared an action record, or no rated theme is linked to a visible action record)`
    return { value: missing, display, threshold, status, sentence, rule, reason }
  }
  // The template's count thresholds, weighed by the share of the group: 2 of 9 is not 2 of 3.
  const raw = statusFor(missing, threshold)
  const half = missing * 2 >= n
  let status: 'ok' | 'warn' | 'alert' = raw === 'alert' ? (half ? 'alert' : 'warn') : raw === 'warn' && half ? 'warn' : 'ok'
  const because: string[] = []
  if (raw !== 'ok')
    because.push(
      `${missing === 1 ? 'one member' : `${missing} members`} without one ${half ? 'is at least half the group' : 'is less than half the group'} (${raw === 'alert' ? 'alert' : 'warn'} at ${bound(raw === 'alert' ? threshold.alert : threshold.warn, threshold, String)} when at least half)`,
    )
  // Theme–record links: themes grounded in action-phase records soften an alert; none grounded, with action records to link, sharpens one.
  let linkPart = ''
  if (status === 'alert' && wellLinked) {
    status = 'warn'
    linkPart = linkText
    because.push('made one level milder because at least half of the rated themes are linked to action-phase records')
  } else if (unlinked && missing >= 1 && status !== 'alert') {
    status = 'alert'
    linkPart = linkText
    because.push('alert: no rated theme is linked to an action-phase record')
  } else if (unlinked && status === 'ok') {
    status = 'warn'
    linkPart = linkText
    because.push('warn: no rated theme is linked to an action-phase record')
  }
  const reason = `${measured}${linkPart}${because.length ? ` (${because.join('; ')})` : ''}`
  return { value: missing, display, threshold, status, sentence, rule, reason }
}

/** Cycles in a row without a presentational record before ways of knowing warns, and alerts. */
const PRESENTATIONAL_WARN_CYCLES = 2
const PRESENTATIONAL_ALERT_CYCLES = 3
/** Records over those cycles before the absence may warn, and alert: a handful of records says little. */
const PRESENTATIONAL_WARN_RECORDS = 8
const PRESENTATIONAL_ALERT_RECORDS = 15

function waysOfKnowing(input: IndicatorInput, threshold: null, rule: string): Computed {
  const w = input.waysOfKnowing
  const total = w.experiential + w.presentational + w.propositional + w.practical
  if (total === 0) return na(threshold, rule, 'No records have been made this cycle.')
  const value = w.presentational / total
  const share = `(${percent(value)} of records)`
  const counts = `${w.experiential} experiential, ${w.presentational} presentational, ${w.propositional} propositional, ${w.practical} practical`
  const verdict = w.presentational === 0 ? 'is missing this cycle' : `is present ${share}`
  const sentence = `Records by way of knowing: ${counts}; presentational knowing (image, story, metaphor) ${verdict}.`
  const display = percent(value)
  if (w.presentational > 0) {
    return {
      value,
      display,
      threshold,
      status: 'ok',
      sentence,
      rule,
      reason: `${w.presentational} of ${count(total, 'record')} ${w.presentational === 1 ? 'is' : 'are'} presentational`,
    }
  }
  // Absence over several cycles is the signal; one short cycle without a presentational record is common.
  const previous = input.evidence?.previousWaysOfKnowing ?? []
  let run = 1
  let records = total
  for (let i = previous.length - 1; i >= 0; i--) {
    const p = previous[i]!
    const n = p.experiential + p.presentational + p.propositional + p.practical
    if (n === 0) continue
    if (p.presentational > 0) break
    run += 1
    records += n
  }
  const runText =
    run === 1
      ? 'no presentational record this cycle'
      : `no presentational record in the last ${count(run, 'cycle')} with records (${count(records, 'record')})`
  if (run >= PRESENTATIONAL_ALERT_CYCLES && records >= PRESENTATIONAL_ALERT_RECORDS) {
    return {
      value,
      display,
      threshold,
      status: 'alert',
      sentence,
      rule,
      reason: `${runText} (alert at ${PRESENTATIONAL_ALERT_CYCLES} cycles in a row and ${PRESENTATIONAL_ALERT_RECORDS} records)`,
    }
  }
  if (run >= PRESENTATIONAL_WARN_CYCLES && records >= PRESENTATIONAL_WARN_RECORDS) {
    return {
      value,
      display,
      threshold,
      status: 'warn',
      sentence,
      rule,
      reason: `${runText} (warn at ${PRESENTATIONAL_WARN_CYCLES} cycles in a row and ${PRESENTATIONAL_WARN_RECORDS} records)`,
    }
  }
  if (run >= PRESENTATIONAL_WARN_CYCLES) {
    return unclear(
      value,
      display,
      threshold,
      rule,
      sentence,
      `${runText}; at least ${PRESENTATIONAL_WARN_RECORDS} records are needed to tell`,
    )
  }
  if (previous.length === 0 && input.evidence?.previousWaysOfKnowing === undefined) {
    return unclear(value, display, threshold, rule, sentence, `${runText}, and earlier cycles are not known`)
  }
  return {
    value,
    display,
    threshold,
    status: 'ok',
    sentence,
    rule,
    reason: `${runText} of ${count(total, 'record')}; absence is judged over ${PRESENTATIONAL_WARN_CYCLES} or more cycles in a row`,
  }
}

function researchCycling(input: IndicatorInput, rule: string): Computed {
  const min = input.recommendedMinCycles
  const total = input.evidence?.inquiryCycles ?? input.cycleNumber
  const completed = input.concluded ? total : input.cycleNumber - 1
  let sentence: string
  let reason: string
  if (!input.concluded) {
    sentence = `This is cycle ${input.cycleNumber}; the template recommends at least ${min}.`
    reason = `the inquiry is still cycling (${count(completed, 'cycle')} completed of at least ${min} recommended), so it is not judged yet`
    return { value: completed, display: `${completed} of ${min}`, threshold: null, status: 'n/a', sentence, rule, reason }
  }
  // Judged once, on the inquiry's last cycle: the inquiry's length is not a property of an early cycle.
  if (input.cycleNumber < total) {
    sentence = `The inquiry ended after ${count(total, 'cycle')}; its cycling is judged on its last cycle.`
    return {
      value: total,
      display: `${total} of ${min}`,
      threshold: null,
      status: 'n/a',
      sentence,
      rule,
      reason: `the inquiry's cycling is judged on its last cycle (cycle ${total}), not on cycle ${input.cycleNumber}`,
    }
  }
  const short = completed < min
  if (short) {
    sentence = `The inquiry ended after ${count(completed, 'cycle')}, fewer than the ${min} recommended.`
    reason = `the inquiry ended after ${count(completed, 'cycle')}, fewer than the ${min} recommended (warn)`
  } else {
    sentence = `The inquiry ended after ${count(completed, 'cycle')}; the template recommends at least ${min}.`
    reason = `the inquiry ended after ${count(completed, 'cycle')}, at least the ${min} recommended`
  }
  return { value: completed, display: `${completed} of ${min}`, threshold: null, status: short ? 'warn' : 'ok', sentence, rule, reason }
}

function divergenceBalance(input: IndicatorInput, rule: string): Computed {
  const r = input.ratings
  if (r === null) return na(null, rule, NOT_REVEALED)
  const themes = r.themeClasses.length
  if (themes === 0) return na(null, rule, 'No themes were rated this cycle.')
  const divergent = r.themeClasses.filter((c) => c === 'divergent').length
  const convergent = r.themeClasses.filter((c) => c === 'convergent').length
  const blindDivergent = r.blindThemeClasses ? r.blindThemeClasses.filter((c) => c === 'divergent').length : null
  const value = divergent / themes
  const display = `${divergent} of ${themes}`
  const tally = `${divergent} of ${count(themes, 'rated theme')} ${divergent === 1 ? 'is' : 'are'} divergent and ${convergent} convergent`
  if (divergent > 0) {
    const sentence =
      convergent > 0
        ? `${divergent} of ${count(themes, 'theme')} divided the group and ${convergent} converged: difference and agreement are both in view.`
        : `${divergent} of ${count(themes, 'theme')} divided the group and none converged: difference is in view.`
    return { value, display, threshold: null, status: 'ok', sentence, rule, reason: `${tally} (difference is in view)` }
  }
  const sentence = 'Every theme converged or was mixed; no theme divided the group after discussion.'
  if (themes < 2) return unclear(value, display, null, rule, sentence, `${tally}; at least 2 rated themes are needed`)
  // Agreement is genuine when it was there before discussion, or was reached with reasons or answered challenges.
  if (blindDivergent === 0) {
    return {
      value,
      display,
      threshold: null,
      status: 'ok',
      sentence,
      rule,
      reason: `${tally}, and none was divergent in the blind round either: the agreement was there before discussion`,
    }
  }
  const changed = r.changed
  const explained = changed > 0 && r.changedWithoutReason * 2 < changed
  const answered = (input.evidence?.challenges ?? []).filter((c) => c.resolution !== null).length
  if (explained || answered > 0) {
    const because = [
      ...(explained ? [`${changed - r.changedWithoutReason} of ${count(changed, 'changed rating')} gave a reason`] : []),
      ...(answered > 0 ? [`${countWas(answered, 'challenge')} resolved`] : []),
    ]
    return {
      value,
      display,
      threshold: null,
      status: 'ok',
      sentence,
      rule,
      reason: `${tally}; the convergence came with evidence: ${list(because)}`,
    }
  }
  // Without the blind round's classes there is no lost difference to weigh: not evidence either way.
  if (blindDivergent === null)
    return unclear(
      value,
      display,
      null,
      rule,
      sentence,
      `${tally}; the blind round’s classes are not known, and the convergence came with few reasons and no resolved challenge`,
    )
  const reason = `${tally}, though ${blindDivergent} ${blindDivergent === 1 ? 'was' : 'were'} divergent in the blind round, and the convergence came with few reasons (${r.changedWithoutReason} of ${count(changed, 'change')} without one) and no resolved challenge (warn)`
  return {
    value,
    display,
    threshold: null,
    status: 'warn',
    sentence: `${sentence} Difference seen in the blind round was not kept, and few reasons were given.`,
    rule,
    reason,
  }
}

function unawareProjections(input: IndicatorInput, rule: string): Computed {
  const { checkIns, checkInsFlagged: flagged } = input
  if (checkIns === 0) return na(null, rule, 'No check-ins were held this cycle.')
  const display = `${flagged} of ${checkIns}`
  if (flagged === 0) {
    const sentence =
      checkIns === 1
        ? 'The one check-in flagged nothing that needs time.'
        : `None of the ${checkIns} check-ins flagged anything that needs time.`
    const reason = `${checkIns === 1 ? 'the one check-in flagged nothing' : `none of the ${checkIns} check-ins flagged anything`} that needs time`
    return { value: 0, display, threshold: null, status: 'ok', sentence, rule, reason }
  }
  // Asking for time is the procedure working; the danger is distress flagged and then never given time.
  const flaggedText = `${flagged} of ${count(checkIns, 'check-in')} flagged something that needs time`
  const timeMade = input.evidence?.timeMade
  if (timeMade === true) {
    return {
      value: flagged,
      display,
      threshold: null,
      status: 'ok',
      sentence: `${count(flagged, 'check-in')} flagged something that needs time, and the group recorded making time for it.`,
      rule,
      reason: `${flaggedText}, and the group recorded making time for it`,
    }
  }
  if (timeMade === undefined) {
    return unclear(
      flagged,
      display,
      null,
      rule,
      `${count(flagged, 'check-in')} flagged something that needs time: has the group made time for it?`,
      `${flaggedText}; whether time was made is not recorded yet`,
    )
  }
  return {
    value: flagged,
    display,
    threshold: null,
    status: 'warn',
    sentence: `${count(flagged, 'check-in')} flagged something that needs time, and nothing records that time was made for it.`,
    rule,
    reason: `${flaggedText}, and neither the group's review nor a challenge records that time was made for it (warn)`,
  }
}

/** The ten validity indicators of one cycle (docs/design.md §2 validity procedures, §4 collusion indicators), in a fixed order. */
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
  }
  return INDICATOR_KEYS.map((key) => ({
    key,
    name: INDICATOR_NAMES[key],
    ...computed[key],
    thresholds: Object.fromEntries(THRESHOLDS_OF[key].map((k) => [k, threshold(k)])),
    procedures: procedures.filter((p) => p.indicators.some((i) => indicatorKeyFor(i) === key)).map((p) => p.key),
  }))
}
