import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmAction, useConfirmationPage, type AskFor } from '~/components/confirm-action'
import { Choice, Field, FormError, useFormFailure } from '~/components/form'
import { earlierStances, formatDateTime, STATUS_LABELS } from '~/utils/format'
import { STANCE_LABELS, StanceSchema } from '~/features/decisions/decisions.schema'
import { AnonymityLimits, AnonymousTally } from '~/features/decisions/components/anonymity'
import { getDecisionView, withdrawDecision } from '~/features/decisions/decisions.server'
import { countAnonymousStances, stancesAreAnonymous, takeStance } from '~/features/decisions/stances.server'
import { TargetChallenges } from '~/features/challenges/components/challenge-list'
import { listChallenges } from '~/features/challenges/challenges.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { onceConfirmed } from '~/utils/confirm.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.decision.title ?? 'Decision'} — Co-operative inquiry` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const decisionId = requireParam(params, 'decisionId')
  return runLoader(async () => {
    const view = await getDecisionView(getDb(), user, decisionId)
    const challenges = view.decision.inquiryId
      ? await listChallenges(getDb(), user, view.decision.inquiryId, { target: { kind: 'decision', id: decisionId } })
      : []
    return json({ ...view, challenges })
  })
}

const IntentSchema = z.object({ intent: z.enum(['stance', 'count', 'withdraw'], { message: 'Unknown action.' }) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const decisionId = requireParam(params, 'decisionId')
  // A stance on an anonymous decision leaves no line in the request log: its time would date it.
  if (await stancesAreAnonymous(getDb(), decisionId)) context.leaveNoLogLine?.()
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    if (intent === 'withdraw') {
      return onceConfirmed(form, async () => {
        await withdrawDecision(getDb(), user, decisionId)
        return redirect(`/decisions/${decisionId}`)
      })
    }
    if (intent === 'count') await countAnonymousStances(getDb(), user, decisionId)
    else await takeStance(getDb(), user, decisionId, parseWith(StanceSchema, form.values))
    return redirect(`/decisions/${decisionId}`)
  })
}

const STANCE_HINTS = {
  agree: 'I support this',
  abstain: 'I stand aside, and do not stop it',
  disagree: 'I am against it, but will not stop it',
  block: 'I cannot live with this: it must not go ahead as it is',
} as const

export default function DecisionPage() {
  const { decision, evaluation, stances, myStance, myReason, rule, anonymous, myAnonymous, challenges } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const back = decision.inquiryId ? `/inquiries/${decision.inquiryId}` : `/groups/${decision.groupId}`
  const askWithdraw: AskFor = () =>
    decision.isMine && decision.status === 'open'
      ? {
          title: `Withdraw “${decision.title}”?`,
          message:
            'The proposal closes as withdrawn: it can no longer pass or take effect, and no one can take a stance on it any more. The stances already taken stay on the record.',
          verb: 'withdraw it',
          undo: 'To bring it back, propose it again: the group then decides afresh.',
        }
      : undefined
  const confirming = useConfirmationPage({ withdraw: askWithdraw }, `/decisions/${decision.id}`)
  if (confirming) return confirming
  return (
    <article>
      <p>
        <Link to={back}>← Back</Link>
      </p>
      <h1>{decision.title}</h1>
      <p className="muted">
        Proposed by {decision.proposedBy} on {formatDateTime(decision.createdAt)} · <strong>{STATUS_LABELS[decision.status]}</strong>
      </p>
      {decision.status === 'open' && decision.closesAtText ? (
        <p>
          It stays open until every member has taken a stance, or until it closes on <strong>{decision.closesAtText}</strong>, whichever
          comes first; then it is counted.
        </p>
      ) : null}
      {decision.body ? <div className="card record-text">{decision.body}</div> : null}
      {decision.outcomeNote ? (
        <p className="notice" role="status">
          {decision.outcomeNote}
        </p>
      ) : null}
      {evaluation ? (
        <p>
          {evaluation.explanation} When it is counted it passes if at least {evaluation.needed} of {anonymous.voters} members have taken a
          stance
          {rule.blockVetoes ? ', no one blocks' : ''}
          {rule.agreeMustOutnumberDisagree ? ' and agreement outweighs disagreement' : ''}.
        </p>
      ) : null}
      {anonymous.on ? (
        <section aria-labelledby="anonymity-heading" className="card">
          <h2 id="anonymity-heading">Stances on this proposal are anonymous</h2>
          {decision.status === 'open' ? (
            <p data-testid="anonymous-progress">
              {anonymous.given} of {anonymous.voters} members have taken a stance. It is counted when everyone has, or when a member asks
              for the count once {anonymous.needed} have; it then passes if {rule.blockVetoes ? 'no one blocks' : 'the count allows'}
              {rule.agreeMustOutnumberDisagree ? ' and agreement outweighs disagreement' : ''}.
            </p>
          ) : null}
          <AnonymityLimits warning={anonymous.warning} />
        </section>
      ) : null}
      <FormError message={formError} />

      {decision.status === 'open' && myAnonymous ? (
        <p className="notice">
          You have taken your stance on this decision anonymously. It stands as given: no one, you included, can link it to you any more.
        </p>
      ) : null}
      {decision.status === 'open' && !myAnonymous ? (
        <section aria-labelledby="stance-heading">
          <h2 id="stance-heading">{myStance ? 'Change your stance' : 'Your stance'}</h2>
          <Form method="post" noValidate className="card">
            <input type="hidden" name="intent" value="stance" />
            <Choice
              name="stance"
              legend="Where do you stand?"
              defaultValue={values.stance ?? myStance ?? undefined}
              error={errors.stance}
              options={(['agree', 'abstain', 'disagree', 'block'] as const).map((s) => ({
                value: s,
                label: STANCE_LABELS[s],
                hint: STANCE_HINTS[s],
              }))}
            />
            <Field
              name="reason"
              label={myStance ? 'Your reason (needed to change your stance)' : 'Your reason (optional)'}
              hint={
                anonymous.on
                  ? 'It is shown with the tally when the decision closes, without your name. Others may still recognise how you put things.'
                  : 'Reasons help the group see what it is agreeing to, and why some do not.'
              }
              multiline
              rows={3}
              defaultValue={values.reason ?? myReason ?? ''}
              error={errors.reason ?? errors.anonymous}
            />
            <button type="submit">{anonymous.on ? 'Take my stance anonymously' : myStance ? 'Change my stance' : 'Take my stance'}</button>
            {anonymous.on ? <p className="hint">An anonymous stance is final: it cannot be changed afterwards.</p> : null}
          </Form>
        </section>
      ) : null}
      {decision.status === 'open' && (anonymous.canCount || decision.isMine) ? (
        <div className="actions">
          {anonymous.canCount ? (
            <Form method="post">
              <input type="hidden" name="intent" value="count" />
              <button type="submit" className="secondary">
                Count the stances now
              </button>
              <span className="hint"> Those who have not taken a stance can then no longer take one.</span>
            </Form>
          ) : null}
          {decision.isMine ? (
            <ConfirmAction intent="withdraw" label="Withdraw this proposal" buttonClassName="secondary" ask={askWithdraw} />
          ) : null}
        </div>
      ) : null}

      <section aria-labelledby="stances-heading">
        <h2 id="stances-heading">Stances</h2>
        {anonymous.tally ? <AnonymousTally tally={anonymous.tally} reasons={anonymous.reasons} /> : null}
        {anonymous.on ? (
          decision.status === 'open' ? (
            <p>The tally and the reasons show when the decision closes.</p>
          ) : anonymous.tally ? null : (
            <p>No one took a stance.</p>
          )
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Stance</th>
                <th scope="col">Reason</th>
                <th scope="col">Earlier</th>
              </tr>
            </thead>
            <tbody>
              {stances.map((s) => (
                <tr key={s.personId}>
                  <td>{s.displayName}</td>
                  <td>
                    {s.stance ? (
                      STANCE_LABELS[s.stance]
                    ) : (
                      <span className="muted">{decision.status === 'open' ? 'not yet' : 'no stance'}</span>
                    )}
                  </td>
                  <td className="record-text">{s.reason ?? ''}</td>
                  <td>{earlierStances(s.earlier, s.reason, STANCE_LABELS)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {decision.inquiryId ? (
        <TargetChallenges inquiryId={decision.inquiryId} target={`decision:${decision.id}`} challenges={challenges} />
      ) : null}
    </article>
  )
}
