import { unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { analyseArchive } from '~/features/exports/core/analyse-archive'
import type { Archive, ArchiveRecord } from '~/features/exports/core/archive-schema'
import { ArchiveChangedError, partsOfArchive, type ArchiveParts } from '~/features/exports/core/archive'
import { archiveJson } from '~/features/exports/core/archive-json'
import { RatingTable } from '~/features/exports/core/rating-table'
import { qdpxStream, toQdpx } from '~/features/exports/core/refi-qda'
import { demo } from './fixtures/refi-qda'

// Issue 17: the JSON archive and the REFI-QDA project are written piece by piece from an
// archive's outline and its batches, and must be the very files the whole archive gives.

const withAnalysis = (archive: Archive): Archive => ({ ...archive, analysis: analyseArchive(archive) })

async function text(pieces: AsyncIterable<string>): Promise<{ text: string; pieces: number; longest: number }> {
  let all = ''
  let count = 0
  let longest = 0
  for await (const piece of pieces) {
    all += piece
    count += 1
    longest = Math.max(longest, piece.length)
  }
  return { text: all, pieces: count, longest }
}

async function bytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const all: Uint8Array[] = []
  for await (const chunk of chunks) all.push(chunk)
  return new Uint8Array(Buffer.concat(all))
}

/** Parts whose records come in batches of `size`, as the export reads them from the database. */
function inBatches(archive: Archive, size: number, records = archive.records): ArchiveParts {
  const parts = partsOfArchive(archive)
  return {
    ...parts,
    records: async function* () {
      for (let i = 0; i < records.length; i += size) yield records.slice(i, i + size)
    },
    ratings: async function* () {
      for (let i = 0; i < archive.ratings.length; i += size) yield archive.ratings.slice(i, i + size)
    },
  }
}

describe('the JSON archive, written piece by piece', () => {
  test('is byte for byte the whole archive stringified, its analysis computed from the parts', async () => {
    const whole = withAnalysis(demo)
    const streamed = await text(archiveJson(inBatches(demo, 7)))
    expect(streamed.text).toBe(JSON.stringify(whole, null, 2) + '\n')
    expect(JSON.parse(streamed.text)).toEqual(JSON.parse(JSON.stringify(whole)))
  })

  test('comes in pieces of bounded size, never one string of the whole', async () => {
    const many = {
      ...demo,
      records: Array.from({ length: 40 }, () => demo.records)
        .flat()
        .map((r, i) => ({ ...r, key: `R${i + 1}` })),
    }
    const streamed = await text(archiveJson(inBatches(many, 50)))
    expect(streamed.pieces).toBeGreaterThan(10)
    expect(streamed.longest).toBeLessThan(64 * 1024)
    expect(streamed.text).toBe(JSON.stringify(withAnalysis(many), null, 2) + '\n')
  })

  test('an archive with nothing to list writes empty arrays as JSON.stringify does', async () => {
    const bare: Archive = {
      ...demo,
      cycles: demo.cycles.map((c) => ({ ...c, published: false })),
      themes: [],
      records: [],
      links: [],
      ratings: [],
      decisions: [],
      challenges: [],
    }
    const streamed = await text(archiveJson(partsOfArchive(bare)))
    expect(streamed.text).toBe(JSON.stringify(withAnalysis(bare), null, 2) + '\n')
    expect(streamed.text).toContain('"records": [],')
    expect(streamed.text).toContain('"analysis": []\n}')
  })

  test('values JSON leaves out or writes as null stay so: undefined, NaN, Infinity, toJSON', async () => {
    const odd = {
      ...demo,
      exportedAt: new Date(0),
      inquiry: { ...demo.inquiry, dropped: undefined, method: () => 1, none: null, nested: { empty: [], also: {} } },
      members: [...demo.members, undefined, Symbol('gone')],
      // Unpublished, so no analysis reads the odd members.
      cycles: demo.cycles.map((c, i) => ({
        ...c,
        published: false,
        ...(i === 0 ? { focus: undefined, extra: [undefined, Number.NaN, Infinity, new Date(0), { deep: [[], {}] }] } : {}),
      })),
    } as unknown as Archive
    const streamed = await text(archiveJson(partsOfArchive(odd)))
    expect(streamed.text).toBe(JSON.stringify(withAnalysis(odd), null, 2) + '\n')
  })

  test('records that no longer match the outline stop it with an error, never a shorter archive', async () => {
    const missing = archiveJson(inBatches(demo, 5, demo.records.slice(0, -1)))
    await expect(text(missing)).rejects.toBeInstanceOf(ArchiveChangedError)
    const swapped = [demo.records[1]!, demo.records[0]!, ...demo.records.slice(2)]
    await expect(text(archiveJson(inBatches(demo, 5, swapped)))).rejects.toBeInstanceOf(ArchiveChangedError)
  })
})

