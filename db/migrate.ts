// npm run db:migrate — applies pending migrations to DATABASE_URL (default ./data/inquiry.sqlite).
import { createDb, parseDatabaseUrl } from './connection'
import { migrateToLatest } from './migrator'

const config = parseDatabaseUrl(process.env.DATABASE_URL)
const db = createDb(config)
try {
  const applied = await migrateToLatest(db, { sqlitePath: config.dialect === 'sqlite' ? config.path : undefined })
  if (applied.backup) console.log(`database copied to ${applied.backup} before migrating`)
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await db.destroy()
}
