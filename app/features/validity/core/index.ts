export * from './types'
export {
  DEFAULT_THRESHOLDS,
  INDICATOR_KEYS,
  INDICATOR_NAMES,
  indicatorKeyFor,
  statusFor,
  computeIndicators,
  summarise,
} from './indicators'
export { actionPhaseReached, dissentOf, ratingEvidence, type DecisionStances } from './dissent'
