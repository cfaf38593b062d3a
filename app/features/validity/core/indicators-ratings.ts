import { movesTowardOne } from './evidence'
import { count, countWas, fixed2, list, mark, percent, statusFor } from './words'
import type { IndicatorInput, Threshold } from './types'
import { INDICATOR_STATUS_TEXT, na, NOT_REVEALED, soften, unclear, type Computed } from './indicator-verdict'

// The indicators read from the blind and revealed ratings: conformity shift, variance ratio,
// unexplained moves and divergence balance (docs/design.md §4).

/** Challenges of the cycle that show disagreement was engaged: revised, or kept open. "Answered" alone can be answered away. */
export function engagedChallenges(input: IndicatorInput): number {
  const c = input.evidence?.challenges
  if (!c) return 0
  return c.filter((x) => x.resolution === 'revised' || x.resolution === 'left_open').length
}

/** The strongest pull of unexplained moves toward one member's blind ratings, when there is one worth naming. */
export function pullTowardOne(input: IndicatorInput) {
  const rows = input.evidence?.ratings
  if (!rows || rows.length === 0) return null
  return movesTowardOne(rows)
}

/** The minimum number of changed ratings before a share of them may warn or alert. */
export const MIN_CHANGES = 3

export function conformityShift(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
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

export function varianceRatio(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
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
export const CLOSE_BLIND_SD = 0.6

export function unexplainedMoves(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
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

export function divergenceBalance(input: IndicatorInput, rule: string): Computed {
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
