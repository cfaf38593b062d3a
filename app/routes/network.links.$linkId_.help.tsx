import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, useFormFailure } from '~/components/form'
import { AnswerHelpSchema } from '~/features/conflicts/conflicts.schema'
import { answerHelp, getLinkHelpPage } from '~/features/conflicts/help.server'
import { getDb } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// Help asked over a link (issue 18 item 6), for the members of the two linked groups only. The
// group asked reads the summary the asking group decided to send, and answers once; the record
// of the concern itself never leaves the asking group.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Help asked between ${data.ours.name} and ${data.theirs.name} — Co-operative inquiry` : 'Help — Co-operative inquiry' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const linkId = requireParam(params, 'linkId')
  return runLoader(async () => json(await getLinkHelpPage(getDb(), user, linkId), { headers: { 'Cache-Control': 'private, no-store' } }))
}

const IntentSchema = z.object({ intent: z.enum(['answer'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const linkId = requireParam(params, 'linkId')
  return runAction(request, async (form) => {
    parseWith(IntentSchema, form.values)
    await answerHelp(getDb(), user, linkId, parseWith(AnswerHelpSchema, form.values))
    return redirect(`/network/links/${linkId}/help`)
  })
}

export default function LinkHelp() {
  const data = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  return (
    <article>
      <p className="muted">
        <Link to={`/network/links/${data.link.id}`}>
          The link between {data.ours.name} and {data.theirs.name}
        </Link>
      </p>
      <h1>
        Help asked between {data.ours.name} and {data.theirs.name}
      </h1>
      <p className="hint">
        A group asks its link group to help with a concern by its own decision, and sends a summary it writes. The link group reads that
        summary only, never the group’s record of the concern.
      </p>
      <FormError message={formError} />

      <section aria-labelledby="to-us-heading">
        <h2 id="to-us-heading">Asked of {data.ours.name}</h2>
        {data.toUs.length === 0 ? <p>{data.theirs.name} has not asked for help.</p> : null}
        {data.toUs.map((r) => (
          <div key={r.id} className="card">
            <p className="muted">
              Asked by {data.theirs.name} on {formatDate(r.askedAt)}:
            </p>
            <p className="record-text">{r.summary}</p>
            {r.answer ? (
              <p>
                {data.ours.name}’s answer ({r.answeredByName}, {formatDate(r.answeredAt)}): {r.answer}
              </p>
            ) : data.link.status === 'active' ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="answer" />
                <input type="hidden" name="requestId" value={r.id} />
                <Field
                  name="answer"
                  idPrefix={`answer-${r.id}`}
                  label={`Answer for ${data.ours.name}`}
                  multiline
                  rows={4}
                  defaultValue={values.requestId === r.id ? values.answer : ''}
                  error={values.requestId === r.id ? errors.answer : undefined}
                />
                <button type="submit" className="secondary">
                  Send the answer
                </button>
              </Form>
            ) : (
              <p className="muted">Not answered; the link has ended.</p>
            )}
          </div>
        ))}
      </section>

      <section aria-labelledby="from-us-heading">
        <h2 id="from-us-heading">Asked by {data.ours.name}</h2>
        {data.fromUs.length === 0 ? (
          <p>
            {data.ours.name} has not asked {data.theirs.name} for help.
          </p>
        ) : null}
        {data.fromUs.map((r) => (
          <div key={r.id} className="card">
            <p className="muted">
              Asked on {formatDate(r.askedAt)} (<Link to={`/groups/${data.ours.id}/conflicts/${r.conflictId}`}>the concern</Link>), with
              this summary:
            </p>
            <p className="record-text">{r.summary}</p>
            <p>
              {r.answer ? `${data.theirs.name}’s answer (${r.answeredByName}, ${formatDate(r.answeredAt)}): ${r.answer}` : 'No answer yet.'}
            </p>
          </div>
        ))}
      </section>
    </article>
  )
}
