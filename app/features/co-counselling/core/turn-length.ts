// How long a turn ran, and when that is refused (issue 19): the counsellor keeps time, and a turn
// may run over the booked minutes only by the overrun the session allows. Pure.

/** Clocks differ a little between a phone and the server: a measured length may exceed the server's by this much. */
export const CLOCK_SLACK_SECONDS = 60

export type TurnLengthInput = {
  startedAt: string
  now: string
  minutesEach: number
  overrunMinutes: number
  /** The length the timer page measured, in whole seconds. */
  measuredSeconds?: number
  /** The length the counsellor entered, in whole minutes (after a refusal, or without JavaScript). */
  enteredMinutes?: number
}

export type TurnLength =
  | { ok: true; seconds: number; source: 'server' | 'measured' | 'entered' }
  | { ok: false; problem: 'too_long' | 'longer_than_elapsed'; elapsedSeconds: number; limitSeconds: number }

/** The most a turn may last, in seconds: the minutes each person has, plus the overrun allowed. */
export const limitSeconds = (minutesEach: number, overrunMinutes: number) => (minutesEach + overrunMinutes) * 60

/**
 * The length of a turn from its start to `now`, or the one measured or entered: the entered
 * minutes win, then the measured seconds, then the server's clock. A length above the limit is
 * refused, and so is one longer than the time since the turn began (beyond the clock slack).
 */
export function turnLength(input: TurnLengthInput): TurnLength {
  const elapsedSeconds = Math.max(0, Math.round((Date.parse(input.now) - Date.parse(input.startedAt)) / 1000))
  const limit = limitSeconds(input.minutesEach, input.overrunMinutes)
  const [seconds, source] =
    input.enteredMinutes !== undefined
      ? [input.enteredMinutes * 60, 'entered' as const]
      : input.measuredSeconds !== undefined
        ? [input.measuredSeconds, 'measured' as const]
        : [elapsedSeconds, 'server' as const]
  if (seconds > elapsedSeconds + CLOCK_SLACK_SECONDS)
    return { ok: false, problem: 'longer_than_elapsed', elapsedSeconds, limitSeconds: limit }
  if (seconds > limit) return { ok: false, problem: 'too_long', elapsedSeconds, limitSeconds: limit }
  return { ok: true, seconds, source }
}

/** "25 min", "25 min 30 s", "45 s": a length as a person reads it. */
export function formatLength(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const minutes = Math.floor(s / 60)
  const rest = s % 60
  if (minutes === 0) return `${rest} s`
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`
}
