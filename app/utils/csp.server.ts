import { randomBytes } from 'node:crypto'

/** A fresh nonce for one response: 128 random bits. */
export function newNonce(): string {
  return randomBytes(16).toString('base64')
}

/**
 * The Content-Security-Policy of every response. Scripts only from this origin or inline with
 * this response's nonce (Remix's hydration data and scroll restoration carry it); no plugins,
 * no framing, forms only to this origin. Inline style attributes stay allowed: the server-
 * rendered SVG charts position their labels with them.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}
