import { excessShare, leadingVoice } from './evidence'
import { count, countWas, fixed2, inequality, percent, statusFor } from './words'
import type { IndicatorInput, Threshold } from './types'
import { na, PARTICIPATION_WORDS, unclear, worse, type Computed } from './indicator-verdict'
import { pullTowardOne } from './indicators-ratings'

// The indicators of who speaks and who dissents: dissent and participation balance (docs/design.md §4).

export function dissent(input: IndicatorInput, threshold: null, rule: string): Computed {
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
export const MIN_SILENT_DECISIONS = 2

/** Participation: excess share at or above which one member's share is "most" (0 = an equal share, 1 = everything). */
export const VOICE_EXCESS = 0.3
/** One member writing this far from an equal share toward all the words, and proposing this share of 3 or more themes, is the only voice. */
export const SOLE_VOICE = 0.75

export function participationBalance(input: IndicatorInput, gini: Threshold, largest: Threshold, rule: string): Computed {
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
