import type { z } from 'zod'
import type { Db } from '~db/connection'
import { listCurrentMembers } from '~db/queries/groups'
import {
  countVisibleRecords,
  deleteOwnRecord,
  findOwnExportConsent,
  insertRecord,
  listPhasesByCycle,
  listVisibleRecordsPage,
  updateOwnRecord,
  visibleRecords,
} from '~db/queries/records'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { themesOfRecord } from '~/features/themes/themes.server'
import { assertNotConcluded, currentPhaseSummary, findCurrentPhase } from '~/features/cycles/cycles.server'
import { DomainError, notFound } from '~/utils/errors.server'
import { offsetOf, pageOf } from '~/utils/paging'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import type { RecordFilter, RecordSchema } from './records.schema'
import { listText } from './core/excerpt'

type RecordInput = z.infer<typeof RecordSchema>

function toIso(occurredAt: string): string {
  return new Date(occurredAt.length === 10 ? `${occurredAt}T12:00:00Z` : `${occurredAt}Z`).toISOString()
}

/**
 * One page of the records a member may see (their own private ones and everything shared),
 * newest first, with the filters applied in SQL; `page` past the end shows page 1.
 */
export async function listRecords(db: Db, user: SessionUser, inquiryId: string, filter: RecordFilter, page = 1) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const where = { cycleNumber: filter.cycle, phaseId: filter.phase, authorId: filter.member, wayOfKnowing: filter.way }
  const [total, members, cycles, current] = await Promise.all([
    countVisibleRecords(db, inquiryId, user.id, where),
    listCurrentMembers(db, inquiry.groupId),
    listPhasesByCycle(db, inquiryId),
    currentPhaseSummary(db, inquiry),
  ])
  const paging = pageOf(page, total)
  const records =
    total === 0 ? [] : await listVisibleRecordsPage(db, inquiryId, user.id, where, { limit: paging.pageSize, offset: offsetOf(paging) })
  return {
    inquiry: { id: inquiry.id, title: inquiry.title, status: inquiry.status, groupId: inquiry.groupId },
    isPair: members.some((m) => m.pairRole !== null),
    current,
    paging,
    // What the list shows of each record, and no more: the page carries its rows to the browser.
    records: records.map((r) => ({
      id: r.id,
      authorId: r.authorId,
      authorName: r.authorName,
      isMine: r.authorId === user.id,
      occurredAt: r.occurredAt,
      cycleNumber: r.cycleNumber,
      phaseName: r.phaseName,
      wayOfKnowing: r.wayOfKnowing,
      visibility: r.visibility,
      // A long record shows its start here; the whole of it is on its page.
      ...listText(r.text),
    })),
    filterOptions: {
      members: members.map((m) => ({ id: m.personId, name: m.displayName })),
      cycles: [...new Set(cycles.map((c) => c.number))],
      phases: cycles
        .filter((c) => c.status !== 'upcoming' && c.status !== 'skipped')
        .map((c) => ({ id: c.phaseId, label: `Cycle ${c.number}: ${c.phaseName}` })),
    },
  }
}

/** A new record belongs to the inquiry's current cycle and phase. */
export async function createRecord(db: Db, user: SessionUser, inquiryId: string, input: RecordInput): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    assertNotConcluded(inquiry)
    const current = await findCurrentPhase(trx, inquiryId)
    if (!current) throw new DomainError('conflict', 'This inquiry has no current phase to record in.')
    const id = newId()
    const now = nowIso()
    await insertRecord(trx, {
      id,
      inquiryId,
      cycleId: current.cycleId,
      phaseId: current.id,
      authorId: user.id,
      wayOfKnowing: input.wayOfKnowing,
      text: input.text,
      occurredAt: toIso(input.occurredAt),
      visibility: input.visibility,
      exportConsent: 'none',
      createdAt: now,
      updatedAt: now,
    })
    return id
  })
}

/** One record, if the viewer may see it: a private record of someone else is "not found". */
export async function getRecord(db: Db, user: SessionUser, inquiryId: string, recordId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const record = await visibleRecords(db, inquiryId, user.id).where('records.id', '=', recordId).executeTakeFirst()
  if (!record) throw notFound('This record')
  // The export consent is the author's own choice, shown to the author only.
  const own = record.authorId === user.id ? await findOwnExportConsent(db, record.id, user.id) : undefined
  return {
    inquiry: { id: inquiry.id, title: inquiry.title, status: inquiry.status },
    exportConsent: own?.exportConsent ?? null,
    current: await currentPhaseSummary(db, inquiry),
    themes: await themesOfRecord(db, record.id),
    record: { ...record, isMine: record.authorId === user.id },
  }
}

async function requireOwnRecord(db: Db, user: SessionUser, inquiryId: string, recordId: string) {
  const { record, inquiry } = await getRecord(db, user, inquiryId, recordId)
  if (!record.isMine) throw new DomainError('forbidden', 'Only the author of a record can change or delete it.')
  return { record, inquiry }
}

export async function updateRecord(db: Db, user: SessionUser, inquiryId: string, recordId: string, input: RecordInput) {
  await db.transaction().execute(async (trx) => {
    await requireOwnRecord(trx, user, inquiryId, recordId)
    await updateOwnRecord(trx, recordId, user.id, {
      wayOfKnowing: input.wayOfKnowing,
      text: input.text,
      occurredAt: toIso(input.occurredAt),
      visibility: input.visibility,
      updatedAt: nowIso(),
      // A record made private can no longer be quoted.
      ...(input.visibility === 'private' ? { exportConsent: 'none' as const } : {}),
    })
  })
}

export async function deleteRecord(db: Db, user: SessionUser, inquiryId: string, recordId: string) {
  await db.transaction().execute(async (trx) => {
    await requireOwnRecord(trx, user, inquiryId, recordId)
    await deleteOwnRecord(trx, recordId, user.id)
  })
}
