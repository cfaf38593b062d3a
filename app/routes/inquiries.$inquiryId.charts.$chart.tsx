import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { analysisChartSvg } from '~/features/analysis/charts.server'
import { ANALYSIS_CHARTS } from '~/features/analysis/core/page'
import { getDb } from '~/utils/db.server'
import { notFoundResponse, requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

const QuerySchema = z.object({
  cycle: z.coerce.number().int().min(1).max(10_000).optional(),
  round: z.enum(['blind', 'open']).default('open'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
})

/**
 * GET /inquiries/:inquiryId/charts/:chart.svg?cycle=N&round=open&page=P — one chart of the
 * analysis page as an SVG image, for members only. The page carries the chart's data table.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const chart = ANALYSIS_CHARTS.find((c) => `${c}.svg` === params.chart)
  if (!chart) throw notFoundResponse()
  const search = new URL(request.url).searchParams
  const parsed = QuerySchema.safeParse({
    cycle: search.get('cycle') || undefined,
    round: search.get('round') || undefined,
    page: search.get('page') || undefined,
  })
  if (!parsed.success) {
    throw json({ message: 'cycle and page must be whole numbers from 1, and round either blind or open.' }, { status: 400 })
  }
  return runLoader(async () => {
    const svg = await analysisChartSvg(getDb(), user, inquiryId, chart, parsed.data)
    if (svg === null) throw notFoundResponse()
    return new Response(svg, {
      headers: {
        'Content-Type': 'image/svg+xml; charset=utf-8',
        'Cache-Control': 'private, no-store',
        // An image, never a document that could run anything.
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      },
    })
  })
}
