import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, useFormFailure } from '~/components/form'
import { formatDate, STATUS_LABELS } from '~/utils/format'
import { GeneralProposalSchema } from '~/features/decisions/decisions.schema'
import { GroupHeader } from '~/features/groups/components/group-nav'
import { getGroupOverview, proposeGeneral } from '~/features/groups/groups.server'
import { ProposalOptionsFields } from '~/features/decisions/components/proposal-options'
import { groupProposalAnonymity, listGroupDecisions, proposingWith } from '~/features/decisions/decisions.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// The group's overview: what the group is, its inquiries and open proposals, and the way to
// its sub-pages (members, ground rules, settings, leaving), each a route of its own.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.group.name ?? 'Group'} — Co-operative inquiry` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => {
    const { group, me, members, inquiries } = await getGroupOverview(getDb(), user, groupId)
    const decisions = await listGroupDecisions(getDb(), user, groupId)
    return json({
      group,
      me,
      memberCount: members.length,
      facilitator: members.find((m) => m.isFacilitator)?.displayName ?? null,
      inquiries,
      openDecisions: decisions.filter((d) => d.status === 'open'),
      closedDecisions: decisions.filter((d) => d.status !== 'open'),
      anonymity: await groupProposalAnonymity(getDb(), groupId),
    })
  })
}

const IntentSchema = z.object({ intent: z.enum(['propose'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runAction(request, async (form) => {
    parseWith(IntentSchema, form.values)
    const proposal = parseWith(GeneralProposalSchema, form.values)
    const id = await proposingWith(form.values, () => proposeGeneral(getDb(), user, groupId, proposal))
    return redirect(`/decisions/${id}`)
  })
}

export default function GroupOverview() {
  const data = useLoaderData<typeof loader>()
  const { group, me, memberCount, facilitator, inquiries, openDecisions, closedDecisions } = data
  const { errors, values, formError } = useFormFailure()
  return (
    <article>
      <GroupHeader group={group} current="overview" />
      <FormError message={formError} />

      <div className="group-about">
        {group.kind === 'pair' ? (
          <p>
            A client and a practitioner looking at their work together: you are the {me.pairRole ?? 'member'}. The client has somewhat more
            than an equal say, and continuing or ending is decided together.
          </p>
        ) : (
          <p>
            A peer group researching its own practice together: cycling between reflecting and planning as co-researchers and acting and
            recording as co-subjects, and deciding together how to move on.
          </p>
        )}
        <p className="muted">
          {memberCount} {memberCount === 1 ? 'member' : 'members'} · started {formatDate(group.createdAt)}
          {group.kind === 'inquiry_group' ? (facilitator ? ` · ${facilitator} facilitates` : ' · no one facilitates') : ''}
        </p>
        {group.kind === 'pair' ? (
          <p className="card">
            <Link className="button" to={`/groups/${group.id}/pair`}>
              Principles, consent and peer reviews
            </Link>
          </p>
        ) : null}
      </div>

      <section aria-labelledby="inquiries-heading">
        <h2 id="inquiries-heading">Inquiries</h2>
        {inquiries.length === 0 ? (
          <p>No inquiry yet.</p>
        ) : (
          <ul>
            {inquiries.map((i) => (
              <li key={i.id}>
                <Link to={`/inquiries/${i.id}`}>{i.title}</Link>{' '}
                <span className="muted">
                  ({STATUS_LABELS[i.status]}, started {formatDate(i.createdAt)})
                </span>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link className="button" to={`/groups/${group.id}/inquiries/new`}>
            Start an inquiry
          </Link>
        </p>
      </section>

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Open proposals</h2>
        {openDecisions.length === 0 ? (
          <p>No proposal is open.</p>
        ) : (
          <ul>
            {openDecisions.map((d) => (
              <li key={d.id}>
                <Link to={`/decisions/${d.id}`}>{d.title}</Link>{' '}
                <span className="muted">
                  (proposed by {d.proposedByName} on {formatDate(d.createdAt)})
                </span>
              </li>
            ))}
          </ul>
        )}
        <details open={values.intent === 'propose' || undefined}>
          <summary>Propose something else to the group</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="propose" />
            <Field name="title" label="Proposal" error={errors.title} defaultValue={values.title} maxLength={200} />
            <Field name="body" label="Details (optional)" multiline error={errors.body} defaultValue={values.body} />
            {group.kind === 'pair' ? null : (
              <ProposalOptionsFields
                idPrefix="propose"
                anonymity={data.anonymity}
                error={values.intent === 'propose' ? errors.anonymousStances : undefined}
                defaultChecked={values.intent === 'propose' && values.anonymousStances === 'on'}
              />
            )}
            <button type="submit" className="secondary">
              Propose
            </button>
          </Form>
        </details>
        {closedDecisions.length > 0 ? (
          <details>
            <summary>Decided earlier ({closedDecisions.length})</summary>
            <table>
              <caption className="muted">This group's closed decisions, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Decision</th>
                  <th scope="col">Proposed by</th>
                  <th scope="col">Status</th>
                  <th scope="col">Date</th>
                </tr>
              </thead>
              <tbody>
                {closedDecisions.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link to={`/decisions/${d.id}`}>{d.title}</Link>
                    </td>
                    <td>{d.proposedByName}</td>
                    <td>{STATUS_LABELS[d.status]}</td>
                    <td>{formatDate(d.closedAt ?? d.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : null}
      </section>
    </article>
  )
}
