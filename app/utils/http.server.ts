import { json } from '@remix-run/node'
import type { z } from 'zod'
import { DomainError } from './errors.server'

export type FieldErrors = Record<string, string>
export type FormValues = Record<string, string>

/** What a failed action returns: messages beside fields, a form-level message, and the input kept. */
export type ActionFailure = { errors: FieldErrors; formError?: string; values: FormValues }

class FormValidationError extends Error {
  constructor(readonly errors: FieldErrors) {
    super('form validation failed')
  }
}

export type FormInput = { values: FormValues; all: (name: string) => string[]; file: (name: string) => File | null }

const MAX_FORM_BYTES = 2_000_000

/** Reads the whole body, refusing it as soon as it passes the limit. */
async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new DomainError('bad_request', `The form is too large to accept (at most ${Math.round(maxBytes / 1_000_000)} MB).`)
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined)
        throw tooLarge()
      }
      chunks.push(value)
    }
  } catch (error) {
    if (error instanceof DomainError) throw error
    throw new DomainError('bad_request', 'The form could not be read. Please try again.')
  }
  const body = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormInput> {
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > maxBytes)
    throw new DomainError('bad_request', `The form is too large to accept (at most ${Math.round(maxBytes / 1_000_000)} MB).`)
  const type = request.headers.get('content-type') ?? ''
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    throw new DomainError('bad_request', 'This address accepts form submissions only.')
  }
  // The size is counted as the body arrives: a body sent in chunks carries no Content-Length.
  const body = await readAtMost(request, maxBytes)
  let data: FormData
  try {
    data = await new Request(request.url, { method: 'POST', headers: request.headers, body: body as unknown as BodyInit }).formData()
  } catch {
    throw new DomainError('bad_request', 'The form could not be read. Please try again.')
  }
  const values: FormValues = {}
  const lists = new Map<string, string[]>()
  const files = new Map<string, File>()
  for (const [key, value] of data.entries()) {
    if (typeof value !== 'string') {
      // Only a form that asked for files (a larger limit) reads them; an empty file input is no file.
      if (maxBytes > MAX_FORM_BYTES && value.size > 0 && !files.has(key)) files.set(key, value)
      continue
    }
    values[key] ??= value
    const list = lists.get(key)
    if (list) list.push(value)
    else lists.set(key, [value])
  }
  // No database keeps the NUL character in text (PostgreSQL refuses it outright), and no one
  // types it: a form carrying one is refused beside the field, on every database alike.
  const withNul = Object.keys(values).find((key) => lists.get(key)!.some((v) => v.includes('\u0000')))
  if (withNul) throw new FormValidationError({ [withNul]: 'This text contains an invisible NUL character; remove it and try again.' })
  return { values, all: (name) => lists.get(name) ?? [], file: (name) => files.get(name) ?? null }
}

/** Answers the action with 400 and these messages beside their fields, the input kept. */
export function failWithFieldErrors(errors: FieldErrors): never {
  throw new FormValidationError(errors)
}

/** Parses form values with a zod schema; on failure the action answers 400 with field errors. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const errors: FieldErrors = {}
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {}
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '_form')
    // A field the form did not send at all gets a plain message, not zod's type jargon.
    errors[key] ??= issue.code === 'invalid_type' && given[key] === undefined ? 'Please fill in this field.' : issue.message
  }
  throw new FormValidationError(errors)
}

/** Values safe to send back into the form: never echo secrets. */
function keptValues(values: FormValues): FormValues {
  const kept: FormValues = {}
  for (const [key, value] of Object.entries(values)) {
    if (/password|token/i.test(key)) continue
    kept[key] = value.length > 100_000 ? value.slice(0, 100_000) : value
  }
  return kept
}

/**
 * Runs an action body: reads the form once, maps validation and domain errors to a 4xx
 * with the user's input kept, and turns "not found" into the 404 page.
 */
export async function runAction(
  request: Request,
  body: (form: FormInput) => Promise<Response>,
  options: { maxBytes?: number } = {},
): Promise<Response> {
  let form: FormInput = { values: {}, all: () => [], file: () => null }
  try {
    form = await readForm(request, options.maxBytes)
    return await body(form)
  } catch (error) {
    if (error instanceof FormValidationError) {
      return json<ActionFailure>({ errors: error.errors, values: keptValues(form.values) }, { status: 400 })
    }
    if (error instanceof DomainError) {
      if (error.code === 'not_found') throw notFoundResponse()
      const errors = error.field ? { [error.field]: error.message } : {}
      return json<ActionFailure>(
        { errors, formError: error.field ? undefined : error.message, values: keptValues(form.values) },
        { status: error.status },
      )
    }
    throw error
  }
}

/** Runs a loader body, mapping domain errors to error responses the ErrorBoundary shows. */
export async function runLoader<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body()
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === 'not_found') throw notFoundResponse()
      throw json({ message: error.message }, { status: error.status })
    }
    throw error
  }
}

export function notFoundResponse(): Response {
  return json({ message: 'We could not find that page. It may not exist, or you may not have access to it.' }, { status: 404 })
}

/** Reads a route param; anything missing or malformed is a 404. */
export function requireParam(params: Record<string, string | undefined>, name: string): string {
  const value = params[name]
  if (!value || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw notFoundResponse()
  return value
}

/**
 * A response body that is read only as fast as the client takes it: before each piece it waits
 * for the connection to drain (`drained`, from the load context). The Express adapter writes
 * each piece without waiting, so without this a slow client's download would pile up in memory.
 */
export function pacedBody(body: ReadableStream<Uint8Array>, drained?: () => Promise<void>): ReadableStream<Uint8Array> {
  if (!drained) return body
  const reader = body.getReader()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await drained()
        const next = await reader.read()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  )
}

/** The part of a response `drainedOf` watches (an Express response is one). */
type Drainable = {
  writableNeedDrain: boolean
  destroyed: boolean
  once(event: 'drain' | 'close', listener: () => void): unknown
  off(event: 'drain' | 'close', listener: () => void): unknown
}

/** Resolves at once unless the response's connection buffer is full, else when it drains or closes. */
export function drainedOf(res: Drainable): Promise<void> {
  if (!res.writableNeedDrain || res.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.once('drain', done)
    res.once('close', done)
  })
}
