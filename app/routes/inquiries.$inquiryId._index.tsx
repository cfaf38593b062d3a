import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Field, FormError, useFormFailure } from '~/components/form'
import { formatDate, STATUS_LABELS } from '~/utils/format'
import { ProposalOptionsFields } from '~/features/decisions/components/proposal-options'
import { proposingWith } from '~/features/decisions/decisions.server'
import { Timeline } from '~/features/inquiries/components/timeline'
import { askStatusText } from '~/features/inquiries/core/guidance'
import { getDashboard } from '~/features/inquiries/dashboard.server'
import { MoveOnSchema } from '~/features/inquiries/inquiries.schema'
import { proposeMoveOn } from '~/features/inquiries/inquiries.server'
import { saveCheckIn } from '~/features/validity/check-ins.server'
import { CheckInSchema } from '~/features/validity/validity.schema'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.inquiry.title ?? 'Inquiry'} — Co-operative inquiry` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runLoader(async () => json(await getDashboard(getDb(), user, inquiryId)))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    if (form.values.intent === 'check-in') {
      await saveCheckIn(getDb(), user, inquiryId, parseWith(CheckInSchema, form.values))
      return redirect(`/inquiries/${inquiryId}#check-in`)
    }
    const move = parseWith(MoveOnSchema, form.values)
    const decisionId = await proposingWith(form.values, () => proposeMoveOn(getDb(), user, inquiryId, move))
    return redirect(`/decisions/${decisionId}`)
  })
}

const ROLE_TEXT = {
  'co-researcher': 'co-researchers: thinking together, designing, making sense',
  'co-subject': 'co-subjects: acting in your own practice and recording your experience',
} as const

