import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, Select, useFormFailure } from '~/components/form'
import { listFederalForDirectory, listServingOfficers } from '~/features/network/federal.server'
import { addGathering, contribute, getCalendarAndNewsletter, publishIssue } from '~/features/network/gatherings.server'
import { getDirectoryGroups } from '~/features/network/network.server'
import { ContributionSchema, GatheringSchema, PublishIssueSchema } from '~/features/network/network.schema'
import { readNetworkSettings } from '~/features/network/settings.server'
import { federalRuleInWords } from '~/features/network/core/federal-rule'
import { STANDING_MEANINGS } from '~/features/network/core/standing'
import { getDb } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { parseWith, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// The network directory (issue 18): for participants, signed in. Groups with their standing and
// what each published; the Gatherings calendar, the newsletter, the officers and the federal
// proposals. Nothing here is any group's internal deliberation.

export const meta: MetaFunction = () => [{ title: 'The network — Co-operative inquiry' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return runLoader(async () => {
    const db = getDb()
    const settings = await readNetworkSettings(db)
    return json({
      groups: await getDirectoryGroups(db),
      principles: settings.principles,
      graceDays: settings.graceDays,
      rule: federalRuleInWords(settings.rule),
      federal: await listFederalForDirectory(db),
      officers: await listServingOfficers(db),
      calendar: await getCalendarAndNewsletter(db, user),
    })
  })
}

const IntentSchema = z.object({ intent: z.enum(['gathering', 'contribute', 'publish'], { message: 'Unknown action.' }) })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    if (intent === 'gathering') await addGathering(getDb(), user, parseWith(GatheringSchema, form.values))
    if (intent === 'contribute') await contribute(getDb(), user, parseWith(ContributionSchema, form.values))
    if (intent === 'publish') {
      const number = await publishIssue(getDb(), user, parseWith(PublishIssueSchema, form.values))
      return redirect(`/network/newsletter/${number}`)
    }
    return redirect('/network')
  })
}

