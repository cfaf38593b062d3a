import { bound, count, percent, statusFor } from './words'
import type { IndicatorInput, Threshold } from './types'
import { na, unclear, type Computed } from './indicator-verdict'

// The indicators of the inquiry's practice: grounding in action, ways of knowing, research cycling
// and unaware projections (docs/design.md §2).

export function grounding(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
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

export function groundingJudged(input: IndicatorInput, threshold: Threshold, rule: string): Computed {
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
export const PRESENTATIONAL_WARN_CYCLES = 2
export const PRESENTATIONAL_ALERT_CYCLES = 3
/** Records over those cycles before the absence may warn, and alert: a handful of records says little. */
export const PRESENTATIONAL_WARN_RECORDS = 8
export const PRESENTATIONAL_ALERT_RECORDS = 15

export function waysOfKnowing(input: IndicatorInput, threshold: null, rule: string): Computed {
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

export function researchCycling(input: IndicatorInput, rule: string): Computed {
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

export function unawareProjections(input: IndicatorInput, rule: string): Computed {
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
