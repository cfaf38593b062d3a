import { unzipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { collectArchive, prepareArchiveForMember } from '~/features/exports/archive.server'
import { ArchiveChangedError } from '~/features/exports/core/archive'
import { archiveJson } from '~/features/exports/core/archive-json'
import { setRecordConsent } from '~/features/exports/consent.server'
import { streamExportForMember } from '~/features/exports/exports.server'
import { proposePublish } from '~/features/exports/publish.server'
import * as downloadRoute from '~/routes/inquiries.$inquiryId.export.download'
import { getDb } from '~/utils/db.server'
import { listSharedRecordsForArchive } from '~db/queries/exports'
import {
  agreeUntilClosed,
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  linkTestRecord,
  rate,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { takeConsoleErrors } from '../setup/console'
import { post, tableCounts } from './harness'

// Issue 17, item 5: the JSON archive and the REFI-QDA project are made as they are sent, from
// the database a batch at a time, and are the same files as before. What may leave does not
// change; a failure part-way breaks the download off; refusals come before the first byte.

const db = () => getDb()
let ann: TestPerson
let ben: TestPerson
let cy: TestPerson
let inquiryId: string
const quoted: Record<string, string> = {}
const TIED = ['tied: zebra', 'tied: apple', 'tied: mango', 'tied: second author']
const SECRET = 'UNCONSENTED-words-stay-home-3c1e'

beforeAll(async () => {
  ;[ann, ben, cy] = [await createPerson(db(), 'Ann Stream'), await createPerson(db(), 'Ben Stream'), await createPerson(db(), 'Cy Stream')]
  const groupId = await createGroupWith(db(), [ann, ben, cy])
  inquiryId = await createTestInquiry(db(), ann, groupId)
  for (const [person, text] of [
    [ann, TIED[0]!],
    [ann, TIED[1]!],
    [ann, TIED[2]!],
    [ben, TIED[3]!],
    [cy, 'a quote to withdraw'],
    [ben, 'a quote to make private'],
  ] as const) {
    quoted[text] = await createTestRecord(db(), person, inquiryId, { text })
    await setRecordConsent(db(), person, inquiryId, quoted[text]!, { exportConsent: 'anonymised' })
  }
  for (let i = 0; i < 5; i++) await createTestRecord(db(), cy, inquiryId, { text: `${SECRET} ${i}` })
  // Four records made at one moment about one moment: they tie on everything but author and words.
  await db()
    .updateTable('records')
    .set({ createdAt: '2026-01-05T10:00:00.000Z', occurredAt: '2026-01-04' })
    .where(
      'id',
      'in',
      TIED.map((t) => quoted[t]!),
    )
    .execute()
  await toSenseMaking(db(), inquiryId, [ann, ben, cy])
  const theme = await createTestTheme(db(), ann, inquiryId, 'Streams of silence')
  for (const id of Object.values(quoted)) await linkTestRecord(db(), ann, inquiryId, theme, id)
  for (const [person, value] of [
    [ann, 4],
    [ben, 2],
    [cy, 5],
  ] as const)
    await rate(db(), person, inquiryId, 'blind', { [theme]: value })
  await agreeUntilClosed(db(), await proposePublish(db(), ann, inquiryId, 1), [ann, ben, cy])
})

const download = (format: string, person: TestPerson = ann, cycles?: string) =>
  post(downloadRoute, {
    path: `/inquiries/${inquiryId}/export/download`,
    params: { inquiryId },
    cookie: person.cookie,
    form: { format, ...(cycles ? { cycles } : {}) },
  })

describe('the streamed exports', () => {
  test('the JSON archive is streamed (no length known beforehand) and is byte for byte the whole archive', async () => {
    const response = await download('json')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Length')).toBeNull()
    expect(response.body).toBeInstanceOf(ReadableStream)
    const sent = JSON.parse(await response.text())
    const prepared = await prepareArchiveForMember(db(), ann, inquiryId)
    const whole = (await collectArchive(prepared)).archive
    expect({ ...sent, exportedAt: whole.exportedAt }).toEqual(JSON.parse(JSON.stringify(whole)))
    let streamed = ''
    for await (const piece of archiveJson(prepared.parts)) streamed += piece
    expect(streamed).toBe(JSON.stringify(whole, null, 2) + '\n')
    // What may leave, and only that.
    expect(whole.records.map((r) => r.text).sort()).toEqual(Object.keys(quoted).sort())
    expect(streamed).not.toContain(SECRET)
    expect(whole.ratings).toHaveLength(3)
  })

  test('records that tie on when they were made and happened are ordered by author key, then by their words', async () => {
    const { archive } = await collectArchive(await prepareArchiveForMember(db(), ann, inquiryId))
    const tied = archive.records.filter((r) => TIED.includes(r.text)).map((r) => [r.author!, r.text] as const)
    expect(tied.map(([, text]) => text)).toEqual(
      [...tied].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1)).map(([, text]) => text),
    )
    expect(tied.filter(([author]) => author === tied[0]![0]).map(([, text]) => text)).toEqual(['tied: apple', 'tied: mango', 'tied: zebra'])
  })

  test('read a page at a time (keyset), the records come in the same order as in one read', async () => {
    const cycleIds = (await db().selectFrom('cycles').select('id').where('inquiryId', '=', inquiryId).execute()).map((c) => c.id)
    const once = await listSharedRecordsForArchive(db(), inquiryId, cycleIds, null, 1000)
    const paged: typeof once = []
    for (let after = null as (typeof once)[number] | null; ;) {
      const page = await listSharedRecordsForArchive(db(), inquiryId, cycleIds, after, 2)
      paged.push(...page)
      if (page.length < 2) break
      after = page.at(-1)!
    }
    expect(paged.map((r) => r.id)).toEqual(once.map((r) => r.id))
    expect(once).toHaveLength(11)
  })

  test('the REFI-QDA project is streamed too, with one source per quoted record', async () => {
    const response = await download('qdpx')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Length')).toBeNull()
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()))
    expect(Object.keys(files)[0]).toBe('project.qde')
    const sources = Object.keys(files).filter((f) => f.startsWith('sources/'))
    expect(sources).toHaveLength(Object.keys(quoted).length)
    expect(sources.map((f) => new TextDecoder().decode(files[f])).sort()).toEqual(Object.keys(quoted).sort())
  })

  test('formats rendered whole still say their length', async () => {
    const response = await download('md')
    const body = new Uint8Array(await response.arrayBuffer())
    expect(response.headers.get('Content-Length')).toBe(String(body.length))
  })
})

