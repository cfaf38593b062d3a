import { renderToStaticMarkup } from 'react-dom/server'
import type { Db } from '~db/connection'
import { cachedForInquiry } from '~/utils/cache.server'
import type { SessionUser } from '~/utils/session.server'
import { getCycleAnalysis } from './analysis.server'
import { BlindToOpen, ConvergenceMap, OpinionMapChart, ParticipationChart, RatingDistributions, ThemesAcrossCycles } from './components'
import { pageSlices, type AnalysisChart, type Round } from './core/page'

// The analysis page's charts as SVG images. recharts draws on the server; drawing a chart of
// 200 themes takes tens of milliseconds and hundreds of kilobytes, so each chart is drawn once
// per data version of its inquiry and kept (app/utils/cache.server.ts), and the page, which
// carries the charts' data tables, links to the images instead of holding them.

/** Each chart, drawn by the same component the page uses, of the page's own slice of themes, and which of its SVGs is the image. */
function draw(chart: AnalysisChart, view: Awaited<ReturnType<typeof getCycleAnalysis>>, round: Round, page: number) {
  const analysis = view.analysis!
  const paged = pageSlices(analysis, view.acrossCycles, round, page)
  switch (chart) {
    case 'convergence':
      return { element: <ConvergenceMap themes={analysis[round].themes} scale={analysis.scale} />, part: 0 }
    case 'distributions':
      return { element: <RatingDistributions themes={paged.themes} scale={analysis.scale} />, part: 0 }
    case 'shift':
      return { element: <BlindToOpen shift={paged.shift} />, part: 0 }
    case 'across-median':
    case 'across-spread':
      return {
        element: <ThemesAcrossCycles series={paged.series} scale={analysis.scale} />,
        part: chart === 'across-median' ? 0 : 1,
      }
    case 'opinion-map':
      return { element: <OpinionMapChart map={analysis.opinionMap} />, part: 0 }
    case 'participation':
      return { element: <ParticipationChart participation={analysis.participation} />, part: 0 }
  }
}

const PAGED = new Set<AnalysisChart>(['distributions', 'shift', 'across-median', 'across-spread'])

const SURFACE = /<svg[^>]*class="recharts-surface"[^>]*>[\s\S]*?<\/svg>/g

/** The `part`-th recharts drawing in some markup, as a standalone SVG document, or null if there is none. */
export function standaloneSvg(markup: string, part: number): string | null {
  const svg = [...markup.matchAll(SURFACE)][part]?.[0]
  if (!svg) return null
  // The size the chart was drawn at is the image's own; the page's CSS scales the image.
  return svg
    .replace(/^(<svg[^>]*?) style="[^"]*"/, '$1')
    .replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg" font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, sans-serif"')
}

/**
 * One chart of a cycle's analysis as an SVG document, for a member (requireInquiryMember, via
 * getCycleAnalysis), or null when the cycle has no revealed analysis or the chart nothing to draw.
 */
export async function analysisChartSvg(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  chart: AnalysisChart,
  query: { cycle?: number; round: Round; page: number },
): Promise<string | null> {
  const view = await getCycleAnalysis(db, user, inquiryId, query.cycle)
  if (!view.analysis || view.cycleNumber === null) return null
  // Charts that draw every theme are the same on every page, and only two draw one round.
  const page = PAGED.has(chart) ? query.page : 1
  const round = chart === 'convergence' || chart === 'distributions' ? query.round : 'open'
  return cachedForInquiry(db, inquiryId, `svg:${chart}:${view.cycleNumber}:${round}:${page}`, async () => {
    const { element, part } = draw(chart, view, round, page)
    return standaloneSvg(renderToStaticMarkup(element), part)
  })
}
