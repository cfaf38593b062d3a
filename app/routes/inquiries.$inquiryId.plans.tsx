import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, useFormFailure } from '~/components/form'
import { formatDate } from '~/utils/format'
import { ProposalOptionsFields } from '~/features/decisions/components/proposal-options'
import { proposalAnonymity, proposingWith } from '~/features/decisions/decisions.server'
import { InquiryHeader } from '~/features/inquiries/components/inquiry-header'
import { FocusSchema, PlanSchema } from '~/features/plans/plans.schema'
import { getPlansPage, proposeFocus, saveMyPlan } from '~/features/plans/plans.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Plans — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runLoader(async () =>
    json({ ...(await getPlansPage(getDb(), user, inquiryId)), anonymity: await proposalAnonymity(getDb(), inquiryId) }),
  )
}

const IntentSchema = z.object({ intent: z.enum(['plan', 'focus'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    if (intent === 'focus') {
      const focus = parseWith(FocusSchema, form.values)
      const decisionId = await proposingWith(form.values, () => proposeFocus(getDb(), user, inquiryId, focus))
      return redirect(`/decisions/${decisionId}`)
    }
    await saveMyPlan(getDb(), user, inquiryId, parseWith(PlanSchema, form.values))
    return redirect(`/inquiries/${inquiryId}/plans`)
  })
}

export default function Plans() {
  const { inquiry, current, cycle, canPlan, planBlock, plans, myPlan, anonymity } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  return (
    <article>
      <InquiryHeader inquiry={inquiry} current={current} />
      <h1>Plans{cycle ? ` for cycle ${cycle.number}` : ''}</h1>
      <FormError message={formError} />
      {cycle ? (
        <section aria-labelledby="focus-heading">
          <h2 id="focus-heading">The group's focus</h2>
          {cycle.focus ? <p className="card">{cycle.focus}</p> : <p>No focus agreed for this cycle yet.</p>}
          {canPlan ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="focus" />
              <Field
                name="focus"
                label={cycle.focus ? 'Propose a different focus' : 'Propose a focus'}
                hint="It becomes the cycle's focus when the group agrees."
                multiline
                rows={3}
                defaultValue={values.focus}
                error={errors.focus}
              />
              <ProposalOptionsFields
                idPrefix="focus"
                anonymity={anonymity}
                error={values.intent === 'focus' ? errors.anonymousStances : undefined}
                defaultChecked={values.intent === 'focus' && values.anonymousStances === 'on'}
              />
              <button type="submit" className="secondary">
                Propose to the group
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">My plan</h2>
        {canPlan ? (
          <Form method="post" noValidate className="card">
            <input type="hidden" name="intent" value="plan" />
            <Field
              name="action"
              label="What I will do in my practice"
              multiline
              rows={4}
              defaultValue={values.action ?? myPlan?.action}
              error={errors.action}
            />
            <Field
              name="recording"
              label="How I will record my experience"
              multiline
              rows={3}
              defaultValue={values.recording ?? myPlan?.recording}
              error={errors.recording}
            />
            <button type="submit">{myPlan ? 'Update my plan' : 'Save my plan'}</button>
          </Form>
        ) : (
          <>
            {myPlan ? <p className="record-text">{myPlan.action}</p> : <p>You made no plan for this cycle.</p>}
            <p>{planBlock}</p>
          </>
        )}
      </section>
      <section aria-labelledby="all-heading">
        <h2 id="all-heading">Everyone's plans</h2>
        {plans.length === 0 ? (
          <p>No plans yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Will do</th>
                <th scope="col">Will record by</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.personId}>
                  <td>{p.displayName}</td>
                  <td className="record-text">{p.action}</td>
                  <td className="record-text">{p.recording}</td>
                  <td>{formatDate(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  )
}
