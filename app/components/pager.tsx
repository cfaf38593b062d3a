import { Link } from '@remix-run/react'
import type { Paging } from '~/utils/paging'

type PagerProps = {
  paging: Paging
  /** Names the navigation for screen readers, e.g. "Pages of records"; unique on the page. */
  label: string
  /** The address of a page of the list, its filters kept (see pageHref). */
  hrefOf: (page: number) => string
  /** The words for the pages before and after this one: "Newer" and "Older" for a list newest first. */
  previous?: string
  next?: string
}

/**
 * Links to the other pages of a long list: plain links, so they work without JavaScript, and
 * nothing at all when the list fits on one page.
 */
export function Pager({ paging, label, hrefOf, previous = 'Previous', next = 'Next' }: PagerProps) {
  if (paging.pages <= 1) return null
  const { page, pages } = paging
  return (
    <nav className="actions pager" aria-label={label}>
      {page > 1 ? (
        <>
          {page > 2 ? (
            <Link className="button secondary" to={hrefOf(1)}>
              First
            </Link>
          ) : null}
          <Link className="button secondary" rel="prev" to={hrefOf(page - 1)}>
            ← {previous}
          </Link>
        </>
      ) : null}
      <span>
        Page {page.toLocaleString('en-GB')} of {pages.toLocaleString('en-GB')}
      </span>
      {page < pages ? (
        <>
          <Link className="button secondary" rel="next" to={hrefOf(page + 1)}>
            {next} →
          </Link>
          {page < pages - 1 ? (
            <Link className="button secondary" to={hrefOf(pages)}>
              Last
            </Link>
          ) : null}
        </>
      ) : null}
    </nav>
  )
}
