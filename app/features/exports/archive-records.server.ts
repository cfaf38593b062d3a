import type { Executor } from '~db/connection'
import { listRecordAuthorsForArchive, listSharedRecordsForArchive, listSharedRecordsWithWords } from '~db/queries/exports'
import { compareSortKeys, recordsChanged, type ArchiveParts, type ArchiveRecordEntry } from './core/archive'
import type { ArchiveRecord } from './core/archive-schema'
import { inList, type ArchivePeople } from './archive-scope.server'

// The archive's records: keyed first, a page at a time and without their words, for the
// outline; their words read later in batches, as the archive is written (issue 17).

/** Records whose words are read at once while an archive is written. */
const RECORD_BATCH = 500
/** Records read at once, without their words, to key them. */
const RECORD_PAGE = 2000

type RecordRow = Awaited<ReturnType<typeof listSharedRecordsForArchive>>[number]
type AuthorRow = Awaited<ReturnType<typeof listRecordAuthorsForArchive>>[number]

/** The quoted records, in key order: their ids, the consent they were quoted under, and their outline entries. */
export type QuotedRecords = { ids: string[]; consents: ('anonymised' | 'named')[]; outline: ArchiveRecordEntry[] }

/** The records as the outline holds them: each quoted record's key by its id, and how many were left out for want of consent. */
export type RecordOutline = { keys: Map<string, string>; quoted: QuotedRecords; unconsented: number }

/**
 * The shared records of the cycles in scope, keyed in an order made from content (not from
 * ids, which differ between installations), so the same inquiry gives the same archive
 * wherever it lives: when a record was made, its cycle, when it happened, who it is by (a
 * quote attributed by name sorts by that name, as it will after an import) and its words,
 * redacted. The database gives the first three, a page at a time; records that tie on them
 * are ordered here, reading their words only if they tie on their author too. What is held
 * meanwhile: each quoted record's id, consent and outline entry.
 */
export async function readRecordOutline(
  db: Executor,
  inquiryId: string,
  cycleIds: string[],
  people: ArchivePeople,
): Promise<RecordOutline> {
  const authors = new Map((await listRecordAuthorsForArchive(db, inquiryId, inList(cycleIds))).map((a) => [a.id, a]))
  const who = (r: RecordRow) => {
    const author = authors.get(r.authorId)
    const key = people.key(r.authorId)
    return r.exportConsent === 'named' && (people.namedIds.has(r.authorId) || !key)
      ? (author?.displayName ?? '')
      : (key ?? author?.displayName ?? '')
  }
  const outline: RecordOutline = { keys: new Map(), quoted: { ids: [], consents: [], outline: [] }, unconsented: 0 }
  let run: RecordRow[] = []
  const flush = async () => {
    if (run.length > 1) await orderTies(db, run, who, people.redact)
    for (const r of run) keyRecord(outline, r, authors.get(r.authorId), people)
    run = []
  }
  for await (const page of recordPages(db, inquiryId, cycleIds)) {
    for (const r of page) {
      const first = run[0]
      if (first && (first.createdAt !== r.createdAt || first.cycleNumber !== r.cycleNumber || first.occurredAt !== r.occurredAt))
        await flush()
      run.push(r)
    }
  }
  await flush()
  return outline
}

/** The shared records of these cycles without their words, RECORD_PAGE at a time, in the order the database keys them. */
async function* recordPages(db: Executor, inquiryId: string, cycleIds: string[]): AsyncGenerator<RecordRow[]> {
  for (let after: RecordRow | null = null; ;) {
    const page: RecordRow[] = await listSharedRecordsForArchive(db, inquiryId, inList(cycleIds), after, RECORD_PAGE)
    yield page
    if (page.length < RECORD_PAGE) return
    after = page[page.length - 1]!
  }
}

