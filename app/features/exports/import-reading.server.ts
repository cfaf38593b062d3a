import { z } from 'zod'
import { DomainError } from '~/utils/errors.server'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveSchema, MAX_ARCHIVE_BYTES, type Archive } from './core/archive-schema'

// Reading an import: an upload's body and form, and the archive in it, read and checked against
// the archive format. Nothing here touches the database: import-plan.server.ts turns the
// archive into the rows to write, and import.server.ts writes them.

const MB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`

/**
 * Reads an archive file, refusing with a message that names what is wrong: too large, not
 * JSON, another format or version, or (first few) fields that break the schema.
 */
export function parseArchiveText(text: string): Archive {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_ARCHIVE_BYTES)
    throw new DomainError('bad_request', `The archive is ${MB(bytes)}; the largest accepted is ${MB(MAX_ARCHIVE_BYTES)}.`, 'archive')
  return parseArchiveJson(text)
}

/** As parseArchiveText, from the file's bytes (UTF-8), refusing an oversized file before decoding it. */
function parseArchiveBytes(bytes: Uint8Array): Archive {
  if (bytes.byteLength > MAX_ARCHIVE_BYTES)
    throw new DomainError(
      'bad_request',
      `The archive is ${MB(bytes.byteLength)}; the largest accepted is ${MB(MAX_ARCHIVE_BYTES)}.`,
      'archive',
    )
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new DomainError('bad_request', 'The file is not UTF-8 text, so it cannot be an inquiry archive.', 'archive')
  }
  return parseArchiveJson(text)
}

function parseArchiveJson(text: string): Archive {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new DomainError(
      'bad_request',
      `The file is not valid JSON (${error instanceof Error ? error.message : 'unreadable'}).`,
      'archive',
    )
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new DomainError('bad_request', 'The file is JSON but not an inquiry archive (expected an object).', 'archive')
  const head = raw as { format?: unknown; version?: unknown }
  if (head.format !== ARCHIVE_FORMAT)
    throw new DomainError('bad_request', `This is not an inquiry archive: "format" must be "${ARCHIVE_FORMAT}".`, 'archive')
  if (head.version !== ARCHIVE_VERSION) {
    throw new DomainError(
      'bad_request',
      `This archive is version ${JSON.stringify(head.version)}; this installation reads version ${ARCHIVE_VERSION}.`,
      'archive',
    )
  }
  const parsed = ArchiveSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'the archive'}: ${i.message}`)
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : ''
    throw new DomainError('bad_request', `The archive does not match version ${ARCHIVE_VERSION}: ${issues.join('; ')}${more}.`, 'archive')
  }
  return parsed.data
}

/** The largest upload to /import: the archive and the form around it. */
const MAX_UPLOAD_BYTES = MAX_ARCHIVE_BYTES + 64 * 1024

const SeatSchema = z
  .string()
  .trim()
  .regex(/^(Member [A-Z]+)?$/, 'Write a member key like “Member A”, or leave this empty.')

export type ArchiveUpload = { contentType: string; body: Uint8Array<ArrayBuffer> }

/**
 * The body of an upload as it arrived, refused once it passes the limit. Nothing is parsed
 * here: on the request path, parsing a multipart body of 30 MB and copying its file out
 * costs about a second, during which the server answers no one.
 */
export async function readArchiveUpload(request: Request): Promise<ArchiveUpload> {
  const tooLarge = (size: string) =>
    new DomainError('bad_request', `The archive is ${size}; the largest accepted is ${MB(MAX_ARCHIVE_BYTES)}.`, 'archive')
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > MAX_UPLOAD_BYTES) throw tooLarge(MB(length))
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(contentType))
    throw new DomainError('bad_request', 'This address accepts form submissions only.')
  const chunks: Uint8Array[] = []
  let total = 0
  if (request.body) {
    const reader = request.body.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        total += value.byteLength
        if (total > MAX_UPLOAD_BYTES) {
          await reader.cancel().catch(() => undefined)
          throw tooLarge(`larger than ${MB(MAX_ARCHIVE_BYTES)}`)
        }
        chunks.push(value)
      }
    } catch (error) {
      if (error instanceof DomainError) throw error
      throw new DomainError('bad_request', 'The upload could not be read. Please try again.')
    }
  }
  // One fresh buffer (the chunks may share memory with others), handed to the worker without a copy.
  const body = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    body.set(chunk, at)
    at += chunk.byteLength
  }
  return { contentType, body }
}

/** The archive's bytes and the chosen seat from an upload's form: the file, or the JSON sent as a plain field. */
async function archiveForm(upload: ArchiveUpload): Promise<FormData> {
  try {
    return await new Request('http://upload.invalid/', {
      method: 'POST',
      headers: { 'Content-Type': upload.contentType },
      body: upload.body as unknown as BodyInit,
    }).formData()
  } catch {
    throw new DomainError('bad_request', 'The form could not be read. Please try again.')
  }
}

/**
 * What an upload's form holds: the seat as typed (to show again beside a refusal), and the
 * archive and the seat read from it, or the refusal that says why they could not be.
 */
export type UploadForm = { seatField: string } & ({ ok: true; archive: Archive; seat: string | null } | { ok: false; refusal: DomainError })

/** Reads an upload's form: the seat field, then the archive (the file, or JSON in a plain field), parsed and checked. */
export async function readUploadForm(upload: ArchiveUpload): Promise<UploadForm> {
  let seatField = ''
  try {
    const form = await archiveForm(upload)
    seatField = String(form.get('seat') ?? '').slice(0, 100)
    const seat = SeatSchema.safeParse(seatField)
    if (!seat.success) throw new DomainError('bad_request', seat.error.issues[0]!.message, 'seat')
    const field = form.get('archive')
    const bytes =
      typeof field === 'string'
        ? new TextEncoder().encode(field.trim())
        : field
          ? new Uint8Array(await field.arrayBuffer())
          : new Uint8Array()
    if (bytes.byteLength === 0) throw new DomainError('bad_request', 'Choose the archive file (.json) to import.', 'archive')
    return { seatField, ok: true, archive: parseArchiveBytes(bytes), seat: seat.data || null }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    return { seatField, ok: false, refusal: error }
  }
}
