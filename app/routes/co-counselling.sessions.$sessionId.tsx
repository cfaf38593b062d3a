import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Choice, Field, FormError, Select, useFormFailure } from '~/components/form'
import {
  ContractSchema,
  DeleteNoteSchema,
  NoteSchema,
  StartTurnSchema,
  StopTurnSchema,
  TurnSchema,
} from '~/features/co-counselling/co-counselling.schema'
import { TurnTimer } from '~/features/co-counselling/components/turn-timer'
import * as sessions from '~/features/co-counselling/sessions.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// One co-counselling session, for the people in it alone (issue 19): anyone else is told it does
// not exist. The timer page: whose turn, the contract, start and stop, "tell the time", the
// counsellor's interruption, and each person's own private note. Nothing a client works on has a
// field here: the private note is the one text, and only its writer reads it.

export const meta: MetaFunction = () => [{ title: 'Co-counselling session — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const sessionId = requireParam(params, 'sessionId')
  return runLoader(async () => json(await sessions.getSessionPage(getDb(), user, sessionId)))
}

const INTENTS = ['start', 'stop', 'contract', 'interrupt', 'signal', 'note', 'delete-note', 'cancel'] as const
const IntentSchema = z.object({ intent: z.enum(INTENTS, { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const sessionId = requireParam(params, 'sessionId')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    const db = getDb()
    const v = form.values
    const back = redirect(`/co-counselling/sessions/${sessionId}`)
    switch (intent) {
      case 'start':
        await sessions.startTurn(db, user, sessionId, parseWith(StartTurnSchema, v))
        return back
      case 'stop':
        await sessions.stopTurn(db, user, sessionId, parseWith(StopTurnSchema, v))
        return back
      case 'contract':
        await sessions.changeContract(db, user, sessionId, parseWith(ContractSchema, v))
        return back
      case 'interrupt':
        await sessions.interruptTurn(db, user, sessionId, parseWith(TurnSchema, v).turnId)
        return back
      case 'signal':
        return json({ told: await sessions.tellTime(db, user, sessionId, parseWith(TurnSchema, v).turnId) })
      case 'note':
        await sessions.saveNote(db, user, sessionId, parseWith(NoteSchema, v))
        return back
      case 'delete-note':
        await sessions.deleteNote(db, user, sessionId, parseWith(DeleteNoteSchema, v))
        return back
      case 'cancel':
        await sessions.cancelSession(db, user, sessionId)
        return redirect('/co-counselling')
    }
  })
}

export default function CoCounsellingSession() {
  const data = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const told = (useActionData() as { told?: string } | undefined)?.told
  const { session, running, next } = data
  const failed = (intent: string) => (values.intent === intent ? errors : {})
  return (
    <article>
      <p className="muted">
        <Link to="/co-counselling">Co-counselling</Link> · through {session.through}
      </p>
      <h1>Session on {session.when}</h1>
      <FormError message={formError} />

      <section aria-labelledby="equal-heading">
        <h2 id="equal-heading">Equal time</h2>
        <p>
          Each of you has {session.minutesEach} minutes as client; a turn may run {session.overrunMinutes} minutes over.
          {session.status === 'cancelled'
            ? ' This session was cancelled.'
            : session.status === 'done'
              ? ' Everyone has had their turn.'
              : ''}
        </p>
        <table>
          <caption className="visually-hidden">Each person’s time as client</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Time as client</th>
            </tr>
          </thead>
          <tbody>
            {data.people.map((p) => (
              <tr key={p.personId}>
                <th scope="row">{p.displayName}</th>
                <td>{p.asClient}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {running ? (
        <section aria-labelledby="turn-heading">
          <h2 id="turn-heading">
            {running.iAmClient ? 'Your turn as client' : `${running.client}’s turn as client`}, {running.counsellor} keeping time
          </h2>
          <TurnTimer
            turnId={running.id}
            startedAt={running.startedAt}
            serverNow={running.serverNow}
            bookedSeconds={running.bookedSeconds}
            canKeepTime={running.canKeepTime}
            told={told}
            minutes={values.intent === 'stop' && errors.minutes ? { value: values.minutes ?? '', error: errors.minutes } : undefined}
          />
          <p>
            Contract now: <strong data-testid="contract-now">{data.contracts.find((c) => c.value === running.contract)?.label}</strong>.
            {running.interruptedBy ? ` Interrupted by ${running.interruptedBy}.` : ''}
          </p>
          {running.canKeepTime ? (
            <Form method="post" noValidate className="card">
              <input type="hidden" name="intent" value="contract" />
              <input type="hidden" name="turnId" value={running.id} />
              <Choice
                name="contract"
                idPrefix="change"
                legend="The client changes the contract"
                options={data.contracts.filter((c) => c.value !== running.contract)}
                error={failed('contract').contract}
              />
              <button type="submit" className="secondary">
                Change the contract
              </button>
            </Form>
          ) : null}
          {running.canInterrupt ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="interrupt" />
              <input type="hidden" name="turnId" value={running.id} />
              <p className="hint">
                If what the client works on restimulates you too much to give attention, you may interrupt. Only that you did, and when, is
                kept.
              </p>
              <button type="submit" className="danger">
                Interrupt: I cannot give attention
              </button>
            </Form>
          ) : null}
        </section>
      ) : next ? (
        <section aria-labelledby="next-heading">
          <h2 id="next-heading">{next.iAmClient ? 'Your turn as client is next' : `${next.client}’s turn as client is next`}</h2>
          <Form method="post" noValidate className="card">
            <input type="hidden" name="intent" value="start" />
            <Choice
              name="contract"
              idPrefix="start"
              legend={next.iAmClient ? 'Your contract' : `${next.client}’s contract`}
              hint="The client chooses; they may change it during the turn."
              options={data.contracts}
              defaultValue={values.intent === 'start' ? values.contract : undefined}
              error={failed('start').contract}
            />
            {next.counsellors.length > 1 ? (
              <Select
                name="counsellorId"
                label="The counsellor the client chooses (keeps time)"
                options={next.counsellors.map((c) => ({ value: c.personId, label: c.displayName }))}
                defaultValue={values.intent === 'start' ? values.counsellorId : next.defaultCounsellorId}
                error={failed('start').counsellorId}
              />
            ) : null}
            <button type="submit">Start the turn</button>
          </Form>
        </section>
      ) : null}

      {data.turns.length > 0 ? (
        <section aria-labelledby="turns-heading">
          <h2 id="turns-heading">Turns</h2>
          <ol>
            {data.turns.map((t) => (
              <li key={t.id} className="card">
                <p>
                  <strong>{t.client}</strong> as client, {t.counsellor} counselling. Began {t.startedAt}.{' '}
                  {t.length ? `Lasted ${t.length}.` : 'Running.'}
                </p>
                <p>
                  Contract: {t.contract}
                  {t.changes.map((c) => `; changed to ${c.contract} at ${c.at}`).join('')}.
                </p>
                {t.interruptedBy ? (
                  <p>
                    Interrupted by {t.interruptedBy} at {t.interruptedAt}.
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="note-heading">
        <h2 id="note-heading">Your private note</h2>
        <p className="hint">
          For you alone: no one else in the session, no group and no export ever sees it. What you work on as client is not kept anywhere
          else.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="note" />
          {data.note ? <input type="hidden" name="noteId" value={data.note.id} /> : null}
          <Field
            name="text"
            idPrefix="note"
            label="Your private note"
            multiline
            rows={4}
            defaultValue={values.intent === 'note' ? values.text : (data.note?.text ?? '')}
            error={failed('note').text}
          />
          <button type="submit" className="secondary">
            Keep my note
          </button>
        </Form>
        {data.note ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="delete-note" />
            <input type="hidden" name="noteId" value={data.note.id} />
            <p className="muted">Last written {data.note.updatedAt}.</p>
            <button type="submit" className="danger">
              Delete my note
            </button>
          </Form>
        ) : null}
      </section>

      {data.canCancel ? (
        <section aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">Call the session off</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="danger">
              Cancel the session
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  )
}
