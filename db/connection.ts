import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'
import {
  CamelCasePlugin,
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely'
import pg from 'pg'
import type { Database } from './schema'

export const DEFAULT_DATABASE_PATH = './data/inquiry.sqlite'

/**
 * The embedded default (SQLite, one file) or PostgreSQL, the scale-out path: several app
 * processes behind a load balancer share one database. The same queries run on both.
 */
export type DbConfig = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string }

/** Reads DATABASE_URL: a file path or a `file:` URL selects SQLite; `postgres://` PostgreSQL. */
export function parseDatabaseUrl(url: string | undefined): DbConfig {
  const value = url?.trim() || DEFAULT_DATABASE_PATH
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value)
    } catch {
      throw new Error('DATABASE_URL: not a valid postgres:// URL')
    }
    return { dialect: 'postgres', url: value }
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

/**
 * What a query or an effect runs on: the database or a transaction. A Kysely `Transaction`
 * is a `Kysely`, so one type covers both and lets a transaction pass down.
 */
export type Executor = Kysely<Database>

// COUNT(*) comes back from PostgreSQL as a bigint (a string in node-postgres); counts here
// stay far below 2^53, so read int8 as a number, as SQLite gives it.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

export function createDb(config: DbConfig): Db {
  if (config.dialect === 'postgres') {
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.url, max: 10 }) }),
      plugins: [new CamelCasePlugin()],
    })
  }
  mkdirSync(dirname(config.path), { recursive: true })
  const sqlite = new SQLite(config.path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  return new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }),
    plugins: [new CamelCasePlugin()],
  })
}

/**
 * Several server processes may share one SQLite file (`npm start` runs one per core), so a
 * transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting for another
 * process's transaction as busy_timeout allows. Begun deferred, a transaction that reads and
 * then writes would fail at its first write whenever another process holds the lock
 * (SQLITE_BUSY: SQLite does not wait when a reading transaction asks to write) or has
 * written since it read (SQLITE_BUSY_SNAPSHOT). A transaction begun read only stays deferred.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin' : 'begin immediate'))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig
  constructor(config: SqliteDialectConfig) {
    super(config)
    this.#config = config
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config)
  }
}

/**
 * Kysely prepares every statement afresh; the app runs the same few hundred statements over
 * and over, so keep them prepared (about 0.6 ms a page under load). better-sqlite3 runs each
 * statement to completion before the next, so a cached statement is never in use twice.
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000) {
  const statements = new Map<string, SQLite.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql)
      if (!statement) {
        statement = sqlite.prepare(sql)
        if (statements.size >= max) statements.delete(statements.keys().next().value!)
        statements.set(sql, statement)
      }
      return statement
    },
  }
}
