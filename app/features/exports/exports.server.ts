import type { Db } from '~db/connection'
import { recordAudit } from '~/features/audit/audit.server'
import { DomainError } from '~/utils/errors.server'
import type { SessionUser } from '~/utils/session.server'
import { assembleArchive, buildArchive, type BuiltArchive, type ExportScope } from './archive.server'
import type { Archive } from './core/archive'
import { toCsvZip } from './core/csv'
import { toMarkdown } from './core/markdown'
import { toQdc, toQdpx } from './core/refi-qda'
import type { ExportFormat } from './export.schema'
import { toHtml } from './report-html.server'
import { findOpenDecision } from '~db/queries/decisions'
import { listExportEvents } from '~db/queries/exports'
import { findInquiry, listCycles } from '~db/queries/inquiries'

const QDC_NEEDS_THEMES = 'A codebook needs themes, and this export has none yet (themes leave once the group publishes a cycle’s findings).'

type RenderedExport = { filename: string; contentType: string; body: Uint8Array; built: BuiltArchive }

const encoder = new TextEncoder()

/** Every format is rendered from the archive, so no format can show what the archive leaves out. */
function render(archive: Archive, format: ExportFormat): { body: Uint8Array; contentType: string; extension: string } {
  switch (format) {
    case 'html':
      return { body: encoder.encode(toHtml(archive)), contentType: 'text/html; charset=utf-8', extension: 'html' }
    case 'md':
      return { body: encoder.encode(toMarkdown(archive)), contentType: 'text/markdown; charset=utf-8', extension: 'md' }
    case 'csv':
      return { body: toCsvZip(archive), contentType: 'application/zip', extension: 'csv.zip' }
    case 'json':
      return {
        body: encoder.encode(JSON.stringify(archive, null, 2) + '\n'),
        contentType: 'application/json; charset=utf-8',
        extension: 'json',
      }
    case 'qdpx':
      return { body: toQdpx(archive), contentType: 'application/zip', extension: 'qdpx' }
    case 'qdc':
      if (archive.themes.length === 0) {
        throw new DomainError('conflict', QDC_NEEDS_THEMES, 'format')
      }
      return { body: encoder.encode(toQdc(archive)), contentType: 'application/xml; charset=utf-8', extension: 'qdc' }
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

function scopeText(archive: Archive): string {
  const numbers = archive.cycles.map((c) => c.number)
  return numbers.length ? `cycles ${numbers.join(', ')}` : 'no cycles'
}

/** Renders a built archive and writes the export to the group's audit log (never any text). */
async function renderAndAudit(
  db: Db,
  built: BuiltArchive,
  format: ExportFormat,
  by: { personId: string | null; via?: string },
): Promise<RenderedExport> {
  const rendered = render(built.archive, format)
  await recordAudit(db, {
    kind: 'exported',
    personId: by.personId,
    groupId: built.groupId,
    detail: {
      inquiryId: built.inquiryId,
      format,
      scope: scopeText(built.archive),
      records: built.archive.records.length,
      ...(by.via ? { via: by.via } : {}),
    },
  })
  return {
    filename: exportFilename(built.inquiryTitle, format, rendered.extension),
    contentType: rendered.contentType,
    body: rendered.body,
    built,
  }
}

/**
 * A member's export: built, rendered and written to the group's audit log (who, when, scope,
 * format) in one go. The audit entry names no record text.
 */
export async function exportForMember(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  format: ExportFormat,
  scope: ExportScope,
): Promise<RenderedExport> {
  return renderAndAudit(db, await buildArchive(db, user, inquiryId, scope), format, { personId: user.id })
}

/** The command line's export: same archive and rules, audited as made from the command line. */
export async function exportFromCommandLine(
  db: Db,
  inquiryId: string,
  format: ExportFormat,
  scope: ExportScope,
): Promise<RenderedExport | null> {
  const inquiry = await findInquiry(db, inquiryId)
  if (!inquiry) return null
  return renderAndAudit(db, await assembleArchive(db, inquiry, scope), format, { personId: null, via: 'command line' })
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
  const built = await buildArchive(db, user, inquiryId, scope)
  const [cycles, openPublish, history] = await Promise.all([
    listCycles(db, inquiryId),
    findOpenDecision(db, 'publish_findings', { inquiryId: inquiryId }),
    exportHistory(db, built.groupId, inquiryId),
  ])
  return {
    inquiry: { id: inquiryId, title: built.inquiryTitle, publishedThroughCycle: built.archive.inquiry.publishedThroughCycle },
    cycles: cycles.map((c) => ({ number: c.number, revealed: c.blindRevealedAt !== null, reviewAdopted: c.reviewAdoptedAt !== null })),
    openPublish: openPublish ?? null,
    preview: {
      cycles: built.archive.cycles.map((c) => c.number),
      included: built.included,
      leftOut: built.leftOut,
      quotes: built.archive.records.length,
      /** Why this format cannot be made from this scope yet, if it cannot. */
      blocked: format === 'qdc' && built.archive.themes.length === 0 ? QDC_NEEDS_THEMES : null,
    },
    history,
  }
}
