const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF defence for state-changing requests: a browser sends Origin (and Sec-Fetch-Site)
 * on every POST; a request from another site is refused. Requests without either header
 * come from non-browser clients, which cannot ride on a visitor's cookies.
 */
export function isCrossSiteRequest(request: {
  method: string
  origin?: string | null
  secFetchSite?: string | null
  host?: string | null
  appOrigin?: string | null
}): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false
  if (request.secFetchSite === 'cross-site') return true
  const origin = request.origin
  if (!origin) return false
  if (origin === 'null') return true
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    return true
  }
  if (request.appOrigin) return new URL(request.appOrigin).host !== originHost
  // Normalise the Host header the way URL normalises Origin (case, default ports).
  let host: string
  try {
    host = new URL(`${new URL(origin).protocol}//${request.host ?? ''}`).host
  } catch {
    return true
  }
  return originHost !== host
}
