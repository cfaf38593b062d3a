import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'

// Runs before each integration test file is imported: the file gets a private copy of
// the migrated base database, so files run in parallel without sharing state.
const dir = mkdtempSync(join(tmpdir(), 'inquiry-it-'))
const path = join(dir, 'test.sqlite')
copyFileSync(inject('baseDbPath'), path)
process.env.DATABASE_URL = path
process.env.NODE_ENV = 'test'
process.env.SEED_DEMO = 'false'
process.env.PASSWORD_HASH_LOG_N = '10'
delete process.env.SESSION_SECRET
