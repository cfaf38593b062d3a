// npm run db:migrate — applies pending migrations to DATABASE_URL (default ./data/inquiry.sqlite).
import { createDb, parseDatabaseUrl } from './connection'
import { migrateToLatest } from './migrator'

const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL))
try {
  const applied = await migrateToLatest(db)
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await db.destroy()
}
