import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { beforeAll, expect, test } from 'vitest'
import { runCli } from '~/cli/commands'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { getDb } from '~/utils/db.server'

// `npm run cli -- backup <path>` (issue 6): SQLite's online backup, a consistent copy while
// the server runs. The embedded database only (PostgreSQL has pg_dump), so this file is not
// in the PostgreSQL run.

const dir = mkdtempSync(join(tmpdir(), 'inquiry-cli-backup-'))

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { DATABASE_URL: process.env.DATABASE_URL })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

beforeAll(async () => {
  await seedDemo(getDb(), { password: 'demo password for tests' })
})

test('backup makes a consistent copy that passes the integrity check', async () => {
  const target = join(dir, 'backup.sqlite')
  const result = await cli('backup', target)
  expect(result.code, result.err).toBe(0)
  expect(result.err).toMatch(/Backing up .*… 0%/)
  const copy = new SQLite(target, { readonly: true })
  expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
  const count = (copy.prepare('select count(*) as n from inquiries').get() as { n: number }).n
  copy.close()
  expect(count).toBe((await getDb().selectFrom('inquiries').select('id').execute()).length)
  expect((await cli('backup', target)).code).toBe(1)
})
