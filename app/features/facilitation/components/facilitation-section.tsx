import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { FacilitationRow } from '../core/rows'
import { FacilitationChart } from './facilitation-chart'

/** "Facilitation over the cycles" on an inquiry's analysis page: the handover plan, the chart and table, and the indicator's verdict. */
export function FacilitationSection({
  inquiryId,
  facilitation,
  verdict,
  cycleNumber,
}: {
  inquiryId: string
  facilitation: { rows: FacilitationRow[]; sentence: string; plan: string }
  /** The authentic-collaboration indicator's verdict, rendered by the page (validity's component). */
  verdict: ReactNode
  cycleNumber: number | null
}) {
  return (
    <section aria-labelledby="facilitation-heading" className="facilitation" id="facilitation">
      <h2 id="facilitation-heading">Facilitation over the cycles</h2>
      <p>
        How much of the process runs through the facilitator: their share of the decisions proposed, of the moves on, of the challenges
        resolved and of the words written in reflection phases, each measured beyond an equal share. A facilitator’s part is meant to shrink
        as the group grows autonomous.
      </p>
      <p data-testid="facilitation-plan">
        <strong>Our handover plan:</strong> {facilitation.plan}{' '}
        <Link to={`/inquiries/${inquiryId}/template#handover-heading`}>Propose another plan</Link>.
      </p>
      {verdict && cycleNumber ? (
        <p className="indicator-verdicts" data-indicator="authentic-collaboration">
          Cycle {cycleNumber}: {verdict}
        </p>
      ) : null}
      <FacilitationChart rows={facilitation.rows} sentence={facilitation.sentence} />
    </section>
  )
}
