import { mkdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { Migrator, sql, type MigrationProvider } from 'kysely'
import type { Db } from './connection'
import { migrations } from './migrations/index'

const provider: MigrationProvider = { getMigrations: async () => migrations }

type MigrateOptions = {
  /**
   * The embedded database's file. When given, and a database that already holds migrated
   * data has migrations pending, a consistent copy is written to `backups/` beside it first.
   */
  sqlitePath?: string
}

type MigrateResult = string[] & { backup?: string }

/** Applies every pending migration; throws naming the migration that failed. */
export async function migrateToLatest(db: Db, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrator = new Migrator({ db, provider })
  let backup: string | undefined
  if (options.sqlitePath) {
    const known = await migrator.getMigrations()
    const pending = known.filter((m) => !m.executedAt)
    if (pending.length && pending.length < known.length) {
      const dir = join(dirname(options.sqlitePath), 'backups')
      mkdirSync(dir, { recursive: true })
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      backup = join(dir, `${basename(options.sqlitePath, '.sqlite')}-before-${pending[0]!.name}-${stamp}.sqlite`)
      // VACUUM INTO writes a consistent, compacted copy through SQLite itself.
      await sql`vacuum into ${backup}`.execute(db)
    }
  }
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}${backup ? ` (the database as it was is in ${backup})` : ''}`,
    )
  }
  const applied: MigrateResult = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
  if (backup) applied.backup = backup
  return applied
}
