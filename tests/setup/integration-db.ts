import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { urlFor } from './integration-global'

// Runs before each integration test file is imported: the file gets a private copy of
// the migrated base database, so files run in parallel without sharing state.
const postgres = inject('postgres')
if (postgres) {
  // A clone of the migrated template. Two clones of one template cannot start at the same
  // moment ("being accessed by other users"), so a refused clone waits and tries again.
  const name = postgres.template.replace(/_base$/, `_${randomBytes(4).toString('hex')}`)
  const admin = new pg.Client({ connectionString: postgres.adminUrl })
  await admin.connect()
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${postgres.template}`)
      break
    } catch (error) {
      if (attempt > 50 || !/being accessed by other users/.test(String(error))) throw error
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200))
    }
  }
  await admin.end()
  process.env.DATABASE_URL = urlFor(postgres.adminUrl, name)
  // Every app process on PostgreSQL takes its secrets from the environment.
  process.env.SESSION_SECRET = 'integration-tests-session-secret-0123456789'
  process.env.BALLOT_KEY = 'integration-tests-ballot-key-000000000000000'
} else {
  const dir = mkdtempSync(join(tmpdir(), 'inquiry-it-'))
  const path = join(dir, 'test.sqlite')
  copyFileSync(inject('baseDbPath'), path)
  process.env.DATABASE_URL = path
  delete process.env.SESSION_SECRET
}
process.env.NODE_ENV = 'test'
process.env.SEED_DEMO = 'false'
process.env.PASSWORD_HASH_LOG_N = '10'
