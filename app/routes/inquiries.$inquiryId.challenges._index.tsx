import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Choice, Field, FormError, Select, useFormFailure } from '~/components/form'
import { Pager } from '~/components/pager'
import { formatDate } from '~/utils/format'
import { pageHref, rangeText, requestedPage } from '~/utils/paging'
import { HAZARD_LABELS, HAZARDS, NewChallengeSchema, RESOLUTION_LABELS } from '~/features/challenges/challenges.schema'
import { challengeTargets, listChallengesPage, raiseBlock, raiseChallenge } from '~/features/challenges/challenges.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Challenges — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const url = new URL(request.url)
  const preselected = url.searchParams.get('target') ?? 'process'
  const page = requestedPage(url.searchParams.get('page'))
  return runLoader(async () => {
    const db = getDb()
    const [{ challenges, paging }, targets, block] = await Promise.all([
      listChallengesPage(db, user, inquiryId, page),
      challengeTargets(db, user, inquiryId, preselected),
      raiseBlock(db, user, inquiryId),
    ])
    return json({
      inquiryId,
      challenges,
      paging,
      targets,
      raiseBlock: block,
      preselected: targets.some((t) => t.value === preselected) ? preselected : 'process',
    })
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    const id = await raiseChallenge(getDb(), user, inquiryId, parseWith(NewChallengeSchema, form.values))
    return redirect(`/inquiries/${inquiryId}/challenges/${id}`)
  })
}

export default function Challenges() {
  const { inquiryId, challenges, paging, targets, raiseBlock, preselected } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  return (
    <article>
      <p>
        <Link to={`/inquiries/${inquiryId}`}>← The inquiry</Link>
      </p>
      <h1>Challenges</h1>
      <p>
        Anyone can play devil’s advocate at any time: challenge a theme, a record, a decision or the group’s process, and name the hazard
        you see. Each challenge is resolved as revised, answered or left open — and stays on the record.
      </p>
      <section aria-labelledby="raise-heading">
        <h2 id="raise-heading">Raise a challenge</h2>
        <FormError message={formError} />
        {raiseBlock ? (
          <p>{raiseBlock} Challenges raised before can still be answered.</p>
        ) : (
          <Form method="post" noValidate className="card">
            <Select
              name="target"
              label="What are you challenging?"
              options={targets}
              defaultValue={values.target ?? preselected}
              error={errors.target}
            />
            <p className="muted">To challenge a record, open it and choose “Challenge this”.</p>
            <Choice
              name="hazard"
              legend="Which hazard do you see?"
              defaultValue={values.hazard}
              error={errors.hazard}
              options={HAZARDS.map((h) => ({ value: h, label: HAZARD_LABELS[h].label, hint: HAZARD_LABELS[h].hint }))}
            />
            <Field name="text" label="Your challenge" multiline rows={4} defaultValue={values.text} error={errors.text} />
            <button type="submit">Raise challenge</button>
          </Form>
        )}
      </section>
      <section aria-labelledby="all-heading">
        <h2 id="all-heading">All challenges ({paging.total.toLocaleString('en-GB')})</h2>
        {paging.pages > 1 ? <p className="muted">Newest first: {rangeText(paging)}.</p> : null}
        {challenges.length === 0 ? (
          <p>No challenges yet.</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="all-heading" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Challenge</th>
                  <th scope="col">On</th>
                  <th scope="col">By</th>
                  <th scope="col">Cycle</th>
                  <th scope="col">Resolution</th>
                </tr>
              </thead>
              <tbody>
                {challenges.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/inquiries/${inquiryId}/challenges/${c.id}`}>{HAZARD_LABELS[c.hazard].label}</Link>
                      <div className="record-text">{c.text}</div>
                    </td>
                    <td>{c.target.path ? <Link to={c.target.path}>{c.target.label}</Link> : c.target.label}</td>
                    <td>
                      {c.raisedByName}
                      <div className="muted">{formatDate(c.createdAt)}</div>
                    </td>
                    <td>{c.cycleNumber}</td>
                    <td>{c.resolution ? RESOLUTION_LABELS[c.resolution] : 'open'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager
          paging={paging}
          label="Pages of challenges"
          hrefOf={(page) =>
            pageHref(`/inquiries/${inquiryId}/challenges`, { target: preselected === 'process' ? undefined : preselected }, page)
          }
          previous="Newer"
          next="Older"
        />
      </section>
    </article>
  )
}
