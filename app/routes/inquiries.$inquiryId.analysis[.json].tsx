import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getCycleAnalysis } from '~/features/analysis/analysis.server'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { listAnalysisIndicators } from '~/features/validity/analysis-indicators.server'
import { getDb } from '~/utils/db.server'
import { requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

const QuerySchema = z.object({ cycle: z.coerce.number().int().min(1).max(10_000).optional() })

/**
 * GET /inquiries/:inquiryId/analysis.json?cycle=N — the computed analysis of a revealed
 * cycle, for members only (exports and the command line reuse it), with the validity
 * indicators read from its numbers: status, rule and reason, as the validity review has them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runLoader(async () => {
    await requireInquiryMember(getDb(), user.id, inquiryId)
    const parsed = QuerySchema.safeParse({ cycle: new URL(request.url).searchParams.get('cycle') ?? undefined })
    if (!parsed.success) throw json({ message: 'cycle must be a whole number from 1.' }, { status: 400 })
    const view = await getCycleAnalysis(getDb(), user, inquiryId, parsed.data.cycle)
    if (!view.analysis) {
      throw json(
        {
          message: parsed.data.cycle
            ? `Cycle ${parsed.data.cycle} has no revealed ratings to analyse.`
            : 'No cycle has revealed ratings yet.',
        },
        { status: 404 },
      )
    }
    const indicators = await listAnalysisIndicators(getDb(), user, inquiryId, view.cycleNumber!)
    return json(
      {
        format: 'cooperative-inquiry.analysis',
        version: 1,
        inquiry: view.inquiry,
        cycle: view.cycleNumber,
        analysis: view.analysis,
        acrossCycles: view.acrossCycles,
        indicators,
      },
      { headers: { 'Cache-Control': 'private, no-store' } },
    )
  })
}
