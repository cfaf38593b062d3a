import { actionPhaseOngoing, actionPhaseReached, dissentOf, ratingEvidence, stanceEvidence } from './dissent'
import { computeIndicators } from './indicators'
import { timeMadeAfterFlags } from './time-made'
import type { CycleEvidence, Indicator, IndicatorInput, WaysOfKnowing } from './types'

// One cycle's indicators from what was read of it: from the database for the validity and
// analysis pages (validity/evidence.server.ts), or from an archive alone
// (exports/core/analyse-archive.ts). The two must agree, since the archive round trip compares
// them, so what is made of the facts is written once, here; each side reads its own facts.

/** One closed decision's stances: the named ones in the order given, then the anonymous pool. */
export type ClosedDecisionStances = {
  named: readonly { member: string; stance: string; reasoned: boolean }[]
  anonymous: readonly { stance: string; reasoned: boolean }[]
}

/** What one cycle's indicators are computed from, each part read from its source. */
export type CycleFacts = {
  cycleNumber: number
  template: {
    recommendedMinCycles: number
    ratingScale: { min: number; max: number }
    devilsAdvocate: { required: boolean }
    indicatorThresholds: IndicatorInput['thresholds']
    validityProcedures: readonly { key: string; indicators: readonly string[] }[]
  }
  concluded: boolean
  /** The current members: only they count. */
  memberIds: readonly string[]
  /** Members with an action-phase record this cycle. */
  acted: ReadonlySet<string>
  /** The cycle's analysis once its blind round is revealed; null before. */
  analysis: Parameters<typeof ratingEvidence>[0]
  /** Participation balance: the analysis's, or computed from the contributions before the reveal. */
  balance: { overallGiniNormalised: number; largestShare: number }
  /** The current members' rating rows (ratingRows). */
  ratings: NonNullable<CycleEvidence['ratings']>
  challenges: readonly { raisedBy: string; resolution: 'revised' | 'answered' | 'left_open' | null; hazard: string }[]
  judgements: readonly { procedureKey: string; status: string; note: string }[]
  reviewAdopted: boolean
  decisions: readonly ClosedDecisionStances[]
  contributions: NonNullable<CycleEvidence['contributions']>
  /** Counts for the theme links evidence, before the rule that drops it when there is nothing to compare. */
  themeLinks: { themes: number; linkedToAction: number; actionRecordsVisible: number; linked: number }
  phases: readonly { kind: string; status: string }[]
  waysOfKnowing: WaysOfKnowing
  checkIns: { held: number; flagged: number }
  /** Who held the devil's advocate role this cycle (null: no one). */
  devilsAdvocate: string | null
  previousWaysOfKnowing: WaysOfKnowing[]
  inquiryCycles: number
  pair: boolean
  /** Facilitator dependence of each cycle up to this one (facilitation/core/measure.ts); absent when who facilitated is not known. */
  facilitation?: CycleEvidence['facilitation']
}

/** A cycle's indicators from its facts (docs/design.md §4), the same for the app and an archive. */
export function cycleIndicators(facts: CycleFacts): Indicator[] {
  return computeIndicators(indicatorInput(facts), facts.template.validityProcedures)
}

/** Each anonymous stance is a voice of its own, so none stands in for another as a person's latest. */
function stanceLists(decisions: readonly ClosedDecisionStances[]) {
  return decisions.map((d) => ({
    stances: [
      ...d.named.map((s) => ({ who: s.member, stance: s.stance, reasoned: s.reasoned })),
      ...d.anonymous.map((s, i) => ({ who: `anonymous ${i}`, stance: s.stance, reasoned: s.reasoned })),
    ],
  }))
}

function indicatorInput(facts: CycleFacts): IndicatorInput {
  const stances = stanceLists(facts.decisions)
  const { withDissent, unanimousWithoutReasons } = dissentOf(stances)
  return {
    cycleNumber: facts.cycleNumber,
    recommendedMinCycles: facts.template.recommendedMinCycles,
    concluded: facts.concluded,
    memberCount: facts.memberIds.length,
    ratings: ratingEvidence(facts.analysis),
    challengesRaised: facts.challenges.length,
    decisionsClosed: facts.decisions.length,
    decisionsWithDissent: withDissent,
    unanimousWithoutReasons,
    participation: { gini: facts.balance.overallGiniNormalised, largestShare: facts.balance.largestShare },
    membersWithoutActionRecords: facts.memberIds.filter((id) => !facts.acted.has(id)).length,
    actionPhaseReached: actionPhaseReached(facts.phases),
    actionPhaseOngoing: actionPhaseOngoing(facts.phases),
    waysOfKnowing: facts.waysOfKnowing,
    checkIns: facts.checkIns.held,
    checkInsFlagged: facts.checkIns.flagged,
    thresholds: facts.template.indicatorThresholds,
    evidence: { ...cycleEvidence(facts), stances: stanceEvidence(stances) },
  }
}

/** What the indicators weigh beyond the counts (issue 14). */
function cycleEvidence(facts: CycleFacts): CycleEvidence {
  const { template, themeLinks: links } = facts
  const timeMade = timeMadeAfterFlags(template.validityProcedures, facts.challenges, facts.judgements, facts.reviewAdopted)
  return {
    ratings: facts.ratings,
    scaleRange: template.ratingScale.max - template.ratingScale.min,
    challenges: facts.challenges.map((c) => ({ raisedBy: c.raisedBy, resolution: c.resolution })),
    contributions: facts.contributions,
    // Nothing to compare without a visible action record or a rated theme.
    themeLinks:
      links.actionRecordsVisible === 0 || links.themes === 0
        ? null
        : {
            themes: links.themes,
            linkedToAction: links.linkedToAction,
            actionRecordsVisible: links.actionRecordsVisible,
            linked: links.linked,
          },
    devilsAdvocate: { required: template.devilsAdvocate.required, held: facts.devilsAdvocate },
    previousWaysOfKnowing: facts.previousWaysOfKnowing,
    ...(timeMade === undefined ? {} : { timeMade }),
    inquiryCycles: facts.inquiryCycles,
    pair: facts.pair,
    ...(facts.facilitation ? { facilitation: facts.facilitation } : {}),
  }
}
