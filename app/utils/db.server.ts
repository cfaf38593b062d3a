import { dirname } from 'node:path'
import { createDb, parseDatabaseUrl, type Db, type DbConfig } from '~db/connection'
import { getEnv } from './env.server'

let instance: { db: Db; config: DbConfig } | undefined

function open() {
  instance ??= (() => {
    const config = parseDatabaseUrl(getEnv().DATABASE_URL)
    return { db: createDb(config), config }
  })()
  return instance
}

/** The process-wide Kysely instance, opened on first use from DATABASE_URL. */
export function getDb(): Db {
  return open().db
}

/** The folder beside the embedded database, where instance secrets are kept. */
export function dataDir(): string {
  return dirname(open().config.path)
}

/** The embedded database's file, or null when the database is not a file. */
export function databaseFile(): string | null {
  return open().config.dialect === 'sqlite' ? open().config.path : null
}

export async function closeDb(): Promise<void> {
  if (instance) {
    await instance.db.destroy()
    instance = undefined
  }
}
