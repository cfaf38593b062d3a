import { useFormFailure } from '~/components/form'
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

/**
 * The proposal form's closing time: a date and time in the proposer's time zone, within the
 * limits of the group's rule (said in `closing`); left empty, the rule's default. The error
 * and the kept input come from the form's own failed submission.
 */
function ClosingTimeField(props: { idPrefix?: string; closing?: string }) {
  const { errors, values } = useFormFailure()
  const id = `${props.idPrefix ?? 'field'}-closesAt`
  const error = errors.closesAt
  return (
    <div className="field">
      <label htmlFor={id}>Closes at (optional)</label>
      <span className="hint" id={`${id}-hint`}>
        The proposal stays open until every member has taken a stance, or until this time, whichever comes first.{' '}
        {props.closing ?? 'Left empty, it closes three days from now.'}
      </span>
      <input
        type="datetime-local"
        id={id}
        name="closesAt"
        defaultValue={values.closesAt ?? ''}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** The box on a proposal form; `inquiryAnonymous` when the group has already made every stance in its inquiry anonymous. */
export function AnonymousProposalField(props: {
  idPrefix?: string
  error?: string
  defaultChecked?: boolean
  /** From `proposalAnonymity`: whether the inquiry is already anonymous, and whether the group is large enough to choose it. */
  anonymity?: { inquiryAnonymous: boolean; possible: boolean; voters?: number; warning?: string | null; closing?: string }
}) {
  return (
    <>
      <ClosingTimeField idPrefix={props.idPrefix} closing={props.anonymity?.closing} />
      <AnonymousBox {...props} />
    </>
  )
}

function AnonymousBox(props: Parameters<typeof AnonymousProposalField>[0]) {
  const id = `${props.idPrefix ?? 'field'}-anonymousStances`
  if (props.anonymity?.inquiryAnonymous) {
    return <p className="muted">Stances on this inquiry’s proposals are anonymous: the group decided so.</p>
  }
  if (props.anonymity && !props.anonymity.possible && !props.error) {
    // Not offered where it would be refused; said why, and when it becomes possible.
    const voters = props.anonymity.voters
    return (
      <p className="muted">
        Stances on this proposal are given by name. Anonymity needs at least three members who can take a stance
        {voters === undefined ? '' : voters === 1 ? ' (here there is one)' : ` (here there are ${voters})`}: in a group of two it hides
        nothing.
      </p>
    )
  }
  return (
    <div className="field">
      <div className="choice">
        <input
          type="checkbox"
          id={id}
          name="anonymousStances"
          defaultChecked={props.defaultChecked}
          aria-describedby={`${id}-hint${props.error ? ` ${id}-error` : ''}`}
          aria-invalid={props.error ? true : undefined}
        />
        <label htmlFor={id}>Stances on this proposal are anonymous</label>
      </div>
      <span className="hint" id={`${id}-hint`}>
        Every stance, agree included, is then taken without a name and is final; members see only how many have taken one, and the tally and
        reasons when it closes. It does not hide everyone’s stance when the tally is unanimous, or who has taken one once everyone has; the
        decision’s page says what else it does not hide. In a group of two it would hide nothing, so it needs at least three members who can
        take a stance.
        {props.anonymity?.warning ? ` ${props.anonymity.warning}` : ''}
      </span>
      {props.error ? (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
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
