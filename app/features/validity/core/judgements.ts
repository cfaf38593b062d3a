import { JUDGEMENT_LABELS, JUDGEMENTS } from '../validity.schema'

// Everyone's own judgement of a validity procedure (issue 16 item 3): each member judges each
// procedure for themselves, and the review shows the spread. Pure, so the validity page, its
// JSON and every report of an archive count the same way.

export type JudgementStatus = (typeof JUDGEMENTS)[number]

/** How many members judged a procedure each way, and how many judged it at all. */
export type JudgementSpread = Record<JudgementStatus, number> & { judged: number }

export function judgementSpread(judgements: readonly { status: JudgementStatus }[]): JudgementSpread {
  const spread: JudgementSpread = { met: 0, partly: 0, not_met: 0, n_a: 0, judged: judgements.length }
  for (const j of judgements) spread[j.status] += 1
  return spread
}

/** The spread in words, the judgements no one gave left out: "2 met, 1 partly"; "Not judged" when nobody has. */
export function spreadText(spread: JudgementSpread): string {
  if (spread.judged === 0) return 'Not judged'
  return JUDGEMENTS.filter((s) => spread[s] > 0)
    .map((s) => `${spread[s]} ${JUDGEMENT_LABELS[s].toLowerCase()}`)
    .join(', ')
}
