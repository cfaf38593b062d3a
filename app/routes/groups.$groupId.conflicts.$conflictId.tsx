import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmAction, useConfirmationPage, type AskFor } from '~/components/confirm-action'
import { Choice, Field, FormError, Select, useFormFailure } from '~/components/form'
import { HelpSchema, MoveOnSchema, NoteSchema, OutcomeSchema, SupporterSchema } from '~/features/conflicts/conflicts.schema'
import * as concerns from '~/features/conflicts/concerns.server'
import * as conflicts from '~/features/conflicts/conflicts.server'
import { OutcomeList } from '~/features/conflicts/components/outcome-list'
import { GroupHeader } from '~/features/groups/components/group-nav'
import { onceConfirmed } from '~/utils/confirm.server'
import { getDb } from '~/utils/db.server'
import { formatDate, formatDateTime } from '~/utils/format'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// One concern's record (issue 18 item 6): for those involved while its step is theirs, for the
// whole group once a step of the form brings it there; for anyone else it does not exist.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `A concern — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  const conflictId = requireParam(params, 'conflictId')
  return runLoader(async () =>
    json(await conflicts.getConflictPage(getDb(), user, groupId, conflictId), { headers: { 'Cache-Control': 'private, no-store' } }),
  )
}

const IntentSchema = z.object({
  intent: z.enum(['note', 'move', 'supporter', 'outcome', 'withdraw', 'help'], { message: 'Unknown action.' }),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  const conflictId = requireParam(params, 'conflictId')
  const here = `/groups/${groupId}/conflicts/${conflictId}`
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    const db = getDb()
    const v = form.values
    switch (intent) {
      case 'note':
        await concerns.addNote(db, user, groupId, conflictId, parseWith(NoteSchema, v))
        break
      case 'move':
        await concerns.moveOn(db, user, groupId, conflictId, parseWith(MoveOnSchema, v))
        break
      case 'supporter':
        await concerns.addSupporter(db, user, groupId, conflictId, parseWith(SupporterSchema, v))
        break
      case 'outcome':
        await concerns.closeConcern(db, user, groupId, conflictId, parseWith(OutcomeSchema, v))
        break
      case 'withdraw':
        return onceConfirmed(form, async () => {
          await concerns.withdrawConcern(db, user, groupId, conflictId)
          return redirect(here)
        })
      case 'help':
        return redirect(`/decisions/${await concerns.proposeHelp(db, user, groupId, conflictId, parseWith(HelpSchema, v))}`)
    }
    return redirect(here)
  })
}

const askWithdraw: AskFor = () => ({
  title: 'Withdraw this concern?',
  message: 'The concern closes as withdrawn. Its record stays, for those who read it now, and nothing more happens under the form.',
  verb: 'withdraw it',
})

