import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Choice, Field, FormError, useFormFailure } from '~/components/form'
import { formatDateTime } from '~/utils/format'
import { HAZARD_LABELS, RESOLUTION_LABELS, ResolveChallengeSchema } from '~/features/challenges/challenges.schema'
import { getChallenge, resolveChallenge } from '~/features/challenges/challenges.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Challenge — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const challengeId = requireParam(params, 'challengeId')
  return runLoader(async () => json({ inquiryId, challenge: await getChallenge(getDb(), user, inquiryId, challengeId) }))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const challengeId = requireParam(params, 'challengeId')
  return runAction(request, async (form) => {
    await resolveChallenge(getDb(), user, inquiryId, challengeId, parseWith(ResolveChallengeSchema, form.values))
    return redirect(`/inquiries/${inquiryId}/challenges/${challengeId}`)
  })
}

export default function ChallengePage() {
  const { inquiryId, challenge: c } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const settled = c.resolution === 'revised' || c.resolution === 'answered'
  const options = (c.isMine ? (['revised', 'answered', 'left_open'] as const) : (['answered'] as const)).map((r) => ({
    value: r,
    label: RESOLUTION_LABELS[r],
  }))
  return (
    <article>
      <p>
        <Link to={`/inquiries/${inquiryId}/challenges`}>← All challenges</Link>
      </p>
      <h1>Challenge: {HAZARD_LABELS[c.hazard].label}</h1>
      <p className="record-meta">
        Raised by {c.raisedByName} on {formatDateTime(c.createdAt)}, cycle {c.cycleNumber}, on{' '}
        {c.target.path ? <Link to={c.target.path}>{c.target.label}</Link> : c.target.label}
      </p>
      <div className="card record-text">{c.text}</div>
      <h2>Resolution</h2>
      {c.resolution ? (
        <p>
          <strong>{RESOLUTION_LABELS[c.resolution]}</strong>
          {c.resolvedByName ? ` (${c.resolvedByName}, ${formatDateTime(c.resolvedAt)})` : ''}
          {c.resolutionText ? `: ${c.resolutionText}` : ''}
        </p>
      ) : (
        <p>Not yet resolved.</p>
      )}
      <FormError message={formError} />
      {!settled ? (
        <Form method="post" noValidate className="card">
          <Choice
            name="resolution"
            legend={c.isMine ? 'Resolve your challenge' : 'Answer this challenge'}
            options={options}
            defaultValue={values.resolution ?? (c.isMine ? undefined : 'answered')}
            error={errors.resolution}
          />
          <Field
            name="resolutionText"
            label="What changed, or the answer"
            multiline
            rows={4}
            defaultValue={values.resolutionText}
            error={errors.resolutionText}
          />
          <button type="submit">Save</button>
        </Form>
      ) : null}
    </article>
  )
}
