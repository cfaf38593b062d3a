import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Choice, Field, FormError, Select, useFormFailure } from '~/components/form'
import { formatDate } from '~/utils/format'
import { HAZARD_LABELS, RESOLUTION_LABELS } from '~/features/challenges/challenges.schema'
import { ProposalOptionsFields } from '~/features/decisions/components/proposal-options'
import { proposalAnonymity, proposingWith } from '~/features/decisions/decisions.server'
import { IndicatorAnswers } from '~/features/validity/components/indicator-answers'
import { IndicatorGuide } from '~/features/validity/components/indicator-guide'
import { IndicatorHistory } from '~/features/validity/components/indicator-history'
import { ProcedureJudgements } from '~/features/validity/components/procedure-judgements'
import { readingOf, StatusBadge, VerdictAndRule } from '~/features/validity/components/indicator-verdict'
import {
  DevilsAdvocateSchema,
  IndicatorAnswerSchema,
  JUDGEMENT_LABELS,
  JUDGEMENTS,
  JudgementSchema,
} from '~/features/validity/validity.schema'
import {
  answerIndicator,
  getValidityReview,
  judgeProcedure,
  parseCycleNumber,
  proposeAdoptValidityReview,
  proposeDevilsAdvocate,
} from '~/features/validity/validity.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Validity review — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runLoader(async () =>
    json({
      ...(await getValidityReview(getDb(), user, inquiryId, parseCycleNumber(params.cycleNumber))),
      anonymity: await proposalAnonymity(getDb(), inquiryId),
    }),
  )
}

