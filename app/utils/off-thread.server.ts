import { isMainThread, parentPort, Worker, workerData, type Transferable } from 'node:worker_threads'
import { DomainError, type DomainErrorCode } from './errors.server'

// Reading a large upload (JSON.parse, schema checks, an XML tree) takes seconds and many
// times the file's size in heap. It runs in a worker thread with a heap ceiling of its own:
// the event loop keeps answering meanwhile, and a file that would need more memory than the
// ceiling ends that worker (answered as "too large to read"), never the server.
//
// The worker runs the module that defined the task: in the production build that is the
// bundle (build/index.js, whose server does not start off the main thread), from source
// (tests, tsx scripts) the defining .ts file, with tsx's loader registered first.

const MARK = 'cooperative-inquiry-off-thread'

type Refusal = { code: DomainErrorCode; message: string; field?: string }
type Reply =
  { ok: true; value: unknown } | { ok: false; refusal: Refusal } | { ok: false; failure: { name: string; message: string; stack?: string } }
type Job = { task: string; input: unknown }

const tasks = new Map<string, (input: unknown) => unknown | Promise<unknown>>()

type OffThreadLimits = {
  /** The worker's own old-generation heap ceiling (resourceLimits.maxOldGenerationSizeMb). */
  maxOldGenerationSizeMb: number
  /** The worker is ended after this long (a file that takes this long to read is refused). */
  timeoutMs: number
  /** The refusal when the worker runs out of heap or time: "too large to read", for the form field it came from. */
  tooLarge: { message: string; field?: string }
}

type RunOptions = { transfer?: Transferable[]; limits?: Partial<OffThreadLimits> }

function listen() {
  if (isMainThread || (workerData as { mark?: string } | undefined)?.mark !== MARK || !parentPort) return
  const port = parentPort
  port.removeAllListeners('message')
  port.once('message', async (job: Job) => {
    const run = tasks.get(job.task)
    let reply: Reply
    try {
      if (!run) throw new Error(`no off-thread task named ${job.task}`)
      reply = { ok: true, value: await run(job.input) }
    } catch (error) {
      reply =
        error instanceof DomainError
          ? { ok: false, refusal: { code: error.code, message: error.message, field: error.field } }
          : {
              ok: false,
              failure: {
                name: error instanceof Error ? error.name : 'Error',
                message: error instanceof Error ? error.message : String(error),
                stack: error instanceof Error ? error.stack : undefined,
              },
            }
    }
    port.postMessage(reply)
  })
}

/** At most this many workers read at once; a few more wait their turn, the rest are asked to come back. */
const RUNNING = 1
const WAITING = 3
let running = 0
const queue: (() => void)[] = []

async function slot(): Promise<() => void> {
  if (running >= RUNNING) {
    if (queue.length >= WAITING)
      throw new DomainError('too_many', 'The server is reading other large files just now; please try again in a minute.')
    await new Promise<void>((resolve) => queue.push(resolve))
  }
  running += 1
  return () => {
    running -= 1
    queue.shift()?.()
  }
}

function startWorker(entry: string, limits: OffThreadLimits): Worker {
  const options = {
    workerData: { mark: MARK },
    resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb },
    stdout: false,
    stderr: false,
  }
  if (/\.[cm]?tsx?$/.test(new URL(entry).pathname)) {
    const boot = `import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry)}))`
    return new Worker(boot, { ...options, eval: true })
  }
  return new Worker(new URL(entry), options)
}

/**
 * Defines a task that can run off the main thread. Call it at a module's top level with that
 * module's `import.meta.url`: the worker registers the task by loading the same module.
 * The returned function runs it in a fresh worker (a task may be async); a DomainError the
 * task throws comes back as the same DomainError.
 */
export function defineOffThreadTask<I, O>(
  entry: string,
  name: string,
  run: (input: I) => O | Promise<O>,
  defaults: OffThreadLimits,
): (input: I, options?: RunOptions) => Promise<O> {
  if (tasks.has(name)) throw new Error(`off-thread task ${name} is defined twice`)
  tasks.set(name, run as (input: unknown) => unknown)
  listen()
  return async (input, options = {}) => {
    const limits = { ...defaults, ...options.limits }
    const release = await slot()
    try {
      return await new Promise<O>((resolve, reject) => {
        const worker = startWorker(entry, limits)
        let settled = false
        const settle = (fn: () => void) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          void worker.terminate()
          fn()
        }
        const tooLarge = () => new DomainError('bad_request', limits.tooLarge.message, limits.tooLarge.field)
        const timer = setTimeout(() => settle(() => reject(tooLarge())), limits.timeoutMs)
        worker.once('message', (reply: Reply) =>
          settle(() => {
            if (reply.ok) resolve(reply.value as O)
            else if ('refusal' in reply) reject(new DomainError(reply.refusal.code, reply.refusal.message, reply.refusal.field))
            else reject(Object.assign(new Error(reply.failure.message), { name: reply.failure.name, stack: reply.failure.stack }))
          }),
        )
        worker.once('error', (error: Error & { code?: string }) =>
          settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooLarge() : error)),
        )
        worker.once('exit', (code) => settle(() => reject(new Error(`the worker reading ${name} exited (code ${code}) without an answer`))))
        worker.postMessage({ task: name, input } satisfies Job, options.transfer ?? [])
      })
    } finally {
      release()
    }
  }
}
