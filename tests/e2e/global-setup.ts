import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ensureBuild, startServer } from '../support/server'

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
    /** The SQLite file the e2e server uses, for tests that must look at (or prepare) what it stores. */
    databaseURL: string
  }
}

/**
 * The one server of the e2e suite: builds the app if the build is missing or stale, starts the
 * production server (build/index.js) once on a free port with a fresh SQLite file, and gives
 * its address to every e2e file as inject('baseURL') and the file's path as inject('databaseURL').
 */
export default async function setup(project: TestProject) {
  ensureBuild((line) => console.log(`e2e: ${line}`))
  const dir = mkdtempSync(join(tmpdir(), 'inquiry-e2e-'))
  const databaseURL = join(dir, 'e2e.sqlite')
  const server = await startServer({ databaseUrl: databaseURL }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true })
    throw error
  })
  project.provide('baseURL', server.url)
  project.provide('databaseURL', databaseURL)

  return async () => {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
