import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Field, FormError, useFormFailure } from '~/components/form'
import { formatDate } from '~/components/format'
import { getTemplatePage, proposeAmendment } from '~/features/templates/versions.server'
import { getDb } from '~/utils/db.server'
import { requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Our forms — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runLoader(async () => json(await getTemplatePage(getDb(), user, inquiryId)))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    const decisionId = await proposeAmendment(getDb(), user, inquiryId, form.values)
    return redirect(`/decisions/${decisionId}`)
  })
}

export default function TemplatePage() {
  const { inquiry, template, versions, canAmend, openDecisionId } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const kept = (name: string, fallback: string) => values[name] ?? fallback
  return (
    <article>
      <p><Link to={`/inquiries/${inquiry.id}`}>← {inquiry.title}</Link></p>
      <h1>Our forms</h1>
      <p>
        This inquiry keeps its own copy of the template “{template.name}”. The group can revise its prompts, its validity procedures and its
        thresholds in the light of experience, by a decision; every version is kept.
      </p>
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <ol reversed>
          {versions.map((v) => (
            <li key={v.version}>
              Version {v.version}, {formatDate(v.createdAt)}: {v.summary}
              {v.decisionId ? <> (<Link to={`/decisions/${v.decisionId}`}>decision</Link>)</> : null}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="amend-heading">
        <h2 id="amend-heading">Revise</h2>
        {openDecisionId ? <p>A proposal to revise the forms is open: <Link to={`/decisions/${openDecisionId}`}>take a stance</Link>.</p> : null}
        {!canAmend && !openDecisionId ? <p className="muted">The forms are revised in a reflection phase.</p> : null}
        <FormError message={formError ?? errors._form} />
        {canAmend ? (
          <Form method="post" noValidate>
            <fieldset className="card">
              <legend>Prompts, one per line</legend>
              {template.phases.map((p) => (
                <Field key={p.key} name={`prompts.${p.key}`} label={p.name} multiline rows={4} defaultValue={kept(`prompts.${p.key}`, p.prompts.join('\n'))} error={errors[`prompts.${p.key}`]} />
              ))}
            </fieldset>
            <fieldset className="card">
              <legend>Validity procedures</legend>
              {template.validityProcedures.map((p) => (
                <div key={p.key}>
                  <Field name={`question.${p.key}`} label={`${p.name}: question`} multiline rows={2} defaultValue={kept(`question.${p.key}`, p.question)} error={errors[`question.${p.key}`]} />
                  <div className="field choice">
                    <input type="checkbox" id={`field-required.${p.key}`} name={`required.${p.key}`} defaultChecked={values[`question.${p.key}`] !== undefined ? values[`required.${p.key}`] === 'on' : p.required} />
                    <label htmlFor={`field-required.${p.key}`}>{p.name} must be judged before the review can be adopted</label>
                  </div>
                </div>
              ))}
            </fieldset>
            <fieldset className="card">
              <legend>Indicator thresholds</legend>
              <p className="muted">When warn is below alert, higher values are worse; when warn is above alert, lower values are worse.</p>
              {Object.entries(template.indicatorThresholds).map(([key, t]) => (
                <div key={key} className="filters">
                  <Field name={`threshold.${key}.warn`} label={`${key}: warn at`} defaultValue={kept(`threshold.${key}.warn`, String(t.warn))} error={errors[`threshold.${key}.warn`]} />
                  <Field name={`threshold.${key}.alert`} label={`${key}: alert at`} defaultValue={kept(`threshold.${key}.alert`, String(t.alert))} error={errors[`threshold.${key}.alert`]} />
                </div>
              ))}
            </fieldset>
            <Field name="summary" label="Why revise? (shown with the proposal)" multiline rows={2} defaultValue={values.summary} error={errors.summary} />
            <button type="submit">Propose these forms to the group</button>
          </Form>
        ) : null}
      </section>
    </article>
  )
}
