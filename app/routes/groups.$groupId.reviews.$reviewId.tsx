import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Choice, Field, FormError, useFormFailure } from '~/components/form'
import { formatDate } from '~/utils/format'
import {
  AGENDA_KIND_LABELS,
  AGENDA_KINDS,
  AgendaItemSchema,
  ItemNoteSchema,
  MoveItemSchema,
  OUTCOME_LABELS,
  OUTCOMES,
  OutcomeSchema,
} from '~/features/peer-review/peer-review.schema'
import { chooseOutcome, finishClientTurn, getPeerReview, moveItem, noteItem, raiseItem } from '~/features/peer-review/peer-reviews.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Peer review — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  const reviewId = requireParam(params, 'reviewId')
  return runLoader(async () => json(await getPeerReview(getDb(), user, groupId, reviewId)))
}

const IntentSchema = z.object({ intent: z.enum(['raise', 'finish', 'move', 'note', 'outcome'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  const reviewId = requireParam(params, 'reviewId')
  const here = `/groups/${groupId}/reviews/${reviewId}`
  return runAction(request, async (form) => {
    const db = getDb()
    const { intent } = parseWith(IntentSchema, form.values)
    switch (intent) {
      case 'raise':
        await raiseItem(db, user, groupId, reviewId, parseWith(AgendaItemSchema, form.values))
        break
      case 'finish':
        await finishClientTurn(db, user, groupId, reviewId)
        break
      case 'move':
        await moveItem(db, user, groupId, reviewId, parseWith(MoveItemSchema, form.values))
        break
      case 'note':
        await noteItem(db, user, groupId, reviewId, parseWith(ItemNoteSchema, form.values))
        break
      case 'outcome':
        await chooseOutcome(db, user, groupId, reviewId, parseWith(OutcomeSchema, form.values))
        break
    }
    return redirect(here)
  })
}

export default function PeerReviewPage() {
  const page = useLoaderData<typeof loader>()
  const { group, role, review, consent, items, myItemCount, itemLimit, myChoice, otherHasChosen, choices } = page
  const { errors, values, formError } = useFormFailure()
  const open = review.status === 'open'
  const clientDone = review.clientTurn !== 'raising'
  const canRaise = open && consent.current && myItemCount < itemLimit
  return (
    <article>
      <p>
        <Link to={`/groups/${group.id}/pair`}>← Our work together</Link>
      </p>
      <h1>Peer review {review.number}</h1>
      <p className="muted">
        Opened {formatDate(review.openedAt)}
        {review.closedAt ? `, closed ${formatDate(review.closedAt)}` : ''}.
      </p>
      {!consent.current && open ? (
        <p className="warning" role="status">
          {consent.reason}
        </p>
      ) : null}
      <FormError message={formError} />

      {open && !clientDone ? (
        <p className="notice" role="status">
          {role === 'client'
            ? 'You raise first. Your practitioner’s items stay hidden from you until you submit yours (or pass), so you are not anchored by their view.'
            : 'The client raises first. You can prepare your items now; the client sees them only after submitting their own, and you see theirs then.'}
        </p>
      ) : null}

      <section aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">Agenda{!clientDone ? ' (your items so far)' : ''}</h2>
        {open && clientDone && role === 'client' && items.length > 1 ? (
          <p className="muted">Your items are put first; move any item up or down to take them in the order you choose.</p>
        ) : null}
        {items.length === 0 ? (
          <p>No items yet.</p>
        ) : (
          <ol className="stack" style={{ paddingLeft: '1.25rem' }}>
            {items.map((item, index) => (
              <li key={item.id} className="card" data-testid="agenda-item">
                <p className="record-meta">
                  {AGENDA_KIND_LABELS[item.kind].label} · raised by {item.raisedByName} ({item.raisedAs}){item.isMine ? ' — you' : ''}
                </p>
                <p className="record-text">{item.text}</p>
                {item.note ? (
                  <p>
                    <strong>Note:</strong> {item.note} <span className="muted">({item.noteByName})</span>
                  </p>
                ) : null}
                {open && clientDone && consent.current ? (
                  <div className="actions">
                    {role === 'client' ? (
                      <>
                        {index > 0 ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="move" />
                            <input type="hidden" name="itemId" value={item.id} />
                            <input type="hidden" name="direction" value="up" />
                            <button type="submit" className="link-button" aria-label={`Move “${item.text.slice(0, 40)}” up`}>
                              Move up
                            </button>
                          </Form>
                        ) : null}
                        {index < items.length - 1 ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="move" />
                            <input type="hidden" name="itemId" value={item.id} />
                            <input type="hidden" name="direction" value="down" />
                            <button type="submit" className="link-button" aria-label={`Move “${item.text.slice(0, 40)}” down`}>
                              Move down
                            </button>
                          </Form>
                        ) : null}
                      </>
                    ) : null}
                    <details>
                      <summary>{item.note ? 'Edit the note' : 'Add a note: what was said, what will change'}</summary>
                      <Form method="post" noValidate>
                        <input type="hidden" name="intent" value="note" />
                        <input type="hidden" name="itemId" value={item.id} />
                        <div className="field">
                          <label htmlFor={`note-${item.id}`}>Note on this item</label>
                          <textarea
                            id={`note-${item.id}`}
                            name="note"
                            rows={2}
                            defaultValue={values.itemId === item.id ? values.note : (item.note ?? '')}
                          />
                          {values.itemId === item.id && errors.note ? <p className="field-error">{errors.note}</p> : null}
                        </div>
                        <button type="submit" className="secondary">
                          Save note
                        </button>
                      </Form>
                    </details>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        {canRaise ? (
          <Form method="post" noValidate className="card">
            <input type="hidden" name="intent" value="raise" />
            <h3>
              Raise an item ({myItemCount} of at most {itemLimit})
            </h3>
            <Choice
              name="kind"
              legend="Kind"
              defaultValue={values.kind}
              error={errors.kind}
              options={AGENDA_KINDS.map((k) => ({ value: k, label: AGENDA_KIND_LABELS[k].label, hint: AGENDA_KIND_LABELS[k].hint }))}
            />
            <Field name="text" label="What you want to raise" multiline rows={3} defaultValue={values.text} error={errors.text} />
            <button type="submit" className="secondary">
              Add to the agenda
            </button>
          </Form>
        ) : null}
        {open && role === 'client' && !clientDone && consent.current ? (
          <Form method="post">
            <input type="hidden" name="intent" value="finish" />
            <button type="submit">{myItemCount ? 'Submit my items' : 'Pass: I have nothing to raise first'}</button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">Outcome</h2>
        {review.outcome ? (
          <div className="card">
            <p>
              <strong>{OUTCOME_LABELS[review.outcome]}</strong>
            </p>
            {review.outcomeNote ? <p className="record-text">{review.outcomeNote}</p> : null}
            {choices.length ? (
              <ul>
                {choices.map((c) => (
                  <li key={c.role}>
                    The {c.role} chose: {OUTCOME_LABELS[c.outcome]}
                    {c.reason ? ` — ${c.reason}` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : open && clientDone && consent.current ? (
          <Form method="post" noValidate className="card">
            <input type="hidden" name="intent" value="outcome" />
            <p>
              Continuing, changing or pausing needs you both. Either of you may end the work, saying why. If you choose differently, the
              review closes as not agreed and the present arrangement stands.{' '}
              {otherHasChosen ? 'The other person has chosen; their choice shows once you have chosen too.' : ''}
            </p>
            <Choice
              name="outcome"
              legend="What should happen to the work?"
              defaultValue={values.outcome ?? myChoice?.outcome}
              error={errors.outcome}
              options={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
            />
            <Field
              name="reason"
              label="Why (needed to change or end)"
              multiline
              rows={2}
              defaultValue={values.reason ?? myChoice?.reason ?? ''}
              error={errors.reason}
            />
            <button type="submit">{myChoice ? 'Change my choice' : 'Give my choice'}</button>
          </Form>
        ) : open ? (
          <p className="muted">The outcome is decided once the agenda is open.</p>
        ) : null}
      </section>
    </article>
  )
}
