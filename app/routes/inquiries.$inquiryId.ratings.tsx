import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FormError, useFormFailure } from '~/components/form'
import { Pager } from '~/components/pager'
import { ProposalOptionsFields } from '~/features/decisions/components/proposal-options'
import { proposalAnonymity, proposingWith } from '~/features/decisions/decisions.server'
import { getRatingPage, proposeReveal, rateBlind, rateOpen } from '~/features/ratings/ratings.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'
import { pageHref, rangeText, requestedPage } from '~/utils/paging'

export const meta: MetaFunction = () => [{ title: 'Ratings — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const page = requestedPage(new URL(request.url).searchParams.get('page'))
  return runLoader(async () =>
    json({ ...(await getRatingPage(getDb(), user, inquiryId, page)), anonymity: await proposalAnonymity(getDb(), inquiryId) }),
  )
}

const IntentSchema = z.object({ intent: z.enum(['blind', 'open', 'reveal'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    if (intent === 'reveal') {
      const decisionId = await proposingWith(form.values, () => proposeReveal(getDb(), user, inquiryId))
      return redirect(`/decisions/${decisionId}`)
    }
    if (intent === 'blind') await rateBlind(getDb(), user, inquiryId, form.values)
    else await rateOpen(getDb(), user, inquiryId, form.values)
    // Each page of themes is saved on its own; "save and go on" moves to the next page (past the last, the page shows page 1).
    const page = requestedPage(form.values.page) + (form.values.then === 'next' ? 1 : 0)
    return redirect(pageHref(`/inquiries/${inquiryId}/ratings`, { saved: intent }, page))
  })
}

type ScaleProps = {
  themeId: string
  themeName: string
  scale: { min: number; max: number; labels: Record<string, string> }
  value: number | null
  error?: string
}

/** One theme's rating as a row of radio buttons, labelled with the scale's words. */
function ScaleChoice({ themeId, themeName, scale, value, error }: ScaleProps) {
  const name = `rating.${themeId}`
  const points = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i)
  const errorId = error ? `${name}-error` : undefined
  return (
    <fieldset className="field rating-scale" aria-describedby={errorId}>
      <legend>{themeName}</legend>
      <div className="scale-points">
        {points.map((p) => (
          <span className="choice" key={p}>
            <input
              type="radio"
              id={`${name}-${p}`}
              name={name}
              value={p}
              defaultChecked={value === p}
              aria-invalid={error ? true : undefined}
            />
            <label htmlFor={`${name}-${p}`}>
              {p}
              {scale.labels[String(p)] ? ` — ${scale.labels[String(p)]}` : ''}
            </label>
          </span>
        ))}
      </div>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}

export default function Ratings() {
  const page = useLoaderData<typeof loader>()
  const { inquiry, state, scale, themes, progress, revealRule, revealDecisionId, cycleNumber, paging, mine } = page
  const { errors, values, formError } = useFormFailure()
  const kept = (themeId: string, fallback: number | null) => {
    const v = values[`rating.${themeId}`]
    return v !== undefined && v !== '' ? Number(v) : fallback
  }
  const path = `/inquiries/${inquiry.id}/ratings`
  const hrefOf = (n: number) => pageHref(path, {}, n)
  const paged = paging.pages > 1
  /** Where the form of this page posts: this page, so a refusal shows the same themes with what was chosen. */
  const formAction = hrefOf(paging.page)
  const pageFields = (
    <>
      {paged ? <input type="hidden" name="page" value={paging.page} /> : null}
      {paged ? (
        <p className="muted">Themes {rangeText(paging)}. Each page is saved on its own: save this one before you go to another.</p>
      ) : null}
    </>
  )
  const saveButtons = (label: string) => (
    <div className="actions">
      <button type="submit">{label}</button>
      {paging.page < paging.pages ? (
        <button type="submit" name="then" value="next" className="secondary">
          Save and go to the next page
        </button>
      ) : null}
    </div>
  )
  return (
    <article>
      <p>
        <Link to={`/inquiries/${inquiry.id}`}>← {inquiry.title}</Link>
      </p>
      <h1>Ratings{cycleNumber ? ` — cycle ${cycleNumber}` : ''}</h1>
      <FormError message={formError} />
      {state === 'not_open' ? (
        <p>
          Ratings are given in a cycle's sense-making phase. No rating round is open now.{' '}
          <Link to={`/inquiries/${inquiry.id}/analysis`}>See earlier cycles' analysis</Link>.
        </p>
      ) : themes.length === 0 ? (
        <p>
          There are no themes to rate yet. <Link to={`/inquiries/${inquiry.id}/themes`}>Name the themes first</Link>.
        </p>
      ) : state === 'blind' ? (
        <section aria-labelledby="blind-heading">
          <h2 id="blind-heading">Blind round: rate privately</h2>
          <p>
            How well does each theme fit <strong>your own</strong> experience? No one else — the facilitator included — can see your ratings
            until the round is revealed, so you are not swayed by the group and do not sway it.
          </p>
          <p role="status">
            {progress.completed} of {progress.members} members have rated every theme.{' '}
            {revealRule === 'all_rated'
              ? 'The ratings are revealed when everyone has.'
              : 'The ratings are revealed when the group decides.'}
          </p>
          {mine ? (
            <p>
              {mine.unrated === 0 ? (
                'You have rated every theme.'
              ) : (
                <>
                  You have {mine.unrated.toLocaleString('en-GB')} of {paging.total.toLocaleString('en-GB')}{' '}
                  {paging.total === 1 ? 'theme' : 'themes'} still to rate.
                  {paged && mine.firstUnratedPage !== null && mine.firstUnratedPage !== paging.page ? (
                    <>
                      {' '}
                      <Link to={hrefOf(mine.firstUnratedPage)}>The first of them is on page {mine.firstUnratedPage}</Link>.
                    </>
                  ) : null}
                </>
              )}
            </p>
          ) : null}
          <Form method="post" action={formAction} noValidate>
            <input type="hidden" name="intent" value="blind" />
            {pageFields}
            {themes.map((t) => (
              <ScaleChoice
                key={t.id}
                themeId={t.id}
                themeName={t.name}
                scale={scale}
                value={kept(t.id, t.blind)}
                error={errors[`rating.${t.id}`]}
              />
            ))}
            {saveButtons('Save my blind ratings')}
          </Form>
          <Pager paging={paging} label="Pages of themes to rate" hrefOf={hrefOf} />
          {revealDecisionId ? (
            <p>
              A proposal to reveal now is open: <Link to={`/decisions/${revealDecisionId}`}>take a stance</Link>.
            </p>
          ) : (
            <Form method="post" action={formAction} className="actions">
              <input type="hidden" name="intent" value="reveal" />
              <ProposalOptionsFields
                idPrefix="reveal"
                anonymity={page.anonymity}
                error={values.intent === 'reveal' ? errors.anonymousStances : undefined}
                defaultChecked={values.intent === 'reveal' && values.anonymousStances === 'on'}
              />
              <button type="submit" className="secondary">
                Propose revealing the ratings now
              </button>
            </Form>
          )}
        </section>
      ) : (
        <section aria-labelledby="open-heading">
          <h2 id="open-heading">Open round: re-rate after discussion</h2>
          <p>
            The blind ratings are revealed: <Link to={`/inquiries/${inquiry.id}/analysis`}>see where the group converges and diverges</Link>
            . After talking it through, you may change your rating. If you do, say why: moves without reasons are a sign of conformity
            rather than learning.
          </p>
          <Form method="post" action={formAction} noValidate>
            <input type="hidden" name="intent" value="open" />
            {pageFields}
            {themes.map((t) => (
              <div key={t.id} className="card">
                <ScaleChoice
                  themeId={t.id}
                  themeName={t.name}
                  scale={scale}
                  value={kept(t.id, t.open ?? t.blind)}
                  error={errors[`rating.${t.id}`]}
                />
                <p className="muted">Your blind rating: {t.blind ?? 'none'}</p>
                <div className="field">
                  <label htmlFor={`reason.${t.id}`}>If you changed it, why? (optional)</label>
                  <textarea
                    id={`reason.${t.id}`}
                    name={`reason.${t.id}`}
                    rows={2}
                    defaultValue={values[`reason.${t.id}`] ?? t.reason ?? ''}
                    aria-invalid={errors[`reason.${t.id}`] ? true : undefined}
                  />
                  {errors[`reason.${t.id}`] ? <p className="field-error">{errors[`reason.${t.id}`]}</p> : null}
                </div>
              </div>
            ))}
            {saveButtons('Save my open ratings')}
          </Form>
          <Pager paging={paging} label="Pages of themes to re-rate" hrefOf={hrefOf} />
        </section>
      )}
    </article>
  )
}
