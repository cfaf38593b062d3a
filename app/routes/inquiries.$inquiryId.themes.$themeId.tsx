import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmAction, useConfirmationPage, type AskFor } from '~/components/confirm-action'
import { Field, FormError, Select, useFormFailure } from '~/components/form'
import { formatDate, formatDateTime, plural } from '~/utils/format'
import { LinkSchema, MergeThemeSchema, RenameThemeSchema, SplitThemeSchema } from '~/features/themes/themes.schema'
import { getTheme, linkRecord, mergeTheme, renameTheme, splitTheme, unlinkRecord } from '~/features/themes/themes.server'
import { TargetChallenges } from '~/features/challenges/components/challenge-list'
import { listChallenges } from '~/features/challenges/challenges.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { onceConfirmed } from '~/utils/confirm.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.theme.name ?? 'Theme'} — Co-operative inquiry` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const themeId = requireParam(params, 'themeId')
  return runLoader(async () => {
    const theme = await getTheme(getDb(), user, inquiryId, themeId)
    const challenges = await listChallenges(getDb(), user, inquiryId, { target: { kind: 'theme', id: themeId } })
    return json({ ...theme, challenges })
  })
}

const IntentSchema = z.object({ intent: z.enum(['link', 'unlink', 'rename', 'merge', 'split'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const themeId = requireParam(params, 'themeId')
  const db = getDb()
  const here = `/inquiries/${inquiryId}/themes/${themeId}`
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    switch (intent) {
      case 'link':
        await linkRecord(db, user, inquiryId, themeId, parseWith(LinkSchema, form.values).recordId)
        return redirect(here)
      case 'unlink':
        await unlinkRecord(db, user, inquiryId, themeId, parseWith(LinkSchema, form.values).recordId)
        return redirect(here)
      case 'rename':
        await renameTheme(db, user, inquiryId, themeId, parseWith(RenameThemeSchema, form.values))
        return redirect(here)
      case 'merge': {
        const { intoThemeId } = parseWith(MergeThemeSchema, form.values)
        return onceConfirmed(form, async () => {
          await mergeTheme(db, user, inquiryId, themeId, intoThemeId)
          return redirect(`/inquiries/${inquiryId}/themes/${intoThemeId}`)
        })
      }
      case 'split': {
        const id = await splitTheme(
          db,
          user,
          inquiryId,
          themeId,
          parseWith(SplitThemeSchema, { ...form.values, recordIds: form.all('recordIds') }),
        )
        return redirect(`/inquiries/${inquiryId}/themes/${id}`)
      }
    }
  })
}

function describeEvent(kind: string, detail: Record<string, unknown>): string {
  switch (kind) {
    case 'proposed':
      return `proposed “${String(detail.name)}”`
    case 'renamed':
      return `renamed “${String(detail.from)}” to “${String(detail.to)}”`
    case 'merged_into':
      return `merged it into “${String(detail.into)}” (${String(detail.links)} linked records and its ratings followed)`
    case 'absorbed':
      return `merged “${String(detail.from)}” into it (${String(detail.links)} linked records and its ratings came with it)`
    case 'split_off':
      return `split off “${String(detail.name)}” with ${String(detail.links)} linked records`
    case 'split_from':
      return `split it off from “${String(detail.from)}”`
    default:
      return kind
  }
}

export default function ThemePage() {
  const { inquiry, theme, canEdit, editBlock, links, linkable, others, history, challenges } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const base = `/inquiries/${inquiry.id}`
  const askMerge: AskFor = ({ intoThemeId }) => {
    const into = others.find((o) => o.id === intoThemeId)
    if (!canEdit || !into) return undefined
    return {
      title: `Merge “${theme.name}” into “${into.name}”?`,
      message:
        `${links.length === 0 ? 'It has no linked records; its' : `Its ${plural(links.length, 'linked record')} and its`} ratings move to “${into.name}”. ` +
        `“${theme.name}” stays in the history as merged and can no longer change.`,
      verb: 'merge',
      undo: `You can undo this by splitting the theme off again from “${into.name}” (the ratings stay with “${into.name}”).`,
    }
  }
  const confirming = useConfirmationPage({ merge: askMerge }, `${base}/themes/${theme.id}`)
  if (confirming) return confirming
  return (
    <article>
      <p>
        <Link to={`${base}/themes`}>← Themes of {inquiry.title}</Link>
      </p>
      <h1>{theme.name}</h1>
      {theme.description ? <p className="lede">{theme.description}</p> : null}
      <p className="muted">
        Proposed by {theme.proposedByName} on {formatDate(theme.createdAt)}.
      </p>
      {theme.mergedInto ? (
        <p className="notice">
          Merged into <Link to={`${base}/themes/${theme.mergedInto.id}`}>{theme.mergedInto.name}</Link>.
        </p>
      ) : null}
      <FormError message={formError} />

      <section aria-labelledby="records-heading">
        <h2 id="records-heading">Linked records ({links.length})</h2>
        {links.length === 0 ? (
          <p>No records linked yet.</p>
        ) : (
          <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
            {links.map((l) => (
              <li key={l.recordId} className="card">
                <p className="record-meta">
                  <Link to={`${base}/records/${l.recordId}`}>
                    {l.authorName}
                    {l.isMine ? ' (you)' : ''}, {formatDate(l.occurredAt)}
                  </Link>
                  {' · '}cycle {l.cycleNumber} · {l.wayOfKnowing}
                  {l.visibility === 'private' ? ' · private' : ''} · linked by {l.linkedByName}
                </p>
                <p className="record-text">{l.text}</p>
                {l.canUnlink ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="unlink" />
                    <input type="hidden" name="recordId" value={l.recordId} />
                    <button type="submit" className="link-button">
                      Unlink
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {canEdit && linkable.length > 0 ? (
          <Form method="post" noValidate className="card">
            <input type="hidden" name="intent" value="link" />
            <Select
              name="recordId"
              label="Link a record to this theme"
              includeEmpty="Choose a record…"
              options={linkable.map((r) => ({ value: r.id, label: r.label }))}
              error={errors.recordId}
            />
            <button type="submit" className="secondary">
              Link record
            </button>
          </Form>
        ) : null}
      </section>

      {canEdit ? (
        <section aria-labelledby="reshape-heading">
          <h2 id="reshape-heading">Reshape</h2>
          <details open={values.intent === 'rename'}>
            <summary>Rename or redescribe</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="rename" />
              <Field
                name="name"
                idPrefix="rename"
                label="Name"
                defaultValue={values.intent === 'rename' ? values.name : theme.name}
                error={values.intent === 'rename' ? errors.name : undefined}
              />
              <Field
                name="description"
                idPrefix="rename"
                label="Description"
                multiline
                rows={3}
                defaultValue={values.intent === 'rename' ? values.description : theme.description}
                error={values.intent === 'rename' ? errors.description : undefined}
              />
              <button type="submit" className="secondary">
                Save
              </button>
            </Form>
          </details>
          {others.length > 0 ? (
            <details open={values.intent === 'merge'}>
              <summary>Merge into another theme</summary>
              <ConfirmAction intent="merge" noValidate label="Merge" buttonClassName="secondary" ask={askMerge}>
                <Select
                  name="intoThemeId"
                  label="Merge into"
                  includeEmpty="Choose a theme…"
                  options={others.map((o) => ({ value: o.id, label: o.name }))}
                  error={errors.intoThemeId}
                />
                <p className="muted">Its linked records and ratings move to the chosen theme; this theme stays in the history.</p>
              </ConfirmAction>
            </details>
          ) : null}
          <details open={values.intent === 'split'}>
            <summary>Split off a new theme</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="split" />
              <Field
                name="name"
                idPrefix="split"
                label="Name of the new theme"
                defaultValue={values.intent === 'split' ? values.name : ''}
                error={values.intent === 'split' ? errors.name : undefined}
              />
              <Field
                name="description"
                idPrefix="split"
                label="Description (optional)"
                multiline
                rows={2}
                defaultValue={values.intent === 'split' ? values.description : ''}
              />
              {links.length > 0 ? (
                <fieldset className="field" aria-describedby={errors.recordIds ? 'field-recordIds-error' : undefined}>
                  <legend>Records that go with the new theme</legend>
                  {links.map((l) => (
                    <div className="choice" key={l.recordId}>
                      <input type="checkbox" id={`split-${l.recordId}`} name="recordIds" value={l.recordId} />
                      <label htmlFor={`split-${l.recordId}`}>
                        {l.authorName}: {l.text.slice(0, 80)}
                        {l.text.length > 80 ? '…' : ''}
                      </label>
                    </div>
                  ))}
                  {errors.recordIds ? (
                    <p className="field-error" id="field-recordIds-error">
                      {errors.recordIds}
                    </p>
                  ) : null}
                </fieldset>
              ) : null}
              <button type="submit" className="secondary">
                Split off
              </button>
            </Form>
          </details>
        </section>
      ) : theme.mergedInto ? null : (
        <p className="muted">{editBlock}</p>
      )}

      <TargetChallenges inquiryId={inquiry.id} target={`theme:${theme.id}`} challenges={challenges} />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <ol>
          {history.map((h, i) => (
            <li key={i}>
              {formatDateTime(h.at)}: {h.by} {describeEvent(h.kind, h.detail)}
            </li>
          ))}
        </ol>
      </section>
    </article>
  )
}
