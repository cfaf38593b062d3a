import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmAction, useConfirmationPage, type AskFor } from '~/components/confirm-action'
import { Field, FormError, Select, useFormFailure } from '~/components/form'
import { GroupHeader } from '~/features/groups/components/group-nav'
import { AssessmentFields } from '~/features/peer-audit/components/assessment-fields'
import { LevelFields, ScaleList } from '~/features/peer-audit/components/level-fields'
import * as assessments from '~/features/peer-audit/assessments.server'
import { AssessmentSchema, PeerAssessmentSchema } from '~/features/peer-audit/peer-audit.schema'
import { onceConfirmed } from '~/utils/confirm.server'
import { getDb } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// One self-assessment (issue 18, item 5): for its writer, always; for the group's other members,
// only once shared. The writer edits or deletes it while private, shares it and takes it back,
// and consents (or not) to the link groups reading it. Peers assess what was shared.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Self-assessment — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  const assessmentId = requireParam(params, 'assessmentId')
  return runLoader(async () =>
    json(await assessments.getAssessmentPage(getDb(), user, groupId, assessmentId), { headers: { 'Cache-Control': 'private, no-store' } }),
  )
}

const INTENTS = ['update', 'delete', 'share', 'unshare', 'consent', 'withdraw-consent', 'peer'] as const
const IntentSchema = z.object({ intent: z.enum(INTENTS, { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  const assessmentId = requireParam(params, 'assessmentId')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    const db = getDb()
    const v = form.values
    const here = redirect(`/groups/${groupId}/audit/${assessmentId}`)
    switch (intent) {
      case 'update':
        await assessments.updateAssessment(db, user, groupId, assessmentId, v, parseWith(AssessmentSchema, v))
        return here
      case 'delete':
        return onceConfirmed(form, async () => {
          await assessments.deleteAssessment(db, user, groupId, assessmentId)
          return redirect(`/groups/${groupId}/audit`)
        })
      case 'peer':
        await assessments.givePeerAssessment(db, user, groupId, assessmentId, v, parseWith(PeerAssessmentSchema, v))
        return here
      default:
        await assessments.changeSharing(db, user, groupId, assessmentId, intent)
        return here
    }
  })
}

const askDelete: AskFor = () => ({
  title: 'Delete this self-assessment?',
  message: 'The record is deleted for good. No one else has read it: it is private to you.',
  verb: 'delete it',
})

export default function AssessmentPage() {
  const data = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const { group, assessment: a } = data
  const here = `/groups/${group.id}/audit/${a.id}`
  const confirming = useConfirmationPage({ delete: askDelete }, here)
  if (confirming) return confirming
  const failed = (intent: string) => (values.intent === intent ? errors : {})
  const scale = (level: number | null) => (level === null ? '—' : `${level} (${data.scale[level - 1]?.label ?? ''})`)
  const recordValues =
    values.intent === 'update'
      ? values
      : {
          practisedOn: a.practisedOn,
          occasion: a.occasion,
          reflection: a.reflection,
          ...Object.fromEntries(
            Object.entries(a.scores).flatMap(([key, s]) => [
              [`level.${key}`, String(s.level)],
              [`note.${key}`, s.note],
            ]),
          ),
        }
  return (
    <article>
      <GroupHeader group={group} current="audit" title={`Self-assessment: ${a.occasion}`} />
      <p className="muted">
        <Link to={`/groups/${group.id}/audit`}>Back to the peer review audit</Link>
      </p>
      <p>
        {a.mine ? 'Your record' : `${a.writerName}’s record`} of {formatDate(a.practisedOn)}, against version {a.frameworkVersion} of the
        framework. <strong>{a.sharingLabel}.</strong>
      </p>
      <FormError message={formError} />

      <section aria-labelledby="levels-heading">
        <h2 id="levels-heading">Levels, criterion by criterion</h2>
        <ScaleList scale={data.scale} />
        <table>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">{a.mine ? 'Your level' : 'Self'}</th>
              <th scope="col">Peers’ levels</th>
            </tr>
          </thead>
          <tbody>
            {data.comparison.map((c) => (
              <tr key={c.criterionKey}>
                <th scope="row">
                  <span className="muted">{c.componentName}: </span>
                  {c.text}
                  {c.note ? <p className="record-text">{c.note}</p> : null}
                </th>
                <td>{scale(c.self)}</td>
                <td>{c.peers.length ? c.peers.join(', ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="reflection-heading">
        <h2 id="reflection-heading">Reflection</h2>
        {a.reflection ? <p className="record-text card">{a.reflection}</p> : <p className="muted">No reflection written.</p>}
      </section>

      {a.mine ? <WriterControls data={data} errors={failed('update')} values={recordValues} /> : null}

      {a.sharing !== 'private' ? (
        <section aria-labelledby="peers-heading">
          <h2 id="peers-heading">Peer assessments</h2>
          {data.peerAssessments.length === 0 ? <p>No peer has assessed this record yet.</p> : null}
          {data.peerAssessments.map((p) => (
            <div key={p.id} className="card">
              <h3>
                {p.byName}
                {p.meetingTitle ? `, at “${p.meetingTitle}”` : ''}, {formatDate(p.createdAt)}
              </h3>
              <p className="record-text">{p.feedback}</p>
              {p.levels.length ? (
                <p className="muted">
                  Levels:{' '}
                  {p.levels
                    .map((l) => `${data.comparison.find((c) => c.criterionKey === l.criterionKey)?.text ?? l.criterionKey}: ${l.level}`)
                    .join('; ')}
                </p>
              ) : null}
            </div>
          ))}
          {data.canPeerAssess ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="peer" />
              <h3>Give your peer assessment</h3>
              <Field
                name="feedback"
                idPrefix="peer"
                label="Your feedback"
                hint="What you saw of this practice, and how it meets the criteria: informative first, then evaluative."
                multiline
                rows={4}
                defaultValue={values.intent === 'peer' ? values.feedback : ''}
                error={failed('peer').feedback}
              />
              {data.meetings.length ? (
                <Select
                  name="meetingId"
                  label="At which audit meeting (optional)"
                  includeEmpty="Not at a meeting"
                  options={data.meetings.map((m) => ({ value: m.id, label: `${formatDate(m.heldOn)}: ${m.title}` }))}
                  defaultValue={values.intent === 'peer' ? values.meetingId : ''}
                  error={failed('peer').meetingId}
                />
              ) : null}
              <LevelFields
                idPrefix="peer"
                components={data.components}
                scale={data.scale}
                values={values.intent === 'peer' ? values : {}}
                errors={failed('peer')}
                notes={false}
                none="No level from me"
              />
              <button type="submit" className="secondary">
                Give it
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </article>
  )
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

function WriterControls({ data, errors, values }: { data: Data; errors: Record<string, string>; values: Record<string, string> }) {
  const a = data.assessment
  const move = (intent: string, label: string, className = 'secondary') => (
    <Form method="post" noValidate className="actions">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={className}>
        {label}
      </button>
    </Form>
  )
  return (
    <>
      <section aria-labelledby="sharing-heading">
        <h2 id="sharing-heading">Who reads it</h2>
        {a.sharing === 'private' ? (
          <>
            <p>Only you. Share it with the audit group to present it at an audit meeting and have your peers assess it with you.</p>
            {move('share', 'Share with the audit group', '')}
          </>
        ) : (
          <>
            <p>
              The group’s members read it{a.sharedAt ? ` (shared ${formatDate(a.sharedAt)})` : ''}. Taking it back makes it yours alone
              again, and ends any consent for the link groups.
            </p>
            {move('unshare', 'Take it back (private again)')}
            {a.sharing === 'links' ? (
              <>
                <p>
                  You consent to the group’s link groups reading it (your name, the date, the occasion, your levels and your reflection; not
                  your peers’ assessments). Withdraw, and it is gone from their view at once.
                </p>
                {move('withdraw-consent', 'Withdraw my consent')}
              </>
            ) : (
              <>
                <p>
                  The group’s link groups do not read it. You may consent to their reading it, as evidence for your standing by: your name,
                  the date, the occasion, your levels and your reflection, not your peers’ assessments.
                </p>
                {move('consent', 'Consent to the link groups reading it')}
              </>
            )}
          </>
        )}
      </section>
      {a.sharing === 'private' ? (
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">Edit it</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="update" />
            <AssessmentFields idPrefix="edit" components={data.components} scale={data.scale} values={values} errors={errors} />
            <button type="submit">Save the changes</button>
          </Form>
          <ConfirmAction intent="delete" label="Delete this record" formClassName="actions" buttonClassName="danger" ask={askDelete} />
        </section>
      ) : null}
    </>
  )
}
