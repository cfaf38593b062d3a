import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmAction, useConfirmationPage, type AskFor } from '~/components/confirm-action'
import { Field, FormError, Select, useFormFailure } from '~/components/form'
import { Pager } from '~/components/pager'
import { formatDate, formatDateTime, plural } from '~/utils/format'
import { pageHref, rangeText, requestedPage } from '~/utils/paging'
import { LinkSchema, MergeThemeSchema, RenameThemeSchema, SplitThemeSchema } from '~/features/themes/themes.schema'
import { getTheme } from '~/features/themes/theme-pages.server'
import { linkRecord, mergeTheme, renameTheme, splitTheme, unlinkRecord } from '~/features/themes/themes.server'
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
  const url = new URL(request.url)
  const query = {
    page: requestedPage(url.searchParams.get('page')),
    // A cycle the inquiry does not have (or no number at all) shows the current cycle's records.
    linkCycle: Number(url.searchParams.get('linkCycle')) || undefined,
    linkPage: requestedPage(url.searchParams.get('linkPage')),
  }
  return runLoader(async () => {
    const theme = await getTheme(getDb(), user, inquiryId, themeId, query)
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
  // Linking and unlinking come back to the same page of the lists they were made from.
  const sameView = `${here}${new URL(request.url).search}`
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    switch (intent) {
      case 'link':
        await linkRecord(db, user, inquiryId, themeId, parseWith(LinkSchema, form.values).recordId)
        return redirect(sameView)
      case 'unlink':
        await unlinkRecord(db, user, inquiryId, themeId, parseWith(LinkSchema, form.values).recordId)
        return redirect(sameView)
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
  const { inquiry, theme, canEdit, editBlock, paging, links, linkable, others, history, challenges } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const base = `/inquiries/${inquiry.id}`
  const themePath = `${base}/themes/${theme.id}`
  // What the two lists show now, kept in the links of each one's pager (page 1 is the default, left out).
  const view = {
    page: paging.page > 1 ? paging.page : undefined,
    linkCycle: linkable?.cycleNumber ?? undefined,
    linkPage: linkable && linkable.paging.page > 1 ? linkable.paging.page : undefined,
  }
  const askMerge: AskFor = ({ intoThemeId }) => {
    const into = others.find((o) => o.id === intoThemeId)
    if (!canEdit || !into) return undefined
    return {
      title: `Merge “${theme.name}” into “${into.name}”?`,
      message:
        `${paging.total === 0 ? 'It has no linked records; its' : `Its ${plural(paging.total, 'linked record')} and its`} ratings move to “${into.name}”. ` +
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
        <h2 id="records-heading">Linked records ({paging.total.toLocaleString('en-GB')})</h2>
        {paging.pages > 1 ? <p className="muted">Records {rangeText(paging)}, in the order they happened.</p> : null}
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
                {l.more ? (
                  <p>
                    <Link to={`${base}/records/${l.recordId}`}>Read the whole record</Link>
                  </p>
                ) : null}
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
        <Pager paging={paging} label="Pages of linked records" hrefOf={(page) => pageHref(themePath, view, page)} />
        {linkable ? (
          <>
            <h3 id="link-heading">Link a record</h3>
            {values.intent === 'link' && errors.recordId ? (
              <p className="field-error" role="alert">
                {errors.recordId}
              </p>
            ) : null}
            <Form method="get" className="filters" aria-labelledby="link-heading">
              {paging.page > 1 ? <input type="hidden" name="page" value={paging.page} /> : null}
              <Select
                name="linkCycle"
                label="Records of"
                defaultValue={linkable.cycleNumber ? String(linkable.cycleNumber) : ''}
                options={linkable.cycles.map((n) => ({ value: String(n), label: `Cycle ${n}` }))}
              />
              <button type="submit" className="secondary">
                Show
              </button>
            </Form>
            <p className="muted">
              {linkable.paging.total === 0
                ? `Every record of cycle ${linkable.cycleNumber ?? ''} you can see is linked to this theme already.`
                : `Records of cycle ${linkable.cycleNumber ?? ''} not linked to this theme yet, newest first: ${rangeText(linkable.paging)}.`}
            </p>
            {linkable.records.length > 0 ? (
              <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
                {linkable.records.map((r) => (
                  <li key={r.id} className="card">
                    <p className="record-meta" id={`linkable-${r.id}`}>
                      <Link to={`${base}/records/${r.id}`}>
                        {r.authorName}
                        {r.isMine ? ' (you)' : ''}, {formatDate(r.occurredAt)}
                      </Link>
                      {' · '}
                      {r.wayOfKnowing}
                      {r.visibility === 'private' ? ' · private' : ''}
                    </p>
                    <p className="record-text">{r.excerpt}</p>
                    <Form method="post">
                      <input type="hidden" name="intent" value="link" />
                      <input type="hidden" name="recordId" value={r.id} />
                      <button type="submit" className="secondary" aria-describedby={`linkable-${r.id}`}>
                        Link record
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            ) : null}
            <Pager
              paging={linkable.paging}
              label="Pages of records to link"
              hrefOf={(page) => pageHref(themePath, view, page, 'linkPage')}
              previous="Newer"
              next="Older"
            />
          </>
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
                  {paging.pages > 1 ? (
                    <p className="muted">
                      The linked records on this page of the list ({rangeText(paging)}); link others to the new theme once it is split off.
                    </p>
                  ) : null}
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
