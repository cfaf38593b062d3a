import type { Archive, ArchiveRating, ArchiveRecord } from './archive-schema'

// What the exports share about an archive beyond its schema (archive-schema.ts): the outline
// held while the largest parts are read in batches, the error that stops a half-written
// archive, and the order of keys.

/** A record as an archive's outline holds it: its key and its place, not its words. */
export type ArchiveRecordEntry = Pick<ArchiveRecord, 'key' | 'cycle' | 'phase'>

/**
 * An archive without its largest parts, held whole while those are written in batches (issue
 * 17): every record by key and place but without its words, and no ratings or analysis. An
 * Archive is an ArchiveOutline too.
 */
export type ArchiveOutline = Omit<Archive, 'records' | 'ratings' | 'analysis'> & { records: ArchiveRecordEntry[] }

/**
 * An archive as it is written without being held whole: the outline, and the parts that grow
 * with the inquiry read in batches, in archive order. Each call reads them afresh; a reader
 * that finds the records no longer match the outline throws, so no half archive looks whole.
 */
export type ArchiveParts = {
  outline: ArchiveOutline
  /** The records with their words, in the outline's order. */
  records: () => AsyncIterable<ArchiveRecord[]>
  /** The ratings, in archive order. */
  ratings: () => AsyncIterable<ArchiveRating[]>
}

/** Thrown when the records read in batches no longer match the outline: what was written would not be whole. */
export class ArchiveChangedError extends Error {
  constructor() {
    super('The records changed while the export was written, so it was stopped before it could pass for the whole. Try again.')
    this.name = 'ArchiveChangedError'
  }
}

export function recordsChanged(): ArchiveChangedError {
  return new ArchiveChangedError()
}

/** A whole archive as parts (one batch each), so it is written by the same writers as one read in batches. */
export function partsOfArchive(archive: Archive): ArchiveParts {
  const { ratings, analysis: _analysis, ...outline } = archive
  return {
    outline,
    records: async function* () {
      yield archive.records
    },
    ratings: async function* () {
      yield ratings
    },
  }
}

/** "T12" → 12, "Member AB" → 27: keys compare by their number, not as text. */
export function keyNumber(key: string): number {
  const digits = /\d+$/.exec(key)
  if (digits) return Number(digits[0])
  let n = 0
  for (const ch of key.slice('Member '.length)) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n
}

/** Who a quote is attributed to: the author's name where they allowed it, else their pseudonym. */
export function quoteAuthor(record: Pick<ArchiveRecord, 'author' | 'attribution'>): string {
  return record.attribution ?? record.author ?? 'A member'
}

/** A sort key's fields, compared in turn: numbers as numbers, anything else as text. */
export type SortKey = (string | number)[]

/** Archive order: field by field, numbers by value, text by UTF-16 code unit (not locale), so every installation sorts alike. */
export function compareSortKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x === y) continue
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1
  }
  return 0
}

/** Items in archive order by a sort key worked out once for each (not once per comparison): stable, so ties keep their order. */
export function sortBy<T>(items: readonly T[], sortKey: (item: T) => SortKey): T[] {
  return items
    .map((item) => ({ item, key: sortKey(item) }))
    .sort((a, b) => compareSortKeys(a.key, b.key))
    .map(({ item }) => item)
}

/** Items gathered by a key, each group in the items' order: read once, rather than searched for each key. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}
