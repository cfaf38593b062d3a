import type { Db } from '~db/connection'
import type { Inquiry } from '~db/schema'
import { carriedContributions, parseCarried } from '~db/queries/carried'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { findCycleByNumber, listCycles, listPhases } from '~db/queries/inquiries'
import { listCycleChallenges } from '~db/queries/challenges'
import { countSharedRecordsBeforeCycle, listSharedRecordsOfCycle } from '~db/queries/records'
import { listCheckInFlags, listRatingsOfRevealedCycles } from '~db/queries/exports'
import { listClosedDecisionsOfCycle, listRatedThemeLinkKinds, listValidityJudgements } from '~db/queries/validity'
import { listStancesOfDecisions } from '~db/queries/decisions'
import { getCycleAnalysis, participationIn } from '~/features/analysis/analysis.server'
import { participation } from '~/features/analysis/core'
import type { InquiryTemplate } from '~/features/templates/template.schema'
import { notFound } from '~/utils/errors.server'
import { cachedForInquiry } from '~/utils/cache.server'
import type { SessionUser } from '~/utils/session.server'
import {
  actionPhaseOngoing,
  actionPhaseReached,
  computeIndicators,
  dissentOf,
  ratingEvidence,
  ratingRows,
  stanceEvidence,
  timeMadeAfterFlags,
  type CycleEvidence,
  type Indicator,
  type IndicatorInput,
} from './core'

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

export async function computeIndicatorsFor(
  db: Db,
  user: SessionUser,
  inquiry: Inquiry,
  template: InquiryTemplate,
  cycle: CycleRow,
): Promise<Indicator[]> {
  const members = await listCurrentMembers(db, inquiry.groupId)
  const memberIds = members.map((m) => m.personId)
  const [view, challenges, decisions, records, phases, checkIns, contributions, carried] = await Promise.all([
    // Indicators need only this cycle's analysis, not the series across cycles (the review computes one per cycle).
    getCycleAnalysis(db, user, inquiry.id, cycle.number, { acrossCycles: false }),
    listCycleChallenges(db, cycle.id),
    listClosedDecisionsOfCycle(db, cycle.id),
    listSharedRecordsOfCycle(db, cycle.id),
    listPhases(db, cycle.id),
    listCheckInFlags(db, [cycle.id]),
    participationIn(db, inquiry.id, cycle.id, memberIds),
    carriedContributions(db, cycle.id),
  ])
  // An imported cycle adds what it carried from records whose words stayed behind at export.
  const kept = parseCarried(cycle.carriedJson)
  const stances = decisions.length
    ? await listStancesOfDecisions(
        db,
        decisions.map((d) => d.id),
      )
    : []
  const stanceLists = decisions.map((decision) => ({
    stances: [
      ...stances
        .filter((x) => x.decisionId === decision.id)
        .map((s) => ({ who: s.personId, stance: s.stance, reasoned: Boolean(s.reason) })),
      ...(JSON.parse(decision.anonymousJson) as { stance: string; reason: string | null }[]).map((s, i) => ({
        who: `anonymous ${i}`,
        stance: s.stance,
        reasoned: Boolean(s.reason),
      })),
    ],
  }))
  const { withDissent, unanimousWithoutReasons: unanimousSilent } = dissentOf(stanceLists)
  const ways = { experiential: 0, presentational: 0, propositional: 0, practical: 0 }
  for (const r of records) ways[r.wayOfKnowing] += 1
  if (kept) for (const way of Object.keys(ways) as (keyof typeof ways)[]) ways[way] += kept.waysOfKnowing[way]
  const acted = new Set([
    ...records.filter((r) => r.kind === 'action').map((r) => r.authorId),
    ...carried.filter((c) => c.actionRecords > 0).map((c) => c.personId),
  ])
  const analysis = view.analysis
  const balance =
    analysis?.participation ??
    participation(
      contributions,
      members.map((m) => ({ id: m.personId, name: m.displayName })),
    )
  const input: IndicatorInput = {
    cycleNumber: cycle.number,
    recommendedMinCycles: template.recommendedMinCycles,
    concluded: inquiry.status === 'concluded',
    memberCount: members.length,
    ratings: ratingEvidence(analysis),
    challengesRaised: challenges.length,
    decisionsClosed: decisions.length,
    decisionsWithDissent: withDissent,
    unanimousWithoutReasons: unanimousSilent,
    participation: { gini: balance.overallGiniNormalised, largestShare: balance.largestShare },
    membersWithoutActionRecords: memberIds.filter((id) => !acted.has(id)).length,
    actionPhaseReached: actionPhaseReached(phases),
    actionPhaseOngoing: actionPhaseOngoing(phases),
    waysOfKnowing: ways,
    checkIns: checkIns.length + (kept?.checkIns.held ?? 0),
    checkInsFlagged: checkIns.filter((c) => c.needsTime === 1).length + (kept?.checkIns.flagged ?? 0),
    thresholds: template.indicatorThresholds,
    evidence: await evidenceFor(db, inquiry, template, cycle, memberIds, contributions, analysis !== null, records, carried),
  }
  input.evidence!.stances = stanceEvidence(stanceLists)
  return computeIndicators(input, template.validityProcedures)
}

