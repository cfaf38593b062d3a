import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmAction, useConfirmationPage, type AskFor } from '~/components/confirm-action'
import { Field, FormError, useFormFailure } from '~/components/form'
import { formatDate, formatDateTime } from '~/utils/format'
import { InvolvementChart } from '~/features/peer-review/components/involvement-chart'
import { CadenceSchema, OUTCOME_LABELS, PrinciplesSchema } from '~/features/peer-review/peer-review.schema'
import { getPairPage, giveConsent, proposePrinciples, setCadence, withdrawConsent } from '~/features/peer-review/pairs.server'
import { openPeerReview } from '~/features/peer-review/peer-reviews.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { onceConfirmed } from '~/utils/confirm.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Our work together — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => json(await getPairPage(getDb(), user, groupId)))
}

const IntentSchema = z.object({
  intent: z.enum(['consent', 'withdraw', 'principles', 'cadence', 'open-review'], { message: 'Unknown action.' }),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  const here = `/groups/${groupId}/pair`
  return runAction(request, async (form) => {
    const db = getDb()
    const { intent } = parseWith(IntentSchema, form.values)
    switch (intent) {
      case 'consent':
        await giveConsent(db, user, groupId)
        return redirect(here)
      case 'withdraw':
        return onceConfirmed(form, async () => {
          await withdrawConsent(db, user, groupId)
          return redirect(here)
        })
      case 'cadence':
        await setCadence(db, user, groupId, parseWith(CadenceSchema, form.values))
        return redirect(here)
      case 'principles':
        return redirect(`/decisions/${await proposePrinciples(db, user, groupId, parseWith(PrinciplesSchema, form.values))}`)
      case 'open-review':
        return redirect(`/groups/${groupId}/reviews/${await openPeerReview(db, user, groupId)}`)
    }
  })
}

export default function PairPage() {
  const page = useLoaderData<typeof loader>()
  const {
    group,
    role,
    client,
    practitioner,
    principles,
    versions,
    consent,
    settings,
    reviews,
    openPeerReviewId,
    openAmendmentId,
    involvement,
  } = page
  const { errors, values, formError } = useFormFailure()
  const base = `/groups/${group.id}`
  const askWithdraw: AskFor = () =>
    role === 'client' && consent.current
      ? {
          title: 'Withdraw your consent?',
          message: `Your consent to version ${principles.version} of the principles ends now, and the work pauses: no peer review or new inquiry can start until you consent again.`,
          verb: 'withdraw my consent',
          undo: 'You can undo this by consenting again, at any time.',
        }
      : undefined
  const confirming = useConfirmationPage({ withdraw: askWithdraw }, `${base}/pair`)
  if (confirming) return confirming
  return (
    <article>
      <p>
        <Link to={base}>← {group.name}</Link>
      </p>
      <h1>Our work together</h1>
      <p className="muted">
        {client ? `${client.name} (client)` : 'No client yet'} and{' '}
        {practitioner ? `${practitioner.name} (practitioner)` : 'no practitioner yet'}. You are the {role}.
      </p>
      {settings.status === 'ended' ? (
        <p className="warning" role="status">
          The work has ended. {settings.statusNote}
        </p>
      ) : null}
      {settings.status === 'paused' ? (
        <p className="notice" role="status">
          The work is paused, as agreed at a review.
        </p>
      ) : null}
      {!consent.current ? (
        <p className="warning" role="status">
          {consent.reason}
        </p>
      ) : null}
      <FormError message={formError} />

      <section aria-labelledby="principles-heading">
        <h2 id="principles-heading">The principles of our work (version {principles.version})</h2>
        <ol className="card">
          {principles.items.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ol>
        {consent.current && consent.consent ? (
          <p>
            The client consented to version {consent.consent.principlesVersion} on {formatDateTime(consent.consent.consentedAt)}.
          </p>
        ) : null}
        {role === 'client' ? (
          consent.current ? (
            <>
              <p>You can withdraw your consent at any time; the work then pauses until you consent again.</p>
              <ConfirmAction intent="withdraw" label="Withdraw my consent" buttonClassName="danger" ask={askWithdraw} />
            </>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="consent" />
              <p>Read the principles above. Consenting means you agree to work on these terms; you can withdraw at any time.</p>
              <button type="submit">I consent to these principles</button>
            </Form>
          )
        ) : null}
        <details>
          <summary>Propose amending the principles</summary>
          {openAmendmentId ? (
            <p>
              A proposal is open: <Link to={`/decisions/${openAmendmentId}`}>take a stance</Link>.
            </p>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="principles" />
              <Field
                name="principles"
                label="The principles, one per line"
                multiline
                rows={8}
                defaultValue={values.principles ?? principles.items.join('\n')}
                error={errors.principles}
              />
              <Field name="summary" label="What changes, and why" multiline rows={2} defaultValue={values.summary} error={errors.summary} />
              <p className="muted">An amendment needs both of you to agree, and then the client’s fresh consent before the next review.</p>
              <button type="submit" className="secondary">
                Propose
              </button>
            </Form>
          )}
        </details>
        {versions.length > 1 ? (
          <details>
            <summary>Earlier versions</summary>
            <ul>
              {versions.map((v) => (
                <li key={v.version}>
                  Version {v.version}, {formatDate(v.createdAt)}: {v.summary}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Peer reviews</h2>
        <p>
          Every {settings.cadenceDays} days.{' '}
          {settings.nextReviewOn ? (
            <>
              Next review: <strong>{formatDate(settings.nextReviewOn)}</strong>.
            </>
          ) : (
            'No date set for the next review.'
          )}
        </p>
        {openPeerReviewId ? (
          <p>
            <Link className="button" to={`${base}/reviews/${openPeerReviewId}`}>
              Go to the open review
            </Link>
          </p>
        ) : settings.status === 'ended' ? null : !client || !practitioner ? (
          // Opening would be refused (409): say why, and when it becomes possible.
          <p>
            A review can be opened once the pair has both a client and a practitioner: the one who is missing joins by an invitation link
            from the pair’s <Link to={`${base}/members`}>members and invitations</Link> page.
          </p>
        ) : !consent.current ? (
          <p>A review can be opened once the client has consented to version {principles.version} of the principles above.</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="open-review" />
            <button type="submit">Open a peer review now</button>
          </Form>
        )}
        {reviews.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Review</th>
                <th scope="col">Opened</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`${base}/reviews/${r.id}`}>Review {r.number}</Link>
                  </td>
                  <td>{formatDate(r.openedAt)}</td>
                  <td>{r.outcome ? OUTCOME_LABELS[r.outcome] : 'open'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No reviews yet.</p>
        )}
        <details>
          <summary>Change how often we review</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="cadence" />
            <Field
              name="cadenceDays"
              type="number"
              label="Every how many days"
              min={1}
              max={365}
              defaultValue={values.cadenceDays ?? String(settings.cadenceDays)}
              error={errors.cadenceDays}
            />
            <Field
              name="nextReviewOn"
              type="date"
              label="Next review on (optional)"
              defaultValue={values.nextReviewOn ?? settings.nextReviewOn ?? ''}
              error={errors.nextReviewOn}
            />
            <button type="submit" className="secondary">
              Save
            </button>
          </Form>
        </details>
      </section>

      <section aria-labelledby="involvement-heading">
        <h2 id="involvement-heading">Involvement over time</h2>
        <InvolvementChart involvement={involvement} />
      </section>
    </article>
  )
}
