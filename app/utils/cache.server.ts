import { SqliteAdapter, sql } from 'kysely'
import type { Executor } from '~db/connection'

// A small per-process cache for derived results that are costly to compute (the analysis of
// a cycle: 48,000 ratings take ~100 ms to read and analyse). An entry is used only while the
// database has not been written since it was computed, anywhere, by this or any other
// process — SQLite's data_version (other connections) with total_changes() (this one), or
// PostgreSQL's WAL position — so a cached result can never be staler than a fresh one.
// Nothing is cached inside a transaction, whose writes may yet roll back.

type Entry = { position: string; value: unknown }

const MAX_ENTRIES = 500
const entries = new Map<string, Entry>()
/** Positions are per connection (SQLite's counters are): tag each database handle apart. */
const handles = new WeakMap<object, string>()
let nextHandle = 0

/** Where the database's writes have got to, or null when no cache may be used (in a transaction). */
export async function writePosition(db: Executor): Promise<string | null> {
  if (db.isTransaction) return null
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    const row = await sql<{
      v: number
      c: number
    }>`select (select data_version from pragma_data_version()) as v, total_changes() as c`.execute(db)
    if (!handles.has(db)) handles.set(db, String(++nextHandle))
    return `sqlite:${handles.get(db)}:${row.rows[0]!.v}:${row.rows[0]!.c}`
  }
  const row = await sql<{ l: string }>`select pg_current_wal_lsn()::text as l`.execute(db)
  return `pg:${row.rows[0]!.l}`
}

/** The cached value for `key` if the database is unchanged since, else a fresh one (kept for next time). */
export async function cachedUnlessWritten<T>(db: Executor, key: string, position: string | null, compute: () => Promise<T>): Promise<T> {
  if (position === null) return compute()
  const hit = entries.get(key)
  if (hit && hit.position === position) {
    // Most recently used last, so the oldest entry is the one dropped.
    entries.delete(key)
    entries.set(key, hit)
    return hit.value as T
  }
  const value = await compute()
  entries.set(key, { position, value })
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!)
  return value
}
