import { stringify } from 'csv-stringify/sync'
import type { Ledger } from './ledger'

// A person's own ledger as CSV (issue 19): the only way any co-counselling data leaves the
// platform, and only to the person whose ledger it is. Times in minutes, to one decimal.

/** A cell a spreadsheet would read as a formula is kept as text (OWASP CSV injection). */
function guard(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

const minutes = (seconds: number) => (seconds / 60).toFixed(1)

/** The ledger's rows: one per partner, one per month, and the total. */
export function ledgerCsv(ledger: Ledger, nameOf: (personId: string) => string): string {
  const rows: string[][] = [['row', 'partner', 'month', 'given_minutes', 'received_minutes', 'balance_minutes']]
  for (const p of ledger.partners)
    rows.push(['partner', guard(nameOf(p.personId)), '', minutes(p.given), minutes(p.received), minutes(p.balance)])
  for (const m of ledger.months) rows.push(['month', '', m.month, minutes(m.given), minutes(m.received), minutes(m.balance)])
  rows.push(['total', '', '', minutes(ledger.total.given), minutes(ledger.total.received), minutes(ledger.total.balance)])
  return stringify(rows, { record_delimiter: 'windows', quoted_match: /[\r\n]/ })
}
