import { Link } from '@remix-run/react'
import { HAZARD_LABELS, RESOLUTION_LABELS } from '../challenges.schema'

type ChallengeItem = {
  id: string
  hazard: keyof typeof HAZARD_LABELS
  text: string
  raisedByName: string
  resolution: keyof typeof RESOLUTION_LABELS | null
  resolutionText: string | null
}

/** Challenges shown on their target (a theme, record or decision), with a way to raise one. */
export function TargetChallenges({ inquiryId, target, challenges }: { inquiryId: string; target: string; challenges: ChallengeItem[] }) {
  return (
    <section aria-labelledby="target-challenges-heading">
      <h2 id="target-challenges-heading">Challenges ({challenges.length})</h2>
      {challenges.length === 0 ? (
        <p className="muted">No one has challenged this.</p>
      ) : (
        <ul>
          {challenges.map((c) => (
            <li key={c.id}>
              <Link to={`/inquiries/${inquiryId}/challenges/${c.id}`}>{HAZARD_LABELS[c.hazard].label}</Link> ({c.raisedByName}): {c.text}
              {' — '}
              {c.resolution ? `${RESOLUTION_LABELS[c.resolution]}${c.resolutionText ? `: ${c.resolutionText}` : ''}` : 'not yet resolved'}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/inquiries/${inquiryId}/challenges?target=${encodeURIComponent(target)}`}>Challenge this (devil’s advocate)</Link>
      </p>
    </section>
  )
}
