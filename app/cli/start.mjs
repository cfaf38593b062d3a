// npm start: builds the app when the build is missing or older than its sources, then
// supervises the production server: this primary process runs WEB_CONCURRENCY server
// processes (node:cluster workers sharing one port; by default one per core) and, when one
// ends without being asked to (out of memory, a crash, killed), logs why and starts a new one.
//
// The boot's one-time work (migrations, the demo seed on an empty database, the secrets
// generated beside a SQLite file) is done by the first server process alone: the others are
// started only once it listens, and find it done. The ready line is printed once, when every
// server process listens.
import cluster from 'node:cluster'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { SERVER_NODE_ARGS } from './server-node-args.mjs'

const BUILD = 'build/index.js'
const SOURCES = ['app', 'db', 'remix.config.js', 'package.json']
/**
 * More deaths of one server process (counted per worker: its first start and every
 * replacement) than this within the window is a server that cannot run (a bad build, a
 * broken database): give up, stopping the others.
 */
const MAX_RESTARTS = 5
const RESTART_WINDOW_MS = 60_000
/** Waits before a restart grow from this, doubling, so a crash loop does not spin the machine. */
const FIRST_DELAY_MS = 250
/** The last lines of a server's stderr kept to say why it died ("JavaScript heap out of memory"). */
const STDERR_LINES = 20
/** How long the server processes have to close when stopped before they are killed. */
const STOP_GRACE_MS = 10_000

// The same log as the server's (utils/log.server.ts): JSON lines on stdout, or LOG_FILE; LOG_LEVEL.
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
const level = process.env.LOG_LEVEL?.trim().toLowerCase() || 'info'
if (!LEVELS.includes(level)) {
  console.error(`Cannot start: Invalid environment:\nLOG_LEVEL: must be one of ${LEVELS.join(', ')}`)
  process.exit(1)
}

/** WEB_CONCURRENCY: how many server processes; by default one per core this process may use. */
function serverCount() {
  const raw = process.env.WEB_CONCURRENCY?.trim()
  if (!raw) return availableParallelism()
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) {
    console.error(
      `Cannot start: Invalid environment:\nWEB_CONCURRENCY: must be a whole number of server processes, 1 or more (not "${raw}"); leave it unset for one per core (${availableParallelism()} here)`,
    )
    process.exit(1)
  }
  return n
}
const COUNT = serverCount()

const log = pino(
  {
    level,
    base: { pid: process.pid, role: 'supervisor' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  process.env.LOG_FILE
    ? pino.destination({ dest: process.env.LOG_FILE, mkdir: true, sync: true })
    : pino.destination({ dest: 1, sync: true }),
)

function newestMtime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

const stale = !existsSync(BUILD) || SOURCES.some((s) => existsSync(s) && newestMtime(s) > statSync(BUILD).mtimeMs)
if (stale) {
  console.log('Building the app…')
  const build = spawnSync('npx', ['remix', 'build'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

/** Why a server process ended, in words, from its exit code, signal and last stderr lines. */
function reasonFor(code, signal, stderr) {
  const text = stderr.join('\n')
  if (/heap out of memory|Reached heap limit|Allocation failed/i.test(text)) return 'it ran out of memory'
  if (signal) return `it was ended by ${signal}`
  const fatal = [...stderr].reverse().find((line) => /"level":"fatal"|Error/.test(line))
  return `it exited with code ${code}${fatal ? ` (${fatal.slice(0, 300)})` : ''}`
}

// Each worker is the server (build/index.js) with the server's node flags; stderr is read
// here to tell why one died, and passed on.
cluster.setupPrimary({ exec: BUILD, execArgv: SERVER_NODE_ARGS, stdio: ['inherit', 'inherit', 'pipe', 'ipc'] })

/** One slot per server process (1…COUNT): the worker in it now, and its deaths within the window. */
const slots = new Map()
let stopping = false
let ready = false
let exitCode = 0
const alive = (worker) => worker.process.exitCode === null && worker.process.signalCode === null

function startServer(slot, restarts) {
  const started = Date.now()
  // SERVER_WORKER tells the server which one it is: only the first says what the boot did.
  const worker = cluster.fork({ NODE_ENV: 'production', ...process.env, SERVER_WORKER: String(slot) })
  const pid = worker.process.pid
  const state = slots.get(slot) ?? { deaths: [], timer: null }
  state.worker = worker
  state.timer = null
  slots.set(slot, state)
  const stderr = []
  let partial = ''
  worker.process.stderr.on('data', (chunk) => {
    process.stderr.write(chunk)
    const lines = (partial + chunk.toString('utf8')).split('\n')
    partial = lines.pop() ?? ''
    stderr.push(...lines)
    if (stderr.length > STDERR_LINES) stderr.splice(0, stderr.length - STDERR_LINES)
  })
  log.info({ serverPid: pid, worker: slot, restarts }, `server process ${pid} started`)
  state.listening = false
  worker.once('listening', (address) => {
    state.listening = true
    log.info({ serverPid: pid, worker: slot, port: address.port }, `server process ${pid} listening`)
    // The first server has booted (migrated, seeded, made its secrets): start the others.
    if (slot === 1 && slots.size < COUNT && !stopping) for (let n = 2; n <= COUNT; n += 1) startServer(n, 0)
    if (!ready && slots.size === COUNT && [...slots.values()].every((s) => s.listening)) {
      ready = true
      log.info({ servers: COUNT }, `${COUNT} server process${COUNT === 1 ? '' : 'es'} listening`)
      console.log(`Co-operative inquiry is ready at http://localhost:${address.port}`)
    }
  })
  worker.process.once('exit', (code, signal) => {
    if (partial) stderr.push(partial)
    if (stopping) {
      log.info({ serverPid: pid, worker: slot, code, signal }, `server process ${pid} stopped`)
      if ([...slots.values()].every((s) => !alive(s.worker))) process.exit(exitCode)
      return
    }
    const reason = reasonFor(code, signal, stderr)
    const now = Date.now()
    state.deaths.push(now)
    while (state.deaths.length && state.deaths[0] < now - RESTART_WINDOW_MS) state.deaths.shift()
    if (state.deaths.length > MAX_RESTARTS) {
      log.fatal(
        { serverPid: pid, worker: slot, code, signal, reason },
        `server process ${pid} ended: ${reason}; it ended ${state.deaths.length} times within a minute, so it is not restarted and the server stops`,
      )
      stop('SIGTERM', 1)
      return
    }
    // Exit code 1 right after starting, before it ever answered, is a server that cannot boot (its message is above).
    const delay = FIRST_DELAY_MS * 2 ** (state.deaths.length - 1)
    log.error(
      { serverPid: pid, worker: slot, code, signal, reason, uptimeMs: now - started, restartInMs: delay },
      `server process ${pid} ended: ${reason}; starting a new one`,
    )
    state.timer = setTimeout(() => startServer(slot, restarts + 1), delay)
  })
}

function stop(signal, code = 0) {
  if (stopping) return
  stopping = true
  exitCode = code
  const running = []
  for (const state of slots.values()) {
    if (state.timer) clearTimeout(state.timer)
    if (alive(state.worker)) running.push(state.worker)
  }
  if (running.length === 0) process.exit(exitCode)
  for (const worker of running) worker.process.kill(signal)
  setTimeout(() => {
    for (const worker of running) if (alive(worker)) worker.process.kill('SIGKILL')
  }, STOP_GRACE_MS).unref()
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))

startServer(1, 0)
