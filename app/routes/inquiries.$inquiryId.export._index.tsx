import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Choice, FormError, useFormFailure } from '~/components/form'
import { cycleRange, formatDateTime } from '~/utils/format'
import { EXPORT_FORMATS, ExportRequestSchema, FORMAT_LABELS, PublishSchema } from '~/features/exports/export.schema'
import { ProposalOptionsFields } from '~/features/decisions/components/proposal-options'
import { proposalAnonymity, proposingWith } from '~/features/decisions/decisions.server'
import { getExportPage } from '~/features/exports/exports.server'
import { proposePublish } from '~/features/exports/publish.server'
import { getDb } from '~/utils/db.server'
import { DomainError } from '~/utils/errors.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Export — ${data?.inquiry.title ?? 'Inquiry'} — Co-operative inquiry` },
]

/** The preview follows the chosen cycles and format from the query (a GET form, so it works without JavaScript). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runLoader(async () => {
    const query = new URL(request.url).searchParams
    const parsed = ExportRequestSchema.safeParse({ format: query.get('format') ?? 'html', cycles: query.getAll('cycles') })
    const errors: Record<string, string> = {}
    if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message
    const chosen = parsed.success ? parsed.data : { format: 'html' as const, cycles: [] }
    let page
    try {
      page = await getExportPage(getDb(), user, inquiryId, { cycles: chosen.cycles.length ? chosen.cycles : undefined }, chosen.format)
    } catch (error) {
      // A cycle the inquiry does not have: say so beside the cycles, and preview them all.
      if (!(error instanceof DomainError) || error.field !== 'cycles') throw error
      errors.cycles = error.message
      chosen.cycles = []
      page = await getExportPage(getDb(), user, inquiryId, {}, chosen.format)
    }
    return json(
      { ...page, chosen, queryErrors: errors, anonymity: await proposalAnonymity(getDb(), inquiryId) },
      { headers: { 'Cache-Control': 'private, no-store' } },
    )
  })
}

const IntentSchema = z.object({ intent: z.enum(['publish'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    // The page's one form proposes publishing; downloads go to ./download (a resource route, so the file reaches the browser).
    parseWith(IntentSchema, form.values)
    const { throughCycle } = parseWith(PublishSchema, form.values)
    const decisionId = await proposingWith(form.values, () => proposePublish(getDb(), user, inquiryId, throughCycle))
    return redirect(`/decisions/${decisionId}`)
  })
}

export default function ExportPage() {
  const { inquiry, cycles, openPublish, preview, history, chosen, queryErrors, anonymity } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const chosenCycles = new Set(chosen.cycles.length ? chosen.cycles : cycles.map((c) => c.number))
  const published = inquiry.publishedThroughCycle
  const unpublished = cycles.filter((c) => published === null || c.number > published)
  return (
    <article>
      <p>
        <Link to={`/inquiries/${inquiry.id}`}>← {inquiry.title}</Link>
      </p>
      <h1>Export findings</h1>
      <p className="lede">
        What leaves the group respects each person’s consent: a record’s words only where its author agreed, names only where members chose
        them, and the group’s findings only once the group has agreed to publish them.
      </p>
      <FormError message={formError} />

      <section className="card" aria-labelledby="publish-heading">
        <h2 id="publish-heading">Publishing the group’s findings</h2>
        <p>
          {published === null
            ? 'The group has not yet agreed to publish any findings. Until it does, exports hold only quotes their authors consented to.'
            : `The group has agreed to publish the findings of ${cycleRange(1, published)}.`}
        </p>
        {openPublish ? (
          <p>
            A proposal is open: <Link to={`/decisions/${openPublish.id}`}>{openPublish.title}</Link>.
          </p>
        ) : unpublished.length ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="publish" />
            <div className="field">
              <label htmlFor="publish-throughCycle">Propose publishing the findings of</label>
              <select
                id="publish-throughCycle"
                name="throughCycle"
                defaultValue={values.throughCycle ?? String(unpublished[0]!.number)}
                aria-invalid={errors.throughCycle ? true : undefined}
                aria-describedby={errors.throughCycle ? 'publish-throughCycle-error' : undefined}
              >
                {unpublished.map((c) => (
                  <option key={c.number} value={c.number}>
                    {cycleRange(1, c.number)}
                  </option>
                ))}
              </select>
              {errors.throughCycle ? (
                <p className="field-error" id="publish-throughCycle-error">
                  {errors.throughCycle}
                </p>
              ) : null}
            </div>
            <ProposalOptionsFields
              idPrefix="publish"
              anonymity={anonymity}
              error={errors.anonymousStances}
              defaultChecked={values.anonymousStances === 'on'}
            />
            <button type="submit" className="secondary">
              Propose to the group
            </button>
          </Form>
        ) : (
          <p>The findings of every cycle so far are published: there is nothing more to propose until another cycle begins.</p>
        )}
      </section>

      <section aria-labelledby="choose-heading">
        <h2 id="choose-heading">Choose what to export</h2>
        <Form method="get" noValidate preventScrollReset>
          <fieldset className="field" aria-describedby={queryErrors.cycles ? 'export-cycles-error' : undefined}>
            <legend>Cycles</legend>
            {cycles.map((c) => (
              <div className="choice" key={c.number}>
                <input
                  type="checkbox"
                  id={`export-cycle-${c.number}`}
                  name="cycles"
                  value={c.number}
                  defaultChecked={chosenCycles.has(c.number)}
                />
                <label htmlFor={`export-cycle-${c.number}`}>
                  Cycle {c.number}
                  <span className="muted">
                    {' '}
                    — {published !== null && c.number <= published ? 'findings published' : 'findings not published'}
                  </span>
                </label>
              </div>
            ))}
            {queryErrors.cycles ? (
              <p className="field-error" id="export-cycles-error">
                {queryErrors.cycles}
              </p>
            ) : null}
          </fieldset>
          <Choice
            name="format"
            idPrefix="export"
            legend="Format"
            defaultValue={chosen.format}
            error={queryErrors.format}
            options={EXPORT_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f].label, hint: FORMAT_LABELS[f].hint }))}
          />
          <button type="submit" className="secondary">
            Preview
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="preview-heading" id="preview">
        <h2 id="preview-heading">
          Preview: {FORMAT_LABELS[chosen.format].label},{' '}
          {preview.cycles.length === cycles.length ? 'all cycles' : `cycles ${preview.cycles.join(', ') || 'none'}`}
        </h2>
        <h3>Included</h3>
        <ul>
          {preview.included.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h3>Left out, and why</h3>
        <ul className="left-out">
          {preview.leftOut.map((item) => (
            <li key={item.what}>
              <strong>{item.what}</strong>: {item.why}
            </li>
          ))}
        </ul>
        {preview.blocked ? (
          <p className="field-error" id="download-blocked">
            {preview.blocked}
          </p>
        ) : (
          <form method="post" action={`/inquiries/${inquiry.id}/export/download`} noValidate>
            <input type="hidden" name="format" value={chosen.format} />
            {preview.cycles.map((n) => (
              <input key={n} type="hidden" name="cycles" value={n} />
            ))}
            <button type="submit">Download {FORMAT_LABELS[chosen.format].label}</button>
          </form>
        )}
        <p className="muted">Every export is written to the group’s record of exports below: who, when, which cycles and which format.</p>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Exports so far</h2>
        {history.length === 0 ? (
          <p>No one has exported this inquiry yet.</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="history-caption" tabIndex={0}>
            <table>
              <caption id="history-caption" className="visually-hidden">
                Exports of this inquiry, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Format</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Quotes</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={`${h.at}-${h.who}-${h.format}`}>
                    <td>{formatDateTime(h.at)}</td>
                    <td>{h.who}</td>
                    <td>{h.format}</td>
                    <td>{h.scope}</td>
                    <td>{h.records}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  )
}
