import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FormError, useFormFailure } from '~/components/form'
import { GroupTotalsSchema } from '~/features/co-counselling/co-counselling.schema'
import { getGroupCoCounselling, proposeGroupTotals } from '~/features/co-counselling/group-totals.server'
import { GroupHeader } from '~/features/groups/components/group-nav'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// The group's view of its members' co-counselling (issue 19): totals only, and only once the
// group has decided to see them. Sessions, turns and ledgers stay with the people in them.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Co-counselling — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => json(await getGroupCoCounselling(getDb(), user, groupId)))
}

const IntentSchema = z.object({ intent: z.enum(['propose'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runAction(request, async (form) => {
    parseWith(IntentSchema, form.values)
    const { show } = parseWith(GroupTotalsSchema, form.values)
    return redirect(`/decisions/${await proposeGroupTotals(getDb(), user, groupId, show === 'yes')}`)
  })
}

export default function GroupCoCounselling() {
  const data = useLoaderData<typeof loader>()
  const { errors, formError } = useFormFailure()
  return (
    <article>
      <GroupHeader group={data.group} current="co-counselling" title="Co-counselling" />
      <FormError message={formError} />
      <p>
        Members book their sessions on <Link to="/co-counselling">their own co-counselling page</Link>. What happens in a session is never
        kept; the times are seen only by the people in it.
      </p>
      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading">The group’s totals</h2>
        {!data.showTotals ? (
          <p>The group has not decided to see totals of its members’ sessions, so it sees nothing of them.</p>
        ) : data.totals.length === 0 ? (
          <p>No turns have been timed in sessions booked through the group yet.</p>
        ) : (
          <table>
            <caption>Sessions booked through the group, by month: totals only</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Sessions</th>
                <th scope="col">Turns</th>
                <th scope="col">Minutes as client</th>
              </tr>
            </thead>
            <tbody>
              {data.totals.map((t) => (
                <tr key={t.month}>
                  <th scope="row">{t.label}</th>
                  <td>{t.sessions}</td>
                  <td>{t.turns}</td>
                  <td>{t.minutes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="decide-heading">
        <h2 id="decide-heading">{data.showTotals ? 'Stop seeing the totals' : 'See the totals'}</h2>
        {data.openDecisions.length > 0 ? (
          <p>
            A proposal is open: <Link to={`/decisions/${data.openDecisions[0]!.id}`}>{data.openDecisions[0]!.title}</Link>.
          </p>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="propose" />
            <input type="hidden" name="show" value={data.showTotals ? 'no' : 'yes'} />
            <p className="hint">
              {data.showTotals
                ? 'The group would no longer see the totals.'
                : 'The group would see, per month, how many sessions were held through it, how many turns and the minutes as client: never who, never with whom.'}
            </p>
            {errors.show ? <p className="field-error">{errors.show}</p> : null}
            <button type="submit" className="secondary">
              Propose to the group
            </button>
          </Form>
        )}
      </section>
    </article>
  )
}
