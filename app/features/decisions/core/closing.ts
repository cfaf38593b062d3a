import { TZDate } from '@date-fns/tz'
import type { DecisionRule } from '../decision-rule.schema'

// Closing times: chosen by the proposer in their own time zone, within the limits the rule
// sets, and shown to each reader in theirs. Pure: the time zone and "now" are passed in.

export const HOUR = 3_600_000

export type ClosingLimits = DecisionRule['closing']

/** A time zone the runtime knows, or UTC. */
export function knownTimeZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC'
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone })
    return zone
  } catch {
    return 'UTC'
  }
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

/** A `datetime-local` value ("2026-12-10T14:30") read as wall time in `zone`; null if it is not one. */
export function fromWallTime(value: string, zone: string): Date | null {
  const m = WALL_TIME.exec(value.trim())
  if (!m) return null
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null
  const date = new TZDate(year, month - 1, day, hour, minute, knownTimeZone(zone))
  // 31 February rolls over into March: refuse it rather than guess.
  if (date.getDate() !== day || date.getMonth() !== month - 1) return null
  return new Date(date.getTime())
}

/** The `datetime-local` value of an instant, as wall time in `zone`. */
export function toWallTime(instant: Date, zone: string): string {
  const date = new TZDate(instant.getTime(), knownTimeZone(zone))
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** "Thu, 10 Dec 2026, 14:30 (Europe/London)": an instant as a reader in `zone` reads it. */
export function formatClosingTime(iso: string, zone: string): string {
  const tz = knownTimeZone(zone)
  const text = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: tz,
  }).format(new Date(iso))
  return `${text} (${tz === 'UTC' ? 'UTC' : tz.replace(/_/g, ' ')})`
}

function span(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`
  return hours === 1 ? '1 hour' : `${hours} hours`
}

/** The limits in words: "between 1 hour and 14 days from now". */
export function limitsInWords(limits: ClosingLimits): string {
  return `between ${span(limits.minHours)} and ${span(limits.maxHours)} from now`
}

/** Why a chosen closing time is refused, or null when it is within the limits. */
export function closingTimeProblem(closesAt: Date, now: Date, limits: ClosingLimits): string | null {
  const hours = (closesAt.getTime() - now.getTime()) / HOUR
  if (hours <= 0) return `That time has passed. Choose a closing time ${limitsInWords(limits)}.`
  // A minute's grace for the time it took to fill in the form.
  if (hours < limits.minHours - 1 / 60)
    return `That is too soon for the group to deliberate. Choose a closing time ${limitsInWords(limits)}.`
  if (hours > limits.maxHours + 1 / 60)
    return `That is further off than this group’s rule allows. Choose a closing time ${limitsInWords(limits)}.`
  return null
}

/** When a proposal closes when its proposer does not choose. */
export function defaultClosing(now: Date, limits: ClosingLimits): Date {
  return new Date(now.getTime() + limits.defaultHours * HOUR)
}
