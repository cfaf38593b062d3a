import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { createDb } from '../../db/connection'
import { migrateToLatest } from '../../db/migrator'

declare module 'vitest' {
  export interface ProvidedContext {
    baseDbPath: string
  }
}

/** Migrates one base SQLite file per run; each test file works on its own copy of it. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'inquiry-it-base-'))
  const path = join(dir, 'base.sqlite')
  const db = createDb({ dialect: 'sqlite', path })
  await migrateToLatest(db)
  await db.destroy()
  project.provide('baseDbPath', path)
  return () => rmSync(dir, { recursive: true, force: true })
}
