import type { Db } from '~db/connection'
import { recordAudit } from '~/features/audit/audit.server'
import { DomainError } from '~/utils/errors.server'
import { errorFields, getLogger } from '~/utils/log.server'
import type { SessionUser } from '~/utils/session.server'
import {
  collectArchive,
  prepareArchive,
  prepareArchiveForMember,
  type BuiltArchive,
  type ExportScope,
  type LeftOut,
  type PreparedArchive,
} from './archive.server'
import type { Archive } from './core/archive-schema'
import type { ArchiveOutline } from './core/archive'
import { archiveJson } from './core/archive-json'
import { toCsvZip } from './core/csv'
import { toMarkdown } from './core/markdown'
import { describeScope, leftOutOf } from './core/preview'
import { qdpxStream, toQdc } from './core/refi-qda'
import type { ExportFormat } from './export.schema'
import { toHtml } from './report-html.server'
import { findOpenDecision } from '~db/queries/decisions'
import { listExportEvents } from '~db/queries/exports'
import { findInquiry, listCycles } from '~db/queries/inquiries'

const QDC_NEEDS_THEMES = 'A codebook needs themes, and this export has none yet (themes leave once the group publishes a cycle’s findings).'

/** An export on its way: the file is made as its body is read (issue 17). */
export type StreamedExport = {
  filename: string
  contentType: string
  /** The file. Should making it fail part-way, the failure is logged and the stream errors, so the download breaks off rather than ending short. */
  body: ReadableStream<Uint8Array>
  /** Its length in bytes when known before it is sent (the formats rendered whole); null when it is streamed as it is made. */
  length: number | null
  leftOut: LeftOut[]
}

/** An export read whole into memory (tests; small exports), with the archive it was rendered from. */
type RenderedExport = { filename: string; contentType: string; body: Uint8Array; built: BuiltArchive }

const encoder = new TextEncoder()

/** The formats rendered from the whole archive: reports and tables a person reads, and the codebook (themes only). */
function render(archive: Archive, format: 'html' | 'md' | 'csv' | 'qdc'): { body: Uint8Array; contentType: string; extension: string } {
  switch (format) {
    case 'html':
      return { body: encoder.encode(toHtml(archive)), contentType: 'text/html; charset=utf-8', extension: 'html' }
    case 'md':
      return { body: encoder.encode(toMarkdown(archive)), contentType: 'text/markdown; charset=utf-8', extension: 'md' }
    case 'csv':
      return { body: toCsvZip(archive), contentType: 'application/zip', extension: 'csv.zip' }
    case 'qdc':
      return { body: encoder.encode(toQdc(archive)), contentType: 'application/xml; charset=utf-8', extension: 'qdc' }
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

async function* utf8(pieces: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  for await (const piece of pieces) yield encoder.encode(piece)
}

/**
 * Chunks as a response body, made as the client reads. A failure part-way (after the headers
 * have gone) is logged and errors the stream: the client sees a broken download, never a
 * file that ends early and looks whole.
 */
function streamOf(chunks: AsyncIterable<Uint8Array>, what: { inquiryId: string; format: ExportFormat }): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          // A turn of the event loop between pieces, so other requests are served meanwhile: on
          // SQLite an export's reads resolve on promises alone, and would hold the loop throughout.
          await new Promise((resolve) => setImmediate(resolve))
          const next = await iterator.next()
          if (next.done) controller.close()
          else controller.enqueue(next.value)
        } catch (error) {
          getLogger().error({ err: errorFields(error), ...what }, 'export failed part-way; the download was broken off')
          controller.error(error)
        }
      },
      async cancel() {
        await iterator.return?.()
      },
    },
    // Nothing is made before the client asks for it: no piece waits in a queue, and nothing is read ahead.
    { highWaterMark: 0 },
  )
}

/**
 * Starts an export of a prepared archive and writes it to the group's audit log (never any
 * text). What can refuse it (a codebook without themes) refuses here, before any byte is sent.
 * The JSON archive and the REFI-QDA project stream from the archive's batches; the other
 * formats are rendered from the whole archive, read by `collect` (a caller that wants the
 * whole archive too passes one that keeps it, so it is read once).
 */
async function startExport(
  db: Db,
  prepared: PreparedArchive,
  format: ExportFormat,
  by: { personId: string | null; via?: string },
  collect: () => Promise<BuiltArchive> = () => collectArchive(prepared),
): Promise<StreamedExport> {
  const { outline } = prepared.parts
  if (format === 'qdc' && outline.themes.length === 0) throw new DomainError('conflict', QDC_NEEDS_THEMES, 'format')
  let made: { chunks: AsyncIterable<Uint8Array>; length: number | null; contentType: string; extension: string }
  if (format === 'json') {
    made = { chunks: utf8(archiveJson(prepared.parts)), length: null, contentType: 'application/json; charset=utf-8', extension: 'json' }
  } else if (format === 'qdpx') {
    made = { chunks: qdpxStream(prepared.parts), length: null, contentType: 'application/zip', extension: 'qdpx' }
  } else {
    const rendered = render((await collect()).archive, format)
    made = { chunks: once(rendered.body), length: rendered.body.length, ...rendered }
  }
  await recordAudit(db, {
    kind: 'exported',
    personId: by.personId,
    groupId: prepared.groupId,
    detail: {
      inquiryId: prepared.inquiryId,
      format,
      scope: scopeText(outline),
      records: outline.records.length,
      ...(by.via ? { via: by.via } : {}),
    },
  })
  return {
    filename: exportFilename(prepared.inquiryTitle, format, made.extension),
    contentType: made.contentType,
    body: streamOf(made.chunks, { inquiryId: prepared.inquiryId, format }),
    length: made.length,
    leftOut: leftOutOf(outline, { unconsented: prepared.unconsented }),
  }
}

