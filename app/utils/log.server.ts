import { pino, type DestinationStream, type Level, type Logger } from 'pino'

// The server's log: one JSON line per event, on stdout (or LOG_FILE). What goes in is chosen
// so the log holds no personal data: route patterns rather than URLs (invitation and reset
// tokens travel in paths and query strings), no bodies, no cookies, no names or emails.

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

let instance: Logger | undefined

/** LOG_LEVEL, validated like the rest of the environment: a bad value stops the boot naming the variable. */
function levelFromEnv(): Level | 'silent' {
  const raw = process.env.LOG_LEVEL?.trim().toLowerCase()
  if (!raw) return process.env.NODE_ENV === 'test' ? 'error' : 'info'
  if (!(LEVELS as readonly string[]).includes(raw)) throw new Error(`Invalid environment:\nLOG_LEVEL: must be one of ${LEVELS.join(', ')}`)
  return raw as Level | 'silent'
}

/**
 * Where lines go. Under vitest (NODE_ENV=test) an error line goes to console.error, so a test
 * that makes the server fail still fails (tests/setup/console.ts), and nothing else is shown.
 */
function destinationFromEnv(): DestinationStream {
  if (process.env.NODE_ENV === 'test' && !process.env.LOG_FILE) return { write: (line: string) => console.error(line.trimEnd()) }
  if (process.env.LOG_FILE) return pino.destination({ dest: process.env.LOG_FILE, mkdir: true, sync: true })
  return pino.destination({ dest: 1, sync: true })
}

/** Builds a logger in the house format: ISO time, level by name, the pid (several processes may share a log), no hostname. */
export function createLogger(options: { level?: Level | 'silent'; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? levelFromEnv(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // `err` is already errorFields(...): pino's own serializer would replace its type with "Object".
      serializers: { err: (value: unknown) => value },
    },
    options.destination ?? destinationFromEnv(),
  )
}

/** The process-wide logger, made on first use from LOG_LEVEL and LOG_FILE. */
export function getLogger(): Logger {
  instance ??= createLogger()
  return instance
}

/** Replaces the process-wide logger (tests capture lines this way); returns the one it replaced. */
export function setLogger(logger: Logger | undefined): Logger | undefined {
  const previous = instance
  instance = logger
  return previous
}

/** An error as a log field: its kind, message and stack, nothing the error object carries besides. */
export function errorFields(error: unknown): { type: string; message: string; stack?: string; code?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) }
  const code = (error as { code?: unknown }).code
  return { type: error.name, message: error.message, stack: error.stack, ...(typeof code === 'string' ? { code } : {}) }
}
