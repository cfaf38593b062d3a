const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC',
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