/** A file name from the title: letters, digits and hyphens only, so no header can be forged with it. */
function exportFilename(title: string, format: ExportFormat, extension: string, at = new Date()): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/[\s_]+/g, '-')
      .toLowerCase()
      .slice(0, 60) || 'inquiry'
  return `${slug}-${at.toISOString().slice(0, 10)}${format === 'json' ? '-archive' : ''}.${extension}`
}

function scopeText(archive: Pick<ArchiveOutline, 'cycles'>): string {
  const numbers = archive.cycles.map((c) => c.number)
  return numbers.length ? `cycles ${numbers.join(', ')}` : 'no cycles'
}

/**
 * A member's export, started: checked, written to the group's audit log (who, when, scope,
 * format; no record text) and made as its body is read. The download route sends it.
 */
export async function streamExportForMember(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  format: ExportFormat,
  scope: ExportScope,
): Promise<StreamedExport> {
  return startExport(db, await prepareArchiveForMember(db, user, inquiryId, scope), format, { personId: user.id })
}

/** A member's export read whole, with the archive it came from: for tests and other small uses. Audited like a download. */
export async function exportForMember(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  format: ExportFormat,
  scope: ExportScope,
): Promise<RenderedExport> {
  const prepared = await prepareArchiveForMember(db, user, inquiryId, scope)
  // The formats rendered whole have read the archive already; the streamed ones read it here, once.
  let built: Promise<BuiltArchive> | undefined
  const collect = () => (built ??= collectArchive(prepared))
  const exported = await startExport(db, prepared, format, { personId: user.id }, collect)
  const body = new Uint8Array(await new Response(exported.body).arrayBuffer())
  return { filename: exported.filename, contentType: exported.contentType, body, built: await collect() }
}

/** The command line's export: same archive and rules, audited as made from the command line, streamed like a download. */
export async function exportFromCommandLine(
  db: Db,
  inquiryId: string,
  format: ExportFormat,
  scope: ExportScope,
): Promise<StreamedExport | null> {
  const inquiry = await findInquiry(db, inquiryId)
  if (!inquiry) return null
  return startExport(db, await prepareArchive(db, inquiry, scope), format, { personId: null, via: 'command line' })
}

/** The group's export history, readable by its members: who exported what, when. */
async function exportHistory(db: Db, groupId: string, inquiryId: string) {
  const rows = await listExportEvents(db, groupId)
  return rows
    .map((r) => ({
      at: r.createdAt,
      who: r.displayName ?? 'The command line',
      ...(JSON.parse(r.detailJson) as { inquiryId: string; format: string; scope: string; records: number }),
    }))
    .filter((r) => r.inquiryId === inquiryId)
}

/** The export page: publication state, the chosen scope's preview (what goes, what stays and why), history. */
export async function getExportPage(db: Db, user: SessionUser, inquiryId: string, scope: ExportScope, format: ExportFormat) {
  const prepared = await prepareArchiveForMember(db, user, inquiryId, scope)
  const { outline } = prepared.parts
  // The preview counts the ratings a batch at a time; it needs no record's words.
  let ratings = 0
  for await (const batch of prepared.parts.ratings()) ratings += batch.length
  const [cycles, openPublish, history] = await Promise.all([
    listCycles(db, inquiryId),
    findOpenDecision(db, 'publish_findings', { inquiryId: inquiryId }),
    exportHistory(db, prepared.groupId, inquiryId),
  ])
  return {
    inquiry: { id: inquiryId, title: prepared.inquiryTitle, publishedThroughCycle: outline.inquiry.publishedThroughCycle },
    cycles: cycles.map((c) => ({ number: c.number, revealed: c.blindRevealedAt !== null, reviewAdopted: c.reviewAdoptedAt !== null })),
    openPublish: openPublish ?? null,
    preview: {
      cycles: outline.cycles.map((c) => c.number),
      ...describeScope(outline, { unconsented: prepared.unconsented, ratings }),
      quotes: outline.records.length,
      /** Why this format cannot be made from this scope yet, if it cannot. */
      blocked: format === 'qdc' && outline.themes.length === 0 ? QDC_NEEDS_THEMES : null,
    },
    history,
  }
}
