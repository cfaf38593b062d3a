// Long lists are shown a page at a time (issue 17): a page's rows are read with LIMIT/OFFSET in
// the named query, so what a page costs does not grow with the inquiry. These helpers are pure:
// the services compute a page from a count, the pages and their pager link to the others.

/** Rows on a page of a list, unless a list says otherwise. */
export const PAGE_SIZE = 50

/** Which page of a list is shown, and what the whole list holds. */
export type Paging = {
  /** The page shown, from 1. */
  page: number
  pageSize: number
  /** Rows in the whole list (only those the viewer may see). */
  total: number
  /** Pages in the whole list: at least 1, even when it is empty. */
  pages: number
  /** The place in the list of the first and the last row shown, from 1 (0 and 0 when the list is empty). */
  from: number
  to: number
}

/**
 * The page a `?page=` value asks for: a whole number from 1. Anything else (missing, empty, zero,
 * negative, a fraction, words, absurdly large) asks for page 1, so a malformed link still shows
 * the list rather than an error.
 */
export function requestedPage(value: string | null | undefined): number {
  const text = value?.trim() ?? ''
  if (!/^\d{1,7}$/.test(text)) return 1
  const page = Number(text)
  return page >= 1 ? page : 1
}

/** The page of a list of `total` rows that is shown for a request: one past the end shows page 1. */
export function pageOf(requested: number, total: number, pageSize = PAGE_SIZE): Paging {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Number.isInteger(requested) && requested >= 1 && requested <= pages ? requested : 1
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1
  return { page, pageSize, total, pages, from, to: Math.min(total, page * pageSize) }
}

/** How many rows of the list come before the page: the OFFSET of its query. */
export function offsetOf(paging: Paging): number {
  return (paging.page - 1) * paging.pageSize
}

/** The page a row at `position` (from 0) of the list is on. */
export function pageOfPosition(position: number, pageSize = PAGE_SIZE): number {
  return Math.floor(Math.max(0, position) / pageSize) + 1
}

/** "51–100 of 6,000" (or "1 of 1", or "0"): which rows of the list a page shows. */
export function rangeText(paging: Paging): string {
  const count = (n: number) => n.toLocaleString('en-GB')
  if (paging.total === 0) return '0'
  if (paging.from === paging.to) return `${count(paging.from)} of ${count(paging.total)}`
  return `${count(paging.from)}–${count(paging.to)} of ${count(paging.total)}`
}

/**
 * The address of another page of a list: `path` with the query the list was asked with (its
 * filters, kept) and the page; page 1 leaves the parameter out. Empty values are dropped.
 */
export function pageHref(path: string, query: Record<string, string | number | null | undefined>, page: number, param = 'page'): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (key === param || value === undefined || value === null || value === '') continue
    params.set(key, String(value))
  }
  if (page > 1) params.set(param, String(page))
  const search = params.toString()
  return search ? `${path}?${search}` : path
}