export default function InquiryPage() {
  const data = useLoaderData<typeof loader>()
  const {
    inquiry,
    group,
    template,
    current,
    nextStep,
    skippable,
    members,
    timeline,
    openDecisions,
    openMove,
    closeBlock,
    checkIn,
    anonymity,
    guidance,
  } = data
  const anonymousBox = (step: string) => (
    <ProposalOptionsFields
      idPrefix={step}
      anonymity={anonymity}
      error={values.step === step ? errors.anonymousStances : undefined}
      defaultChecked={values.step === step && values.anonymousStances === 'on'}
    />
  )
  const myCheckIn = checkIn.checkIns.find((c) => c.isMine)
  const { errors, values, formError } = useFormFailure()
  const base = `/inquiries/${inquiry.id}`
  return (
    <article>
      <p>
        <Link to={`/groups/${group.id}`}>← {group.name}</Link>
      </p>
      <h1>{inquiry.title}</h1>
      <p className="lede">{inquiry.question}</p>
      <p className="muted">
        {template.name} · {STATUS_LABELS[inquiry.status]} · started {formatDate(inquiry.createdAt)}
        {members.length < template.groupSize.advisedMin
          ? ` · ${members.length} ${members.length === 1 ? 'member' : 'members'}; groups of ${template.groupSize.advisedMin}–${template.groupSize.advisedMax} work best`
          : ''}
      </p>
      <nav aria-label="Inquiry" className="actions">
        <Link className="button" to={`${base}/records`}>
          Records
        </Link>
        <Link className="button secondary" to={`${base}/plans`}>
          Plans and focus
        </Link>
        <Link className="button secondary" to={`${base}/themes`}>
          Themes
        </Link>
        <Link className="button secondary" to={`${base}/ratings`}>
          Ratings
        </Link>
        <Link className="button secondary" to={`${base}/analysis`}>
          Convergence and divergence
        </Link>
        {current ? (
          <Link className="button secondary" to={`${base}/cycles/${current.cycleNumber}/validity`}>
            Validity review
          </Link>
        ) : null}
        <Link className="button secondary" to={`${base}/challenges`}>
          Challenges
        </Link>
        <Link className="button secondary" to={`${base}/template`}>
          Our forms
        </Link>
        <Link className="button secondary" to={`${base}/export`}>
          Export findings
        </Link>
      </nav>
      <FormError message={formError} />

      {guidance ? (
        <section className="card" aria-labelledby="this-phase-heading" id="this-phase">
          <h2 id="this-phase-heading">This phase</h2>
          <p>
            <strong>
              Cycle {guidance.cycleNumber}, {guidance.phaseName}.
            </strong>{' '}
            {guidance.roleText}
          </p>
          {guidance.purpose ? <p>{guidance.purpose}</p> : null}
          <h3>What it asks of you</h3>
          {guidance.asks.length ? (
            <ul>
              {guidance.asks.map((ask) => (
                <li key={ask.key}>
                  <strong>{askStatusText(ask)}:</strong> {ask.text} <Link to={ask.link.href}>{ask.link.text}</Link>
                </li>
              ))}
            </ul>
          ) : (
            <p>Nothing just now.</p>
          )}
          <h3>What the group waits on</h3>
          {guidance.waits.length ? (
            <ul>
              {guidance.waits.map((wait) => (
                <li key={wait.key}>{wait.text}</li>
              ))}
            </ul>
          ) : (
            <p>Nothing: no one is waited on just now.</p>
          )}
        </section>
      ) : null}

      {current ? (
        <section className={`card phase-banner ${current.kind}`} aria-labelledby="now-heading">
          <h2 id="now-heading">
            Now: cycle {current.cycleNumber}, {current.name} <span className={`badge ${current.kind}`}>{current.kind}</span>
          </h2>
          <p>
            You are all <strong>{ROLE_TEXT[current.role]}</strong>.
          </p>
          {current.focus ? <p>Focus of this cycle: {current.focus}</p> : null}
          <p>{current.description}</p>
          <h3>What this phase asks</h3>
          <ul>
            {current.prompts.map((prompt) => (
              <li key={prompt}>{prompt}</li>
            ))}
          </ul>
        </section>
      ) : (
        <section className="card">
          <h2>This inquiry has concluded</h2>
          <p>Concluded on {formatDate(inquiry.concludedAt)}.</p>
        </section>
      )}

      {checkIn.open ? (
        <section aria-labelledby="check-in-heading" id="check-in">
          <h2 id="check-in-heading">Check-in</h2>
          <p>
            Before the work, each of us says briefly how we are. If something is up for you that needs time, say so: the group makes room
            for it before going on.
          </p>
          {checkIn.checkIns.length ? (
            <ul>
              {checkIn.checkIns.map((c) => (
                <li key={c.personId}>
                  <strong>
                    {c.displayName}
                    {c.isMine ? ' (you)' : ''}:
                  </strong>{' '}
                  {c.text}
                  {c.needsTime ? (
                    <>
                      {' '}
                      <span className="badge private">needs time</span>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No one has checked in yet.</p>
          )}
          <Form method="post" noValidate className="card">
            <input type="hidden" name="intent" value="check-in" />
            <Field
              name="text"
              label={myCheckIn ? 'Update your check-in' : 'How are you?'}
              multiline
              rows={2}
              defaultValue={values.intent === 'check-in' ? values.text : (myCheckIn?.text ?? '')}
              error={values.intent === 'check-in' ? errors.text : undefined}
            />
            <div className="field choice">
              <input
                type="checkbox"
                id="field-needsTime"
                name="needsTime"
                defaultChecked={values.intent === 'check-in' ? values.needsTime === 'on' : myCheckIn?.needsTime}
              />
              <label htmlFor="field-needsTime">Something is up for me that needs time</label>
            </div>
            <button type="submit" className="secondary">
              Check in
            </button>
          </Form>
          <p className="muted">Check-ins stay within the group and are never exported.</p>
        </section>
      ) : null}

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members and their role now</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role now</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.personId}>
                <td>
                  {m.displayName}
                  {m.isFacilitator ? ' (facilitator)' : ''}
                  {m.pairRole ? ` (${m.pairRole})` : ''}
                </td>
                <td>{m.roleNow ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Open decisions</h2>
        {openDecisions.length === 0 ? (
          <p>None open.</p>
        ) : (
          <ul>
            {openDecisions.map((d) => (
              <li key={d.id}>
                <Link to={`/decisions/${d.id}`}>{d.title}</Link> <span className="muted">proposed by {d.proposedByName}</span>
              </li>
            ))}
          </ul>
        )}
        {current && !openMove && closeBlock && nextStep?.type !== 'phase' ? (
          <p className="card" data-testid="close-block">
            {closeBlock} <Link to={`${base}/cycles/${current.cycleNumber}/validity`}>Go to the validity review</Link>
          </p>
        ) : current && nextStep && !openMove ? (
          <Form method="post" noValidate className="card">
            <h3>Propose moving on</h3>
            <p>Moving on is a decision of the group. Propose it when you are ready; it happens when the group agrees.</p>
            <input type="hidden" name="step" value="next" />
            <Field name="reason" label="Why now? (optional)" multiline rows={2} defaultValue={values.reason} error={errors.reason} />
            {anonymousBox('next')}
            <div className="actions">
              <button type="submit">Propose: {nextStep.type === 'phase' ? `move to ${nextStep.name}` : `begin ${nextStep.name}`}</button>
              {skippable && !(skippable.closesCycle && closeBlock) ? (
                <button type="submit" name="skipOptional" value="on" className="secondary">
                  Propose: skip {skippable.name}, move to {skippable.then}
                </button>
              ) : null}
            </div>
          </Form>
        ) : null}
        {openMove ? (
          <p>
            A proposal to move on is open: <Link to={`/decisions/${openMove.id}`}>{openMove.title}</Link>.
          </p>
        ) : null}
        {current && !openMove && !(closeBlock && nextStep?.type !== 'phase') ? (
          <details>
            <summary>Propose concluding the inquiry</summary>
            {closeBlock ? (
              <p>{closeBlock}</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="step" value="conclude" />
                <p>
                  After {timeline.length} {timeline.length === 1 ? 'cycle' : 'cycles'} (the template recommends at least{' '}
                  {template.recommendedMinCycles}).
                </p>
                {anonymousBox('conclude')}
                <button type="submit" className="secondary">
                  Propose concluding
                </button>
              </Form>
            )}
          </details>
        ) : null}
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <Timeline cycles={timeline} inquiryId={inquiry.id} />
      </section>
    </article>
  )
}
