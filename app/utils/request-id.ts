import { createContext, useContext, useState } from 'react'

/**
 * The id of the request a page answers, as in the server's request log, so an error page can
 * show it for a person to quote. Set by entry.server.tsx from the load context.
 */
export const RequestIdContext = createContext<string | undefined>(undefined)

/**
 * The request id an error page shows: on the server from the context; in the browser, while
 * hydrating a page the server rendered, the same id read back from that page. An error met
 * in the browser after navigating has none of its own (its request was a data request).
 */
export function useRequestId(): string | undefined {
  const fromServer = useContext(RequestIdContext)
  const [id] = useState(
    () =>
      fromServer ?? (typeof document === 'undefined' ? undefined : (document.querySelector('[data-request-id]')?.textContent ?? undefined)),
  )
  return id
}
