// Validity indicators (docs/design.md §2 validity procedures, §4 collusion indicators). Plain data only.

/**
 * `alert`: the evidence says this cycle shows the hazard. `warn`: worth a look, rare in honest
 * groups. `ok`. `unclear`: there is some evidence, but less than the indicator's minimum, so it
 * cannot tell ("not enough to tell"). `n/a`: nothing to read yet.
 */
export type IndicatorStatus = 'ok' | 'warn' | 'alert' | 'unclear' | 'n/a'

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
  | 'authentic-collaboration'

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
    /** The same themes' classes in the blind round, before discussion. */
    blindThemeClasses?: ('convergent' | 'divergent' | 'mixed')[]
    /** Mean blind-round standard deviation over themes, in scale points (null when unknown). */
    meanBlindSd?: number | null
  }
  /** Challenges raised in this cycle. */
  challengesRaised: number
  /** Decisions of this cycle that have closed, and how many had any stance other than agree. */
  decisionsClosed: number
  decisionsWithDissent: number
  /** Closed decisions where everyone agreed and no one gave a reason. */
  unanimousWithoutReasons: number
  /** Participation: the normalised Gini (0 equal, 1 one member does everything, for any n ≥ 2) and the largest mean share. */
  participation: { gini: number; largestShare: number } | null
  /** Current members with no shared action-phase record in this cycle (private records stay unseen). */
  membersWithoutActionRecords: number
  /** Whether the cycle has reached an action phase yet (grounding is n/a before). */
  actionPhaseReached: boolean
  /** An action phase is current: members may still record, so a missing record is not yet evidence. */
  actionPhaseOngoing?: boolean
  waysOfKnowing: { experiential: number; presentational: number; propositional: number; practical: number }
  /** Check-ins this cycle flagged "something is up for me that needs time". */
  checkInsFlagged: number
  checkIns: number
  /** Per-indicator thresholds from the template, keyed by template keys (see defaults). */
  thresholds: Record<string, Threshold>
  /**
   * The evidence for and against the hazards beyond the counts above (issue 14): who moved to
   * whose rating and with what reason, how challenges were resolved, reasons on stances, who
   * wrote and proposed what, links from themes to action-phase records, the devil's advocate,
   * earlier cycles' ways of knowing, time made after a check-in flag, the inquiry's length.
   * Each part is optional: an indicator without the part it needs says so.
   */
  evidence?: CycleEvidence
}

export type WaysOfKnowing = { experiential: number; presentational: number; propositional: number; practical: number }

export type CycleEvidence = {
  /** One row per member × theme rated in the blind round: the blind value, the open value (the blind one if not re-rated), whether a reason came with a change. */
  ratings?: { member: string; theme: string; blind: number; open: number; reasoned: boolean }[]
  /** Scale range (max − min) of the template's rating scale. */
  scaleRange?: number
  /** Challenges raised this cycle: who raised them and how each was resolved (null while open). */
  challenges?: { raisedBy: string; resolution: 'revised' | 'answered' | 'left_open' | null }[]
  /** Final stances on the cycle's closed decisions: how many, and how many gave a reason. */
  stances?: { total: number; reasoned: number; nonAgree: number; nonAgreeReasoned: number }
  /** Per current member: what they contributed this cycle. */
  contributions?: { member: string; records: number; words: number; themesProposed: number; actionRecords: number }[]
  /** Themes rated this cycle, and how many are linked to at least one action-phase record; null when no linkable record is visible. */
  themeLinks?: {
    themes: number
    linkedToAction: number
    actionRecordsVisible: number
    /** Rated themes linked to any visible record, of any phase: whether the group links themes to records at all. */
    linked?: number
  } | null
  /** The devil's advocate: whether the template requires one, who held it this cycle (null: no one), and how many challenges they raised. */
  devilsAdvocate?: { required: boolean; held: string | null }
  /** Earlier cycles' shared records by way of knowing, oldest first (not this cycle). */
  previousWaysOfKnowing?: WaysOfKnowing[]
  /** Whether the group recorded that it made time for what a check-in flagged (a judgement on the procedure with a note, or a challenge about unaware projection). */
  timeMade?: boolean
  /** How many cycles the inquiry has (research cycling is judged on the last). */
  inquiryCycles?: number
  /** A client–practitioner pair: action phases are the client's own. */
  pair?: boolean
  /**
   * Facilitator dependence (issue 19) of each cycle up to this one, oldest first, from
   * facilitation/core/measure.ts: its status, the dependence (null unless measured, 0 for peer
   * facilitation), how many parts had enough acts, and how many acts the cycle had in all.
   */
  facilitation?: {
    pair: boolean
    cycles: {
      cycle: number
      status: 'measured' | 'peer' | 'no-role' | 'left' | 'too-few' | 'too-small'
      dependence: number | null
      countedParts: number
      acts: number
    }[]
  }
}

/** A one-sentence reading of a cycle's indicators, with counts by status. */
export type IndicatorSummary = {
  ok: number
  warn: number
  alert: number
  /** Indicators that had some evidence but not enough to tell. */
  unclear: number
  na: number
  sentence: string
  /** The cycle's one verdict: the worst level any indicator reached ('unclear' when none has enough evidence). */
  verdict: 'ok' | 'warn' | 'alert' | 'unclear' | 'n/a'
  /** The evidence that drove the verdict: each deciding indicator's name and reason. */
  evidence: string[]
}
