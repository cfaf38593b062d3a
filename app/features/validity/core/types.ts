// Validity indicators (DESIGN §2 validity procedures, §4 collusion indicators). Plain data only.

export type IndicatorStatus = 'ok' | 'warn' | 'alert' | 'n/a'

export type IndicatorKey =
  | 'conformity-shift'
  | 'variance-ratio'
  | 'unexplained-moves'
  | 'dissent'
  | 'participation-balance'
  | 'grounding'
  | 'ways-of-knowing'
  | 'research-cycling'
  | 'divergence-balance'
  | 'unaware-projections'

/** A threshold pair: which side is worse follows from their order (warn < alert: higher is worse). */
export type Threshold = { warn: number; alert: number }

export type Indicator = {
  key: IndicatorKey
  name: string
  /** null when there is nothing to compute yet (status 'n/a'). */
  value: number | null
  /** How the value is shown: '0.18', '7 of 9', '43%'. */
  display: string
  threshold: Threshold | null
  status: IndicatorStatus
  /** Validity procedures (template keys) this indicator informs. */
  procedures: string[]
  /** One plain sentence a practitioner understands. */
  sentence: string
  /**
   * The rule behind the status, with this template's thresholds filled in ("warn when … , alert
   * when …"). The one text every surface shows beside the verdict: pages, archive, reports, CSV.
   */
  rule: string
  /** Why this cycle got its status, against the thresholds ("one member made 38% … (warn at 35% or more)"). */
  reason: string
  /**
   * Every threshold the rule uses, by the template's key (`indicatorThresholds`): participation
   * balance has two, the Gini's and the largest share's; `threshold` keeps the first.
   */
  thresholds: Record<string, Threshold>
}

export type IndicatorInput = {
  cycleNumber: number
  recommendedMinCycles: number
  /** Whether the inquiry has concluded (research cycling is judged at the end). */
  concluded: boolean
  memberCount: number
  /** From the cycle's analysis once its blind round is revealed; null before. */
  ratings: null | {
    conformityShift: number | null
    varianceRatio: number | null
    changed: number
    changedWithoutReason: number
    themeClasses: ('convergent' | 'divergent' | 'mixed')[]
  }
  /** Challenges raised in this cycle. */
  challengesRaised: number
  /** Decisions of this cycle that have closed, and how many had any stance other than agree. */
  decisionsClosed: number
  decisionsWithDissent: number
  /** Closed decisions where everyone agreed and no one gave a reason. */
  unanimousWithoutReasons: number
  participation: { gini: number; largestShare: number } | null
  /** Current members with no shared action-phase record in this cycle (private records stay unseen). */
  membersWithoutActionRecords: number
  /** Whether the cycle has reached an action phase yet (grounding is n/a before). */
  actionPhaseReached: boolean
  waysOfKnowing: { experiential: number; presentational: number; propositional: number; practical: number }
  /** Check-ins this cycle flagged "something is up for me that needs time". */
  checkInsFlagged: number
  checkIns: number
  /** Per-indicator thresholds from the template, keyed by template keys (see defaults). */
  thresholds: Record<string, Threshold>
}

/** A one-sentence reading of a cycle's indicators, with counts by status. */
export type IndicatorSummary = { ok: number; warn: number; alert: number; na: number; sentence: string }
