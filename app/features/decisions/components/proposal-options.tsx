import { useFormFailure } from '~/components/form'

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

/**
 * The options every proposal form carries: its closing time, and the box that makes its stances
 * anonymous (`inquiryAnonymous` when the group has already made every stance in its inquiry anonymous).
 */
export function ProposalOptionsFields(props: {
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

function AnonymousBox(props: Parameters<typeof ProposalOptionsFields>[0]) {
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
