import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Choice, Field, FormError, useFormFailure } from '~/components/form'
import { NewGroupSchema } from '~/features/groups/groups.schema'
import { createGroup, listMyGroups } from '~/features/groups/groups.server'
import { getDb } from '~/utils/db.server'
import { parseWith, runAction } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'My groups — Co-operative inquiry' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return json({ groups: await listMyGroups(getDb(), user) })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  return runAction(request, async (form) => {
    const groupId = await createGroup(getDb(), user, parseWith(NewGroupSchema, form.values))
    return redirect(`/groups/${groupId}`)
  })
}

export default function Groups() {
  const { groups } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  return (
    <section>
      <h1>My groups</h1>
      {groups.length === 0 ? (
        <p>You are not in a group yet. Start one below, or open an invitation link someone sent you.</p>
      ) : (
        <ul>
          {groups.map((g) => (
            <li key={g.id}>
              <Link to={`/groups/${g.id}`}>{g.name}</Link>{' '}
              <span className="muted">
                ({g.kind === 'pair' ? `pair — you are the ${g.pairRole}` : 'inquiry group'}
                {g.isFacilitator ? ', you facilitate' : ''})
              </span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/import">Import an inquiry from an archive</Link>{' '}
        <span className="muted">(moving from another installation, or restoring one)</span>
      </p>
      <h2>Start a group</h2>
      <FormError message={formError} />
      <Form method="post" noValidate className="card">
        <Choice
          name="kind"
          legend="What kind of group?"
          defaultValue={values.kind ?? 'inquiry_group'}
          error={errors.kind}
          options={[
            { value: 'inquiry_group', label: 'Inquiry group', hint: 'practitioners inquiring together (3–12 people, 5–9 advised)' },
            { value: 'pair', label: 'Client–practitioner pair', hint: 'joint peer review of your work together' },
          ]}
        />
        <Field name="name" label="Group name" error={errors.name} defaultValue={values.name} required maxLength={120} />
        <Choice
          name="pairRole"
          legend="In a pair: you are the…"
          hint="Only for pairs. The person you invite takes the other role."
          defaultValue={values.pairRole}
          error={errors.pairRole}
          options={[
            { value: 'client', label: 'Client' },
            { value: 'practitioner', label: 'Practitioner' },
          ]}
        />
        <div className="field choice">
          <input type="checkbox" id="field-facilitate" name="facilitate" defaultChecked={values.facilitate === 'on'} />
          <label htmlFor="field-facilitate">I will facilitate this inquiry group to begin with (you can hand the role on later)</label>
        </div>
        <button type="submit">Create group</button>
      </Form>
    </section>
  )
}
