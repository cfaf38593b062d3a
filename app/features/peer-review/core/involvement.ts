/** One closed review, as the involvement chart needs it. */
export type PeerReviewForInvolvement = {
  number: number
  items: { raisedAs: 'client' | 'practitioner'; kind: 'satisfaction' | 'dissatisfaction' | 'proposal' | 'between_us' }[]
  /** Decisions of the pair proposed since the previous review, and how many the client proposed. */
  decisions: { total: number; byClient: number }
}

export type InvolvementPoint = {
  review: number
  clientItemShare: number | null
  clientDecisionShare: number | null
  clientItems: number
  practitionerItems: number
  satisfactions: number
  dissatisfactions: number
}

export type Involvement = { points: InvolvementPoint[]; sentence: string }

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole)
const pct = (x: number | null) => (x === null ? 'none' : `${Math.round(x * 100)}%`)

/**
 * Heron's progressive involvement: across reviews, the client's share of the agenda and of
 * the pair's decisions, and the satisfactions and dissatisfactions raised.
 */
export function involvement(reviews: PeerReviewForInvolvement[]): Involvement {
  const points = [...reviews]
    .sort((a, b) => a.number - b.number)
    .map((r) => {
      const clientItems = r.items.filter((i) => i.raisedAs === 'client').length
      return {
        review: r.number,
        clientItemShare: share(clientItems, r.items.length),
        clientDecisionShare: share(r.decisions.byClient, r.decisions.total),
        clientItems,
        practitionerItems: r.items.length - clientItems,
        satisfactions: r.items.filter((i) => i.kind === 'satisfaction').length,
        dissatisfactions: r.items.filter((i) => i.kind === 'dissatisfaction').length,
      }
    })
  return { points, sentence: describe(points) }
}

function describe(points: InvolvementPoint[]): string {
  if (points.length === 0) return 'No review has closed yet.'
  const first = points[0]!
  const last = points.at(-1)!
  if (points.length === 1) {
    return `In the first review the client raised ${pct(first.clientItemShare)} of the agenda items.`
  }
  const a = first.clientItemShare ?? 0
  const b = last.clientItemShare ?? 0
  const trend = b > a + 0.05 ? 'grew' : b < a - 0.05 ? 'fell' : 'stayed about the same'
  return (
    `The client's share of the agenda ${trend}, from ${pct(first.clientItemShare)} in review ${first.review} to ${pct(last.clientItemShare)} in review ${last.review}; ` +
    `the client proposed ${pct(last.clientDecisionShare)} of the pair's decisions in the latest period, and that review raised ` +
    `${last.satisfactions} ${last.satisfactions === 1 ? 'satisfaction' : 'satisfactions'} and ${last.dissatisfactions} ${last.dissatisfactions === 1 ? 'dissatisfaction' : 'dissatisfactions'}.`
  )
}

export type OutcomeChoice = 'continue' | 'change' | 'pause' | 'end'

/**
 * The outcome of a review (Heron: decisions about continuing or ending are co-operative):
 * either person may end the work alone; continuing, changing and pausing need both to
 * agree; two different choices mean "not agreed", and the present arrangement stands.
 */
export function resolveOutcome(client: OutcomeChoice | null, practitioner: OutcomeChoice | null): OutcomeChoice | 'not_agreed' | null {
  if (client === 'end' || practitioner === 'end') return 'end'
  if (client === null || practitioner === null) return null
  return client === practitioner ? client : 'not_agreed'
}