/** What the indicators weigh beyond the counts (issue 14): the same evidence analyse-archive reads from an archive. */
export async function evidenceFor(
  db: Db,
  inquiry: Inquiry,
  template: InquiryTemplate,
  cycle: CycleRow,
  memberIds: string[],
  contributions: { memberId: string; records: number; words: number; themesProposed: number }[],
  revealed: boolean,
  records: { authorId: string; kind: string }[],
  carried: { personId: string; actionRecords: number }[],
): Promise<CycleEvidence> {
  const current = new Set(memberIds)
  const [ratings, challenges, judgements, cycles, group, links, earlier] = await Promise.all([
    // Ratings only once the blind round is revealed: before that nobody may read them, the indicators included.
    revealed ? listRatingsOfRevealedCycles(db, [cycle.id]) : Promise.resolve([]),
    listCycleChallenges(db, cycle.id),
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
  const linkedToAction = new Set(links.filter((l) => l.kind === 'action' && rated.has(l.themeId)).map((l) => l.themeId)).size
  const linked = new Set(links.filter((l) => rated.has(l.themeId)).map((l) => l.themeId)).size
  const actionRecordsVisible = records.filter((r) => r.kind === 'action').length
  const timeMade = timeMadeAfterFlags(template.validityProcedures, challenges, judgements, cycle.reviewAdoptedAt !== null)
  const previous = new Map<number, { experiential: number; presentational: number; propositional: number; practical: number }>()
  for (const e of earlier) {
    const ways = previous.get(e.number) ?? { experiential: 0, presentational: 0, propositional: 0, practical: 0 }
    ways[e.wayOfKnowing] += Number(e.n)
    previous.set(e.number, ways)
  }
  return {
    ratings: rows,
    scaleRange: template.ratingScale.max - template.ratingScale.min,
    challenges: challenges.map((c) => ({ raisedBy: c.raisedBy, resolution: c.resolution })),
    contributions: contributions.map((c) => ({
      member: c.memberId,
      records: c.records,
      words: c.words,
      themesProposed: c.themesProposed,
      actionRecords:
        records.filter((r) => r.authorId === c.memberId && r.kind === 'action').length +
        (carried.find((k) => k.personId === c.memberId)?.actionRecords ?? 0),
    })),
    themeLinks:
      actionRecordsVisible === 0 || rated.size === 0 ? null : { themes: rated.size, linkedToAction, actionRecordsVisible, linked },
    devilsAdvocate: { required: template.devilsAdvocate.required, held: cycle.devilsAdvocateId },
    previousWaysOfKnowing: [...previous.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w),
    ...(timeMade === undefined ? {} : { timeMade }),
    inquiryCycles: cycles.length ? Math.max(...cycles.map((c) => c.number)) : cycle.number,
    pair: group?.kind === 'pair',
  }
}

/**
 * The validity review of one cycle: procedures with their evidence, every member's judgement
 * and its spread, and the viewer's own; indicators, challenges.
 */
