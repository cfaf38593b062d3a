import { INDICATOR_STATUS_TEXT } from '../core/indicators'
import { reasonText, ruleText } from '../core/summary'
export { readingOf } from '../core/summary'
import type { Indicator, IndicatorStatus } from '../core/types'

// One way to show an indicator's verdict, its reason and its rule, for every page and the HTML
// report: the words come from the core (indicators.ts), never from the page.

type Shown = Pick<Indicator, 'status' | 'reason' | 'rule'>

function statusClass(status: IndicatorStatus): string {
  return `badge status-${status === 'n/a' ? 'na' : status}`
}

export function StatusBadge({ status }: { status: IndicatorStatus }) {
  return <span className={statusClass(status)}>{INDICATOR_STATUS_TEXT[status]}</span>
}

/** The reason for this cycle's status, then the rule with its thresholds. */
export function VerdictAndRule({ indicator }: { indicator: Shown }) {
  return (
    <>
      <span className="indicator-reason">{reasonText(indicator)}</span> <span className="indicator-rule muted">{ruleText(indicator)}</span>
    </>
  )
}

/** A badge, the reason and the rule, as one line of a list. */
export function IndicatorVerdict({ indicator, name }: { indicator: Shown; name?: string }) {
  return (
    <>
      <StatusBadge status={indicator.status} /> {name ? <strong>{name}.</strong> : null} <VerdictAndRule indicator={indicator} />
    </>
  )
}
