import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { createDb } from '../../db/connection'
import { migrateToLatest } from '../../db/migrator'

declare module 'vitest' {
  export interface ProvidedContext {
    baseDbPath: string
    /** On PostgreSQL: the server's maintenance URL and the migrated template database each file copies. */
    postgres: { adminUrl: string; template: string } | null
  }
}

/** A database name on the same server as the admin URL. */
export function urlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}

/**
 * Migrates one base database per run; each test file works on its own copy of it. SQLite by
 * default; with TEST_POSTGRES_URL (a PostgreSQL server's maintenance database, e.g.
 * postgres://postgres@127.0.0.1:55432/postgres) a template database that each file clones.
 */
export default async function setup(project: TestProject) {
  const adminUrl = project.name === 'integration-pg' ? process.env.TEST_POSTGRES_URL : undefined
  if (project.name === 'integration-pg' && !adminUrl) {
    throw new Error(
      'The integration-pg project needs TEST_POSTGRES_URL: a PostgreSQL maintenance database URL, e.g. postgres://postgres@127.0.0.1:55432/postgres',
    )
  }
  if (adminUrl) {
    const run = randomBytes(4).toString('hex')
    const template = `inquiry_it_${run}_base`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`create database ${template}`)
    const db = createDb({ dialect: 'postgres', url: urlFor(adminUrl, template) })
    await migrateToLatest(db)
    await db.destroy()
    project.provide('postgres', { adminUrl, template })
    project.provide('baseDbPath', '')
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
        `inquiry_it_${run}_%`,
      ])
      for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`)
      await admin.end()
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'inquiry-it-base-'))
  const path = join(dir, 'base.sqlite')
  const db = createDb({ dialect: 'sqlite', path })
  await migrateToLatest(db)
  await db.destroy()
  project.provide('baseDbPath', path)
  project.provide('postgres', null)
  return () => rmSync(dir, { recursive: true, force: true })
}
