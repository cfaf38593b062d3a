import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Choice, Field, FormError, useFormFailure } from '~/components/form'
import { formatDateTime, STATUS_LABELS } from '~/components/format'
import { STANCE_LABELS, StanceSchema } from '~/features/decisions/decisions.schema'
import { getDecisionView, takeStance, withdrawDecision } from '~/features/decisions/decisions.server'
import { TargetChallenges } from '~/features/challenges/components/challenge-list'
import { listChallenges } from '~/features/challenges/challenges.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
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

const IntentSchema = z.object({ intent: z.enum(['stance', 'withdraw'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const decisionId = requireParam(params, 'decisionId')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    if (intent === 'withdraw') await withdrawDecision(getDb(), user, decisionId)
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
  return (
    <article>
      <p><Link to={back}>← Back</Link></p>
      <h1>{decision.title}</h1>
      <p className="muted">Proposed by {decision.proposedBy} on {formatDateTime(decision.createdAt)} · <strong>{STATUS_LABELS[decision.status]}</strong></p>
      {decision.body ? <div className="card record-text">{decision.body}</div> : null}
      {decision.outcomeNote ? <p className="notice" role="status">{decision.outcomeNote}</p> : null}
      {evaluation ? <p>{evaluation.explanation} It passes when at least {evaluation.needed} of {stances.length} members have taken a stance{rule.blockVetoes ? ', no one blocks' : ''}{rule.agreeMustOutnumberDisagree ? ' and agreement outweighs disagreement' : ''}.</p> : null}
      <FormError message={formError} />

      {decision.status === 'open' && myAnonymous ? (
        <p className="notice">You took an anonymous stance on this decision. It stands as given: no one, you included, can link it to you any more.</p>
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
              options={(['agree', 'abstain', 'disagree', 'block'] as const).map((s) => ({ value: s, label: STANCE_LABELS[s], hint: STANCE_HINTS[s] }))}
            />
            <Field name="reason" label="Your reason (optional)" hint="Reasons help the group see what it is agreeing to, and why some do not." multiline rows={3} defaultValue={values.reason ?? myReason ?? ''} error={errors.reason} />
            {anonymous.allowed && !myStance ? (
              <div className="field">
                <div className="choice">
                  <input type="checkbox" id="field-anonymous" name="anonymous" defaultChecked={values.anonymous === 'on'} aria-describedby="field-anonymous-hint" aria-invalid={errors.anonymous ? true : undefined} />
                  <label htmlFor="field-anonymous">Give my disagree or block anonymously</label>
                </div>
                <span className="hint" id="field-anonymous-hint">The group sees the stance and your reason but not your name. An anonymous stance cannot be changed afterwards.</span>
                {errors.anonymous ? <p className="field-error">{errors.anonymous}</p> : null}
              </div>
            ) : null}
            <button type="submit">{myStance ? 'Change my stance' : 'Take my stance'}</button>
          </Form>
          {decision.isMine ? (
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <button type="submit" className="secondary">Withdraw this proposal</button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="stances-heading">
        <h2 id="stances-heading">Stances</h2>
        {anonymous.disagree + anonymous.block > 0 ? (
          <div className="card" data-testid="anonymous-stances">
            <p>
              Anonymous: {anonymous.disagree} {anonymous.disagree === 1 ? 'disagree' : 'disagrees'}, {anonymous.block} {anonymous.block === 1 ? 'block' : 'blocks'}.
            </p>
            {anonymous.reasons.length ? <ul>{anonymous.reasons.map((r, i) => <li key={i}>{STANCE_LABELS[r.stance]}: {r.reason}</li>)}</ul> : null}
          </div>
        ) : null}
        <table>
          <thead><tr><th scope="col">Member</th><th scope="col">Stance</th><th scope="col">Reason</th><th scope="col">Earlier</th></tr></thead>
          <tbody>
            {stances.map((s) => (
              <tr key={s.personId}>
                <td>{s.displayName}</td>
                <td>{s.stance ? STANCE_LABELS[s.stance] : <span className="muted">{anonymous.allowed ? 'no named stance' : decision.status === 'open' ? 'not yet' : 'no stance'}</span>}</td>
                <td className="record-text">{s.reason ?? ''}</td>
                <td>{s.earlier.length ? s.earlier.map((e) => `${STANCE_LABELS[e.stance]}${e.reason ? ` (“${e.reason}”)` : ''}`).join('; ') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {decision.inquiryId ? <TargetChallenges inquiryId={decision.inquiryId} target={`decision:${decision.id}`} challenges={challenges} /> : null}
    </article>
  )
}
