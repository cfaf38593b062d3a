import { Link } from '@remix-run/react'

type Props = {
  inquiry: { id: string; title: string }
  current: { cycleNumber: number; phaseName: string; kind: 'reflection' | 'action'; role: string; prompts: string[] } | null
}

/** The strip every inquiry sub-page carries: where the inquiry is now and what the phase asks. */
export function InquiryHeader({ inquiry, current }: Props) {
  return (
    <header>
      <p>
        <Link to={`/inquiries/${inquiry.id}`}>← {inquiry.title}</Link>
      </p>
      {current ? (
        <div className={`card phase-banner ${current.kind}`}>
          <p>
            <strong>
              Now: cycle {current.cycleNumber}, {current.phaseName}
            </strong>{' '}
            <span className={`badge ${current.kind}`}>{current.kind}</span> — you are all {current.role}s.
          </p>
          <details>
            <summary>What this phase asks</summary>
            <ul>
              {current.prompts.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </details>
        </div>
      ) : (
        <p className="muted">This inquiry has concluded.</p>
      )}
    </header>
  )
}
