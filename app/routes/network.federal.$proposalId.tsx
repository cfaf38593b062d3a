import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Choice, Field, FormError, useFormFailure } from '~/components/form'
import { getFederalProposal } from '~/features/network/federal.server'
import { FederalStanceSchema } from '~/features/network/network.schema'
import { proposeFederalStance } from '~/features/network/proposals.server'
import { getDb } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'
import { z } from 'zod'

// A federal proposal (issue 18): what it proposes, the rule that closes it, and each member
// group's stance with its reason. A member of a member group proposes the group's stance here;
// the group decides it inside itself, and only the decided stance comes back to this page.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.proposal.title ?? 'Federal proposal'} — The network — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const proposalId = requireParam(params, 'proposalId')
  return runLoader(async () => json(await getFederalProposal(getDb(), user, proposalId)))
}

const GroupSchema = z.object({ groupId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Choose one of your groups.') })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const proposalId = requireParam(params, 'proposalId')
  return runAction(request, async (form) => {
    const { groupId } = parseWith(GroupSchema, form.values)
    const id = await proposeFederalStance(getDb(), user, groupId, parseWith(FederalStanceSchema, { ...form.values, proposalId }))
    return redirect(`/decisions/${id}`)
  })
}

export default function FederalProposal() {
  const data = useLoaderData<typeof loader>()
  const { proposal: p } = data
  const { errors, values, formError } = useFormFailure()
  return (
    <article>
      <p className="muted">
        <Link to="/network">The network</Link> · Federal proposal
      </p>
      <h1>{p.title}</h1>
      <p className="muted">
        {p.kindLabel}. Put by {p.proposedBy} on {formatDate(p.proposedAt)}.
      </p>
      <p className="record-text card">{p.body}</p>
      {data.details ? <p className="record-text">{data.details}</p> : null}
      <p>
        <strong>{p.status === 'open' ? 'Open.' : p.status === 'passed' ? 'Passed.' : 'Closed.'}</strong> {data.explanation}
      </p>
      <p className="hint">The rule: {data.ruleInWords}</p>
      <FormError message={formError} />

      <section aria-labelledby="stances-heading">
        <h2 id="stances-heading">The member groups’ stances</h2>
        <div className="table-wrap" role="region" aria-labelledby="stances-caption" tabIndex={0}>
          <table>
            <caption id="stances-caption">Each member group’s current stance, decided inside the group</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Stance</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {data.stances.map((s) => (
                <tr key={s.groupId}>
                  <th scope="row">
                    <Link to={`/network/groups/${s.groupId}`}>{s.groupName}</Link>
                  </th>
                  <td>{s.stance ?? 'Not yet cast'}</td>
                  <td>{s.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {p.status === 'open'
        ? data.myGroups.map((g) => (
            <section key={g.id} aria-labelledby={`mine-${g.id}`}>
              <h2 id={`mine-${g.id}`}>Propose {g.name}’s stance</h2>
              <p className="hint">
                {g.stance ? `The group’s stance now: ${g.stance}. ` : ''}
                The group decides it by its own rule; only the decided stance and its reason reach the network.
              </p>
              <Form method="post" noValidate>
                <input type="hidden" name="groupId" value={g.id} />
                <Choice
                  name="stance"
                  idPrefix={`stance-${g.id}`}
                  legend="Stance"
                  options={[
                    { value: 'agree', label: 'Agree' },
                    { value: 'stand_aside', label: 'Stand aside' },
                    { value: 'block', label: 'Block', hint: 'holds it open for dialogue' },
                  ]}
                  error={values.groupId === g.id ? errors.stance : undefined}
                />
                <Field
                  name="reason"
                  idPrefix={`stance-${g.id}`}
                  label="The reason the network reads"
                  multiline
                  rows={3}
                  defaultValue={values.groupId === g.id ? values.reason : ''}
                  error={values.groupId === g.id ? errors.reason : undefined}
                />
                <button type="submit" className="secondary">
                  Propose to {g.name}
                </button>
              </Form>
            </section>
          ))
        : null}

      {data.history.length > data.stances.filter((s) => s.stance).length ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Stances as they were cast</h2>
          <ol>
            {data.history.map((h, i) => (
              <li key={i}>
                {formatDate(h.castAt)}: {h.groupName} — {h.stance}
                {h.reason ? `: “${h.reason}”` : ''}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  )
}
