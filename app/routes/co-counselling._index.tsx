import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, Select, useFormFailure } from '~/components/form'
import { BookSessionSchema } from '~/features/co-counselling/co-counselling.schema'
import { bookSession, getCoCounsellingPage } from '~/features/co-counselling/co-counselling.server'
import { formatLength } from '~/features/co-counselling/core/turn-length'
import { getDb } from '~/utils/db.server'
import { parseWith, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// A person's co-counselling (issue 19): book a session with people they share a group with, or
// with participants of the network; their sessions; and their ledger of attention given and
// received, per partner and per month. Only the person sees this page's sessions and ledger.

export const meta: MetaFunction = () => [{ title: 'Co-counselling — Co-operative inquiry' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return runLoader(async () => json(await getCoCounsellingPage(getDb(), user)))
}

const IntentSchema = z.object({ intent: z.enum(['book'], { message: 'Unknown action.' }) })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  return runAction(request, async (form) => {
    parseWith(IntentSchema, form.values)
    const input = parseWith(BookSessionSchema, { ...form.values, partners: form.all('partners') })
    const id = await bookSession(getDb(), user, input)
    return redirect(`/co-counselling/sessions/${id}`)
  })
}

const balanceWords = (balance: number, balanced: boolean) =>
  balanced ? 'even' : balance > 0 ? `you received ${formatLength(balance)} more` : `you gave ${formatLength(-balance)} more`

export default function CoCounselling() {
  const data = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const chosen = new Set((values.partners ?? '').split(','))
  return (
    <article>
      <h1>Co-counselling</h1>
      <p className="lede">
        Take turns as client and counsellor, each with the same time. Only the time is kept, never what anyone works on.
      </p>
      <FormError message={formError} />

      <section aria-labelledby="book-heading">
        <h2 id="book-heading">Book a session</h2>
        {data.candidates.length === 0 ? (
          <p>
            You can book a session with people who share a group with you, or, once your group is in the network, with its participants.
          </p>
        ) : (
          <Form method="post" noValidate className="card">
            <input type="hidden" name="intent" value="book" />
            <Select
              name="through"
              label="Through"
              options={data.through}
              defaultValue={values.through ?? data.through[0]?.value}
              error={errors.through}
            />
            <fieldset className="field" aria-describedby={errors.partners ? 'book-partners-error' : undefined}>
              <legend>With</legend>
              <span className="hint">One person for a pair; two or more for a group, each with equal time as client.</span>
              {data.candidates.map((c) => (
                <div className="choice" key={c.personId}>
                  <input
                    type="checkbox"
                    id={`partner-${c.personId}`}
                    name="partners"
                    value={c.personId}
                    defaultChecked={chosen.has(c.personId)}
                  />
                  <label htmlFor={`partner-${c.personId}`}>
                    {c.displayName} <span className="muted">({c.where.join(', ')})</span>
                  </label>
                </div>
              ))}
              {errors.partners ? (
                <p className="field-error" id="book-partners-error">
                  {errors.partners}
                </p>
              ) : null}
            </fieldset>
            <Field
              name="startsAt"
              idPrefix="book"
              label="When"
              hint={`Your time zone: ${data.zone}.`}
              type="datetime-local"
              defaultValue={values.startsAt}
              error={errors.startsAt}
            />
            <Field
              name="minutesEach"
              idPrefix="book"
              label="Minutes each as client"
              type="number"
              min={5}
              max={180}
              defaultValue={values.minutesEach ?? '30'}
              error={errors.minutesEach}
            />
            <Field
              name="overrunMinutes"
              idPrefix="book"
              label="Minutes a turn may run over"
              type="number"
              min={0}
              max={60}
              defaultValue={values.overrunMinutes ?? '5'}
              error={errors.overrunMinutes}
            />
            <button type="submit">Book the session</button>
          </Form>
        )}
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Your sessions</h2>
        {data.upcoming.length + data.past.length === 0 ? <p>None yet.</p> : null}
        {data.upcoming.length > 0 ? (
          <>
            <h3>Booked</h3>
            <ul>
              {data.upcoming.map((s) => (
                <li key={s.id}>
                  <Link to={`/co-counselling/sessions/${s.id}`}>{s.when}</Link> with {s.with.join(', ')}, {s.minutesEach} min each
                  <span className="muted"> (through {s.through})</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {data.past.length > 0 ? (
          <>
            <h3>Held and cancelled</h3>
            <ul>
              {data.past.map((s) => (
                <li key={s.id}>
                  <Link to={`/co-counselling/sessions/${s.id}`}>{s.when}</Link> with {s.with.join(', ')}
                  {s.status === 'cancelled' ? ' (cancelled)' : ''}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">Your ledger of attention</h2>
        <p className="hint">
          Given: your attention while someone else was client. Received: theirs while you were. Only you see this; your groups see at most
          totals, if they decide to.
        </p>
        {data.ledger.partners.length === 0 ? (
          <p>Nothing yet: the ledger fills as turns are timed.</p>
        ) : (
          <>
            <table data-testid="ledger-partners">
              <caption>With each partner</caption>
              <thead>
                <tr>
                  <th scope="col">Partner</th>
                  <th scope="col">Given</th>
                  <th scope="col">Received</th>
                  <th scope="col">Balance</th>
                </tr>
              </thead>
              <tbody>
                {data.ledger.partners.map((p) => (
                  <tr key={p.personId}>
                    <th scope="row">{p.displayName}</th>
                    <td>{formatLength(p.given)}</td>
                    <td>{formatLength(p.received)}</td>
                    <td>{balanceWords(p.balance, p.balanced)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">All</th>
                  <td>{formatLength(data.ledger.total.given)}</td>
                  <td>{formatLength(data.ledger.total.received)}</td>
                  <td>{balanceWords(data.ledger.total.balance, data.ledger.total.balanced)}</td>
                </tr>
              </tfoot>
            </table>
            <table data-testid="ledger-months">
              <caption>By month</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Given</th>
                  <th scope="col">Received</th>
                </tr>
              </thead>
              <tbody>
                {data.ledger.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{m.label}</th>
                    <td>{formatLength(m.given)}</td>
                    <td>{formatLength(m.received)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              <a href="/co-counselling/ledger.csv" download>
                Download your ledger (CSV)
              </a>
            </p>
          </>
        )}
      </section>
    </article>
  )
}
