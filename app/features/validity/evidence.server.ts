import type { Db } from '~db/connection'
import type { Decision, Inquiry } from '~db/schema'
import { carriedContributions, parseCarried } from '~db/queries/carried'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { findCycleByNumber, listCycles, listPhases } from '~db/queries/inquiries'
import { listCycleChallenges } from '~db/queries/challenges'
import { countSharedRecordsBeforeCycle, listSharedRecordsOfCycle } from '~db/queries/records'
import { listCheckInFlags, listRatingsOfRevealedCycles } from '~db/queries/exports'
import { listClosedDecisionsOfCycle, listRatedThemeLinkKinds, listValidityJudgements } from '~db/queries/validity'
import { listStancesOfDecisions } from '~db/queries/decisions'
import { getCycleAnalysis, participationIn } from '~/features/analysis/analysis.server'
import { facilitationSeries } from '~/features/facilitation/facilitation.server'
import { dependenceEvidence } from '~/features/facilitation/core/measure'
import { participation } from '~/features/analysis/core'
import type { ParticipationInput } from '~/features/analysis/core/types'
import type { InquiryTemplate } from '~/features/templates/template.schema'
import { notFound } from '~/utils/errors.server'
import { cachedForInquiry } from '~/utils/cache.server'
import type { SessionUser } from '~/utils/session.server'
import { ratingRows, type Indicator, type WaysOfKnowing } from './core'
import { cycleIndicators, type ClosedDecisionStances, type CycleFacts } from './core/cycle-indicators'

// The evidence of one cycle's validity review, and the indicators computed from it
// (docs/design.md §4): what the validity page, analysis page and exports read of a cycle.

export type CycleRow = {
  id: string
  number: number
  endedAt: string | null
  reviewAdoptedAt: string | null
  devilsAdvocateId: string | null
  carriedJson: string | null
}

export async function getCycle(db: Db, inquiryId: string, number: number): Promise<CycleRow> {
  const cycle = await findCycleByNumber(db, inquiryId, number)
  if (!cycle) throw notFound('This cycle')
  return cycle
}

/**
 * Gathers the evidence of one cycle and computes its indicators (docs/design.md §4). Only shared
 * records count, and the result is the same for every member, so it is computed once until
 * the inquiry's data is next written (app/utils/cache.server.ts).
 */
export async function indicatorsFor(
  db: Db,
  user: SessionUser,
  inquiry: Inquiry,
  template: InquiryTemplate,
  cycle: CycleRow,
): Promise<Indicator[]> {
  return cachedForInquiry(db, inquiry.id, `indicators:${cycle.id}`, () => computeIndicatorsFor(db, user, inquiry, template, cycle))
}

/** The indicators computed afresh: what indicatorsFor keeps, and what answering an indicator checks inside its transaction. */
export async function computeIndicatorsFor(
  db: Db,
  user: SessionUser,
  inquiry: Inquiry,
  template: InquiryTemplate,
  cycle: CycleRow,
): Promise<Indicator[]> {
  const members = await listCurrentMembers(db, inquiry.groupId)
  const memberIds = members.map((m) => m.personId)
  const [view, challenges, decisions, records, phases, checkIns, contributions, carried, facilitation] = await Promise.all([
    // Indicators need only this cycle's analysis, not the series across cycles (the review computes one per cycle).
    getCycleAnalysis(db, user, inquiry.id, cycle.number, { acrossCycles: false }),
    listCycleChallenges(db, cycle.id),
    listClosedDecisionsOfCycle(db, cycle.id),
    listSharedRecordsOfCycle(db, cycle.id),
    listPhases(db, cycle.id),
    listCheckInFlags(db, [cycle.id]),
    participationIn(db, inquiry.id, cycle.id, memberIds),
    carriedContributions(db, cycle.id),
    facilitationSeries(db, inquiry),
  ])
  // An imported cycle adds what it carried from records whose words stayed behind at export.
  const kept = parseCarried(cycle.carriedJson)
  const analysis = view.analysis
  return cycleIndicators({
    cycleNumber: cycle.number,
    template,
    concluded: inquiry.status === 'concluded',
    memberIds,
    ...withActionRecords(contributions, records, carried),
    analysis,
    balance:
      analysis?.participation ??
      participation(
        contributions,
        members.map((m) => ({ id: m.personId, name: m.displayName })),
      ),
    challenges,
    decisions: await closedDecisionStances(db, decisions),
    phases,
    waysOfKnowing: waysOfKnowingOf(records, kept),
    checkIns: {
      held: checkIns.length + (kept?.checkIns.held ?? 0),
      flagged: checkIns.filter((c) => c.needsTime === 1).length + (kept?.checkIns.flagged ?? 0),
    },
    devilsAdvocate: cycle.devilsAdvocateId,
    reviewAdopted: cycle.reviewAdoptedAt !== null,
    ...(await evidenceFor(db, inquiry, cycle, memberIds, analysis !== null, records)),
    facilitation: dependenceEvidence(facilitation.cycles, cycle.number, facilitation.pair),
  })
}

