import { migrateToLatest } from '~db/migrator'
import { countPeople } from '~db/queries/people'
import '~/features/decision-kinds.server'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { getTemplates } from '~/features/templates/templates.server'
import { dataDir, databaseFile, getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { instanceSecret } from '~/utils/session.server'

/**
 * Everything the server needs before it listens: a valid environment, parsed templates
 * (a broken file stops the boot naming the file and field), migrated tables, on a new
 * embedded database the demo inquiry, and the instance secrets a SQLite installation keeps
 * beside its file. Under `npm start` the first server process boots alone and the others
 * start once it listens, so this one-time work is done once and never raced.
 */
export async function boot(log: (line: string) => void = console.log): Promise<void> {
  const env = getEnv()
  const templates = getTemplates()
  log(`templates: ${[...templates.keys()].join(', ')}`)
  const db = getDb()
  // Made now rather than on first use, so no later process reads a secret file half-written.
  // (With PostgreSQL both come from the environment; the mail key falls back to the session secret.)
  instanceSecret('session-secret', env.SESSION_SECRET)
  instanceSecret('ballot-key', env.BALLOT_KEY)
  instanceSecret('mail-secret', env.SESSION_SECRET)
  // On the embedded database, a copy is kept before any migration changes existing data.
  const applied = await migrateToLatest(db, { sqlitePath: databaseFile() ?? undefined })
  if (applied.backup) log(`database copied to ${applied.backup} before migrating`)
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`)
  if (env.SEED_DEMO === 'true' && (await countPeople(db)) === 0) {
    const demo = await seedDemo(db, { dataDir: dataDir() })
    log(demo.banner)
  }
}
