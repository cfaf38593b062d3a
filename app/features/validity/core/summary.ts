import { INDICATOR_STATUS_TEXT } from './indicators'
import type { Indicator, IndicatorStatus, IndicatorSummary } from './types'
import { capitalise, count, list, lowerFirst } from './words'

// A cycle's indicators read together (one verdict, the evidence that drove it), and the texts
// every surface shows beside a verdict: the reason, the rule, the reading.

/**
 * The cycle's one verdict for the validity page: the worst level any indicator reached, and the
 * evidence that drove it (each deciding indicator's reason), alerts first.
 */
export function summarise(indicators: readonly Indicator[]): IndicatorSummary {
  const of = (status: IndicatorStatus) => indicators.filter((i) => i.status === status)
  const alerts = of('alert')
  const warns = of('warn')
  const ok = of('ok').length
  const unclearOnes = of('unclear')
  const na = of('n/a').length
  const counts = { ok, warn: warns.length, alert: alerts.length, unclear: unclearOnes.length, na }
  const evidenceOf = (xs: Indicator[]) => xs.map((i) => `${i.name}: ${i.reason}`)

  if (alerts.length === 0 && warns.length === 0) {
    if (ok === 0 && unclearOnes.length === 0)
      return { ...counts, verdict: 'n/a', evidence: [], sentence: 'Nothing to read yet: no indicator has data.' }
    if (ok === 0) {
      return {
        ...counts,
        verdict: 'unclear',
        evidence: evidenceOf(unclearOnes),
        sentence: `Not enough to tell yet: ${list(unclearOnes.map((i) => lowerFirst(i.name)))} ${unclearOnes.length === 1 ? 'has' : 'have'} too little evidence.`,
      }
    }
    const [subject, verb] = ok === 1 ? ['the one indicator', 'is'] : [`all ${ok} indicators`, 'are']
    const rest = [
      ...(unclearOnes.length ? [`${unclearOnes.length} ${unclearOnes.length === 1 ? 'has' : 'have'} too little evidence to tell`] : []),
      ...(na ? [`${na} ${na === 1 ? 'has' : 'have'} nothing to compute yet`] : []),
    ]
    const sentence =
      rest.length === 0
        ? `No alerts or warnings: ${subject} ${verb} ok.`
        : `No alerts or warnings: ${subject} with enough evidence ${verb} ok, and ${list(rest)}.`
    return { ...counts, verdict: 'ok', evidence: [], sentence }
  }

  const heading = [alerts.length > 0 ? count(alerts.length, 'alert') : '', warns.length > 0 ? count(warns.length, 'warning') : '']
    .filter(Boolean)
    .join(' and ')
  const names = (xs: Indicator[]) => list(xs.map((i) => lowerFirst(i.name)))
  let look: string
  if (alerts.length > 0 && warns.length > 0) look = `look first at ${names(alerts)}, then at ${names(warns)}`
  else look = `look at ${names(alerts.length > 0 ? alerts : warns)}`
  // A conformity-shift alert means ratings moved toward the group or one member, mostly without reasons.
  const collusion = indicators.some((i) => i.key === 'conformity-shift' && i.status === 'alert')
  const reading = collusion
    ? `Ratings moved toward the group or one member without reasons, and no challenge changed that; ${look}`
    : capitalise(look)
  const deciding = alerts.length > 0 ? alerts : warns
  const driven = `The ${alerts.length > 0 ? 'alert' : 'warning'} rests on: ${deciding.map((i) => `${lowerFirst(i.name)} (${i.reason})`).join('; ')}.`
  return {
    ...counts,
    verdict: alerts.length > 0 ? 'alert' : 'warn',
    evidence: evidenceOf(deciding),
    sentence: `${heading}: ${reading}. ${driven}`,
  }
}

/** "One member made 38% … (warn at 35% or more)." — this cycle's reason, as every surface writes it beside the status. */
export function reasonText(indicator: Pick<Indicator, 'reason'>): string {
  return `${capitalise(indicator.reason)}.`
}

const bare = (text: string) =>
  text
    .trim()
    .replace(/[.?!]$/, '')
    .toLowerCase()

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
