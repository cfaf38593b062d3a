// The production server as the e2e suite, the durability run, the two-process check and the
// benchmark start it: the bundled build/index.js (or `npm start`'s supervisor) on a free port
// of 127.0.0.1, with NODE_ENV=production, a database of the caller's, and nothing from the
// caller's shell that would change what the run does. One place to start, wait for, stop and
// kill it; every server started here is killed when the process that started it exits.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { freePort } from './free-port'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const SERVER_BUILD = 'build/index.js'
/** `npm start`: builds when stale, then supervises the server (restarts it when it dies). */
export const SUPERVISOR = 'app/cli/start.mjs'
/** What app/server.ts prints once it listens. */
export const READY_LINE = /Co-operative inquiry is ready at http:\/\/localhost:(\d+)/

const SOURCES = ['app', 'db', 'remix.config.js', 'package.json']

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** Whether build/index.js is missing or older than its sources (the test `npm start` makes too). */
export function buildIsStale(): boolean {
  const build = join(root, SERVER_BUILD)
  return !existsSync(build) || SOURCES.some((s) => existsSync(join(root, s)) && newestMtime(join(root, s)) > statSync(build).mtimeMs)
}

/**
 * Runs `remix build` when build/index.js is missing or older than its sources, so a run never
 * measures or tests yesterday's code. `allowStale` keeps an existing build however old it is.
 */
export function ensureBuild(
  log: (line: string) => void = () => {},
  options: { allowStale?: boolean } = {},
): { built: boolean; ms: number } {
  if (!buildIsStale()) return { built: false, ms: 0 }
  if (options.allowStale && existsSync(join(root, SERVER_BUILD))) {
    log(`${SERVER_BUILD} is older than its sources; using it as it is`)
    return { built: false, ms: 0 }
  }
  log(`${SERVER_BUILD} is missing or stale: running remix build…`)
  const started = performance.now()
  const result = spawnSync(join(root, 'node_modules/.bin/remix'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 300_000,
    // Under vitest NODE_ENV is "test", and a build made with it renders through React's
    // development JSX runtime, which the production server does not load ("jsxDEV is not a
    // function"): build as `npm run build` does.
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) throw new Error(`remix build failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`)
  return { built: true, ms: performance.now() - started }
}

export type ServerOptions = {
  /** DATABASE_URL: a SQLite file, or a postgres:// URL. */
  databaseUrl: string
  /** Environment over the defaults below; a key set to undefined is removed. */
  env?: Record<string, string | undefined>
  /** Node flags before the script (the heap ceiling, --cpu-prof). */
  nodeArgs?: string[]
  /** SERVER_BUILD (the default), or SUPERVISOR to run it as `npm start` does. */
  script?: string
  /** How long to wait for the ready line (default 30 s). */
  readyTimeoutMs?: number
}

export type RunningServer = {
  /** http://127.0.0.1:<port>: the server listens on 127.0.0.1 only, so not "localhost", which may resolve to ::1 first. */
  url: string
  port: number
  /** The process started: the server, or with SUPERVISOR the supervisor. */
  pid: number
  child: ChildProcess
  /** Everything it has written to stdout and stderr so far. */
  output(): string
  /** Whether the process is still running. */
  running(): boolean
  /** Settles when the process has ended, however it ended. */
  exited: Promise<void>
  /** SIGTERM (the server closes and exits), SIGKILL if it has not gone within `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>
  /** Ends it at once with SIGKILL, as a crash or the OOM killer would (wait on `exited`). */
  kill(): void
}

/**
 * The processes a process started that still run (Linux: /proc/<pid>/task/<tid>/children):
 * under SUPERVISOR, the server processes it runs (WEB_CONCURRENCY of them).
 */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    )
  } catch {
    return []
  }
}

const started = new Set<ChildProcess>()
const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/** SIGKILLs every server this process started that still runs: for a script's hard timeout and its signal handlers. */
export function killAllServers(): void {
  for (const child of started) if (isRunning(child)) child.kill('SIGKILL')
}
process.once('exit', killAllServers)

/**
 * The environment a test server runs with: production, 127.0.0.1, no demo, a cheaper password
 * hash. The caller's APP_ORIGIN, secrets, templates folder and log file are left out (the app
 * derives its origin from the Host header and keeps generated secrets beside a SQLite file),
 * so the shell a run starts from cannot change what it does; `overrides` may set any of them.
 */
function serverEnv(port: number, databaseUrl: string, overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'false',
    PASSWORD_HASH_LOG_N: '12',
  }
  for (const name of ['APP_ORIGIN', 'SESSION_SECRET', 'BALLOT_KEY', 'TEMPLATES_DIR', 'LOG_FILE']) delete env[name]
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return env
}

/** Starts the server on a free port and resolves once it has said it is ready on that port; rejects with its output if it is not. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const script = options.script ?? SERVER_BUILD
  if (!existsSync(join(root, script))) throw new Error(`${script} is missing: run \`npx remix build\` first.`)
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000
  const port = await freePort()
  const env = serverEnv(port, options.databaseUrl, options.env ?? {})
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  started.add(child)
  let output = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  const stop = async (graceMs = 5_000) => {
    if (!isRunning(child)) return
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.kill('SIGTERM')
    await exited
    clearTimeout(force)
  }

  try {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer)
        child.stdout!.off('data', onData)
        child.off('exit', onExit)
        child.off('error', onError)
        if (error) reject(error)
        else resolve()
      }
      const onData = () => {
        const match = READY_LINE.exec(output)
        if (!match) return
        done(
          Number(match[1]) === port ? undefined : new Error(`The server listens on ${match[1]}, not on the port it was given (${port}).`),
        )
      }
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        done(new Error(`The server exited before it was ready (code ${code}, signal ${signal}). Its output:\n${output}`))
      const onError = (error: Error) => done(new Error(`The server could not start: ${error.message}\n${output}`))
      const timer = setTimeout(
        () => done(new Error(`The server was not ready within ${readyTimeoutMs / 1000} s. Its output:\n${output}`)),
        readyTimeoutMs,
      )
      child.stdout!.on('data', onData)
      child.on('exit', onExit)
      child.on('error', onError)
    })
  } catch (error) {
    await stop()
    throw error
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    child,
    output: () => output,
    running: () => isRunning(child),
    exited,
    stop,
    kill: () => {
      if (isRunning(child)) child.kill('SIGKILL')
    },
  }
}
