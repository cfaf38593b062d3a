import { Migrator, type MigrationProvider } from 'kysely'
import type { Db } from './connection'
import { migrations } from './migrations/index'

const provider: MigrationProvider = { getMigrations: async () => migrations }

/** Applies every pending migration; throws naming the migration that failed. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
