import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Field, FormError, useFormFailure } from '~/components/form'
import { Pager } from '~/components/pager'
import { formatDate } from '~/utils/format'
import { pageHref, rangeText, requestedPage } from '~/utils/paging'
import { NewThemeSchema } from '~/features/themes/themes.schema'
import { listThemes } from '~/features/themes/theme-pages.server'
import { proposeTheme } from '~/features/themes/themes.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Themes — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const page = requestedPage(new URL(request.url).searchParams.get('page'))
  return runLoader(async () => json(await listThemes(getDb(), user, inquiryId, page)))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    const themeId = await proposeTheme(getDb(), user, inquiryId, parseWith(NewThemeSchema, form.values))
    return redirect(`/inquiries/${inquiryId}/themes/${themeId}`)
  })
}

const TRAJECTORY_TEXT = {
  emergent: 'emergent: new this cycle',
  persisting: 'persisting: records from this cycle and earlier ones',
  fading: 'fading: no records from this cycle',
} as const

export default function Themes() {
  const { inquiry, canEdit, editBlock, themes, paging, merged, mergedTotal, trajectoryCycle } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  return (
    <article>
      <p>
        <Link to={`/inquiries/${inquiry.id}`}>← {inquiry.title}</Link>
      </p>
      <h1>Themes</h1>
      <p>Themes are the patterns the group names in its records. Each member then rates how well each theme fits their own experience.</p>
      <nav className="actions" aria-label="Sense-making">
        <Link className="button secondary" to={`/inquiries/${inquiry.id}/ratings`}>
          Rate the themes
        </Link>
        <Link className="button secondary" to={`/inquiries/${inquiry.id}/themes/import`}>
          Import a codebook
        </Link>
        <Link className="button secondary" to={`/inquiries/${inquiry.id}/analysis`}>
          Convergence and divergence
        </Link>
      </nav>
      {themes.length === 0 ? (
        <p>No themes yet.</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="themes-caption" tabIndex={0}>
          <table>
            <caption id="themes-caption" className="muted">
              Active themes{paging.pages > 1 ? ` ${rangeText(paging)}, in the order they were proposed` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Theme</th>
                <th scope="col">Records</th>
                <th scope="col">Since</th>
                <th scope="col">{trajectoryCycle ? `In cycle ${trajectoryCycle}` : 'Trajectory'}</th>
                <th scope="col">Proposed by</th>
              </tr>
            </thead>
            <tbody>
              {themes.map((t) => (
                <tr key={t.id}>
                  <td>
                    <Link to={`/inquiries/${inquiry.id}/themes/${t.id}`}>{t.name}</Link>
                    {t.description ? <div className="muted">{t.description}</div> : null}
                  </td>
                  <td>{t.links}</td>
                  <td>cycle {t.firstCycleNumber}</td>
                  <td>{t.trajectory ? TRAJECTORY_TEXT[t.trajectory] : ''}</td>
                  <td>{t.proposedByName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paging={paging} label="Pages of themes" hrefOf={(page) => pageHref(`/inquiries/${inquiry.id}/themes`, {}, page)} />
      {merged.length > 0 ? (
        <>
          <h2>Merged</h2>
          {mergedTotal > merged.length ? (
            <p className="muted">
              {mergedTotal.toLocaleString('en-GB')} themes have been merged into others; the {merged.length} merged most recently:
            </p>
          ) : null}
          <ul>
            {merged.map((m) => (
              <li key={m.id}>
                <Link to={`/inquiries/${inquiry.id}/themes/${m.id}`}>{m.name}</Link> →{' '}
                <Link to={`/inquiries/${inquiry.id}/themes/${m.intoId}`}>{m.intoName}</Link>{' '}
                <span className="muted">({formatDate(m.updatedAt)})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Propose a theme</h2>
      <FormError message={formError} />
      {canEdit ? (
        <Form method="post" noValidate className="card">
          <Field
            name="name"
            label="Name"
            hint="A few words, e.g. “The urge to rescue”."
            defaultValue={values.name}
            error={errors.name}
            maxLength={120}
          />
          <Field
            name="description"
            label="What it is about (optional)"
            multiline
            rows={3}
            defaultValue={values.description}
            error={errors.description}
          />
          <button type="submit">Propose theme</button>
        </Form>
      ) : (
        <p>{editBlock}</p>
      )}
    </article>
  )
}
