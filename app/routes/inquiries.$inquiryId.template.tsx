import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Field, FormError, useFormFailure } from '~/components/form'
import { formatDate } from '~/utils/format'
import { AnonymityLimits } from '~/features/decisions/components/anonymity'
import { ProposalOptionsFields } from '~/features/decisions/components/proposal-options'
import { proposingWith } from '~/features/decisions/decisions.server'
import { ANONYMOUS_FIELD } from '~/features/templates/template.schema'
import { getTemplatePage, proposeAmendment, proposeHandoverPlan } from '~/features/templates/versions.server'
import { HandoverPlanForm } from '~/features/facilitation/components/handover-plan-form'
import { describePlan } from '~/features/facilitation/core/plan'
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
    const propose = form.values.intent === 'handover' ? proposeHandoverPlan : proposeAmendment
    const decisionId = await proposingWith(form.values, () => propose(getDb(), user, inquiryId, form.values))
    return redirect(`/decisions/${decisionId}`)
  })
}

export default function TemplatePage() {
  const { inquiry, template, anonymity, versions, canAmend, amendBlock, openDecisionId, members, currentCycle, facilitatorRole } =
    useLoaderData<typeof loader>()
  const failure = useFormFailure()
  // Each form keeps its own input and errors: the handover form says intent=handover.
  const handover = failure.values.intent === 'handover'
  const { errors, values, formError } = handover
    ? { errors: {} as Record<string, string>, values: {} as Record<string, string>, formError: undefined }
    : failure
  const kept = (name: string, fallback: string) => values[name] ?? fallback
  // Offered where it can hide something, or to switch it off again (a group can shrink), or beside its error.
  const offerAnonymity = anonymity.possible || template.decisionRule.allowAnonymousDissent || Boolean(errors[ANONYMOUS_FIELD])
  return (
    <article>
      <p>
        <Link to={`/inquiries/${inquiry.id}`}>← {inquiry.title}</Link>
      </p>
      <h1>Our forms</h1>
      <p>
        This inquiry keeps its own copy of the template “{template.name}”. The group can revise its prompts, its validity procedures, its
        thresholds and whether stances on its proposals are anonymous, in the light of experience, by a decision; every version is kept.
      </p>
      <p>
        Stances on this inquiry’s proposals are{' '}
        <strong>{template.decisionRule.allowAnonymousDissent ? 'anonymous' : 'given by name'}</strong>
        {template.decisionRule.allowAnonymousDissent ? '.' : ', unless the proposer makes one proposal anonymous.'}
      </p>
      {facilitatorRole ? (
        <section aria-labelledby="handover-heading">
          <h2 id="handover-heading">Handing over facilitation</h2>
          <p data-testid="handover-plan">
            Our plan: {describePlan(template.facilitation, (key) => `${members.find((m) => m.key === key)?.name ?? key} (${key})`)}{' '}
            <Link to={`/inquiries/${inquiry.id}/analysis#facilitation-heading`}>How much runs through the facilitator</Link>.
          </p>
          {canAmend ? (
            <HandoverPlanForm
              plan={template.facilitation}
              members={members}
              currentCycle={currentCycle}
              errors={handover ? failure.errors : {}}
              values={handover ? failure.values : {}}
              formError={handover ? failure.formError : undefined}
              anonymity={anonymity}
            />
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <ol reversed>
          {versions.map((v) => (
            <li key={v.version}>
              Version {v.version}, {formatDate(v.createdAt)}: {v.summary}
              {v.decisionId ? (
                <>
                  {' '}
                  (<Link to={`/decisions/${v.decisionId}`}>decision</Link>)
                </>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="amend-heading">
        <h2 id="amend-heading">Revise</h2>
        {openDecisionId ? (
          <p>
            A proposal to revise the forms is open: <Link to={`/decisions/${openDecisionId}`}>take a stance</Link>.
          </p>
        ) : null}
        {amendBlock && !openDecisionId ? <p>{amendBlock}</p> : null}
        <FormError message={formError ?? errors._form} />
        {canAmend ? (
          <Form method="post" noValidate>
            <fieldset className="card">
              <legend>Prompts, one per line</legend>
              {template.phases.map((p) => (
                <Field
                  key={p.key}
                  name={`prompts.${p.key}`}
                  label={p.name}
                  multiline
                  rows={4}
                  defaultValue={kept(`prompts.${p.key}`, p.prompts.join('\n'))}
                  error={errors[`prompts.${p.key}`]}
                />
              ))}
            </fieldset>
            <fieldset className="card">
              <legend>Validity procedures</legend>
              {template.validityProcedures.map((p) => (
                <div key={p.key}>
                  <Field
                    name={`question.${p.key}`}
                    label={`${p.name}: question`}
                    multiline
                    rows={2}
                    defaultValue={kept(`question.${p.key}`, p.question)}
                    error={errors[`question.${p.key}`]}
                  />
                  <div className="field choice">
                    <input
                      type="checkbox"
                      id={`field-required.${p.key}`}
                      name={`required.${p.key}`}
                      defaultChecked={values[`question.${p.key}`] !== undefined ? values[`required.${p.key}`] === 'on' : p.required}
                    />
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
                  <Field
                    name={`threshold.${key}.warn`}
                    label={`${key}: warn at`}
                    defaultValue={kept(`threshold.${key}.warn`, String(t.warn))}
                    error={errors[`threshold.${key}.warn`]}
                  />
                  <Field
                    name={`threshold.${key}.alert`}
                    label={`${key}: alert at`}
                    defaultValue={kept(`threshold.${key}.alert`, String(t.alert))}
                    error={errors[`threshold.${key}.alert`]}
                  />
                </div>
              ))}
            </fieldset>
            <fieldset className="card">
              <legend>How we take stances</legend>
              {offerAnonymity ? (
                <div className="field">
                  <div className="choice">
                    <input
                      type="checkbox"
                      id="field-decisionRule-anonymous"
                      name={ANONYMOUS_FIELD}
                      defaultChecked={
                        values.summary !== undefined ? values[ANONYMOUS_FIELD] === 'on' : template.decisionRule.allowAnonymousDissent
                      }
                      aria-invalid={errors[ANONYMOUS_FIELD] ? true : undefined}
                      aria-describedby={errors[ANONYMOUS_FIELD] ? 'field-decisionRule-anonymous-error' : undefined}
                    />
                    <label htmlFor="field-decisionRule-anonymous">
                      Stances on our proposals are anonymous: every stance, agree included, for every proposal made from now on
                    </label>
                  </div>
                  {errors[ANONYMOUS_FIELD] ? (
                    <p className="field-error" id="field-decisionRule-anonymous-error">
                      {errors[ANONYMOUS_FIELD]}
                    </p>
                  ) : null}
                </div>
              ) : (
                <p data-testid="anonymity-unavailable">
                  Stances on our proposals cannot be made anonymous yet:{' '}
                  {anonymity.voters === 1 ? 'only one member' : `only ${anonymity.voters} members`} can take a stance here, and in a group
                  of two anonymity hides nothing. It can be chosen once at least three members can take a stance (invite people from the
                  group’s page).
                </p>
              )}
              <AnonymityLimits warning={anonymity.possible ? anonymity.warning : null} />
              {offerAnonymity ? <p className="muted">Proposals already open keep the way they were proposed.</p> : null}
            </fieldset>
            <Field
              name="summary"
              label="Why revise? (shown with the proposal)"
              multiline
              rows={2}
              defaultValue={values.summary}
              error={errors.summary}
            />
            <ProposalOptionsFields
              idPrefix="amend"
              anonymity={anonymity}
              error={errors.anonymousStances}
              defaultChecked={values.anonymousStances === 'on'}
            />
            <button type="submit">Propose these forms to the group</button>
          </Form>
        ) : null}
      </section>
    </article>
  )
}
