import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Choice, Field, FormError, useFormFailure } from '~/components/form'
import { GroupHeader } from '~/features/groups/components/group-nav'
import { AssessmentFields } from '~/features/peer-audit/components/assessment-fields'
import { ScaleList } from '~/features/peer-audit/components/level-fields'
import * as audit from '~/features/peer-audit/peer-audit.server'
import * as assessments from '~/features/peer-audit/assessments.server'
import { AdoptTemplateSchema, AssessmentSchema, MeetingSchema, ReviseFrameworkSchema } from '~/features/peer-audit/peer-audit.schema'
import { getDb } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// The group's peer review audit (issue 18, item 5; seed 003): its framework, changed only by the
// group's decision; each member's own records, private until they share them; what members shared
// with the audit group; and the audit meetings.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Peer review audit — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () =>
    json(await audit.getAuditPage(getDb(), user, groupId), { headers: { 'Cache-Control': 'private, no-store' } }),
  )
}

const IntentSchema = z.object({ intent: z.enum(['adopt', 'revise', 'assess', 'meeting'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    const db = getDb()
    const v = form.values
    switch (intent) {
      case 'adopt':
        return redirect(`/decisions/${await audit.proposeAdoptTemplate(db, user, groupId, parseWith(AdoptTemplateSchema, v))}`)
      case 'revise':
        return redirect(`/decisions/${await audit.proposeRevision(db, user, groupId, parseWith(ReviseFrameworkSchema, v))}`)
      case 'assess': {
        const id = await assessments.createAssessment(db, user, groupId, v, parseWith(AssessmentSchema, v))
        return redirect(`/groups/${groupId}/audit/${id}`)
      }
      case 'meeting':
        await assessments.scheduleMeeting(db, user, groupId, parseWith(MeetingSchema, v))
        return redirect(`/groups/${groupId}/audit#meetings-heading`)
    }
  })
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>
type Audit = NonNullable<Data['audit']>

export default function GroupAudit() {
  const data = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const failed = (intent: string) => (values.intent === intent ? errors : {})
  const keep = (intent: string, name: string) => (values.intent === intent ? values[name] : undefined)
  const a = data.audit
  return (
    <article>
      <GroupHeader group={data.group} current="audit" title="Peer review audit" />
      {!a ? (
        <p>{data.pairMessage}</p>
      ) : (
        <>
          <p className="hint">
            The group names the main components of the job and the criteria of competence for each, and revises them by its decisions. Each
            of you assesses your own practice against them on the job and keeps the records; at audit meetings you present what you choose
            to share, and peers assess it with you. “The role of the peers is to enable each individual rigorously to deepen the integrity
            of her or his self-appraisal.”
          </p>
          <FormError message={formError} />
          {a.openDecisions.length > 0 ? (
            <section aria-labelledby="open-heading">
              <h2 id="open-heading">Open proposals about the framework</h2>
              <ul>
                {a.openDecisions.map((d) => (
                  <li key={d.id}>
                    <Link to={`/decisions/${d.id}`}>{d.title}</Link>{' '}
                    <span className="muted">
                      (proposed by {d.proposedByName}, {formatDate(d.createdAt)})
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <FrameworkSection a={a} />
          <ProposeSection a={a} failed={failed} keep={keep} />
          <RecordsSection a={a} groupId={data.group.id} />
          {a.framework ? <NewAssessment a={a} errors={failed('assess')} values={values.intent === 'assess' ? values : {}} /> : null}
          <MeetingsSection a={a} errors={failed('meeting')} keep={(name) => keep('meeting', name)} />
        </>
      )}
    </article>
  )
}

function FrameworkSection({ a }: { a: Audit }) {
  const f = a.framework
  return (
    <section aria-labelledby="framework-heading">
      <h2 id="framework-heading">The framework</h2>
      {!f ? (
        <p>The group has not adopted a framework yet. Propose one below: the group decides it by its own rule.</p>
      ) : (
        <>
          <p className="muted">
            Version {f.version}, adopted {formatDate(f.adoptedAt)}
            {f.templateName ? `, from “${f.templateName}”` : ''}.
          </p>
          {f.components.map((c) => (
            <div key={c.key} className="card">
              <h3>{c.name}</h3>
              {c.description ? <p>{c.description}</p> : null}
              <ul>
                {c.criteria.map((x) => (
                  <li key={x.key}>{x.text}</li>
                ))}
              </ul>
            </div>
          ))}
          <h3>Levels</h3>
          <ScaleList scale={f.scale} />
        </>
      )}
      {a.versions.length > 0 ? (
        <>
          <h3>Versions</h3>
          <ul>
            {a.versions.map((v) => (
              <li key={v.version}>
                Version {v.version}, {formatDate(v.adoptedAt)}: <Link to={`/decisions/${v.decisionId}`}>{v.decisionTitle}</Link>{' '}
                <span className="muted">
                  ({v.components.length} components, {v.components.reduce((n, c) => n + c.criteria, 0)} criteria)
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

type Failed = (intent: string) => Record<string, string>

function ProposeSection({ a, failed, keep }: { a: Audit; failed: Failed; keep: (intent: string, name: string) => string | undefined }) {
  return (
    <section aria-labelledby="propose-heading">
      <h2 id="propose-heading">Propose a framework or a revision</h2>
      <p className="hint">Each is a proposal to the group; the framework changes only when the group’s decision passes.</p>
      {a.templates.length > 0 ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="adopt" />
          <Choice
            name="templateSlug"
            idPrefix="adopt"
            legend={a.framework ? 'Start again from a shipped framework' : 'Start from a shipped framework'}
            options={a.templates.map((t) => ({ value: t.slug, label: t.name, hint: t.summary }))}
            defaultValue={keep('adopt', 'templateSlug')}
            error={failed('adopt').templateSlug}
          />
          <button type="submit" className="secondary">
            Propose to the group
          </button>
        </Form>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="revise" />
        <Field
          name="framework"
          idPrefix="revise"
          label={a.framework ? 'Revise the framework' : 'Write the group’s own framework'}
          hint="A line “# Name | description” for each component, and under it a line “- …” for each criterion of competence. Keep the [key] in brackets when you reword an item, so earlier records still read against it; leave it out on a new line."
          multiline
          rows={14}
          defaultValue={keep('revise', 'framework') ?? a.framework?.text ?? ''}
          error={failed('revise').framework}
        />
        <Field
          name="why"
          idPrefix="revise"
          label="Why (optional)"
          multiline
          rows={2}
          defaultValue={keep('revise', 'why')}
          error={failed('revise').why}
        />
        <button type="submit" className="secondary">
          Propose to the group
        </button>
      </Form>
    </section>
  )
}

function RecordsSection({ a, groupId }: { a: Audit; groupId: string }) {
  return (
    <>
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">My records</h2>
        <p className="hint">Yours alone until you share one with the audit group. The facilitator does not see them either.</p>
        {a.mine.length === 0 ? (
          <p>You have not recorded a self-assessment here yet.</p>
        ) : (
          <ul>
            {a.mine.map((r) => (
              <li key={r.id}>
                <Link to={`/groups/${groupId}/audit/${r.id}`}>
                  {formatDate(r.practisedOn)}: {r.occasion}
                </Link>{' '}
                <span className="muted">({r.sharingLabel})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="shared-heading">
        <h2 id="shared-heading">Shared with the audit group</h2>
        {a.shared.length === 0 ? (
          <p>No one else has shared a record with the group yet.</p>
        ) : (
          <ul>
            {a.shared.map((r) => (
              <li key={r.id}>
                <Link to={`/groups/${groupId}/audit/${r.id}`}>
                  {r.writerName}, {formatDate(r.practisedOn)}: {r.occasion}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

function NewAssessment({ a, errors, values }: { a: Audit; errors: Record<string, string>; values: Record<string, string> }) {
  const f = a.framework!
  return (
    <section aria-labelledby="assess-heading">
      <h2 id="assess-heading">Record a self-assessment</h2>
      <p className="hint">
        Against version {f.version} of the framework. Assess the criteria this occasion called on; leave the others at “Not assessed”.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="assess" />
        <AssessmentFields idPrefix="assess" components={f.components} scale={f.scale} values={values} errors={errors} day={a.today} />
        <button type="submit">Keep this record (private to you)</button>
      </Form>
    </section>
  )
}

function MeetingsSection({ a, errors, keep }: { a: Audit; errors: Record<string, string>; keep: (name: string) => string | undefined }) {
  return (
    <section aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">Audit meetings</h2>
      <p className="hint">The audit group meets to present its members’ shared records and process them by self and peer assessment.</p>
      {a.meetings.length === 0 ? (
        <p>None scheduled yet.</p>
      ) : (
        <ul>
          {a.meetings.map((m) => (
            <li key={m.id}>
              {formatDate(m.heldOn)}: {m.title}
              {m.createdByName ? <span className="muted"> (scheduled by {m.createdByName})</span> : null}
            </li>
          ))}
        </ul>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="meeting" />
        <Field
          name="heldOn"
          idPrefix="meeting"
          label="Schedule a meeting: the day"
          type="date"
          defaultValue={keep('heldOn')}
          error={errors.heldOn}
        />
        <Field name="title" idPrefix="meeting" label="Title" defaultValue={keep('title')} error={errors.title} />
        <button type="submit" className="secondary">
          Schedule it
        </button>
      </Form>
    </section>
  )
}