describe('the REFI-QDA project, streamed', () => {
  test('holds the same files, in the same order, with the same bytes as toQdpx', async () => {
    const streamed = unzipSync(await bytes(qdpxStream(inBatches(demo, 3))))
    const whole = unzipSync(toQdpx(demo))
    expect(Object.keys(streamed)).toEqual(Object.keys(whole))
    for (const name of Object.keys(whole)) expect(Buffer.from(streamed[name]!).equals(Buffer.from(whole[name]!)), name).toBe(true)
  })

  test('a project without records has no sources, as toQdpx', async () => {
    const bare: Archive = { ...demo, records: [], links: [], challenges: demo.challenges.filter((c) => c.targetKind !== 'record') }
    const streamed = unzipSync(await bytes(qdpxStream(partsOfArchive(bare))))
    expect(Object.keys(streamed)).toEqual(['project.qde'])
    expect(new TextDecoder().decode(streamed['project.qde'])).toBe(new TextDecoder().decode(unzipSync(toQdpx(bare))['project.qde']))
  })

  test('a record whose words changed between the two readings stops it with an error', async () => {
    let reading = 0
    const parts: ArchiveParts = {
      ...partsOfArchive(demo),
      records: async function* () {
        reading += 1
        yield reading === 1 ? demo.records : demo.records.map((r, i): ArchiveRecord => (i === 2 ? { ...r, text: `${r.text} (edited)` } : r))
      },
    }
    await expect(bytes(qdpxStream(parts))).rejects.toBeInstanceOf(ArchiveChangedError)
    await expect(bytes(qdpxStream(inBatches(demo, 4, demo.records.slice(1))))).rejects.toBeInstanceOf(ArchiveChangedError)
  })
})

describe('ratings held as numbers', () => {
  test('come back as they went in, and in archive order: cycle, member, theme and round by number', () => {
    const table = new RatingTable()
    const ratings = [
      { member: 'Member AB', theme: 'T2', cycle: 2, round: 'open', value: 3, reasoned: true },
      { member: 'Member B', theme: 'T10', cycle: 2, round: 'blind', value: -1, reasoned: false },
      { member: 'Member B', theme: 'T9', cycle: 2, round: 'open', value: 4, reasoned: false },
      { member: 'Member B', theme: 'T9', cycle: 2, round: 'blind', value: 5, reasoned: true },
      { member: 'Member A', theme: 'T1', cycle: 1, round: 'blind', value: 1.5, reasoned: false },
    ] as const
    for (const r of ratings) table.add(r)
    table.trim()
    expect(table.of(2)).toEqual(ratings.slice(0, 4))
    expect([...table.inArchiveOrder(2)].flat()).toEqual([ratings[4], ratings[3], ratings[2], ratings[1], ratings[0]])
    expect([...table.inArchiveOrder(2)].map((b) => b.length)).toEqual([1, 2, 2])
  })

  test('keep their room as they grow past a thousand in one cycle', () => {
    const table = new RatingTable()
    for (let i = 0; i < 2500; i++)
      table.add({
        member: `Member ${String.fromCharCode(65 + (i % 26))}`,
        theme: `T${i}`,
        cycle: 1,
        round: 'blind',
        value: i,
        reasoned: i % 2 === 0,
      })
    expect(table.of(1).map((r) => r.value)).toEqual(Array.from({ length: 2500 }, (_, i) => i))
    expect(table.of(3)).toEqual([])
  })
})
