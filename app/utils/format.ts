const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
})

/** Dates render in UTC so the server's and the browser's markup agree on hydration. */
function valid(iso: string | null | undefined): Date | null {
  if (!iso) return null
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** A date a page cannot show renders as empty rather than breaking the page. */
export function formatDate(iso: string | null | undefined): string {
  const date = valid(iso)
  return date ? dateFormat.format(date) : ''
}

export function formatDateTime(iso: string | null | undefined): string {
  const date = valid(iso)
  return date ? `${dateTimeFormat.format(date)} UTC` : ''
}

export const STATUS_LABELS: Record<string, string> = {
  forming: 'forming',
  cycling: 'cycling',
  concluded: 'concluded',
  open: 'open',
  passed: 'passed',
  rejected: 'not passed',
  withdrawn: 'withdrawn',
  superseded: 'passed, no effect',
}

/** "1 record", "3 records": a count with its noun, plural when it is not one (give the plural where it is not noun + s). */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`
}

/** Cycles from `first` to `last`: "cycle 2" when they are one, "cycles 1–3" otherwise. */
export function cycleRange(first: number, last: number): string {
  return first === last ? `cycle ${first}` : `cycles ${Math.min(first, last)}–${Math.max(first, last)}`
}

/**
 * Ends a sentence after text a person wrote: adds the full stop unless the text already ends
 * in one (or in ? ! … or a closing quote after them), so a sentence never ends "..".
 */
export function endSentence(text: string): string {
  const trimmed = text.trimEnd()
  if (trimmed === '') return trimmed
  return /[.?!…]["”’')\]]*$/.test(trimmed) ? trimmed : `${trimmed}.`
}

/**
 * A member's earlier stances, oldest first. A reason is quoted only where it differs from the
 * one that followed: changing a stance keeps the reason by default, and a kept reason is
 * printed once, beside the stance that holds it now ("same reason" stands for it here).
 */
export function earlierStances<S extends string>(
  earlier: readonly { stance: S; reason: string | null }[],
  currentReason: string | null,
  labels: Record<S, string>,
): string {
  return earlier
    .map((e, i) => {
      const next = i + 1 < earlier.length ? earlier[i + 1]!.reason : currentReason
      if (!e.reason) return labels[e.stance]
      return `${labels[e.stance]} (${e.reason === next ? 'same reason' : `“${e.reason}”`})`
    })
    .join('; ')
}

/** Shortens a label for a chart axis; the table always carries the full text. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
}
