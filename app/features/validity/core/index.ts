export * from './types'
export {
  ANALYSIS_INDICATOR_KEYS,
  DEFAULT_THRESHOLDS,
  INDICATOR_KEYS,
  INDICATOR_NAMES,
  INDICATOR_STATUS_TEXT,
  PARTICIPATION_WORDS,
  indicatorKeyFor,
  ruleFor,
  ruleText,
  reasonAndRuleText,
  reasonText,
  verdictText,
  statusFor,
  computeIndicators,
  summarise,
} from './indicators'
export { actionPhaseOngoing, actionPhaseReached, dissentOf, ratingEvidence, ratingRows, stanceEvidence } from './dissent'
export { excessShare, leadingVoice, movesTowardOne } from './evidence'
export { timeMadeAfterFlags } from './time-made'
