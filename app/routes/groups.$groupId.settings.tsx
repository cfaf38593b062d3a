import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Choice, FormError, Select, useFormFailure } from '~/components/form'
import { FacilitatorSchema } from '~/features/groups/groups.schema'
import { GroupHeader, groupPagePath } from '~/features/groups/components/group-nav'
import { getGroupOverview, setFacilitator } from '~/features/groups/groups.server'
import { NamePreferenceSchema } from '~/features/exports/consent.schema'
import { myExportIdentity, setNamePreference } from '~/features/exports/consent.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// A group's settings: the facilitator role (handed on, laid down or taken up) and how exports
// show the member. A pair's review cadence is set on the pair's own page.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Settings — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => {
    const { group, me, members } = await getGroupOverview(getDb(), user, groupId)
    return json({
      group,
      me,
      members: members.map((m) => ({ personId: m.personId, displayName: m.displayName, isFacilitator: m.isFacilitator })),
      exportIdentity: await myExportIdentity(getDb(), user, groupId),
    })
  })
}

const IntentSchema = z.object({ intent: z.enum(['facilitator', 'export-name'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  const db = getDb()
  const here = groupPagePath(groupId, 'settings')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    switch (intent) {
      case 'facilitator': {
        const { personId } = parseWith(FacilitatorSchema, form.values)
        await setFacilitator(db, user, groupId, personId || null)
        return redirect(here)
      }
      case 'export-name':
        await setNamePreference(db, user, groupId, parseWith(NamePreferenceSchema, form.values))
        return redirect(`${here}#exports-heading`)
    }
  })
}

export default function GroupSettings() {
  const { group, me, members, exportIdentity } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const facilitator = members.find((m) => m.isFacilitator)
  return (
    <article>
      <GroupHeader group={group} current="settings" title="Settings" />
      <FormError message={formError} />

      {group.kind === 'inquiry_group' ? (
        <section aria-labelledby="facilitator-heading">
          <h2 id="facilitator-heading">Facilitator</h2>
          <p className="muted">
            The facilitator helps the group start and keeps the cycle moving; the role is meant to shrink as the group grows autonomous. It
            gives no extra access.
          </p>
          {me.isFacilitator ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="facilitator" />
              <Select
                name="personId"
                label="Hand the role on to"
                includeEmpty="No one (lay the role down)"
                options={members.filter((m) => m.personId !== me.personId).map((m) => ({ value: m.personId, label: m.displayName }))}
                defaultValue={values.intent === 'facilitator' ? values.personId : undefined}
                error={errors.personId}
              />
              <button type="submit" className="secondary">
                Hand on
              </button>
            </Form>
          ) : facilitator ? (
            <p>{facilitator.displayName} facilitates.</p>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="facilitator" />
              <input type="hidden" name="personId" value={me.personId} />
              <p>No one facilitates at the moment.</p>
              <button type="submit" className="secondary">
                Take on the facilitator role
              </button>
            </Form>
          )}
        </section>
      ) : (
        <section aria-labelledby="pair-settings-heading">
          <h2 id="pair-settings-heading">Our work together</h2>
          <p>
            A pair has no facilitator. How often you hold peer reviews, and the principles of your work, are on{' '}
            <Link to={`/groups/${group.id}/pair`}>Principles, consent and peer reviews</Link>.
          </p>
        </section>
      )}

      <section aria-labelledby="exports-heading">
        <h2 id="exports-heading">In exports</h2>
        <p>
          When the group exports its findings, your words appear only from records you have allowed to be quoted. Your name appears only if
          you allow it; otherwise you are <strong>{exportIdentity.pseudonym}</strong>, for the whole life of the group.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="export-name" />
          <Choice
            name="exportName"
            legend="How exports show you"
            defaultValue={values.intent === 'export-name' ? values.exportName : exportIdentity.showsName ? 'name' : 'pseudonym'}
            error={values.intent === 'export-name' ? errors.exportName : undefined}
            options={[
              { value: 'pseudonym', label: `As ${exportIdentity.pseudonym}`, hint: 'the default' },
              { value: 'name', label: 'By my name' },
            ]}
          />
          <button type="submit" className="secondary">
            Save
          </button>
        </Form>
      </section>
    </article>
  )
}
