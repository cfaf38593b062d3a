import type { CycleDependence, DependenceStatus, PartShare } from './measure'

// The facilitation chart's rows and sentence: plain data the page and the chart share.

export type FacilitationRow = {
  cycle: number
  /** The table's row heading ("Cycle 2", or "Silence, cycle 2" across a group's inquiries). */
  label: string
  /** The x-axis tick ("2", or "S2"). */
  short: string
  facilitatedBy: string
  status: DependenceStatus
  statusText: string
  dependence: number | null
  parts: PartShare[]
}

export const STATUS_TEXT: Record<DependenceStatus, string> = {
  measured: 'measured',
  peer: 'peer facilitation',
  'no-role': 'no facilitator role',
  left: 'facilitator has left',
  'too-few': 'too few acts',
  'too-small': 'no one else to share with',
}

/** One row per cycle, names through `nameOf` (person id or member key → a name the reader may see). */
export function facilitationRows(
  series: readonly CycleDependence[],
  nameOf: (id: string) => string,
  label: (cycle: number) => { label: string; short: string } = (c) => ({ label: `Cycle ${c}`, short: String(c) }),
): FacilitationRow[] {
  return series.map((c) => ({
    cycle: c.cycle,
    ...label(c.cycle),
    facilitatedBy:
      c.status === 'peer'
        ? 'no one (peer facilitation)'
        : [...c.facilitators.map(nameOf), ...c.coFacilitators.map((id) => `${nameOf(id)} (co-facilitator)`)].join(', ') || '—',
    status: c.status,
    statusText: STATUS_TEXT[c.status],
    dependence: c.dependence,
    parts: c.parts,
  }))
}

/** The chart in one sentence: where the dependence started and where it is now. */
export function describeFacilitation(rows: readonly FacilitationRow[]): string {
  const measured = rows.filter((r) => r.dependence !== null)
  if (rows.length === 0) return 'No cycle has begun yet.'
  if (measured.length === 0)
    return 'Too little has been proposed, resolved or written in reflection to measure the facilitator’s share yet.'
  const first = measured[0]!
  const last = measured[measured.length - 1]!
  const fmt = (r: FacilitationRow) => `${r.dependence!.toFixed(2)} in ${r.label.charAt(0).toLowerCase()}${r.label.slice(1)}`
  if (measured.length === 1)
    return `The facilitator dependence is ${fmt(first)} (0: no more than an equal share of the process, 1: all of it).`
  const trend =
    last.dependence! < first.dependence! - 0.05 ? 'fell' : last.dependence! > first.dependence! + 0.05 ? 'rose' : 'stayed about level'
  return `The facilitator dependence ${trend}: from ${fmt(first)} to ${fmt(last)} (0: no more than an equal share of the process, 1: all of it).`
}
