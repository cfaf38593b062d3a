import { Link } from '@remix-run/react'
import { formatDate } from '~/utils/format'

type TimelineCycle = {
  id: string
  number: number
  focus: string | null
  startedAt: string
  endedAt: string | null
  records: number
  phases: { id: string; name: string; kind: string; status: string; startedAt: string | null; endedAt: string | null }[]
}

const STATUS_TEXT: Record<string, string> = { done: 'done', current: 'current', upcoming: 'to come', skipped: 'skipped' }

/** The inquiry's cycles in order, each with its phases and their state, as a readable list. */
export function Timeline({ cycles, inquiryId }: { cycles: TimelineCycle[]; inquiryId: string }) {
  return (
    <ol className="timeline" aria-label="Cycles of the inquiry">
      {cycles.map((cycle) => (
        <li key={cycle.id}>
          <h3>
            Cycle {cycle.number}{' '}
            <span className="muted">
              ({formatDate(cycle.startedAt)}–{cycle.endedAt ? formatDate(cycle.endedAt) : 'now'}; {cycle.records}{' '}
              {cycle.records === 1 ? 'record' : 'records'})
            </span>
          </h3>
          <p>{cycle.focus ? <>Focus: {cycle.focus}</> : <span className="muted">No focus agreed yet.</span>}</p>
          <p>
            <Link to={`/inquiries/${inquiryId}/cycles/${cycle.number}/validity`}>Validity review of cycle {cycle.number}</Link>
          </p>
          <ol className="phases">
            {cycle.phases.map((phase) => (
              <li key={phase.id} className={phase.status} aria-current={phase.status === 'current' ? 'step' : undefined}>
                {phase.name} <span className="muted">— {STATUS_TEXT[phase.status] ?? phase.status}</span>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  )
}
