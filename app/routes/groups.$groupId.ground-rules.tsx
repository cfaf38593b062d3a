import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, useFormFailure } from '~/components/form'
import { formatDate } from '~/utils/format'
import { GroundRulesSchema } from '~/features/groups/groups.schema'
import { GroupHeader } from '~/features/groups/components/group-nav'
import { getGroupOverview, proposeGroundRules } from '~/features/groups/groups.server'
import { ProposalOptionsFields } from '~/features/decisions/components/proposal-options'
import { groupProposalAnonymity, listGroupDecisions, proposingWith } from '~/features/decisions/decisions.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// A group's ground rules, and proposing new or revised ones: they take effect only when the
// group adopts them by a decision.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Ground rules — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => {
    const { group } = await getGroupOverview(getDb(), user, groupId)
    const decisions = await listGroupDecisions(getDb(), user, groupId)
    return json({
      group,
      openProposals: decisions.filter((d) => d.kind === 'ground_rules' && d.status === 'open'),
      anonymity: await groupProposalAnonymity(getDb(), groupId),
    })
  })
}

const IntentSchema = z.object({ intent: z.enum(['ground-rules'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runAction(request, async (form) => {
    parseWith(IntentSchema, form.values)
    const { groundRules } = parseWith(GroundRulesSchema, form.values)
    const id = await proposingWith(form.values, () => proposeGroundRules(getDb(), user, groupId, groundRules))
    return redirect(`/decisions/${id}`)
  })
}

export default function GroupGroundRules() {
  const data = useLoaderData<typeof loader>()
  const { group, openProposals } = data
  const { errors, values, formError } = useFormFailure()
  return (
    <article>
      <GroupHeader group={group} current="ground-rules" title="Ground rules" />
      <FormError message={formError} />

      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">{group.groundRules ? 'The ground rules the group adopted' : 'No ground rules yet'}</h2>
        {group.groundRules ? <p className="record-text card">{group.groundRules}</p> : <p>The group has not adopted ground rules yet.</p>}
        {openProposals.length > 0 ? (
          <>
            <p>Proposed, and still open:</p>
            <ul>
              {openProposals.map((d) => (
                <li key={d.id}>
                  <Link to={`/decisions/${d.id}`}>{d.title}</Link>{' '}
                  <span className="muted">
                    (proposed by {d.proposedByName} on {formatDate(d.createdAt)})
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="propose-rules-heading">
        <h2 id="propose-rules-heading">Propose a change</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="ground-rules" />
          <Field
            name="groundRules"
            label={group.groundRules ? 'Propose revised ground rules' : 'Propose ground rules'}
            hint="They take effect when the group adopts them by a decision."
            multiline
            defaultValue={values.groundRules ?? group.groundRules ?? ''}
            error={errors.groundRules}
          />
          {group.kind === 'pair' ? null : (
            <ProposalOptionsFields
              idPrefix="ground-rules"
              anonymity={data.anonymity}
              error={values.intent === 'ground-rules' ? errors.anonymousStances : undefined}
              defaultChecked={values.intent === 'ground-rules' && values.anonymousStances === 'on'}
            />
          )}
          <button type="submit" className="secondary">
            Propose to the group
          </button>
        </Form>
      </section>
    </article>
  )
}
