import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Choice, Field, FormError, useFormFailure } from '~/components/form'
import { getGroupOverview } from '~/features/groups/groups.server'
import { NewInquirySchema } from '~/features/inquiries/inquiries.schema'
import { createInquiry } from '~/features/inquiries/inquiries.server'
import { listTemplates } from '~/features/templates/templates.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Start an inquiry — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => {
    const { group, members } = await getGroupOverview(getDb(), user, groupId)
    const templates = listTemplates()
      .filter((t) => t.groupKinds.includes(group.kind))
      .map((t) => ({
        slug: t.slug,
        name: t.name,
        summary: t.summary,
        phases: t.phases.map((p) => p.name + (p.optional ? ' (optional)' : '')),
        recommendedMinCycles: t.recommendedMinCycles,
        groupSize: t.groupSize,
      }))
    return json({ group, memberCount: members.length, templates })
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runAction(request, async (form) => {
    const inquiryId = await createInquiry(getDb(), user, groupId, parseWith(NewInquirySchema, form.values))
    return redirect(`/inquiries/${inquiryId}`)
  })
}

export default function NewInquiry() {
  const { group, templates, memberCount } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  return (
    <section>
      <p>
        <Link to={`/groups/${group.id}`}>← {group.name}</Link>
      </p>
      <h1>Start an inquiry</h1>
      <FormError message={formError} />
      {templates.length === 0 ? (
        <p>No template is made for this kind of group yet.</p>
      ) : (
        <Form method="post" noValidate>
          <Field
            name="title"
            label="Title"
            hint="A short name, e.g. “Staying with silence”."
            error={errors.title}
            defaultValue={values.title}
            maxLength={160}
            required
          />
          <Field
            name="question"
            label="Question or focus"
            hint="What the group wants to inquire into, in words every member can own. The group can refine it each cycle."
            multiline
            rows={3}
            error={errors.question}
            defaultValue={values.question}
            required
          />
          <Choice
            name="templateSlug"
            legend="Template"
            hint="The inquiry keeps its own copy, so your group can later revise its forms without affecting anyone else."
            defaultValue={values.templateSlug ?? templates[0]?.slug}
            error={errors.templateSlug}
            options={templates.map((t) => ({
              value: t.slug,
              label: t.name,
              hint: `${t.phases.join(' → ')}; at least ${t.recommendedMinCycles} cycles recommended`,
            }))}
          />
          {templates.map((t) =>
            memberCount < t.groupSize.advisedMin ? (
              <p key={t.slug} className="muted">
                {t.name}: groups of {t.groupSize.advisedMin}–{t.groupSize.advisedMax} work best; you are {memberCount} so far. You can start
                now and invite others as you go.
              </p>
            ) : null,
          )}
          <button type="submit">Start the inquiry</button>
        </Form>
      )}
    </section>
  )
}
