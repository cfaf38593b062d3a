const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC',
})

/** Dates render in UTC so the server's and the browser's markup agree on hydration. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : ''
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? `${dateTimeFormat.format(new Date(iso))} UTC` : ''
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
