import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Choice, Field, FormError, useFormFailure } from '~/components/form'
import { ProposeFormSchema, RaiseSchema } from '~/features/conflicts/conflicts.schema'
import { proposeForm, raiseConcern } from '~/features/conflicts/concerns.server'
import { getConflictsPage } from '~/features/conflicts/conflicts.server'
import { OutcomeList } from '~/features/conflicts/components/outcome-list'
import { GroupHeader } from '~/features/groups/components/group-nav'
import { getDb } from '~/utils/db.server'
import { endSentence, formatDate } from '~/utils/format'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// The group's concerns and conflicts (issue 18 item 6; seed 003): its own written form of
// conflict resolution, agreed and revised by decision, and the concerns this member may read.
// A concern between those involved does not show here for anyone else, not even as a count.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Concerns and conflicts — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => json(await getConflictsPage(getDb(), user, groupId), { headers: { 'Cache-Control': 'private, no-store' } }))
}

const IntentSchema = z.object({ intent: z.enum(['propose-form', 'raise'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    const db = getDb()
    if (intent === 'propose-form') {
      const id = await proposeForm(db, user, groupId, parseWith(ProposeFormSchema, form.values))
      return redirect(`/decisions/${id}`)
    }
    const input = parseWith(RaiseSchema, form.values)
    const id = await raiseConcern(db, user, groupId, { ...input, named: form.all('named').filter(Boolean) })
    return redirect(`/groups/${groupId}/conflicts/${id}`)
  })
}

export default function GroupConflicts() {
  const data = useLoaderData<typeof loader>()
  const { group, form } = data
  const { errors, values, formError } = useFormFailure()
  const failed = (intent: string) => (values.intent === intent ? errors : {})
  const keep = (intent: string, name: string) => (values.intent === intent ? values[name] : undefined)
  const namedError = failed('raise').named
  return (
    <article>
      <GroupHeader group={group} current="conflicts" title="Concerns and conflicts" />
      <FormError message={formError} />
      <p className="hint">
        Each group works out and agrees its own form of dispute and conflict resolution, and revises it by decision. A concern is read by
        those involved until a step of the form brings it to the whole group; no one outside the group reads it.
      </p>

      {!data.isGroup ? (
        <p>
          A form of conflict resolution is a practitioner group’s. In a client–practitioner pair, concerns are raised in the pair’s peer
          review.
        </p>
      ) : null}

      {data.openDecisions.length > 0 ? (
        <section aria-labelledby="open-heading">
          <h2 id="open-heading">Open proposals</h2>
          <ul>
            {data.openDecisions.map((d) => (
              <li key={d.id}>
                <Link to={`/decisions/${d.id}`}>{d.title}</Link> <span className="muted">(proposed {formatDate(d.createdAt)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="form-heading">
        <h2 id="form-heading">The group’s form</h2>
        {form ? (
          <>
            <p className="muted">
              Version {form.version}, adopted {formatDate(form.adoptedAt)} by <Link to={`/decisions/${form.decisionId}`}>decision</Link>.
            </p>
            {form.intro ? <p className="record-text card">{form.intro}</p> : null}
            <ol>
              {form.steps.map((s) => (
                <li key={s.key}>
                  <strong>{s.name}</strong> ({s.audienceLabel}){s.description ? `: ${s.description}` : ''}
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p>The group has not agreed a form yet. A concern is raised under the group’s form, so agree one first: a draft is below.</p>
        )}
        {data.versions.length > 1 ? (
          <>
            <h3>Earlier versions</h3>
            <ul>
              {data.versions.slice(1).map((v) => (
                <li key={v.version}>
                  Version {v.version}, adopted {formatDate(v.adoptedAt)} (
                  <Link to={`/decisions/${v.decisionId}`}>{v.decisionTitle ?? 'the decision'}</Link>
                  ): {v.steps.map((s) => s.name).join(' → ')}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">The outcomes the form separates</h2>
        <OutcomeList outcomes={data.outcomes} />
      </section>

      {data.isGroup && form ? (
        <section aria-labelledby="raise-heading">
          <h2 id="raise-heading">Raise a concern</h2>
          <p className="hint">
            It starts at the form’s first step ({form.steps[0]?.name}), read by you and the members you name
            {form.steps[0]?.audience === 'group' ? ', and by the whole group from the start' : ''}.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="raise" />
            <Choice
              name="about"
              idPrefix="raise"
              legend="What the concern is"
              defaultValue={keep('raise', 'about')}
              options={[
                { value: 'practice', label: 'About a member’s practice' },
                { value: 'between_members', label: 'Between members' },
              ]}
              error={failed('raise').about}
            />
            <fieldset className="field" aria-describedby={namedError ? 'raise-named-error' : undefined}>
              <legend>The member or members it concerns</legend>
              {data.members.map((m) => (
                <div className="choice" key={m.personId}>
                  <input
                    type="checkbox"
                    id={`raise-named-${m.personId}`}
                    name="named"
                    value={m.personId}
                    aria-invalid={namedError ? true : undefined}
                  />
                  <label htmlFor={`raise-named-${m.personId}`}>{m.displayName}</label>
                </div>
              ))}
              {namedError ? (
                <p className="field-error" id="raise-named-error">
                  {namedError}
                </p>
              ) : null}
            </fieldset>
            <Field
              name="concern"
              idPrefix="raise"
              label="The concern"
              hint="What happened, and what you want looked at. Only those involved read it until a step brings it to the whole group."
              multiline
              defaultValue={keep('raise', 'concern')}
              error={failed('raise').concern}
            />
            <button type="submit">Raise it</button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="concerns-heading">
        <h2 id="concerns-heading">Concerns you may read</h2>
        {data.concerns.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="cards">
            {data.concerns.map((c) => (
              <li key={c.id} className="card">
                <h3>
                  <Link to={`/groups/${group.id}/conflicts/${c.id}`}>
                    {c.about}, raised {formatDate(c.createdAt)}
                  </Link>
                </h3>
                <p>
                  {c.statusLabel}
                  {c.step ? `, at step ${c.step.number}: ${c.step.name} (${c.step.audienceLabel})` : ''}
                  {c.outcome ? `. Outcome: ${c.outcome}` : ''}.
                </p>
                <p className="muted">
                  Those involved: {endSentence(c.parties.map((p) => p.displayName).join(', ') || 'no current member')}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.isGroup ? (
        <section aria-labelledby="propose-heading">
          <h2 id="propose-heading">{form ? 'Propose a revision of the form' : 'Propose the group’s form'}</h2>
          <p className="hint">
            {data.draft.fromTemplate
              ? 'A starting draft: edit it to fit the group before proposing it. '
              : 'The form as it stands: edit it to propose a revision. '}
            The group decides it by consensus; each decision that passes makes a new version. A concern under way keeps the version it was
            raised under.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="propose-form" />
            <Field
              name="intro"
              idPrefix="form"
              label="Introduction"
              hint="What the form is for, in the group’s words."
              multiline
              rows={4}
              defaultValue={keep('propose-form', 'intro') ?? data.draft.intro}
              error={failed('propose-form').intro}
            />
            <Field
              name="steps"
              idPrefix="form"
              label="Steps, one a line, in order"
              hint="Each line: name | involved or group | what happens. “involved” keeps the step between those involved; “group” brings the concern to the whole group, which reads the record from then on."
              multiline
              rows={8}
              defaultValue={keep('propose-form', 'steps') ?? data.draft.steps}
              error={failed('propose-form').steps}
            />
            <button type="submit" className="secondary">
              Propose to the group
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  )
}
