import { lowerFirst } from './words'
import type { Indicator, IndicatorStatus, Threshold } from './types'

// What every indicator's computation returns, and the few ways of reaching a verdict they share.

export const SEVERITY = { ok: 0, warn: 1, alert: 2 } as const

export function worse(a: 'ok' | 'warn' | 'alert', b: 'ok' | 'warn' | 'alert'): 'ok' | 'warn' | 'alert' {
  return SEVERITY[a] >= SEVERITY[b] ? a : b
}

export function soften(status: 'ok' | 'warn' | 'alert'): 'ok' | 'warn' | 'alert' {
  return status === 'alert' ? 'warn' : 'ok'
}

export const NOT_REVEALED = 'The blind round has not been revealed yet.'

export type Computed = Omit<Indicator, 'key' | 'name' | 'procedures' | 'thresholds'>

/** Nothing to compute yet: the sentence says why, and so does the reason. */
export function na(threshold: Threshold | null, rule: string, sentence: string): Computed {
  const reason = lowerFirst(sentence.replace(/[.?]$/, ''))
  return { value: null, display: '—', threshold, status: 'n/a', sentence, rule, reason }
}

/** Some evidence, but less than the indicator's minimum: it says so rather than ok or alert. */
export function unclear(
  value: number | null,
  display: string,
  threshold: Threshold | null,
  rule: string,
  sentence: string,
  reason: string,
): Computed {
  // The status says "not enough to tell" beside the reason everywhere, so the reason does not repeat it.
  return { value, display, threshold, status: 'unclear', sentence, rule, reason }
}

/** The words for each status, the same on every surface (pages, reports, CSV readers). */
export const INDICATOR_STATUS_TEXT: Record<IndicatorStatus, string> = {
  ok: 'ok',
  warn: 'warning',
  alert: 'alert',
  unclear: 'not enough to tell',
  'n/a': 'nothing yet',
}

/** Participation in words, by the participation-balance status (the analysis page says the same): ok can be unequal numbers nobody simply followed. */
export const PARTICIPATION_WORDS: Record<'ok' | 'warn' | 'alert', string> = {
  ok: 'balanced enough',
  warn: 'uneven',
  alert: 'led by one voice',
}
