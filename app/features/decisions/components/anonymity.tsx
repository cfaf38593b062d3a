import { STANCE_LABELS } from '../decisions.schema'

type StanceValue = keyof typeof STANCE_LABELS

/** What anonymity hides and what it does not: said wherever a group chooses it or uses it. */
export function AnonymityLimits({ warning }: { warning?: string | null }) {
  return (
    <div className="anonymity-limits">
      <p>
        <strong>It hides</strong> who took which stance, who gave which reason, when each stance was taken and in what order, and who has or
        has not taken one yet: while the proposal is open everyone sees only how many have. The tally and the reasons show when it closes,
        with no names and no times, listed by stance and then alphabetically, not in the order given. Each stance is final: changing it
        would show which earlier one was yours.
      </p>
      <p>
        <strong>It does not hide</strong> who has taken a stance once the count says everyone has; everyone’s stance when the tally is
        unanimous; that the count went up, to anyone watching it at that moment; your own way of putting a reason, which others may
        recognise; what anyone says about it in the room; or when the proposal closed. Placeholder seats are not counted as members here. In
        a group of two it hides nothing: each of you can tell the other’s stance from your own and the tally. So it needs at least three
        members who can take a stance.
      </p>
      {warning ? (
        <p className="notice" role="note">
          {warning}
        </p>
      ) : null}
    </div>
  )
}

/** A closed anonymous decision's tally and reasons: counts per stance, reasons in canonical order. */
export function AnonymousTally(props: { tally: Record<StanceValue, number>; reasons: { stance: StanceValue; reason: string }[] }) {
  const order: StanceValue[] = ['agree', 'abstain', 'disagree', 'block']
  return (
    <div className="card" data-testid="anonymous-stances">
      <table>
        <caption className="muted">Anonymous stances, counted when the decision closed</caption>
        <thead>
          <tr>
            {order.map((s) => (
              <th scope="col" key={s}>
                {STANCE_LABELS[s]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {order.map((s) => (
              <td key={s}>{props.tally[s]}</td>
            ))}
          </tr>
        </tbody>
      </table>
      {props.reasons.length ? (
        <>
          <p className="muted">Reasons, by stance and then alphabetically (not in the order given):</p>
          <ul>
            {props.reasons.map((r, i) => (
              <li key={i}>
                {STANCE_LABELS[r.stance]}: {r.reason}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">No reasons were given.</p>
      )}
    </div>
  )
}
