import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash, randomBytes } from 'node:crypto'

/**
 * A random 16-character id: unguessable, so ids in URLs reveal nothing about other groups.
 * It never begins with "-", so a command line never reads an id as an option.
 */
export function newId(): string {
  const id = randomBytes(12).toString('base64url')
  return id.startsWith('-') ? `A${id.slice(1)}` : id
}

/** A secret token for links and sessions (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Tokens are stored only as hashes, so a copy of the database opens no session or invitation. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

const clock = new AsyncLocalStorage<() => number>()

/** The time every write is stamped with: the real time, or a story's clock (the demo seed's). */
export function nowIso(): string {
  const story = clock.getStore()
  return new Date(story ? story() : Date.now()).toISOString()
}

/**
 * Runs `fn` with every `nowIso()` inside it (across awaits) read from `now`, so the demo's
 * story is stamped as if it had happened over the past weeks: records inside their phases,
 * stances after their proposals, the activity log in order.
 */
export function withClock<T>(now: () => number, fn: () => Promise<T>): Promise<T> {
  return clock.run(now, fn)
}
