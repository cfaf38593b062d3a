import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { freePort } from '../support/free-port'

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
    /** The SQLite file the e2e server uses, for tests that must look at (or prepare) what it stores. */
    databaseURL: string
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url))
const READY_TIMEOUT_MS = 30_000
const READY_LINE = /Co-operative inquiry is ready at http:\/\/localhost:(\d+)/


function waitUntilReady(server: ChildProcess, output: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error, port?: number) => {
      clearTimeout(timer)
      server.stdout?.off('data', onData)
      server.off('exit', onExit)
      server.off('error', onError)
      if (error) reject(error)
      else resolve(port!)
    }
    const onData = () => {
      const match = READY_LINE.exec(output())
      if (match) done(undefined, Number(match[1]))
    }
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      done(new Error(`The app server exited before it was ready (code ${code}, signal ${signal}). Its output:\n${output()}`))
    const onError = (error: Error) => done(new Error(`The app server could not start: ${error.message}\n${output()}`))
    const timer = setTimeout(
      () => done(new Error(`The app server was not ready within ${READY_TIMEOUT_MS / 1000} s. Its output:\n${output()}`)),
      READY_TIMEOUT_MS,
    )
    server.stdout?.on('data', onData)
    server.on('exit', onExit)
    server.on('error', onError)
  })
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 5_000)
    server.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    server.kill('SIGTERM')
  })
}

/**
 * Starts the bundled production server (build/index.js) on a free port with a fresh
 * SQLite file, and gives its address to the e2e tests as inject('baseURL') and the file's
 * path as inject('databaseURL').
 */
export default async function setup(project: TestProject) {
  if (!existsSync(join(root, 'build/index.js'))) {
    throw new Error('build/index.js is missing: run `npx remix build` (or `npm run test:e2e`, which builds first).')
  }
  const dir = mkdtempSync(join(tmpdir(), 'inquiry-e2e-'))
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    DATABASE_URL: join(dir, 'e2e.sqlite'),
    SEED_DEMO: 'false',
    PASSWORD_HASH_LOG_N: '12',
  }
  // The app derives its origin from the Host header unless APP_ORIGIN is set; a secret from
  // the caller's shell would only make the run depend on it.
  delete env.APP_ORIGIN
  delete env.SESSION_SECRET
  delete env.TEMPLATES_DIR

  const server = spawn(process.execPath, ['build/index.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  server.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  server.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))

  try {
    const readyPort = await waitUntilReady(server, () => output)
    if (readyPort !== port) throw new Error(`The app server listens on ${readyPort}, not on the port it was given (${port}).`)
  } catch (error) {
    await stop(server)
    rmSync(dir, { recursive: true, force: true })
    throw error
  }

  // The server listens on 127.0.0.1 only (HOST), so address it by that rather than by
  // "localhost", which may resolve to ::1 first.
  project.provide('baseURL', `http://127.0.0.1:${port}`)
  project.provide('databaseURL', env.DATABASE_URL!)

  return async () => {
    await stop(server)
    rmSync(dir, { recursive: true, force: true })
  }
}
