import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Migrator, sql, type Kysely } from 'kysely'
import { afterEach, expect, test } from 'vitest'
import { createDb, type Db } from '~db/connection'
import { migrations } from '~db/migrations/index'
import * as ownJudgements from '~db/migrations/2026-12-07-13-own-judgements'

// Issue 16 item 3, the data: the migration that makes validity judgements per person keeps
// every judgement there was, each as the judgement of whoever last set it, and from then on
// allows one judgement per member and procedure in a cycle.

const open: Db[] = []
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy()
})

const BEFORE = '2026-12-07-12-mail'

test('every existing judgement is kept as its last author’s, and each member may then judge the same procedure', async () => {
  const db = createDb({ dialect: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'inquiry-judgements-')), 'inquiry.sqlite') })
  open.push(db)
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined()
  const raw = db.withoutPlugins() as unknown as Kysely<any>
  // The rows alone are what the migration moves: the cycles and people they point at are left out.
  await sql`pragma foreign_keys = off`.execute(raw)
  const old = [
    {
      id: 'j1',
      cycle_id: 'c1',
      procedure_key: 'research-cycling',
      status: 'met',
      note: 'Ada set it.',
      updated_by: 'ada',
      updated_at: '2026-12-01T10:00:00.000Z',
    },
    {
      id: 'j2',
      cycle_id: 'c1',
      procedure_key: 'chaos-order',
      status: 'partly',
      note: '',
      updated_by: 'ben',
      updated_at: '2026-12-01T11:00:00.000Z',
    },
    {
      id: 'j3',
      cycle_id: 'c2',
      procedure_key: 'research-cycling',
      status: 'not_met',
      note: 'Later.',
      updated_by: 'ben',
      updated_at: '2026-12-02T10:00:00.000Z',
    },
  ]
  await raw.insertInto('validity_judgements').values(old).execute()

  expect((await migrator.migrateTo('2026-12-07-13-own-judgements')).error).toBeUndefined()
  const rows = () => raw.selectFrom('validity_judgements').selectAll().orderBy('id').execute()
  expect(await rows()).toEqual(old)

  // Now a second member judges the same procedure of the same cycle; the same member twice is refused.
  const cy = { ...old[0]!, id: 'j4', status: 'partly', note: 'Cy sees it otherwise.', updated_by: 'cy' }
  await raw.insertInto('validity_judgements').values(cy).execute()
  await expect(
    raw
      .insertInto('validity_judgements')
      .values({ ...cy, id: 'j5' })
      .execute(),
  ).rejects.toThrow(/UNIQUE/)
  expect((await rows()).map((r) => r.id)).toEqual(['j1', 'j2', 'j3', 'j4'])

  // Down again: one judgement per procedure, the one set last standing for the group.
  await ownJudgements.down(raw)
  expect((await rows()).map((r) => r.id)).toEqual(['j2', 'j3', 'j4'])
})
