import type { Insertable, Transaction } from 'kysely'
import { z } from 'zod'
import type { Db } from '~db/connection'
import type { Database, DecisionKind } from '~db/schema'
import { wordCount } from '~/features/analysis/analysis.server'
import { recordAudit } from '~/features/audit/audit.server'
import { closeDb, getDb } from '~/utils/db.server'
import { DomainError } from '~/utils/errors.server'
import type { ActionFailure } from '~/utils/http.server'
import { newId, nowIso } from '~/utils/ids.server'
import { defineOffThreadTask } from '~/utils/off-thread.server'
import type { SessionUser } from '~/utils/session.server'
import { insertChallenge } from '~db/queries/challenges'
import { insertCycle, insertPhases } from '~db/queries/cycles'
import { insertDecision } from '~db/queries/decisions'
import { insertGroup, insertMember } from '~db/queries/groups'
import { insertInquiry } from '~db/queries/inquiries'
import { insertPlaceholderPerson } from '~db/queries/people'
import { insertTemplateVersion } from '~db/queries/templates'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveSchema, MAX_ARCHIVE_BYTES, type Archive } from './core/archive'

/** Reasons a reason's words are not here: shown where the app would show the reason. */
const REASON_LEFT_BEHIND = '(A reason was given; its words were not exported.)'

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

const KINDS: readonly DecisionKind[] = [
  'phase_change',
  'next_cycle',
  'conclude',
  'focus',
  'ground_rules',
  'reveal_ratings',
  'adopt_review',
  'devils_advocate',
  'amend_template',
  'amend_principles',
  'publish_findings',
  'general',
]
/** An imported decision keeps its kind (it is closed, so its effect never runs again here); unknown kinds become general. */
const knownKind = (kind: string): DecisionKind => ((KINDS as readonly string[]).includes(kind) ? (kind as DecisionKind) : 'general')

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