/** The next key for a record whose words may leave; counted as left out otherwise. */
function keyRecord(outline: RecordOutline, r: RecordRow, author: AuthorRow | undefined, people: ArchivePeople): void {
  if (!author || !quoteOf(r, author, people.keyOf, people.namedIds)) {
    outline.unconsented += 1
    return
  }
  const key = `R${outline.quoted.ids.length + 1}`
  outline.keys.set(r.id, key)
  outline.quoted.ids.push(r.id)
  outline.quoted.consents.push(r.exportConsent === 'named' ? 'named' : 'anonymised')
  outline.quoted.outline.push({ key, cycle: r.cycleNumber, phase: r.position })
}

/**
 * How a shared record is quoted: under its author's key, or by name where they allowed it; null
 * when its words may not leave (no consent now, or nobody the archive can attribute them to).
 */
function quoteOf(
  r: { authorId: string; exportConsent: 'none' | 'anonymised' | 'named' },
  author: { placeholder: number; displayName: string },
  keyOf: Map<string, string>,
  namedIds: Set<string>,
): { author: string | null; attribution: string | null } | null {
  const authorKey = keyOf.get(r.authorId)
  // A quote an earlier import attributed by name belongs to a placeholder that is not a member.
  const attributedByName = !authorKey && author.placeholder === 1
  if (r.exportConsent === 'none' || (!authorKey && !attributedByName)) return null
  const named = r.exportConsent === 'named' && (attributedByName || namedIds.has(r.authorId))
  return { author: named ? null : authorKey!, attribution: named ? author.displayName : null }
}

/**
 * Records made at the same moment in the same cycle, happening at the same moment, in archive
 * order: by who they are by, then by their words, redacted (read only for those that tie on
 * their author too). Stable, so what ties on everything keeps the database's order (by id).
 */
async function orderTies(db: Executor, run: RecordRow[], who: (r: RecordRow) => string, redact: (text: string) => string): Promise<void> {
  const by = new Map(run.map((r) => [r.id, who(r)]))
  run.sort((a, b) => compareSortKeys([by.get(a.id)!], [by.get(b.id)!]))
  const tied = run.filter((r, i) => by.get(r.id) === by.get(run[i - 1]?.id ?? '') || by.get(r.id) === by.get(run[i + 1]?.id ?? ''))
  if (tied.length === 0) return
  const words = new Map<string, string>()
  for (let i = 0; i < tied.length; i += RECORD_BATCH) {
    const ids = tied.slice(i, i + RECORD_BATCH).map((r) => r.id)
    for (const row of await listSharedRecordsWithWords(db, ids)) words.set(row.id, redact(row.text))
  }
  run.sort((a, b) => compareSortKeys([by.get(a.id)!, words.get(a.id) ?? ''], [by.get(b.id)!, words.get(b.id) ?? '']))
}

/**
 * The quoted records with their words, a batch at a time, read as they are now: a record made
 * private or deleted since the outline was made, or whose consent changed, stops the export
 * rather than leaving words no longer agreed to, or leaving the outline's keys pointing at nothing.
 */
export function recordsInBatches(
  db: Executor,
  quoted: QuotedRecords,
  by: Pick<ArchivePeople, 'keyOf' | 'namedIds' | 'redact'>,
): ArchiveParts['records'] {
  return async function* () {
    for (let start = 0; start < quoted.ids.length; start += RECORD_BATCH) {
      const ids = quoted.ids.slice(start, start + RECORD_BATCH)
      const rows = new Map((await listSharedRecordsWithWords(db, ids)).map((r) => [r.id, r]))
      yield ids.map((id, j): ArchiveRecord => {
        const row = rows.get(id)
        const quote = row && row.exportConsent === quoted.consents[start + j] ? quoteOf(row, row, by.keyOf, by.namedIds) : null
        if (!row || !quote) throw recordsChanged()
        const { key, cycle, phase } = quoted.outline[start + j]!
        return {
          key,
          ...quote,
          cycle,
          phase,
          wayOfKnowing: row.wayOfKnowing,
          occurredAt: row.occurredAt,
          createdAt: row.createdAt,
          consent: quoted.consents[start + j]!,
          text: by.redact(row.text),
        }
      })
    }
  }
}
