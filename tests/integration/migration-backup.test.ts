import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Migrator } from 'kysely'
import { afterEach, expect, test } from 'vitest'
import { createDb, type Db } from '~db/connection'
import { migrateToLatest } from '~db/migrator'
import { migrations } from '~db/migrations/index'

// Issue 7, backups: on the embedded database, migrating a database that already holds data
// first writes a consistent copy to backups/ beside it.

const open: Db[] = []
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy()
})

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'inquiry-migrate-'))
  const path = join(dir, 'inquiry.sqlite')
  const db = createDb({ dialect: 'sqlite', path })
  open.push(db)
  return { dir, path, db }
}

test('a database with pending migrations is copied before it changes, and the copy is the database as it was', async () => {
  const { dir, path, db } = fresh()
  const names = Object.keys(migrations).sort()
  const older = names[names.length - 2]!
  const result = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(older)
  expect(result.error).toBeUndefined()
  await db
    .insertInto('people')
    .values({
      id: 'p1',
      email: 'kept@example.org',
      displayName: 'Kept',
      passwordHash: 'x',
      isDemo: 0,
      createdAt: new Date().toISOString(),
    } as never)
    .execute()

  const applied = await migrateToLatest(db, { sqlitePath: path })
  expect([...applied]).toEqual([names.at(-1)])
  expect(applied.backup).toMatch(new RegExp(`^${join(dir, 'backups')}/inquiry-before-${names.at(-1)}-.+\\.sqlite$`))
  const copy = new SQLite(applied.backup!, { readonly: true })
  expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
  expect(copy.prepare('select email from people').all()).toEqual([{ email: 'kept@example.org' }])
  const copied = (copy.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name)
  copy.close()
  expect(copied).toEqual(names.slice(0, -1))

  // Nothing pending: no copy.
  const again = await migrateToLatest(db, { sqlitePath: path })
  expect([...again]).toEqual([])
  expect(again.backup).toBeUndefined()
  expect(readdirSync(join(dir, 'backups'))).toHaveLength(1)
})

test('a brand-new database is not copied (there is nothing to lose)', async () => {
  const { dir, path, db } = fresh()
  const applied = await migrateToLatest(db, { sqlitePath: path })
  expect(applied.length).toBe(Object.keys(migrations).length)
  expect(applied.backup).toBeUndefined()
  expect(existsSync(join(dir, 'backups'))).toBe(false)
})
