export { ConvergenceMap, DIVIDED_IQR, POLARISED_RULE } from './convergence-map'
export { RatingDistributions } from './rating-distributions'
export { BlindToOpen, CONFORMITY_OTHERS } from './blind-to-open'
export { ThemesAcrossCycles } from './themes-across-cycles'
export { OpinionMapChart } from './opinion-map-chart'
export { ParticipationChart, participationShares } from './participation-chart'
export {
  collapsedThemes,
  describeBlindToOpen,
  describeConvergence,
  describeDistributions,
  describeOpinionMap,
  describeParticipation,
  describeThemesAcrossCycles,
  participationWords,
  type ParticipationVerdict,
  themeReading,
  type ThemeCyclePoint,
  type ThemeSeries,
} from './describe'
