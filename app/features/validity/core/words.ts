import type { Threshold } from './types'

// How the indicators write numbers, counts and thresholds: one wording for every rule and reason.

export type Format = (x: number) => string

/** Status of a value against a threshold pair; warn ≤ alert means higher is worse, warn > alert lower is worse. */
export function statusFor(value: number, threshold: Threshold): 'ok' | 'warn' | 'alert' {
  if (threshold.warn <= threshold.alert) {
    if (value >= threshold.alert) return 'alert'
    return value >= threshold.warn ? 'warn' : 'ok'
  }
  if (value <= threshold.alert) return 'alert'
  return value <= threshold.warn ? 'warn' : 'ok'
}

export function fixed2(x: number): string {
  const r = Math.round(x * 100) / 100
  return (r === 0 ? 0 : r).toFixed(2)
}

export function percent(x: number): string {
  return `${Math.round(x * 100)}%`
}

/** "1 member", "2 members". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`
}

/** "1 challenge was raised", "2 challenges were raised". */
export function countWas(n: number, singular: string): string {
  return `${count(n, singular)} ${n === 1 ? 'was' : 'were'}`
}

export function higherIsWorse(t: Threshold): boolean {
  return t.warn <= t.alert
}

/** "0.10 or more", "60% or less", "0%": a bound on the side that is worse. */
export function bound(x: number, t: Threshold, fmt: Format): string {
  if (higherIsWorse(t)) return `${fmt(x)} or more`
  return x <= 0 ? fmt(x) : `${fmt(x)} or less`
}

/** "warn when <subject> is 0.10 or more, alert at 0.20 or more"; equal bounds have no warning band. */
export function bands(subject: string, t: Threshold, fmt: Format): string {
  if (t.warn === t.alert) return `alert when ${subject} is ${bound(t.alert, t, fmt)} (no warning band)`
  return `warn when ${subject} is ${bound(t.warn, t, fmt)}, alert at ${bound(t.alert, t, fmt)}`
}

/** The threshold a value met, or the one it stayed clear of: "(warn at 35% or more)", "(below the warning at 0.30)". */
export function mark(value: number, t: Threshold, fmt: Format): string {
  const status = statusFor(value, t)
  if (status === 'alert') return `(alert at ${bound(t.alert, t, fmt)})`
  if (status === 'warn') return `(warn at ${bound(t.warn, t, fmt)})`
  const first = t.warn === t.alert ? 'alert' : 'warning'
  return `(${higherIsWorse(t) ? 'below' : 'above'} the ${first} at ${fmt(t.warn)})`
}

/** For participation, whose thresholds name how unequal it is, not the level: "(very unequal at 0.45 or more)", "(below unequal at 0.30)". */
export function inequality(value: number, t: Threshold, fmt: Format): string {
  const status = statusFor(value, t)
  if (status === 'alert') return `(very unequal at ${bound(t.alert, t, fmt)})`
  if (status === 'warn') return `(unequal at ${bound(t.warn, t, fmt)})`
  return `(below unequal at ${fmt(t.warn)})`
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1)
}

export function list(names: string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
