// Shapes shared by the pure analysis (core/), the services that feed it and the charts
// that draw it. Plain data only: everything here serialises to JSON unchanged.

export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio'
export type Round = 'blind' | 'open'

export type RatingScale = { min: number; max: number; labels: Record<string, string> }

export type AnalysisThresholds = {
  /** Convergent needs IQR at or below this (docs/design.md §4 default 1 on a 1–5 scale). */
  convergentMaxIqr: number
  /** Divergent at or above this IQR (default 2). */
  divergentMinIqr: number
  /** Polarised needs at least this share of ratings on each side of the midpoint (default 0.25), and a dip between the camps (classify.ts isPolarised). */
  polarisedShare: number
  /** Share of members whose ratings make a theme's quorum (the template's decision quorum, default 2/3). */
  quorum: number
}

export type RatingInput = {
  memberId: string
  themeId: string
  round: Round
  value: number
  /** Reason given with an open-round change; null when none. */
  reason: string | null
}

export type ParticipationInput = {
  memberId: string
  records: number
  words: number
  themesProposed: number
  stances: number
  challenges: number
}

export type CycleAnalysisInput = {
  scale: RatingScale
  level: MeasurementLevel
  thresholds: AnalysisThresholds
  /** Current members, in display order. */
  members: { id: string; name: string }[]
  /** Themes rated in this cycle, in display order. */
  themes: { id: string; name: string }[]
  /**
   * Explicit ratings. A member who did not re-rate in the open round keeps their blind
   * rating: the open value of (member, theme) is the open rating if given, else the blind one.
   */
  ratings: RatingInput[]
  participation: ParticipationInput[]
}

export type ThemeStats = {
  n: number
  mean: number | null
  median: number | null
  /** Sample standard deviation (n − 1); 0 for a single rating, null for none. */
  sd: number | null
  q1: number | null
  q3: number | null
  /** Q3 − Q1 with linear interpolation between order statistics (Hyndman & Fan type 7). */
  iqr: number | null
  /** Share of ratings within one scale point of the median. */
  withinOneOfMedian: number | null
  /** Count of ratings at each scale point, from scale.min to scale.max. */
  distribution: { value: number; count: number }[]
}

export type ThemeClass = 'convergent' | 'divergent' | 'mixed'
export type Direction = 'endorsed' | 'rejected' | 'neutral'

export type ThemeAnalysis = {
  themeId: string
  name: string
  stats: ThemeStats
  class: ThemeClass
  /** From the median against the scale midpoint; meaningful for every class, named for convergent. */
  direction: Direction
  polarised: boolean
  /** Below the rating quorum: not enough ratings to call the theme convergent. */
  belowQuorum: boolean
}

export type RoundAnalysis = {
  round: Round
  themes: ThemeAnalysis[]
  /** Krippendorff's alpha over members × themes at the template's level. */
  alpha: number
  /** Plain note when alpha is a defined value for degenerate data (see krippendorff.ts). */
  alphaNote: string | null
  ratings: number
}

export type RoundShift = {
  /**
   * docs/design.md §4: mean of (|blind − others' blind mean| − |open − others' open mean|) / scale range;
   * positive = moved toward the group. "Others" are the other members who rated the theme in the
   * blind round (their open value falls back to the blind one), so both means are over the same people.
   */
  conformityShift: number | null
  /** Mean open variance / mean blind variance over themes; null when the blind round had no spread. */
  varianceRatio: number | null
  /** member × theme pairs rated in both rounds (open falling back to blind). */
  pairs: number
  /** Open ratings that differ from the same member's blind rating. */
  changed: number
  changedWithoutReason: number
  /** Per theme: spread before and after discussion. */
  themes: {
    themeId: string
    name: string
    blindIqr: number | null
    openIqr: number | null
    blindSd: number | null
    openSd: number | null
  }[]
}

export type OpinionMap = {
  /** Members who rated at least one theme, placed on the map. */
  members: { memberId: string; name: string; x: number; y: number }[]
  /**
   * Members with no rating of any theme: not placed (not at the origin), listed as "no ratings".
   * Always set by opinionMap(); optional only so maps built by hand elsewhere still type.
   */
  unrated?: { memberId: string; name: string }[]
  /** Share of variance explained by the first two principal components. */
  explained: [number, number]
  /** Themes with the largest absolute loading on the first component, strongest first. */
  separatingThemes: { themeId: string; name: string; loading: number }[]
  /** Set when the map cannot be drawn meaningfully (fewer than 2 members or themes, no variation). */
  note: string | null
}

export type ContributionKind = 'records' | 'words' | 'themesProposed' | 'stances' | 'challenges'

export type ParticipationAnalysis = {
  members: ({ memberId: string; name: string; total: number } & Record<ContributionKind, number>)[]
  /** Gini per kind of contribution, over current members, population form (at most (n − 1)/n). */
  gini: Record<ContributionKind, number>
  /** Gini of each member's mean share across kinds, population form: one figure for "who takes part". */
  overallGini: number
  /** As `gini`, normalised by n/(n − 1): 1 when one member makes every contribution, at any group size. */
  giniNormalised: Record<ContributionKind, number>
  /** As `overallGini`, normalised by n/(n − 1); the form participation thresholds should read (docs/design.md §4). */
  overallGiniNormalised: number
  /** Largest single member's mean share across kinds. */
  largestShare: number
}

export type CycleAnalysis = {
  scale: RatingScale
  level: MeasurementLevel
  memberCount: number
  themeCount: number
  blind: RoundAnalysis
  open: RoundAnalysis
  shift: RoundShift
  /** From the open round (the group's considered view). */
  opinionMap: OpinionMap
  participation: ParticipationAnalysis
}

export type Trajectory = 'emergent' | 'persisting' | 'fading'

/** Rows are members (observers), columns are themes (units); null where a member gave no rating. */
export type RatingMatrix = (number | null)[][]

/** Open-round reasons in the same layout as a RatingMatrix; null where no explicit open rating or no reason. */
export type ReasonMatrix = (string | null)[][]

export type ThemeRef = { id: string; name: string }
export type MemberRef = { id: string; name: string }
