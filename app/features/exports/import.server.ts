import type { Insertable, Transaction } from 'kysely'
import type { Db } from '~db/connection'
import type { Database } from '~db/schema'
import { recordAudit } from '~/features/audit/audit.server'
import { closeDb, getDb } from '~/utils/db.server'
import { DomainError } from '~/utils/errors.server'
import type { ActionFailure } from '~/utils/http.server'
import { defineOffThreadTask } from '~/utils/off-thread.server'
import type { SessionUser } from '~/utils/session.server'
import { insertChallenge } from '~db/queries/challenges'
import { insertCycle, insertPhases } from '~db/queries/cycles'
import { insertDecision } from '~db/queries/decisions'
import { insertGroup, insertMember } from '~db/queries/groups'
import { insertInquiry } from '~db/queries/inquiries'
import { insertPlaceholderPerson } from '~db/queries/people'
import { insertTemplateVersion } from '~db/queries/templates'
import type { Archive } from './core/archive-schema'
import { planImport, type ImportOwner, type ImportPlan, type ImportResult } from './import-plan.server'
import { readArchiveUpload, readUploadForm, type ArchiveUpload } from './import-reading.server'

// Importing an archive: reading it (import-reading.server.ts) and planning its rows
// (import-plan.server.ts) touch no database; here the plan is written, in one transaction.

export { parseArchiveText } from './import-reading.server'

type Trx = Transaction<Database>

/** SQLite accepts 32,766 bound values in a statement and PostgreSQL 65,535: rows go in batches below both. */
const VALUES_PER_STATEMENT = 30_000

/** Inserts rows (all with the same columns) a few thousand at a time: one statement a row would make a large import slow. */
async function insertRows<T extends keyof Database & string>(trx: Trx, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) return
  const size = Math.max(1, Math.floor(VALUES_PER_STATEMENT / Object.keys(rows[0]!).length))
  for (let i = 0; i < rows.length; i += size)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute()
}

/** Writes an import's plan, in one transaction: a failure writes nothing. */
async function writeImportPlan(db: Db, plan: ImportPlan): Promise<ImportResult> {
  return db.transaction().execute(async (trx) => {
    for (const person of plan.placeholders) await insertPlaceholderPerson(trx, person)
    await insertGroup(trx, plan.group)
    for (const member of plan.members) await insertMember(trx, member)
    await insertInquiry(trx, plan.inquiry)
    await insertTemplateVersion(trx, plan.templateVersion)
    for (const { cycle, phases, contributions } of plan.cycles) {
      await insertCycle(trx, cycle)
      await insertPhases(trx, phases)
      for (const row of contributions) await trx.insertInto('carriedContributions').values(row).execute()
    }
    await insertRows(trx, 'records', plan.records)
    await insertRows(trx, 'themes', plan.themes)
    await insertRows(trx, 'themeEvents', plan.themeEvents)
    for (const { id, ...origin } of plan.themeOrigins) await trx.updateTable('themes').set(origin).where('id', '=', id).execute()
    await insertRows(trx, 'themeLinks', plan.themeLinks)
    await insertRows(trx, 'ratings', plan.ratings)
    for (const decision of plan.decisions) await insertDecision(trx, decision)
    await insertRows(trx, 'stances', plan.stances)
    for (const challenge of plan.challenges) await insertChallenge(trx, challenge)
    await insertRows(trx, 'validityJudgements', plan.validityJudgements)
    await insertRows(trx, 'indicatorAnswers', plan.indicatorAnswers)
    await recordAudit(trx, { kind: 'imported', ...plan.audit })
    return plan.result
  })
}

/**
 * Creates a new inquiry (in a new group) holding everything in the archive, in one
 * transaction: a bad archive writes nothing. Each member key becomes a seat; the importing
 * person takes the seat they name (default: the facilitator's), the others are placeholders
 * that cannot log in. Counts the archive carries for records whose words stayed behind are
 * kept, so the imported inquiry's analysis equals the exported one. The archive's `network`
 * part is read (checked by the schema) and never written: an import makes no network rows,
 * and brings in no other group's data.
 */
export async function importArchive(db: Db, archive: Archive, owner: ImportOwner): Promise<ImportResult> {
  return writeImportPlan(db, planImport(archive, owner))
}

/** The heap a worker reading an archive may use: about eight times the largest archive, which a valid one needs. */
const IMPORT_WORKER_HEAP_MB = 256

/** What an import of an upload came to: the new inquiry, or what to show beside the form (the seat as typed). */
type UploadOutcome = { ok: true; result: ImportResult } | { ok: false; status: number; failure: ActionFailure }

/** Reads an upload's form and archive and imports it: what the worker runs (and the request itself, for a small upload). */
async function importUpload(db: Db, upload: ArchiveUpload, user: SessionUser): Promise<UploadOutcome> {
  const form = await readUploadForm(upload)
  try {
    if (!form.ok) throw form.refusal
    return { ok: true, result: await importArchive(db, form.archive, { user, seat: form.seat }) }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const errors = error.field ? { [error.field]: error.message } : {}
    return {
      ok: false,
      status: error.status,
      failure: { errors, formError: error.field ? undefined : error.message, values: { seat: form.seatField } },
    }
  }
}

/**
 * Reads an uploaded archive and imports it in a worker thread with its own heap ceiling and
 * database connection: the form is parsed, the JSON read and checked, and the rows written
 * there, so the server keeps answering meanwhile, and a file that needs more memory than the
 * ceiling ends the worker (refused as too large to read), never the server.
 */
const importUploadOffThread = defineOffThreadTask(
  import.meta.url,
  'import-archive',
  async ({ upload, user }: { upload: ArchiveUpload; user: SessionUser }): Promise<UploadOutcome> => {
    try {
      return await importUpload(getDb(), upload, user)
    } finally {
      await closeDb()
    }
  },
  {
    maxOldGenerationSizeMb: IMPORT_WORKER_HEAP_MB,
    timeoutMs: 120_000,
    tooLarge: {
      message:
        'This archive holds more than this installation can read in one import (it needs more memory or time than an import is given), so nothing was imported.',
      field: 'archive',
    },
  },
)

/** Uploads up to this size are read on the request path: tens of milliseconds, less than starting a worker. */
const INLINE_UPLOAD_BYTES = 1024 * 1024

/** Imports an uploaded archive for `user`: a large one off the request path (see importUploadOffThread). */
async function importUploadedArchive(upload: ArchiveUpload, user: SessionUser): Promise<UploadOutcome> {
  const who = { id: user.id, email: user.email, displayName: user.displayName }
  if (upload.body.byteLength <= INLINE_UPLOAD_BYTES) return importUpload(getDb(), upload, who)
  return importUploadOffThread({ upload, user: who }, { transfer: [upload.body.buffer] })
}

/**
 * Uploads read at once, at most: one in the worker and the rest waiting for it. Each holds
 * its body (up to MAX_UPLOAD_BYTES) until its turn, so this bounds what uploads cost the
 * server's memory: a few bodies and one worker's heap.
 */
const UPLOADS_AT_ONCE = 4
let uploading = 0

/** An upload to /import, read and imported; refused at once when the server is busy with others. */
export async function importArchiveFromRequest(request: Request, user: SessionUser): Promise<UploadOutcome> {
  if (uploading >= UPLOADS_AT_ONCE)
    throw new DomainError('too_many', 'The server is reading other archives just now; please try again in a minute.', 'archive')
  uploading += 1
  try {
    return await importUploadedArchive(await readArchiveUpload(request), user)
  } finally {
    uploading -= 1
  }
}
