import { createContext, useContext } from 'react'

/**
 * The per-response nonce the Content-Security-Policy allows inline scripts with (Remix's
 * hydration data and scroll restoration). Set by entry.server.tsx from the request's load
 * context; empty in the browser, which never needs it again after the first render.
 */
export const NonceContext = createContext('')

export function useNonce(): string {
  return useContext(NonceContext)
}
