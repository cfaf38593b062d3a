import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createDb, type Db } from '~db/connection'
import { migrateToLatest } from '~db/migrator'
import { createAccount } from '~/features/accounts/accounts.server'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { buildArchive } from '~/features/exports/archive.server'
import type { Archive } from '~/features/exports/core/archive-schema'
import { importArchive, parseArchiveText } from '~/features/exports/import.server'
import { getDb } from '~/utils/db.server'
import type { SessionUser } from '~/utils/session.server'
import { onPostgres } from './harness'

// Issue 8: an inquiry moves between installations through its archive — between this run's
// database (PostgreSQL in the PostgreSQL run, SQLite otherwise) and a separate embedded SQLite
// installation, both ways, with the same analysis and validity results at the other end.

let other: Db

beforeAll(async () => {
  other = createDb({ dialect: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'inquiry-move-')), 'other.sqlite') })
  await migrateToLatest(other)
})

afterAll(async () => {
  await other.destroy()
})

async function facilitatorOf(db: Db): Promise<SessionUser> {
  return db
    .selectFrom('people')
    .select(['id', 'email', 'displayName'])
    .where('email', '=', 'amara@demo.inquiry.local')
    .executeTakeFirstOrThrow()
}

async function newOwner(db: Db, name: string): Promise<SessionUser> {
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.org`
  const id = await createAccount(db, { email, displayName: name, password: 'tea at four, then the river' })
  return { id, email, displayName: name }
}

// The group's network record travels out but never in (an import writes no network rows): it is set aside.
const comparable = ({ network: _network, ...a }: Archive) => JSON.parse(JSON.stringify({ ...a, exportedAt: null }))

test(`an inquiry moves from ${onPostgres() ? 'PostgreSQL' : 'this SQLite database'} to another SQLite installation and back, its analysis unchanged`, async () => {
  const { inquiryId } = await seedDemo(getDb(), { password: 'demo password for tests' })
  const here = (await buildArchive(getDb(), await facilitatorOf(getDb()), inquiryId)).archive

  const there = await newOwner(other, 'Theo There')
  const moved = await importArchive(other, parseArchiveText(JSON.stringify(here)), { user: there, seat: 'Member A' })
  const thereArchive = (await buildArchive(other, there, moved.inquiryId)).archive
  expect(here.network?.publication.statements.length).toBeGreaterThan(0)
  expect(thereArchive.network).toBeUndefined()
  expect(comparable(thereArchive)).toEqual(comparable(here))

  const back = await newOwner(getDb(), 'Bea Back')
  const returned = await importArchive(getDb(), parseArchiveText(JSON.stringify(thereArchive)), { user: back, seat: 'Member A' })
  const backArchive = (await buildArchive(getDb(), back, returned.inquiryId)).archive
  expect(backArchive.analysis).toEqual(here.analysis)
  expect(comparable(backArchive)).toEqual(comparable(here))
})
