import { formatDate } from '~/utils/format'
import type { JudgementSpread, JudgementStatus } from '../core/judgements'
import { JUDGEMENT_LABELS, JUDGEMENTS } from '../validity.schema'

// Everyone's own judgement of one validity procedure (issue 16 item 3): the spread as a small
// table (how many judged it each way, out of the group's members), then what each member said,
// by name: judgements are not anonymous. Rendered on the server; no JavaScript needed.

type ShownJudgement = {
  status: JudgementStatus
  note: string
  by: string
  updatedAt: string
  mine: boolean
  currentMember: boolean
}

export function ProcedureJudgements(props: {
  procedureName: string
  spread: JudgementSpread
  judgements: readonly ShownJudgement[]
  memberCount: number
}) {
  const { procedureName, spread, judgements, memberCount } = props
  if (judgements.length === 0) return <p className="muted">Not judged yet.</p>
  return (
    <>
      <table>
        <caption className="muted">
          How members judged {procedureName}: {spread.judged} of {memberCount} {memberCount === 1 ? 'member' : 'members'} so far
        </caption>
        <thead>
          <tr>
            <th scope="col">Judgement</th>
            <th scope="col">Members</th>
          </tr>
        </thead>
        <tbody>
          {JUDGEMENTS.map((j) => (
            <tr key={j}>
              <th scope="row">{JUDGEMENT_LABELS[j]}</th>
              <td>{spread[j]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="stack" aria-label={`What each member said of ${procedureName}`}>
        {judgements.map((j, i) => (
          <li key={i}>
            <strong>{j.mine ? `${j.by} (you)` : j.by}</strong>
            {j.currentMember ? '' : ' (no longer a member)'}: {JUDGEMENT_LABELS[j.status]}
            {j.note ? ` — ${j.note}` : ''} <span className="muted">({formatDate(j.updatedAt)})</span>
          </li>
        ))}
      </ul>
    </>
  )
}
