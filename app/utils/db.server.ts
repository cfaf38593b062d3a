import { dirname, resolve } from 'node:path'
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

/** The folder beside the embedded database (or ./data with PostgreSQL), for instance secrets and the demo logins. */
export function dataDir(): string {
  const config = open().config
  return config.dialect === 'sqlite' ? dirname(config.path) : resolve('data')
}

/** The embedded database's file, or null when the database is not a file. */
export function databaseFile(): string | null {
  const config = open().config
  return config.dialect === 'sqlite' ? config.path : null
}

export async function closeDb(): Promise<void> {
  if (instance) {
    await instance.db.destroy()
    instance = undefined
  }
}
