// npm start: builds the app when the build is missing or older than its sources, then
// supervises the production server (which migrates, seeds the demo on an empty database and
// listens): this primary process starts one server process and, when it ends without being
// asked to (out of memory, a crash, killed), logs why and starts a new one.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pino } from 'pino'
import { SERVER_NODE_ARGS } from './server-node-args.mjs'

const BUILD = 'build/index.js'
const SOURCES = ['app', 'db', 'remix.config.js', 'package.json']
/** More deaths than this within the window is a server that cannot run (a bad build, a broken database): give up. */
const MAX_RESTARTS = 5
const RESTART_WINDOW_MS = 60_000
/** Waits before a restart grow from this, doubling, so a crash loop does not spin the machine. */
const FIRST_DELAY_MS = 250
/** The last lines of the server's stderr kept to say why it died ("JavaScript heap out of memory"). */
const STDERR_LINES = 20

// The same log as the server's (utils/log.server.ts): JSON lines on stdout, or LOG_FILE; LOG_LEVEL.
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
const level = process.env.LOG_LEVEL?.trim().toLowerCase() || 'info'
if (!LEVELS.includes(level)) {
  console.error(`Cannot start: Invalid environment:\nLOG_LEVEL: must be one of ${LEVELS.join(', ')}`)
  process.exit(1)
}
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

let child
let stopping = false
const deaths = []

function startServer(restarts) {
  const started = Date.now()
  child = spawn(process.execPath, [...SERVER_NODE_ARGS, BUILD], {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: { NODE_ENV: 'production', ...process.env },
  })
  const stderr = []
  let partial = ''
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk)
    const lines = (partial + chunk.toString('utf8')).split('\n')
    partial = lines.pop() ?? ''
    stderr.push(...lines)
    if (stderr.length > STDERR_LINES) stderr.splice(0, stderr.length - STDERR_LINES)
  })
  log.info({ serverPid: child.pid, restarts }, `server process ${child.pid} started`)
  child.once('exit', (code, signal) => {
    if (partial) stderr.push(partial)
    if (stopping) {
      log.info({ serverPid: child.pid, code, signal }, `server process ${child.pid} stopped`)
      process.exit(code ?? 0)
    }
    // Exit code 1 right after starting, before it ever answered, is a server that cannot boot (its message is above).
    const reason = reasonFor(code, signal, stderr)
    const now = Date.now()
    deaths.push(now)
    while (deaths.length && deaths[0] < now - RESTART_WINDOW_MS) deaths.shift()
    if (deaths.length > MAX_RESTARTS) {
      log.fatal(
        { serverPid: child.pid, code, signal, reason },
        `server process ${child.pid} ended: ${reason}; it ended ${deaths.length} times within a minute, so it is not restarted`,
      )
      process.exit(1)
    }
    const delay = FIRST_DELAY_MS * 2 ** (deaths.length - 1)
    log.error(
      { serverPid: child.pid, code, signal, reason, uptimeMs: now - started, restartInMs: delay },
      `server process ${child.pid} ended: ${reason}; starting a new one`,
    )
    setTimeout(() => startServer(restarts + 1), delay)
  })
}

function stop(signal) {
  if (stopping) return
  stopping = true
  if (child && child.exitCode === null && child.signalCode === null) child.kill(signal)
  else process.exit(0)
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))

startServer(0)