export default function Network() {
  const data = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const failed = (intent: string) => (values.intent === intent ? errors : {})
  const keep = (intent: string, name: string) => (values.intent === intent ? values[name] : undefined)
  return (
    <article>
      <h1>The network</h1>
      <p>
        Local groups of practitioners in a loose federation: each stands by its members’ work, publishes its ethical stance, and is
        validated by two link groups. Groups are autonomous; between them, federal decisions are made by consensus of groups.
      </p>
      <FormError message={formError} />

      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">Groups</h2>
        {data.groups.length === 0 ? (
          <p>No group has entered the network yet. A group enters from its own page (“In the network”), by its own decision.</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="groups-caption" tabIndex={0}>
            <table>
              <caption id="groups-caption">Every group in the network, with its standing and what it published</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Standing</th>
                  <th scope="col">Links</th>
                  <th scope="col">Statement</th>
                </tr>
              </thead>
              <tbody>
                {data.groups.map((g) => (
                  <tr key={g.id}>
                    <th scope="row">
                      <Link to={`/network/groups/${g.id}`}>{g.name}</Link>
                      {g.memberCount !== null ? <span className="muted"> ({g.memberCount} members)</span> : null}
                      {g.description ? <p className="muted">{g.description}</p> : null}
                    </th>
                    <td>
                      <span title={STANDING_MEANINGS[g.standing]}>{g.standingLabel}</span>
                      {g.graceEndsAt ? <p className="muted">Grace period until {formatDate(g.graceEndsAt)}</p> : null}
                    </td>
                    <td>
                      {g.links.length ? g.links.map((l) => l.other).join(', ') : '—'}
                      {g.links.length ? <p className="muted">{g.validating} validating</p> : null}
                    </td>
                    <td>{g.statement ? `Version ${g.statement.version}, ${formatDate(g.statement.publishedAt)}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <details>
          <summary>What each standing means</summary>
          <dl>
            {Object.entries(STANDING_MEANINGS).map(([k, v]) => (
              <div key={k}>
                <dt>{k.replace('_', ' ')}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <p>
            A full member group that falls below two validating links keeps its standing for {data.graceDays} days while it seeks a link.
          </p>
        </details>
      </section>

      <section aria-labelledby="federal-heading">
        <h2 id="federal-heading">Federal decisions</h2>
        <p className="hint">{data.rule}</p>
        {data.federal.length === 0 ? (
          <p>No proposal has been put to the network.</p>
        ) : (
          <ul>
            {data.federal.map((p) => (
              <li key={p.id}>
                <Link to={`/network/federal/${p.id}`}>{p.title}</Link> <span className="muted">put by {p.proposedBy}.</span> {p.explanation}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">A member group puts a proposal to the network from its own page, by its own decision.</p>
      </section>

      <section aria-labelledby="officers-heading">
        <h2 id="officers-heading">Officers</h2>
        <p className="hint">
          Elected by federal decision for a term, recallable the same way, and rotating. They hold no power over any group’s internal
          affairs.
        </p>
        {data.officers.length === 0 ? (
          <p>No officer serves now.</p>
        ) : (
          <ul>
            {data.officers.map((o) => (
              <li key={o.id}>
                {o.office}: <Link to={`/network/people/${o.personId}`}>{o.displayName}</Link>, until {formatDate(o.termEnds)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="gatherings-heading">
        <h2 id="gatherings-heading">Gatherings</h2>
        <p>Open to every participant; newcomers are welcome.</p>
        {data.calendar.upcoming.length === 0 ? (
          <p>No Gathering is on the calendar.</p>
        ) : (
          <ul>
            {data.calendar.upcoming.map((g) => (
              <li key={g.id}>
                <strong>{g.title}</strong>, {g.startsOn === g.endsOn ? g.startsOn : `${g.startsOn} to ${g.endsOn}`}, {g.place}
                {g.description ? <p className="muted">{g.description}</p> : null}
              </li>
            ))}
          </ul>
        )}
        <details open={values.intent === 'gathering'}>
          <summary>Add a Gathering to the calendar</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="gathering" />
            <Field
              name="title"
              idPrefix="gathering"
              label="Title"
              defaultValue={keep('gathering', 'title')}
              error={failed('gathering').title}
            />
            <Field
              name="startsOn"
              idPrefix="gathering"
              label="First day"
              type="date"
              defaultValue={keep('gathering', 'startsOn')}
              error={failed('gathering').startsOn}
            />
            <Field
              name="endsOn"
              idPrefix="gathering"
              label="Last day"
              type="date"
              defaultValue={keep('gathering', 'endsOn')}
              error={failed('gathering').endsOn}
            />
            <Field
              name="place"
              idPrefix="gathering"
              label="Where"
              defaultValue={keep('gathering', 'place')}
              error={failed('gathering').place}
            />
            <Field
              name="description"
              idPrefix="gathering"
              label="About it (optional)"
              multiline
              rows={3}
              defaultValue={keep('gathering', 'description')}
              error={failed('gathering').description}
            />
            <button type="submit" className="secondary">
              Add to the calendar
            </button>
          </Form>
        </details>
      </section>

      <section aria-labelledby="newsletter-heading">
        <h2 id="newsletter-heading">Newsletter</h2>
        <p>Published after each Gathering, from participants’ contributions.</p>
        {data.calendar.issues.length === 0 ? (
          <p>No issue has been published yet.</p>
        ) : (
          <ul>
            {data.calendar.issues.map((i) => (
              <li key={i.id}>
                <Link to={`/network/newsletter/${i.number}`}>
                  Issue {i.number}: {i.title}
                </Link>{' '}
                <span className="muted">({formatDate(i.publishedAt)})</span>
              </li>
            ))}
          </ul>
        )}
        <p>
          {data.calendar.waitingCount} {data.calendar.waitingCount === 1 ? 'contribution waits' : 'contributions wait'} for the next issue
          {data.calendar.waiting.length ? `, ${data.calendar.waiting.length} of them yours` : ''}.
        </p>
        <details open={values.intent === 'contribute'}>
          <summary>Contribute to the next issue</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="contribute" />
            <Field
              name="title"
              idPrefix="contribute"
              label="Title"
              defaultValue={keep('contribute', 'title')}
              error={failed('contribute').title}
            />
            <Field
              name="body"
              idPrefix="contribute"
              label="Your contribution"
              multiline
              defaultValue={keep('contribute', 'body')}
              error={failed('contribute').body}
            />
            <button type="submit" className="secondary">
              Send it in
            </button>
          </Form>
        </details>
        {data.calendar.mayPublish && data.calendar.waitingCount > 0 ? (
          <details open={values.intent === 'publish'}>
            <summary>Publish the next issue</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="publish" />
              <Field
                name="title"
                idPrefix="publish"
                label="Title of the issue"
                defaultValue={keep('publish', 'title')}
                error={failed('publish').title}
              />
              <Select
                name="gatheringId"
                label="After the Gathering (optional)"
                includeEmpty="None"
                options={data.calendar.past.map((g) => ({ value: g.id, label: g.title }))}
              />
              <button type="submit" className="secondary">
                Publish
              </button>
            </Form>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="principles-heading">
        <h2 id="principles-heading">Principles and procedures</h2>
        <p className="record-text card">{data.principles}</p>
        <p className="muted">Amended only by federal decision.</p>
      </section>
    </article>
  )
}