/** "Member A" → 0, "Member AB" → 27: the inverse of pseudonymFor. */
function indexOfKey(key: string): number {
  let n = 0
  for (const ch of key.slice('Member '.length)) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

type ImportResult = { inquiryId: string; groupId: string; seat: string | null }

/**
 * Creates a new inquiry (in a new group) holding everything in the archive, in one
 * transaction: a bad archive writes nothing. Each member key becomes a seat; the importing
 * person takes the seat they name (default: the facilitator's), the others are placeholders
 * that cannot log in. Counts the archive carries for records whose words stayed behind are
 * kept, so the imported inquiry's analysis equals the exported one.
 */
export async function importArchive(
  db: Db,
  archive: Archive,
  owner: { user: SessionUser; seat?: string | null } | null,
): Promise<ImportResult> {
  const numbers = archive.cycles.map((c) => c.number).sort((a, b) => a - b)
  if (numbers.some((n, i) => n !== i + 1)) {
    throw new DomainError(
      'bad_request',
      `The archive holds cycles ${numbers.join(', ') || 'none'}; an import needs the whole inquiry, from cycle 1 on without gaps.`,
      'archive',
    )
  }
  const current = archive.members.filter((m) => m.leftAt === null)
  let seat: string | null = null
  if (owner) {
    seat = owner.seat?.trim() || (current.find((m) => m.facilitator) ?? current[0] ?? archive.members[0]!).key
    const chosen = archive.members.find((m) => m.key === seat)
    if (!chosen)
      throw new DomainError(
        'bad_request',
        `${seat} is not a member in this archive; choose one of ${archive.members.map((m) => m.key).join(', ')}.`,
        'seat',
      )
    if (chosen.leftAt !== null) throw new DomainError('bad_request', `${seat} had left the group; choose a current member's seat.`, 'seat')
  }

  return db.transaction().execute(async (trx) => {
    const now = nowIso()
    const person = new Map<string, string>()
    for (const m of archive.members) {
      if (owner && m.key === seat) {
        person.set(m.key, owner.user.id)
        continue
      }
      const id = newId()
      await insertPlaceholderPerson(trx, { id, email: `seat-${id}@imported.invalid`, displayName: m.key, createdAt: now })
      person.set(m.key, id)
    }
    const named = new Map<string, string>()
    for (const name of new Set(archive.records.flatMap((r) => (r.attribution ? [r.attribution] : [])))) {
      const id = newId()
      await insertPlaceholderPerson(trx, { id, email: `named-${id}@imported.invalid`, displayName: name, createdAt: now })
      named.set(name, id)
    }
    const seatOf = (key: string) => person.get(key)!
    const firstSeat = seatOf((current[0] ?? archive.members[0]!).key)
    const creator = owner ? owner.user.id : firstSeat

    const groupId = newId()
    await insertGroup(trx, {
      id: groupId,
      kind: archive.inquiry.groupKind,
      name: `${archive.inquiry.title} (imported)`.slice(0, 200),
      groundRules: null,
      createdBy: creator,
      createdAt: now,
    })
    for (const m of archive.members) {
      await insertMember(trx, {
        id: newId(),
        groupId,
        personId: seatOf(m.key),
        isFacilitator: m.facilitator ? 1 : 0,
        pairRole: m.pairRole,
        joinedAt: m.joinedAt,
        leftAt: m.leftAt,
        exportName: 0,
        pseudonymIndex: indexOfKey(m.key),
      })
    }

    const inquiryId = newId()
    const template = archive.inquiry.template
    await insertInquiry(trx, {
      id: inquiryId,
      groupId,
      title: archive.inquiry.title,
      question: archive.inquiry.question,
      templateSlug: archive.inquiry.templateSlug,
      templateJson: JSON.stringify(template),
      status: archive.inquiry.status,
      createdBy: creator,
      createdAt: archive.inquiry.createdAt,
      concludedAt: archive.inquiry.concludedAt,
      publishedThroughCycle: archive.inquiry.publishedThroughCycle,
      importedAt: now,
      carriedJson: JSON.stringify({ namedMembers: archive.inquiry.namedMembers }),
    })
    await insertTemplateVersion(trx, {
      id: newId(),
      inquiryId,
      version: 1,
      templateJson: JSON.stringify(template),
      summary: 'The template as imported from an archive.',
      decisionId: null,
      createdAt: now,
    })

    // Cycles and phases, then what the published cycles carry for the records left behind.
    const cycleId = new Map<number, string>()
    const phaseId = new Map<string, string>()
    for (const c of [...archive.cycles].sort((a, b) => a.number - b.number)) {
      const id = newId()
      cycleId.set(c.number, id)
      const present = archive.records.filter((r) => r.cycle === c.number)
      let carried: string | null = null
      if (c.published) {
        const ways = { ...(c.waysOfKnowing ?? { experiential: 0, presentational: 0, propositional: 0, practical: 0 }) }
        for (const r of present) ways[r.wayOfKnowing] -= 1
        if (Object.values(ways).some((n) => n < 0)) {
          throw new DomainError(
            'bad_request',
            `Cycle ${c.number}'s ways of knowing count fewer records than the archive holds for it.`,
            'archive',
          )
        }
        carried = JSON.stringify({ checkIns: c.checkIns ?? { held: 0, flagged: 0 }, waysOfKnowing: ways })
      }
      await insertCycle(trx, {
        id,
        inquiryId,
        number: c.number,
        focus: c.focus,
        startedAt: c.startedAt,
        endedAt: c.endedAt,
        blindRevealedAt: c.blindRevealedAt,
        reviewAdoptedAt: c.reviewAdoptedAt,
        devilsAdvocateId: c.devilsAdvocate ? seatOf(c.devilsAdvocate) : null,
        carriedJson: carried,
      })
      const phases = c.phases.map((p) => ({ id: newId(), cycleId: id, ...p }))
      for (const p of phases) phaseId.set(`${c.number}:${p.position}`, p.id)
      await insertPhases(trx, phases)
      for (const x of c.contributions ?? []) {
        const own = present.filter((r) => r.author === x.member)
        const action = own.filter((r) => c.phases.find((p) => p.position === r.phase)?.kind === 'action')
        const row = {
          records: x.records - own.length,
          words: x.words - own.reduce((n, r) => n + wordCount(r.text), 0),
          actionRecords: x.actionRecords - action.length,
        }
        // Words may come out negative: names in exported texts were replaced by pseudonyms, which can add a word.
        if (row.records < 0 || row.actionRecords < 0) {
          throw new DomainError(
            'bad_request',
            `Cycle ${c.number}'s contributions of ${x.member} count fewer records than the archive holds for them.`,
            'archive',
          )
        }
        if (row.records || row.words || row.actionRecords)
          await trx
            .insertInto('carriedContributions')
            .values({ cycleId: id, personId: seatOf(x.member), ...row })
            .execute()
      }
    }
    const cycleOf = (n: number) => cycleId.get(n)!

    const recordId = new Map<string, string>()
    await insertRows(
      trx,
      'records',
      archive.records.map((r) => {
        const id = newId()
        recordId.set(r.key, id)
        return {
          id,
          inquiryId,
          cycleId: cycleOf(r.cycle),
          phaseId: phaseId.get(`${r.cycle}:${r.phase}`)!,
          authorId: r.author ? seatOf(r.author) : named.get(r.attribution!)!,
          wayOfKnowing: r.wayOfKnowing,
          text: r.text,
          occurredAt: r.occurredAt,
          visibility: 'group' as const,
          exportConsent: r.consent,
          createdAt: r.createdAt,
          updatedAt: r.createdAt,
        }
      }),
    )

    const themeId = new Map(archive.themes.map((t) => [t.key, newId()]))
    await insertRows(
      trx,
      'themes',
      archive.themes.map((t) => ({
        id: themeId.get(t.key)!,
        inquiryId,
        name: t.name,
        description: t.description,
        proposedBy: seatOf(t.proposedBy),
        firstCycleId: cycleOf(t.firstCycle),
        status: t.status,
        mergedIntoId: null,
        splitFromId: null,
        createdAt: t.createdAt,
        updatedAt: t.createdAt,
      })),
    )
    await insertRows(
      trx,
      'themeEvents',
      archive.themes.map((t) => ({
        id: newId(),
        themeId: themeId.get(t.key)!,
        personId: seatOf(t.proposedBy),
        kind: 'proposed' as const,
        detailJson: JSON.stringify({ name: t.name, imported: true }),
        createdAt: t.createdAt,
      })),
    )
    for (const t of archive.themes.filter((x) => x.mergedInto || x.splitFrom)) {
      await trx
        .updateTable('themes')
        .set({
          mergedIntoId: t.mergedInto ? themeId.get(t.mergedInto)! : null,
          splitFromId: t.splitFrom ? themeId.get(t.splitFrom)! : null,
        })
        .where('id', '=', themeId.get(t.key)!)
        .execute()
    }
    await insertRows(
      trx,
      'themeLinks',
      archive.links.map((l) => ({
        id: newId(),
        themeId: themeId.get(l.theme)!,
        recordId: recordId.get(l.record)!,
        linkedBy: seatOf(l.linkedBy),
        createdAt: l.createdAt,
      })),
    )
    const revealedAt = new Map(archive.cycles.map((c) => [c.number, c.blindRevealedAt ?? now]))
    await insertRows(
      trx,
      'ratings',
      archive.ratings.map((r) => {
        const at = revealedAt.get(r.cycle)!
        return {
          id: newId(),
          themeId: themeId.get(r.theme)!,
          cycleId: cycleOf(r.cycle),
          personId: seatOf(r.member),
          round: r.round,
          value: r.value,
          reason: r.reasoned ? REASON_LEFT_BEHIND : null,
          createdAt: at,
          updatedAt: at,
        }
      }),
    )

    const decisionId = new Map<string, string>()
    let seq = 0
    const stances: Insertable<Database['stances']>[] = []
    for (const d of archive.decisions) {
      const id = newId()
      decisionId.set(d.key, id)
      // A decision still open at export cannot be carried on here: its effect belonged to the other installation.
      const open = d.status === 'open'
      await insertDecision(trx, {
        id,
        groupId,
        inquiryId,
        cycleId: d.cycle ? cycleOf(d.cycle) : null,
        kind: knownKind(d.kind),
        title: d.title,
        body: d.body,
        payloadJson: JSON.stringify({ imported: true }),
        // Anonymous there (every stance unnamed) stays anonymous here, and named stays named.
        ruleJson: JSON.stringify({
          ...template.decisionRule,
          allowAnonymousDissent: d.stances.length === 0 && d.anonymousStances.length > 0,
        }),
        status: open ? 'withdrawn' : d.status,
        proposedBy: seatOf(d.proposedBy),
        createdAt: d.createdAt,
        closedAt: open ? now : d.closedAt,
        outcomeNote: open ? 'Still open when the archive was exported; closed on import.' : d.outcomeNote,
        anonymousJson: JSON.stringify(
          d.anonymousStances.map((s) => ({ stance: s.stance, reason: s.reasoned ? REASON_LEFT_BEHIND : null })),
        ),
      })
      for (const s of d.stances) {
        seq += 1
        stances.push({
          id: newId(),
          decisionId: id,
          personId: seatOf(s.member),
          stance: s.stance,
          reason: s.reasoned ? REASON_LEFT_BEHIND : null,
          createdAt: s.at,
          seq,
        })
      }
    }
    await insertRows(trx, 'stances', stances)
    for (const c of archive.challenges) {
      const target =
        c.target === null
          ? null
          : c.targetKind === 'theme'
            ? themeId.get(c.target)
            : c.targetKind === 'record'
              ? recordId.get(c.target)
              : c.targetKind === 'decision'
                ? decisionId.get(c.target)
                : null
      await insertChallenge(trx, {
        id: newId(),
        inquiryId,
        cycleId: cycleOf(c.cycle),
        raisedBy: seatOf(c.raisedBy),
        targetKind: target ? c.targetKind : 'process',
        targetId: target ?? null,
        hazard: c.hazard,
        text: c.text,
        resolution: c.resolution,
        resolutionText: c.resolutionText,
        resolvedBy: c.resolution ? seatOf(c.raisedBy) : null,
        resolvedAt: c.resolvedAt,
        createdAt: c.createdAt,
      })
    }
    // Each judgement is its member's own; one from an archive made before members judged for
    // themselves names nobody, and becomes the judgement of whoever imports it (or the first seat).
    await insertRows(
      trx,
      'validityJudgements',
      archive.cycles.flatMap((c) =>
        c.judgements.map(({ by, ...j }) => ({
          id: newId(),
          cycleId: cycleOf(c.number),
          ...j,
          updatedBy: by ? seatOf(by) : creator,
        })),
      ),
    )
    await insertRows(
      trx,
      'indicatorAnswers',
      archive.cycles.flatMap((c) =>
        (c.indicatorAnswers ?? []).map((x) => ({
          id: newId(),
          cycleId: cycleOf(c.number),
          indicatorKey: x.indicator,
          version: x.version,
          status: x.statusWhenAnswered,
          note: x.note,
          answeredBy: seatOf(x.by),
          answeredAt: x.answeredAt,
        })),
      ),
    )
    await recordAudit(trx, {
      kind: 'imported',
      personId: owner?.user.id ?? null,
      groupId,
      detail: { inquiryId, exportedAt: archive.exportedAt, cycles: archive.cycles.length, records: archive.records.length, seat },
    })
    return { inquiryId, groupId, seat }
  })
}

/** The heap a worker reading an archive may use: about eight times the largest archive, which a valid one needs. */
const IMPORT_WORKER_HEAP_MB = 256
/** The largest upload to /import: the archive and the form around it. */
const MAX_UPLOAD_BYTES = MAX_ARCHIVE_BYTES + 64 * 1024

const SeatSchema = z
  .string()
  .trim()
  .regex(/^(Member [A-Z]+)?$/, 'Write a member key like “Member A”, or leave this empty.')

type ArchiveUpload = { contentType: string; body: Uint8Array<ArrayBuffer> }

/**
 * The body of an upload as it arrived, refused once it passes the limit. Nothing is parsed
 * here: on the request path, parsing a multipart body of 30 MB and copying its file out
 * costs about a second, during which the server answers no one.
 */
async function readArchiveUpload(request: Request): Promise<ArchiveUpload> {
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

/** What an import of an upload came to: the new inquiry, or what to show beside the form (the seat as typed). */
type UploadOutcome = { ok: true; result: ImportResult } | { ok: false; status: number; failure: ActionFailure }

/** Reads an upload's form and archive and imports it: what the worker runs (and the request itself, for a small upload). */
async function importUpload(db: Db, upload: ArchiveUpload, user: SessionUser): Promise<UploadOutcome> {
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
    const archive = parseArchiveBytes(bytes)
    return { ok: true, result: await importArchive(db, archive, { user, seat: seat.data || null }) }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const errors = error.field ? { [error.field]: error.message } : {}
    return {
      ok: false,
      status: error.status,
      failure: { errors, formError: error.field ? undefined : error.message, values: { seat: seatField } },
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
