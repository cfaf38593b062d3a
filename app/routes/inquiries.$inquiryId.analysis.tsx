import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Select } from '~/components/form'
import { getAnalysisPage } from '~/features/analysis/analysis.server'
import {
  BlindToOpen,
  ConvergenceMap,
  OpinionMapChart,
  ParticipationChart,
  RatingDistributions,
  ThemesAcrossCycles,
} from '~/features/analysis/components'
import { IndicatorVerdict } from '~/features/validity/components/indicator-verdict'
import { getInquiryFacilitation } from '~/features/facilitation/facilitation.server'
import { FacilitationSection } from '~/features/facilitation/components/facilitation-section'
import { listAnalysisIndicators } from '~/features/validity/analysis-indicators.server'
import { Pager } from '~/components/pager'
import { getDb } from '~/utils/db.server'
import { requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Convergence and divergence — Co-operative inquiry' }]

const QuerySchema = z.object({
  cycle: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  round: z.enum(['blind', 'open']).catch('open'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const search = new URL(request.url).searchParams
  const query = QuerySchema.parse({
    cycle: search.get('cycle') || undefined,
    round: search.get('round') ?? 'open',
    page: search.get('page') || 1,
  })
  return runLoader(async () => {
    const view = await getAnalysisPage(getDb(), user, inquiryId, query)
    // The verdicts are the validity review's own indicators, so this page and that one tell one story.
    const indicators = view.model && view.cycleNumber ? await listAnalysisIndicators(getDb(), user, inquiryId, view.cycleNumber) : []
    const facilitation = await getInquiryFacilitation(getDb(), user, inquiryId)
    // The facilitation section reads its verdict for the cycle shown, or the latest cycle before any reveal.
    const latest = view.cycleNumber ?? (view.cycles.length ? Math.max(...view.cycles.map((c) => c.number)) : null)
    const facilitationVerdict =
      (view.model && view.cycleNumber ? indicators : latest ? await listAnalysisIndicators(getDb(), user, inquiryId, latest) : []).find(
        (i) => i.key === 'authentic-collaboration',
      ) ?? null
    return json({ ...view, indicators, facilitation, facilitationVerdict, facilitationCycle: latest })
  })
}

function percent(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 100)}%`
}

export default function Analysis() {
  const { inquiry, cycles, cycleNumber, model, charts, round, indicators, facilitation, facilitationVerdict, facilitationCycle } =
    useLoaderData<typeof loader>()
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
      {!model || !charts ? (
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
                {model.summary.themeCount} themes rated by up to {model.summary.memberCount} members.
              </li>
              <li>
                Agreement across themes (Krippendorff's alpha, {model.summary.level}): blind {model.summary.blindAlpha.toFixed(2)}, after
                discussion {model.summary.openAlpha.toFixed(2)}.{model.summary.alphaNote ? ` ${model.summary.alphaNote}` : ''}
              </li>
              <li>
                Conformity shift {model.summary.conformityShift === null ? '—' : model.summary.conformityShift.toFixed(2)} (positive means
                ratings moved toward the group); spread after discussion is {percent(model.summary.varianceRatio)} of the blind spread;{' '}
                {model.summary.changed} ratings changed, {model.summary.changedWithoutReason} of them without a reason.
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
          {model.themePaging.pages > 1 ? (
            <p>
              The tables, and the charts of one row per theme, show themes {model.themePaging.from}–{model.themePaging.to} of{' '}
              {model.themePaging.total}; the convergence map shows them all.
            </p>
          ) : null}
          <Pager
            paging={model.themePaging}
            label="Pages of themes"
            previous="Earlier themes"
            next="Later themes"
            hrefOf={(page) => `/inquiries/${inquiry.id}/analysis?cycle=${cycleNumber}&round=${round}&page=${page}`}
          />
          <ConvergenceMap
            themes={model.themes}
            scale={model.scale}
            src={charts.convergence}
            sentence={model.sentences.convergence}
            offset={model.themePaging.from - 1}
            total={model.summary.themeCount}
            anyPolarised={model.anyPolarised}
          />
          <RatingDistributions
            themes={model.themes}
            scale={model.scale}
            src={charts.distributions}
            sentence={model.sentences.distributions}
          />
          <BlindToOpen shift={model.shift} src={charts.shift} sentence={model.sentences.shift} />
          <ThemesAcrossCycles
            series={model.series}
            scale={model.scale}
            srcs={[charts['across-median'], charts['across-spread']]}
            sentence={model.sentences.across}
          />
          <OpinionMapChart map={model.opinionMap} src={charts['opinion-map']} />
          <ParticipationChart participation={model.participation} verdict={participationVerdict} src={charts.participation} />
        </>
      )}
      {facilitation.pair ? null : (
        <FacilitationSection
          inquiryId={inquiry.id}
          facilitation={facilitation}
          verdict={facilitationVerdict ? <IndicatorVerdict indicator={facilitationVerdict} name={facilitationVerdict.name} /> : null}
          cycleNumber={facilitationCycle}
        />
      )}
    </article>
  )
}
