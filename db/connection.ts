import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely'
import type { Database } from './schema'

export const DEFAULT_DATABASE_PATH = './data/inquiry.sqlite'

export type DbConfig = { dialect: 'sqlite'; path: string }

/** Reads DATABASE_URL: a file path or a `file:` URL selects SQLite. */
export function parseDatabaseUrl(url: string | undefined): DbConfig {
  const value = url?.trim() || DEFAULT_DATABASE_PATH
  if (/^postgres(ql)?:\/\//i.test(value)) {
    throw new Error('DATABASE_URL: PostgreSQL is not supported yet; use a file path or a file: URL')
  }
  if (value.startsWith('file:')) {
    const path = value.startsWith('file://') ? fileURLToPath(value) : value.slice('file:'.length)
    return { dialect: 'sqlite', path: resolve(path) }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new Error(`DATABASE_URL: unsupported scheme in "${value.split(':')[0]}:"`)
  }
  return { dialect: 'sqlite', path: resolve(value) }
}

export type Db = Kysely<Database>

export function createDb(config: DbConfig): Db {
  mkdirSync(dirname(config.path), { recursive: true })
  const sqlite = new SQLite(config.path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  })
}
