import type { Executor } from '~db/connection'
import { inquiryVersion } from '~db/queries/inquiries'
import { getEnv } from './env.server'

// A per-process cache of what is costly to derive from an inquiry's data (a cycle's analysis:
// 48,000 ratings take ~100 ms to read and analyse; a rendered chart). An entry is kept with the
// inquiry's data version (migration 15: triggers move it in the same transaction as any write
// to what the inquiry's pages show) and used only while the version is unchanged, so no process
// ever serves a result older than the data it would read; a write in one inquiry leaves every
// other inquiry's entries alone. Nothing is cached inside a transaction, whose writes may yet
// roll back. The cache is bounded by bytes (CACHE_MB, 32 by default): the least recently used
// entries go first.

type Entry = { version: number; value: unknown; bytes: number }

const entries = new Map<string, Entry>()
let bytesHeld = 0

function budgetBytes(): number {
  return getEnv().CACHE_MB * 2 ** 20
}

/** A rough size in memory: a string's UTF-16 length, or twice an object's JSON length. */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length * 2
  if (value === null || value === undefined) return 16
  return (JSON.stringify(value)?.length ?? 8) * 2
}

function forget(key: string) {
  const entry = entries.get(key)
  if (!entry) return
  entries.delete(key)
  bytesHeld -= entry.bytes
}

/** Looks a value up in an inquiry's cache, or computes and keeps it (see inquiryCache). */
export type Cached = <T>(key: string, compute: () => Promise<T>) => Promise<T>

/**
 * The inquiry's cache at its data version, read once: a view and the parts it is made of (kept
 * apart because other views share them) are looked up under that one version, so a view costs
 * one version read however many parts it has to make. Inside a transaction, or for an id with
 * no version row, nothing is kept.
 */
export async function inquiryCache(db: Executor, inquiryId: string): Promise<Cached> {
  const version = db.isTransaction ? null : await inquiryVersion(db, inquiryId)
  return async <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    if (version === null) return compute()
    const hit = kept<T>(inquiryId, key, version)
    if (hit !== undefined) return hit
    const value = await compute()
    keep(inquiryId, key, version, value)
    return value
  }
}

/**
 * The value kept for `key` of this inquiry if the inquiry's data version is unchanged since it
 * was computed, else a fresh one (kept for next time). `key` names what is derived; the
 * inquiry's id is part of the cache key.
 */
export async function cachedForInquiry<T>(db: Executor, inquiryId: string, key: string, compute: () => Promise<T>): Promise<T> {
  return (await inquiryCache(db, inquiryId))(key, compute)
}

/** The value kept for `key` of this inquiry at `version`, if there is one (the LRU's use of it refreshed). */
export function kept<T>(inquiryId: string, key: string, version: number): T | undefined {
  const fullKey = `${inquiryId}:${key}`
  const hit = entries.get(fullKey)
  if (!hit || hit.version !== version) return undefined
  // Most recently used last, so the oldest entry is the one dropped.
  entries.delete(fullKey)
  entries.set(fullKey, hit)
  return hit.value as T
}

/** Keeps `value` for `key` of this inquiry, computed from its data at `version` or later. */
export function keep(inquiryId: string, key: string, version: number, value: unknown): void {
  const fullKey = `${inquiryId}:${key}`
  forget(fullKey)
  const bytes = sizeOf(value)
  const budget = budgetBytes()
  if (bytes > budget / 4) return // one entry never takes more than a quarter of the cache
  entries.set(fullKey, { version, value, bytes })
  bytesHeld += bytes
  while (bytesHeld > budget) forget(entries.keys().next().value!)
}

/** What the cache holds now (for tests and the benchmark). */
export function cacheStats(): { entries: number; bytes: number } {
  return { entries: entries.size, bytes: bytesHeld }
}

/** Empties the cache (tests that count computations start from nothing). */
export function clearCache(): void {
  entries.clear()
  bytesHeld = 0
}
