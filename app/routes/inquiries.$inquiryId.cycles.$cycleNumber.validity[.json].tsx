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
        // Version 2: each procedure carries every member's judgement and their spread (issue 16 item 3), not one `judgement`.
        version: 2,
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
          /** How many members judged it each way (`judged` in all), out of `members`. */
          spread: { ...p.spread, members: review.memberCount },
          /** Every member's own judgement, least recently changed first, by name: judgements are not anonymous. */
          judgements: p.judgements.map((j) => ({
            status: j.status,
            note: j.note,
            by: j.by,
            at: j.updatedAt,
            currentMember: j.currentMember,
          })),
          /** The viewer's own judgement, or null. */
          mine: p.mine ? { status: p.mine.status, note: p.mine.note, at: p.mine.updatedAt } : null,
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
