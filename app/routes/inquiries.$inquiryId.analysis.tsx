import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Select } from '~/components/form'
import { getCycleAnalysis } from '~/features/analysis/analysis.server'
import {
  BlindToOpen,
  ConvergenceMap,
  OpinionMapChart,
  ParticipationChart,
  RatingDistributions,
  ThemesAcrossCycles,
} from '~/features/analysis/components'
import { IndicatorVerdict } from '~/features/validity/components/indicator-verdict'
import { ANALYSIS_INDICATOR_KEYS } from '~/features/validity/core'
import { getValidityReview } from '~/features/validity/validity.server'
import { getDb } from '~/utils/db.server'
import { requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Convergence and divergence — Co-operative inquiry' }]

const QuerySchema = z.object({
  cycle: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  round: z.enum(['blind', 'open']).catch('open'),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const search = new URL(request.url).searchParams
  const { cycle, round } = QuerySchema.parse({ cycle: search.get('cycle') || undefined, round: search.get('round') ?? 'open' })
  return runLoader(async () => {
    const view = await getCycleAnalysis(getDb(), user, inquiryId, cycle)
    // The verdicts are the validity review's own indicators, so this page and that one tell one story.
    const indicators =
      view.analysis && view.cycleNumber
        ? (await getValidityReview(getDb(), user, inquiryId, view.cycleNumber)).indicators.filter((i) =>
            ANALYSIS_INDICATOR_KEYS.includes(i.key),
          )
        : []
    return json({ ...view, round, indicators })
  })
}

function percent(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 100)}%`
}

export default function Analysis() {
  const { inquiry, cycles, cycleNumber, analysis, acrossCycles, round, indicators } = useLoaderData<typeof loader>()
  const participationVerdict = indicators.find((i) => i.key === 'participation-balance') ?? null
  const revealed = cycles.filter((c) => c.revealed)
  return (
    <article className="analysis">
      <p>
        <Link to={`/inquiries/${inquiry.id}`}>← {inquiry.title}</Link>
      </p>
      <h1>Convergence and divergence{cycleNumber ? ` — cycle ${cycleNumber}` : ''}</h1>
      {revealed.length > 0 ? (
        <Form method="get" className="filters" aria-label="Choose a cycle">
          <Select
            name="cycle"
            label="Cycle"
            defaultValue={cycleNumber ? String(cycleNumber) : ''}
            options={revealed.map((c) => ({ value: String(c.number), label: `Cycle ${c.number}` }))}
          />
          <Select
            name="round"
            label="Round"
            defaultValue={round}
            options={[
              { value: 'open', label: 'After discussion (open)' },
              { value: 'blind', label: 'Before discussion (blind)' },
            ]}
          />
          <button type="submit" className="secondary">
            Show
          </button>
        </Form>
      ) : null}
      {!analysis ? (
        <p>
          {cycleNumber ? `Cycle ${cycleNumber} has no revealed ratings yet.` : 'No cycle has revealed ratings yet.'} The analysis appears
          once a cycle's blind ratings are revealed, so that no one's private rating can be seen early.{' '}
          <Link to={`/inquiries/${inquiry.id}/ratings`}>Go to the ratings</Link>.
        </p>
      ) : (
        <>
          <section aria-labelledby="summary-heading" className="card">
            <h2 id="summary-heading">In brief</h2>
            <ul>
              <li>
                {analysis.themeCount} themes rated by up to {analysis.memberCount} members.
              </li>
              <li>
                Agreement across themes (Krippendorff's alpha, {analysis.level}): blind {analysis.blind.alpha.toFixed(2)}, after discussion{' '}
                {analysis.open.alpha.toFixed(2)}.{analysis.blind.alphaNote ? ` ${analysis.blind.alphaNote}` : ''}
              </li>
              <li>
                Conformity shift {analysis.shift.conformityShift === null ? '—' : analysis.shift.conformityShift.toFixed(2)} (positive means
                ratings moved toward the group); spread after discussion is {percent(analysis.shift.varianceRatio)} of the blind spread;{' '}
                {analysis.shift.changed} ratings changed, {analysis.shift.changedWithoutReason} of them without a reason.
              </li>
            </ul>
            {indicators.length > 0 ? (
              <>
                <h3 id="verdicts-heading">What the validity indicators say of these numbers</h3>
                <ul aria-labelledby="verdicts-heading" className="indicator-verdicts">
                  {indicators.map((i) => (
                    <li key={i.key} data-indicator={i.key}>
                      <IndicatorVerdict indicator={i} name={i.name} />
                    </li>
                  ))}
                </ul>
                <p>
                  <Link to={`/inquiries/${inquiry.id}/cycles/${cycleNumber}/validity`}>
                    The whole validity review of cycle {cycleNumber}
                  </Link>
                </p>
              </>
            ) : null}
            <p>
              <a href={`/inquiries/${inquiry.id}/analysis.json?cycle=${cycleNumber}`}>This analysis as JSON</a>
            </p>
          </section>
          <p className="muted">
            Convergence map and distributions show the{' '}
            {round === 'open'
              ? 'ratings after discussion (a member who did not re-rate keeps their blind rating)'
              : 'blind ratings, before discussion'}
            .
          </p>
          <ConvergenceMap themes={analysis[round].themes} scale={analysis.scale} />
          <RatingDistributions themes={analysis[round].themes} scale={analysis.scale} />
          <BlindToOpen shift={analysis.shift} />
          <ThemesAcrossCycles series={acrossCycles} scale={analysis.scale} />
          <OpinionMapChart map={analysis.opinionMap} />
          <ParticipationChart participation={analysis.participation} verdict={participationVerdict} />
        </>
      )}
    </article>
  )
}
