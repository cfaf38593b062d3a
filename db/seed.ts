// npm run db:seed — adds the demo inquiry to DATABASE_URL (migrating first). Refuses a
// database that already holds the demo, so running it twice does not duplicate people.
import { dirname } from 'node:path'
import '../app/features/decision-kinds.server'
import { seedDemo } from '../app/features/demo/seed-demo.server'
import { createDb, parseDatabaseUrl } from './connection'
import { migrateToLatest } from './migrator'
import { demoPeople } from './demo-content'
import { findPersonByEmail } from './queries/people'

const config = parseDatabaseUrl(process.env.DATABASE_URL)
const db = createDb(config)
try {
  await migrateToLatest(db)
  if (await findPersonByEmail(db, demoPeople[0]!.email)) {
    console.log('The demo inquiry is already in this database; nothing to do.')
  } else {
    const demo = await seedDemo(db, { dataDir: config.dialect === 'sqlite' ? dirname(config.path) : undefined })
    console.log(demo.banner)
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await db.destroy()
}