/**
 * Who has made an action-phase record this cycle, and each member's contributions with their
 * action records: shared records, and what an imported cycle carried of records left behind.
 */
function withActionRecords(
  contributions: ParticipationInput[],
  records: { authorId: string; kind: string }[],
  carried: { personId: string; actionRecords: number }[],
): Pick<CycleFacts, 'acted' | 'contributions'> {
  return {
    acted: new Set([
      ...records.filter((r) => r.kind === 'action').map((r) => r.authorId),
      ...carried.filter((c) => c.actionRecords > 0).map((c) => c.personId),
    ]),
    contributions: contributions.map((c) => ({
      member: c.memberId,
      records: c.records,
      words: c.words,
      themesProposed: c.themesProposed,
      actionRecords:
        records.filter((r) => r.authorId === c.memberId && r.kind === 'action').length +
        (carried.find((k) => k.personId === c.memberId)?.actionRecords ?? 0),
    })),
  }
}

/** This cycle's shared records by way of knowing, with those an imported cycle carried. */
function waysOfKnowingOf(records: { wayOfKnowing: keyof WaysOfKnowing }[], kept: ReturnType<typeof parseCarried>): WaysOfKnowing {
  const ways = { experiential: 0, presentational: 0, propositional: 0, practical: 0 }
  for (const r of records) ways[r.wayOfKnowing] += 1
  if (kept) for (const way of Object.keys(ways) as (keyof typeof ways)[]) ways[way] += kept.waysOfKnowing[way]
  return ways
}

/** The stances of a cycle's closed decisions, named and anonymous, one list per decision. */
async function closedDecisionStances(db: Db, decisions: Pick<Decision, 'id' | 'anonymousJson'>[]): Promise<ClosedDecisionStances[]> {
  const stances = decisions.length
    ? await listStancesOfDecisions(
        db,
        decisions.map((d) => d.id),
      )
    : []
  return decisions.map((decision) => ({
    named: stances
      .filter((x) => x.decisionId === decision.id)
      .map((s) => ({ member: s.personId, stance: s.stance, reasoned: Boolean(s.reason) })),
    anonymous: (JSON.parse(decision.anonymousJson) as { stance: string; reason: string | null }[]).map((s) => ({
      stance: s.stance,
      reasoned: Boolean(s.reason),
    })),
  }))
}

/** What the indicators weigh beyond the counts (issue 14), as read from the database; analyse-archive reads the same from an archive. */
async function evidenceFor(
  db: Db,
  inquiry: Inquiry,
  cycle: CycleRow,
  memberIds: string[],
  revealed: boolean,
  records: { kind: string }[],
): Promise<Pick<CycleFacts, 'ratings' | 'judgements' | 'themeLinks' | 'previousWaysOfKnowing' | 'inquiryCycles' | 'pair'>> {
  const current = new Set(memberIds)
  const [ratings, judgements, cycles, group, links, earlier] = await Promise.all([
    // Ratings only once the blind round is revealed: before that nobody may read them, the indicators included.
    revealed ? listRatingsOfRevealedCycles(db, [cycle.id]) : Promise.resolve([]),
    listValidityJudgements(db, cycle.id),
    listCycles(db, inquiry.id),
    findGroup(db, inquiry.groupId),
    revealed ? listRatedThemeLinkKinds(db, cycle.id) : Promise.resolve([]),
    countSharedRecordsBeforeCycle(db, inquiry.id, cycle.number),
  ])
  const rows = ratingRows(
    ratings
      .filter((r) => current.has(r.personId))
      .map((r) => ({ member: r.personId, theme: r.themeId, round: r.round, value: r.value, reasoned: Boolean(r.reason) })),
  )
  const rated = new Set(rows.map((r) => r.theme))
  const previous = new Map<number, WaysOfKnowing>()
  for (const e of earlier) {
    const ways = previous.get(e.number) ?? { experiential: 0, presentational: 0, propositional: 0, practical: 0 }
    ways[e.wayOfKnowing] += Number(e.n)
    previous.set(e.number, ways)
  }
  return {
    ratings: rows,
    judgements,
    themeLinks: {
      themes: rated.size,
      linkedToAction: new Set(links.filter((l) => l.kind === 'action' && rated.has(l.themeId)).map((l) => l.themeId)).size,
      actionRecordsVisible: records.filter((r) => r.kind === 'action').length,
      linked: new Set(links.filter((l) => rated.has(l.themeId)).map((l) => l.themeId)).size,
    },
    previousWaysOfKnowing: [...previous.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w),
    inquiryCycles: cycles.length ? Math.max(...cycles.map((c) => c.number)) : cycle.number,
    pair: group?.kind === 'pair',
  }
}