const IntentSchema = z.object({ intent: z.enum(['judge', 'answer', 'adopt', 'devils-advocate'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    const cycleNumber = parseCycleNumber(params.cycleNumber)
    const { intent } = parseWith(IntentSchema, form.values)
    const db = getDb()
    if (intent === 'judge') {
      await judgeProcedure(db, user, inquiryId, cycleNumber, parseWith(JudgementSchema, form.values))
      return redirect(`/inquiries/${inquiryId}/cycles/${cycleNumber}/validity#procedure-${form.values.procedureKey ?? ''}`)
    }
    if (intent === 'answer') {
      const { indicatorKey } = await answerIndicator(db, user, inquiryId, cycleNumber, parseWith(IndicatorAnswerSchema, form.values))
      return redirect(`/inquiries/${inquiryId}/cycles/${cycleNumber}/validity#answer-${indicatorKey}`)
    }
    const personId = intent === 'adopt' ? null : parseWith(DevilsAdvocateSchema, form.values).personId
    const decisionId = await proposingWith(form.values, () =>
      personId === null
        ? proposeAdoptValidityReview(db, user, inquiryId, cycleNumber)
        : proposeDevilsAdvocate(db, user, inquiryId, cycleNumber, personId),
    )
    return redirect(`/decisions/${decisionId}`)
  })
}

export default function ValidityPage() {
  const review = useLoaderData<typeof loader>()
  const {
    inquiry,
    cycle,
    summary,
    indicators,
    memberCount,
    procedures,
    challenges,
    canJudge,
    missingRequired,
    adoptDecisionId,
    devilsAdvocate,
    history,
    anonymity,
    answers,
  } = review
  const { errors, values, formError } = useFormFailure()
  const base = `/inquiries/${inquiry.id}`
  const open = challenges.filter((c) => !c.resolution || c.resolution === 'left_open')
  return (
    <article>
      <p>
        <Link to={base}>← {inquiry.title}</Link>
      </p>
      <h1>Validity review — cycle {cycle.number}</h1>
      <p className="lede">{summary.sentence}</p>
      <p>
        {cycle.reviewAdoptedAt
          ? `The group adopted this review on ${formatDate(cycle.reviewAdoptedAt)}.`
          : cycle.inSenseMaking
            ? 'Each member judges each procedure below, then the group adopts the review by a decision. The cycle cannot close before.'
            : cycle.closed
              ? 'This cycle closed.'
              : 'The review is held in this cycle’s sense-making phase.'}
      </p>
      <FormError message={formError} />

      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">What the platform computed</h2>
        <div className="table-wrap" role="region" aria-labelledby="indicators-caption" tabIndex={0}>
          <table>
            <caption id="indicators-caption" className="muted">
              Indicators of cycle {cycle.number}, each with why it has its status and the rule it follows
            </caption>
            <thead>
              <tr>
                <th scope="col">Indicator</th>
                <th scope="col">Value</th>
                <th scope="col">Status</th>
                <th scope="col">Why, and the rule</th>
                <th scope="col">Reading</th>
                <th scope="col">The group’s answer</th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((i) => {
                const answering = values.intent === 'answer' && values.indicatorKey === i.key
                return (
                  <tr key={i.key} className={`indicator-${i.status === 'n/a' ? 'na' : i.status}`}>
                    <th scope="row">{i.name}</th>
                    <td>{i.display}</td>
                    <td>
                      <StatusBadge status={i.status} />
                    </td>
                    <td>
                      <VerdictAndRule indicator={i} />
                    </td>
                    <td>{readingOf(i)}</td>
                    <td>
                      <IndicatorAnswers
                        indicatorKey={i.key}
                        indicatorName={i.name}
                        status={i.status}
                        answers={answers.list.filter((a) => a.indicatorKey === i.key)}
                        answerable={answers.answerable.includes(i.key)}
                        error={answering ? (errors.note ?? errors.indicatorKey) : undefined}
                        keptNote={answering ? values.note : undefined}
                      />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        <p className="muted">
          {answers.closedReason ??
            'Beside a warning or an alert, a member can say “we looked at this”, with a note of what the group made of it; a later answer adds to the earlier ones. An indicator that does not warn has nothing to answer.'}
        </p>
        <IndicatorGuide indicators={indicators} inquiryId={inquiry.id} cycleNumber={cycle.number} />
      </section>

      <section aria-labelledby="procedures-heading">
        <h2 id="procedures-heading">Each member’s judgement</h2>
        <p>
          Each member judges each procedure for themselves; nobody’s judgement replaces anyone else’s. Below each question are how the
          group’s {memberCount} {memberCount === 1 ? 'member' : 'members'} judged it and what each said
          {canJudge ? ', and your own judgement, which you can change until the review is adopted' : ''}. A required procedure counts as
          judged once at least one member has judged it.
        </p>
        {values.intent === 'judge' && errors.procedureKey && !procedures.some((p) => p.key === values.procedureKey) ? (
          <p className="field-error" role="alert">
            {errors.procedureKey}
          </p>
        ) : null}
        {procedures.map((p) => {
          const kept = values.intent === 'judge' && values.procedureKey === p.key
          const alerts = p.evidence.filter((e) => e.status === 'alert').length
          return (
            <section key={p.key} id={`procedure-${p.key}`} className="card" aria-labelledby={`procedure-${p.key}-heading`}>
              <h3 id={`procedure-${p.key}-heading`}>
                {p.name}
                {p.required ? ' (required)' : ''}
              </h3>
              <p>
                <strong>{p.question}</strong>
              </p>
              {p.evidence.length ? (
                <ul>
                  {p.evidence.map((e) => (
                    <li key={e.key}>
                      <StatusBadge status={e.status} /> {readingOf(e) === '—' ? null : readingOf(e)} <VerdictAndRule indicator={e} />
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">The platform computes nothing for this one: it is the group’s own reading.</p>
              )}
              <ProcedureJudgements procedureName={p.name} spread={p.spread} judgements={p.judgements} memberCount={memberCount} />
              {p.spread.met > 0 && alerts > 0 ? (
                <p className="warning">
                  {p.spread.met === 1 ? 'A member' : `${p.spread.met} members`} judged this met, but{' '}
                  {alerts === 1 ? 'an indicator above raises an alert' : 'indicators above raise alerts'}. A confident “met” against
                  contrary evidence is itself a sign of consensus collusion: is it worth looking again?
                </p>
              ) : null}
              {canJudge ? (
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="judge" />
                  <input type="hidden" name="procedureKey" value={p.key} />
                  <Choice
                    name="status"
                    idPrefix={`procedure-${p.key}`}
                    legend={`Your judgement of ${p.name}`}
                    hint={
                      p.mine ? `You judged it ${JUDGEMENT_LABELS[p.mine.status].toLowerCase()}; changing it changes only yours.` : undefined
                    }
                    defaultValue={kept ? values.status : p.mine?.status}
                    error={kept ? errors.status : undefined}
                    options={JUDGEMENTS.map((j) => ({ value: j, label: JUDGEMENT_LABELS[j] }))}
                  />
                  <Field
                    name="note"
                    idPrefix={`procedure-${p.key}`}
                    label="Your note"
                    multiline
                    rows={2}
                    defaultValue={kept ? values.note : (p.mine?.note ?? '')}
                    error={kept ? errors.note : undefined}
                  />
                  <button type="submit" className="secondary">
                    {p.mine ? 'Change my judgement' : 'Save my judgement'}
                  </button>
                </Form>
              ) : null}
            </section>
          )
        })}
        {canJudge ? (
          adoptDecisionId ? (
            <p>
              A proposal to adopt this review is open: <Link to={`/decisions/${adoptDecisionId}`}>take a stance</Link>.
            </p>
          ) : missingRequired.length || (devilsAdvocate.required && !cycle.devilsAdvocate) ? (
            // Adopting would be refused (409) until these are done: say what is missing instead of offering it.
            <div className="card" data-testid="adopt-block">
              {missingRequired.length ? <p>Still to judge (required, by at least one member): {missingRequired.join('; ')}.</p> : null}
              {devilsAdvocate.required && !cycle.devilsAdvocate ? (
                <p>This inquiry’s template asks for a devil’s advocate each cycle: the group confirms one below.</p>
              ) : null}
              <p>
                The review can be proposed for adoption once{' '}
                {[
                  missingRequired.length ? 'every required procedure has at least one member’s judgement' : null,
                  devilsAdvocate.required && !cycle.devilsAdvocate ? 'a devil’s advocate is confirmed' : null,
                ]
                  .filter(Boolean)
                  .join(' and ')}
                .
              </p>
            </div>
          ) : (
            <Form method="post" className="card">
              <input type="hidden" name="intent" value="adopt" />
              <ProposalOptionsFields
                idPrefix="adopt"
                anonymity={anonymity}
                error={values.intent === 'adopt' ? errors.anonymousStances : undefined}
                defaultChecked={values.intent === 'adopt' && values.anonymousStances === 'on'}
              />
              <button type="submit">Propose adopting this review</button>
            </Form>
          )
        ) : null}
      </section>

      <section aria-labelledby="da-heading">
        <h2 id="da-heading">Devil’s advocate</h2>
        <p>
          {cycle.devilsAdvocate
            ? `${cycle.devilsAdvocate} is this cycle’s devil’s advocate.`
            : 'No devil’s advocate has been confirmed for this cycle.'}
          {devilsAdvocate.required ? ' This inquiry’s template asks for one each cycle.' : ''}
        </p>
        {!cycle.closed && !cycle.devilsAdvocate ? (
          devilsAdvocate.openDecisionId ? (
            <p>
              A proposal is open: <Link to={`/decisions/${devilsAdvocate.openDecisionId}`}>take a stance</Link>.
            </p>
          ) : (
            <Form method="post" noValidate className="card">
              <input type="hidden" name="intent" value="devils-advocate" />
              {devilsAdvocate.suggestion ? (
                <p>
                  Suggested: {devilsAdvocate.suggestion.name}, who has held the role least ({devilsAdvocate.suggestion.times}{' '}
                  {devilsAdvocate.suggestion.times === 1 ? 'time' : 'times'}).
                </p>
              ) : null}
              <Select
                name="personId"
                label="Propose as devil’s advocate"
                defaultValue={values.personId ?? devilsAdvocate.suggestion?.personId}
                options={devilsAdvocate.members.map((m) => ({
                  value: m.personId,
                  label: `${m.name} (held it ${m.times} ${m.times === 1 ? 'time' : 'times'})`,
                }))}
                error={errors.personId}
              />
              <ProposalOptionsFields
                idPrefix="devils-advocate"
                anonymity={anonymity}
                error={values.intent === 'devils-advocate' ? errors.anonymousStances : undefined}
                defaultChecked={values.intent === 'devils-advocate' && values.anonymousStances === 'on'}
              />
              <button type="submit" className="secondary">
                Propose to the group
              </button>
            </Form>
          )
        ) : null}
      </section>

      <section aria-labelledby="challenges-heading">
        <h2 id="challenges-heading">
          Challenges this cycle ({challenges.length}; {open.length} open)
        </h2>
        {challenges.length === 0 ? (
          <p>No challenges were raised this cycle.</p>
        ) : (
          <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
            {challenges.map((c) => (
              <li key={c.id} className="card">
                <p className="record-meta">
                  <Link to={`${base}/challenges/${c.id}`}>{HAZARD_LABELS[c.hazard].label}</Link> · raised by {c.raisedByName} ·{' '}
                  {c.target.label}
                </p>
                <p className="record-text">{c.text}</p>
                <p>
                  {c.resolution
                    ? `${RESOLUTION_LABELS[c.resolution]}${c.resolutionText ? `: ${c.resolutionText}` : ''}`
                    : 'Not yet resolved.'}
                </p>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`${base}/challenges?target=process`}>Raise a challenge</Link>
        </p>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Across cycles</h2>
        <IndicatorHistory history={history} />
      </section>
      <p>
        <a href={`${base}/cycles/${cycle.number}/validity.json`}>This review as JSON</a>
      </p>
    </article>
  )
}
