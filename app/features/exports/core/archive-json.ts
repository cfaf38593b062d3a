import { analyseArchiveCycle, analysedCycles } from './analyse-archive'
import { recordsChanged, type ArchiveParts } from './archive'
import { RatingTable } from './rating-table'

// The archive as JSON, written piece by piece (issue 17): the same bytes as
// `JSON.stringify(archive, null, 2) + '\n'` of the whole archive, without ever holding the whole
// archive or its text as one string. The outline is written as it is; the records and ratings
// as their batches arrive; the analysis one cycle at a time, from the ratings kept as numbers
// on the way. Pieces stay small (PIECE characters or so), so none is a large object for the
// collector to hold on to.

/** Roughly how many characters one piece gathers before it is handed on. */
const PIECE = 32 * 1024

/** Omitted from an object by JSON.stringify, and written as null in an array. */
const omitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol'

/**
 * `JSON.stringify(value, null, 2)` as it reads at this indentation, in fragments: arrays and
 * plain objects are walked `levels` deep, and below that (or anything with a toJSON)
 * stringified whole, so a large value never becomes one large string, nor a small one many.
 */
function* pretty(value: unknown, indent: string, levels: number): Generator<string> {
  if (levels === 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`)
    return
  }
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]'
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '[' : ','}\n${inner}`
      if (omitted(value[i])) yield 'null'
      else yield* pretty(value[i], inner, levels - 1)
    }
    return yield `\n${indent}]`
  }
  let first = true
  for (const [key, item] of Object.entries(value)) {
    if (omitted(item)) continue
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `
    first = false
    yield* pretty(item, inner, levels - 1)
  }
  yield first ? '{}' : `\n${indent}}`
}

/** Text gathered into pieces. */
class Pieces {
  private text = ''
  write(fragment: string): void {
    this.text += fragment
  }
  get full(): boolean {
    return this.text.length >= PIECE
  }
  take(): string {
    const text = this.text
    this.text = ''
    return text
  }
}

/**
 * The archive document, in pieces of text: `JSON.stringify(archive, null, 2) + '\n'` for the
 * archive the parts make, its `analysis` computed from them as assembleArchive computes it.
 * Throws (mid-document) when the records read do not match the outline.
 */
export async function* archiveJson(parts: ArchiveParts): AsyncGenerator<string> {
  const { outline } = parts
  const out = new Pieces()
  const field = (key: string, first = false) => out.write(`${first ? '{' : ','}\n  ${JSON.stringify(key)}: `)
  /** A value of the top-level object, written an item at a time. */
  function* whole(value: unknown): Generator<string> {
    for (const fragment of pretty(value, '  ', 1)) {
      out.write(fragment)
      if (out.full) yield out.take()
    }
  }
  /** An array of the top-level object, its items arriving in batches; `large` items are written a fragment at a time. */
  async function* array<T>(batches: AsyncIterable<T[]> | Iterable<T[]>, each?: (item: T, index: number) => void, large = false) {
    let count = 0
    for await (const batch of batches) {
      for (const item of batch) {
        each?.(item, count)
        out.write(`${count === 0 ? '[' : ','}\n    `)
        count += 1
        if (large) {
          // An analysis result grows with the themes: walked down to each theme's figures.
          for (const fragment of pretty(item, '    ', 4)) {
            out.write(fragment)
            if (out.full) yield out.take()
          }
        } else {
          out.write(JSON.stringify(item, null, 2).replace(/\n/g, '\n    '))
          if (out.full) yield out.take()
        }
      }
    }
    out.write(count === 0 ? '[]' : '\n  ]')
  }

  for (const [key, value] of [
    ['format', outline.format],
    ['version', outline.version],
    ['exportedAt', outline.exportedAt],
    ['inquiry', outline.inquiry],
    ['members', outline.members],
    ['cycles', outline.cycles],
    ['themes', outline.themes],
  ] as const) {
    field(key, key === 'format')
    yield* whole(value)
  }
  field('records')
  let records = 0
  yield* array(parts.records(), (record, i) => {
    if (outline.records[i]?.key !== record.key) throw recordsChanged()
    records = i + 1
  })
  // Fewer records than the outline names would leave links and challenges pointing at nothing.
  if (records !== outline.records.length) throw recordsChanged()
  field('links')
  yield* array([outline.links])
  field('ratings')
  // Kept as numbers for the analysis, written last.
  const table = new RatingTable()
  yield* array(parts.ratings(), (rating) => table.add(rating))
  table.trim()
  field('decisions')
  yield* whole(outline.decisions)
  field('challenges')
  yield* whole(outline.challenges)
  if (outline.network) {
    field('network')
    yield* whole(outline.network)
  }
  field('analysis')
  // One cycle's results at a time, each from that cycle's ratings alone.
  yield* array(
    (function* () {
      for (const cycle of analysedCycles(outline)) yield [analyseArchiveCycle({ ...outline, ratings: table.of(cycle.number) }, cycle)]
    })(),
    undefined,
    true,
  )
  out.write('\n}\n')
  yield out.take()
}
