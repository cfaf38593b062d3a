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
  statusFor,
  computeIndicators,
} from './indicators'
export { reasonAndRuleText, reasonText, ruleText, summarise, verdictText } from './summary'
export { actionPhaseOngoing, actionPhaseReached, dissentOf, ratingEvidence, ratingRows, stanceEvidence } from './dissent'
export { excessShare, leadingVoice, movesTowardOne } from './evidence'
export { timeMadeAfterFlags } from './time-made'
export { judgementSpread, spreadText, type JudgementSpread, type JudgementStatus } from './judgements'
