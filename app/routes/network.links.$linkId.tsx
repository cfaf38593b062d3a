import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, useFormFailure } from '~/components/form'
import { addMeetingNote, answerLinkChallenge, getLinkPage, raiseLinkChallenge, scheduleJointMeeting } from '~/features/network/links.server'
import { ChallengeAnswerSchema, ChallengeSchema, MeetingNoteSchema, MeetingSchema } from '~/features/network/network.schema'
import { getDb } from '~/utils/db.server'
import { formatDate, formatDateTime } from '~/utils/format'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// A link between two groups (issue 18), for the members of those two groups only: joint meetings
// and the notes of them, and challenges one group raises to the other's standing-by process, with
// the answers. Validation is each group's own decision, made from its own page.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Link between ${data.ours.name} and ${data.theirs.name} — Co-operative inquiry` : 'Link — Co-operative inquiry' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const linkId = requireParam(params, 'linkId')
  return runLoader(async () => json(await getLinkPage(getDb(), user, linkId), { headers: { 'Cache-Control': 'private, no-store' } }))
}

const IntentSchema = z.object({ intent: z.enum(['meeting', 'note', 'challenge', 'answer'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const linkId = requireParam(params, 'linkId')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    const db = getDb()
    if (intent === 'meeting') await scheduleJointMeeting(db, user, linkId, parseWith(MeetingSchema, form.values))
    if (intent === 'note') await addMeetingNote(db, user, linkId, parseWith(MeetingNoteSchema, form.values))
    if (intent === 'challenge') await raiseLinkChallenge(db, user, linkId, parseWith(ChallengeSchema, form.values))
    if (intent === 'answer') await answerLinkChallenge(db, user, linkId, parseWith(ChallengeAnswerSchema, form.values))
    return redirect(`/network/links/${linkId}`)
  })
}

export default function LinkPage() {
  const data = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const active = data.link.status === 'active'
  return (
    <article>
      <p className="muted">
        <Link to={`/groups/${data.ours.id}/network`}>{data.ours.name} in the network</Link>
      </p>
      <h1>
        Link between {data.ours.name} and {data.theirs.name}
      </h1>
      <p className="hint">Shared between the two groups only. Each group validates the other’s standing-by process by its own decision.</p>
      <p>
        {active ? `Linked since ${formatDate(data.link.answeredAt)}.` : `This link is ${data.link.status}.`}
        {data.link.reason ? ` ${data.link.reason}` : ''}
      </p>
      {active ? (
        <p>
          <Link to={`/network/links/${data.link.id}/audits`}>Peer review audits shared with this link</Link>
          {' · '}
          <Link to={`/network/links/${data.link.id}/help`}>Requests for help with a concern</Link>
        </p>
      ) : null}
      <FormError message={formError} />

      <section aria-labelledby="validations-heading">
        <h2 id="validations-heading">Judgements</h2>
        {data.validations.length === 0 ? (
          <p>Neither group has judged the other’s standing-by process yet.</p>
        ) : (
          <ul>
            {data.validations.map((v) => (
              <li key={v.id}>
                {formatDate(v.decidedAt)}: {v.byGroupName} {v.verdict === 'validated' ? 'validated' : 'withheld validation of'}{' '}
                {v.ofGroupName}’s process
                {v.reasons ? `: “${v.reasons}”` : '.'}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="challenges-heading">
        <h2 id="challenges-heading">Challenges</h2>
        <p className="hint">
          Support and challenge: a group questions the other’s process, as a devil’s advocate does inside a group, and the other answers.
        </p>
        {data.challenges.map((c) => (
          <div key={c.id} className="card">
            <p>
              <strong>{c.byGroupName}</strong> ({c.raisedByName}, {formatDate(c.raisedAt)}): {c.text}
            </p>
            {c.answer ? (
              <p>
                Answer ({c.answeredByName}, {formatDate(c.answeredAt)}): {c.answer}
              </p>
            ) : c.toUs ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="answer" />
                <input type="hidden" name="challengeId" value={c.id} />
                <Field
                  name="answer"
                  idPrefix={`answer-${c.id}`}
                  label={`Answer for ${data.ours.name}`}
                  multiline
                  rows={3}
                  defaultValue={values.challengeId === c.id ? values.answer : ''}
                  error={values.challengeId === c.id ? errors.answer : undefined}
                />
                <button type="submit" className="secondary">
                  Answer
                </button>
              </Form>
            ) : (
              <p className="muted">Awaiting {data.theirs.name}’s answer.</p>
            )}
          </div>
        ))}
        {active ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="challenge" />
            <Field
              name="text"
              idPrefix="challenge"
              label={`Raise a challenge to ${data.theirs.name}’s process`}
              multiline
              rows={3}
              defaultValue={values.intent === 'challenge' ? values.text : ''}
              error={values.intent === 'challenge' ? errors.text : undefined}
            />
            <button type="submit" className="secondary">
              Raise it
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="meetings-heading">
        <h2 id="meetings-heading">Joint meetings</h2>
        {data.meetings.length === 0 ? <p>None scheduled yet.</p> : null}
        {data.meetings.map((m) => (
          <div key={m.id} className="card">
            <h3>
              {formatDateTime(m.startsAt)}, {m.place}
            </h3>
            <p className="muted">Scheduled by {m.byGroupName}.</p>
            {m.notes.map((n) => (
              <p key={n.id} className="record-text">
                {n.writtenByName} ({n.groupName}): {n.text}
              </p>
            ))}
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="note" />
              <input type="hidden" name="meetingId" value={m.id} />
              <Field
                name="note"
                idPrefix={`note-${m.id}`}
                label="Add a note of this meeting"
                multiline
                rows={3}
                error={values.meetingId === m.id ? errors.note : undefined}
              />
              <button type="submit" className="secondary">
                Add the note
              </button>
            </Form>
          </div>
        ))}
        {active ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="meeting" />
            <Field
              name="startsAt"
              idPrefix="meeting"
              label="Schedule a joint meeting: when (your time zone)"
              hint="Like 2026-12-10 14:30"
              defaultValue={values.intent === 'meeting' ? values.startsAt : ''}
              error={values.intent === 'meeting' ? errors.startsAt : undefined}
            />
            <Field
              name="place"
              idPrefix="meeting"
              label="Where"
              defaultValue={values.intent === 'meeting' ? values.place : ''}
              error={values.intent === 'meeting' ? errors.place : undefined}
            />
            <button type="submit" className="secondary">
              Schedule it
            </button>
          </Form>
        ) : null}
      </section>
    </article>
  )
}
