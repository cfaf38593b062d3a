import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { getValidityReview, parseCycleNumber } from '~/features/validity/validity.server'
import { getDb } from '~/utils/db.server'
import { requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

/** GET /inquiries/:inquiryId/cycles/:n/validity.json — the review and its indicators, members only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runLoader(async () => {
    const review = await getValidityReview(getDb(), user, inquiryId, parseCycleNumber(params.cycleNumber))
    return json(
      {
        format: 'cooperative-inquiry.validity',
        version: 1,
        inquiry: review.inquiry,
        cycle: review.cycle,
        summary: review.summary,
        indicators: review.indicators,
        procedures: review.procedures.map((p) => ({
          key: p.key,
          name: p.name,
          question: p.question,
          required: p.required,
          indicators: p.evidence.map((e) => e.key),
          judgement: p.judgement
            ? { status: p.judgement.status, note: p.judgement.note, by: p.judgement.displayName, at: p.judgement.updatedAt }
            : null,
        })),
        challenges: review.challenges.map((c) => ({
          id: c.id,
          hazard: c.hazard,
          target: c.target.label,
          text: c.text,
          raisedBy: c.raisedByName,
          resolution: c.resolution,
          resolutionText: c.resolutionText,
          createdAt: c.createdAt,
        })),
        history: review.history,
        /** The group's answers to its warnings and alerts, oldest first; the last for an indicator is the current one. */
        indicatorAnswers: review.answers.list.map((a) => ({
          indicator: a.indicatorKey,
          version: a.version,
          statusWhenAnswered: a.statusWhenAnswered,
          note: a.note,
          by: a.by,
          at: a.at,
        })),
        answersClosed: review.answers.closedReason,
      },
      { headers: { 'Cache-Control': 'private, no-store' } },
    )
  })
}