describe('a failure part-way', () => {
  test('consent withdrawn after the download began: the stream breaks off, the failure is logged, no words leave', async () => {
    const response = await download('json')
    expect(response.status).toBe(200)
    const withdrawn = 'a quote to withdraw'
    await setRecordConsent(db(), cy, inquiryId, quoted[withdrawn]!, { exportConsent: 'none' })
    try {
      const reader = response.body!.getReader()
      let received = ''
      const read = (async () => {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return
          received += new TextDecoder().decode(value)
        }
      })()
      await expect(read).rejects.toBeInstanceOf(ArchiveChangedError)
      expect(received).not.toContain(withdrawn)
      expect(() => JSON.parse(received)).toThrow()
      const logged = takeConsoleErrors().map((args) => args.join(' '))
      expect(logged).toHaveLength(1)
      expect(logged[0]).toMatch(/export failed part-way/)
      expect(logged[0]).toContain(inquiryId)
      expect(logged[0]).not.toContain(withdrawn)
    } finally {
      await setRecordConsent(db(), cy, inquiryId, quoted[withdrawn]!, { exportConsent: 'anonymised' })
    }
  })

  test('a record made private after the project began: the zip breaks off rather than end short', async () => {
    const exported = await streamExportForMember(db(), ann, inquiryId, 'qdpx', {})
    const made = quoted['a quote to make private']!
    await db().updateTable('records').set({ visibility: 'private' }).where('id', '=', made).execute()
    try {
      await expect(new Response(exported.body).arrayBuffer()).rejects.toBeInstanceOf(ArchiveChangedError)
      expect(takeConsoleErrors()).toHaveLength(1)
    } finally {
      await db().updateTable('records').set({ visibility: 'group' }).where('id', '=', made).execute()
    }
  })
})

describe('refusals come before the first byte', () => {
  test('a non-member gets the not-found page, an unknown cycle a 400 beside its field; nothing is written', async () => {
    const outsider = await createPerson(db(), 'Olive Outside')
    const before = await tableCounts(db())
    expect((await download('json', outsider)).status).toBe(404)
    const unknown = await download('qdpx', ann, '9')
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).errors.cycles).toMatch(/no cycle 9/)
    expect(await tableCounts(db())).toEqual(before)
  })
})