export default function ConflictPage() {
  const data = useLoaderData<typeof loader>()
  const { group, concern, may } = data
  const { errors, values, formError } = useFormFailure()
  const failed = (intent: string) => (values.intent === intent ? errors : {})
  const keep = (intent: string, name: string) => (values.intent === intent ? values[name] : undefined)
  const confirming = useConfirmationPage({ withdraw: askWithdraw }, `/groups/${group.id}/conflicts/${concern.id}`)
  if (confirming) return confirming
  return (
    <article>
      <GroupHeader group={group} current="conflicts" title={concern.about} />
      <p className="muted">
        <Link to={`/groups/${group.id}/conflicts`}>All concerns and the group’s form</Link>
      </p>
      <FormError message={formError} />
      <p>
        Raised by {concern.raisedByName} on {formatDate(concern.createdAt)}, under version {concern.formVersion} of the group’s form.{' '}
        <strong>{concern.statusLabel}</strong>
        {concern.closedAt ? ` since ${formatDate(concern.closedAt)}` : ''}.
      </p>
      <p className="hint">
        {concern.groupReads
          ? 'The whole group reads this record: a step of the form brought it there. No one outside the group does.'
          : 'Only those involved read this record while its steps are theirs. No one else in the group, and no one outside it.'}
      </p>

      <section aria-labelledby="concern-heading">
        <h2 id="concern-heading">The concern</h2>
        <p className="record-text card">{concern.text}</p>
      </section>

      <section aria-labelledby="parties-heading">
        <h2 id="parties-heading">Those involved</h2>
        <ul>
          {data.parties.map((p) => (
            <li key={p.personId}>
              {p.displayName} ({p.role === 'raised' ? 'raised it' : p.role === 'named' ? 'named in it' : 'a supporter both chose'})
            </li>
          ))}
        </ul>
        {may.addSupporter && data.supporterCandidates.length > 0 ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="supporter" />
            <Select
              name="personId"
              label="Add a member both of you choose as a supporter"
              includeEmpty="Choose a member"
              options={data.supporterCandidates.map((m) => ({ value: m.personId, label: m.displayName }))}
              defaultValue={keep('supporter', 'personId')}
              error={failed('supporter').personId}
            />
            <button type="submit" className="secondary">
              Add the supporter
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">The steps</h2>
        <ol className="steps">
          {data.steps.map((s) => (
            <li key={s.key} aria-current={s.current ? 'step' : undefined}>
              <h3>
                {s.name} <span className="muted">({s.audienceLabel})</span>
                {s.current && concern.status === 'open' ? ' — the step it is at' : ''}
              </h3>
              {s.description ? <p className="hint">{s.description}</p> : null}
              {s.notes.map((n) => (
                <p key={n.id} className="record-text">
                  {n.byName} ({formatDateTime(n.at)}): {n.note}
                </p>
              ))}
            </li>
          ))}
        </ol>
        {may.note ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="note" />
            <Field
              name="note"
              idPrefix="note"
              label={`What happened at this step (${data.currentStep?.name ?? ''})`}
              multiline
              rows={4}
              defaultValue={keep('note', 'note')}
              error={failed('note').note}
            />
            <button type="submit" className="secondary">
              Add the note
            </button>
          </Form>
        ) : null}
        {may.moveOn && data.nextStep && data.currentStep ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="fromStep" value={data.currentStep.key} />
            {data.nextStep.audience === 'group' && !concern.groupReads ? (
              <p className="hint">The next step is with the whole group: from then on every member reads this whole record.</p>
            ) : null}
            <Field
              name="note"
              idPrefix="move"
              label="A last note of this step (optional)"
              multiline
              rows={3}
              defaultValue={keep('move', 'note')}
              error={failed('move').note ?? failed('move').fromStep}
            />
            <button type="submit" className="secondary">
              Move on to: {data.nextStep.name} ({data.nextStep.audienceLabel})
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">Outcome</h2>
        {concern.outcome ? (
          <>
            <p>
              <strong>{concern.outcome.label}.</strong> {concern.outcome.meaning}
            </p>
            {concern.outcome.note ? (
              <p className="record-text card">
                {concern.outcome.byName ? `${concern.outcome.byName}: ` : ''}
                {concern.outcome.note}
              </p>
            ) : null}
          </>
        ) : may.close ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="outcome" />
            <Choice
              name="outcome"
              idPrefix="outcome"
              legend="Close the concern: what it turned out to be"
              hint="The form separates an honourable difference, to be acknowledged and accommodated, from the other four. It may close at any step."
              defaultValue={keep('outcome', 'outcome')}
              options={data.outcomes.map((o) => ({ value: o.value, label: o.label, hint: o.meaning }))}
              error={failed('outcome').outcome}
            />
            <Field
              name="outcomeNote"
              idPrefix="outcome"
              label="How it was resolved"
              multiline
              rows={4}
              defaultValue={keep('outcome', 'outcomeNote')}
              error={failed('outcome').outcomeNote}
            />
            <button type="submit" className="secondary">
              Close the concern
            </button>
          </Form>
        ) : (
          <>
            <p>{concern.status === 'open' ? 'Not closed yet. Those involved close it with one of these:' : 'None was recorded.'}</p>
            {concern.status === 'open' ? <OutcomeList outcomes={data.outcomes} /> : null}
          </>
        )}
      </section>

      {data.helpRequests.length > 0 || (may.askHelp && data.links.length > 0) ? (
        <section aria-labelledby="help-heading">
          <h2 id="help-heading">Help from a link group</h2>
          {data.helpRequests.map((r) => (
            <div key={r.id} className="card">
              <p>
                Asked of <Link to={`/network/links/${r.linkId}/help`}>{r.otherName}</Link> on {formatDate(r.askedAt)}, with this summary:{' '}
                {r.summary}
              </p>
              <p>{r.answer ? `Their answer (${formatDate(r.answeredAt)}): ${r.answer}` : 'No answer yet.'}</p>
            </div>
          ))}
          {may.askHelp && data.links.length > 0 ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="help" />
              <p className="hint">
                The group decides whether to ask. The link group reads only the summary you write here, never this record, those involved or
                its outcome.
              </p>
              <Select
                name="linkId"
                label="The link group to ask"
                includeEmpty="Choose a link group"
                options={data.links.map((l) => ({ value: l.id, label: l.otherName }))}
                defaultValue={keep('help', 'linkId')}
                error={failed('help').linkId}
              />
              <Field
                name="summary"
                idPrefix="help"
                label="The summary they will read"
                multiline
                rows={4}
                defaultValue={keep('help', 'summary')}
                error={failed('help').summary}
              />
              <button type="submit" className="secondary">
                Propose to the group
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {may.withdraw ? (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">Withdraw the concern</h2>
          <ConfirmAction intent="withdraw" label="Withdraw this concern" buttonClassName="secondary" ask={askWithdraw} />
        </section>
      ) : null}
    </article>
  )
}
