import { createHash, randomBytes } from 'node:crypto'

/** A random 16-character id: unguessable, so ids in URLs reveal nothing about other groups. */
export function newId(): string {
  return randomBytes(12).toString('base64url')
}

/** A secret token for links and sessions (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Tokens are stored only as hashes, so a copy of the database opens no session or invitation. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export function nowIso(): string {
  return new Date().toISOString()
}
