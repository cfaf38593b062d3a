import { beforeAll, describe, expect, test } from 'vitest'
import { ArchiveSchema } from '~/features/exports/core/archive-schema'
import { MAX_CODE_ELEMENTS, parseQdpxCodebook } from '~/features/exports/core/refi-qda-import'
import * as importRoute from '~/routes/import'
import { getDb } from '~/utils/db.server'
import { createPerson, type TestPerson } from '../factories'
import { codebookZipBomb, demoArchive, largeValidArchive } from '../support/hostile-files'
import { bodyOf, ORIGIN, post, tableCounts } from './harness'

// Issue 13 item 7, at the service level: repeated items in an archive are refused by the
// schema with a 400 that names the item (they used to pass it and meet a unique constraint:
// a 500), a large upload is read off the request path and still imports, and a codebook zip
// bomb is refused before it is inflated. tests/e2e/hostile-uploads.test.ts holds the
// server-level promise (/healthz within a second, the process alive).

const db = () => getDb()
let importer: TestPerson

beforeAll(async () => {
  importer = await createPerson(db(), 'Uma Uploader')
})

/** Posts an archive as the import page does (multipart, a file field). */
async function postArchive(json: string, seat = 'Member A'): Promise<Response> {
  const form = new FormData()
  form.set('seat', seat)
  form.set('archive', new Blob([json], { type: 'application/json' }), 'archive.json')
  const request = new Request(`${ORIGIN}/import`, { method: 'POST', headers: { Cookie: importer.cookie, Origin: ORIGIN }, body: form })
  const response = await importRoute.action({ request, params: {}, context: { clientIp: '127.0.0.1' } })
  return response as Response
}

describe('an archive with a repeated item is refused naming it, and nothing is written', () => {
  const archive = demoArchive()
  const judged = archive.cycles.findIndex((c: { judgements: unknown[] }) => c.judgements.length > 0)
  const contributed = archive.cycles.findIndex((c: { contributions: unknown[] | null }) => (c.contributions?.length ?? 0) > 0)
  const cases: [string, (a: any) => void, RegExp][] = [
    [
      'a link',
      (a) => a.links.push({ ...a.links[0] }),
      new RegExp(
        `links\\.${archive.links.length}: repeats the link of ${archive.links[0].theme} to ${archive.links[0].record} \\(already at links\\.0\\)`,
      ),
    ],
    [
      'a rating',
      (a) => a.ratings.push({ ...a.ratings[0], value: a.ratings[0].value === 1 ? 2 : 1 }),
      new RegExp(
        `ratings\\.${archive.ratings.length}: repeats ${archive.ratings[0].member}'s ${archive.ratings[0].round} rating of ${archive.ratings[0].theme} in cycle ${archive.ratings[0].cycle}`,
      ),
    ],
    [
      'a judgement',
      (a) => a.cycles[judged].judgements.push({ ...a.cycles[judged].judgements[0] }),
      new RegExp(
        `cycles\\.${judged}\\.judgements\\.${archive.cycles[judged].judgements.length}: repeats the judgement on ${archive.cycles[judged].judgements[0].procedureKey}`,
      ),
    ],
    [
      'a contribution',
      (a) => a.cycles[contributed].contributions.push({ ...a.cycles[contributed].contributions[0] }),
      new RegExp(
        `cycles\\.${contributed}\\.contributions\\.${archive.cycles[contributed].contributions.length}: repeats the contributions of ${archive.cycles[contributed].contributions[0].member} in cycle ${archive.cycles[contributed].number}`,
      ),
    ],
  ]

  test('the demo archive itself is accepted by the schema', () => {
    expect(ArchiveSchema.safeParse(archive).success).toBe(true)
  })

  test.each(cases)('a repeated %s', async (_what, repeat, message) => {
    const copy = demoArchive()
    repeat(copy)
    const before = await tableCounts(db())
    const response = await postArchive(JSON.stringify(copy))
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.archive).toMatch(/^The archive does not match version 1: /)
    expect(body.errors.archive).toMatch(message)
    expect(body.values.seat).toBe('Member A')
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('a large upload', () => {
  test('is read and written off the request path, and becomes an inquiry', async () => {
    // Over the size read on the request path (1 MiB), so a worker thread reads and writes it.
    const json = largeValidArchive(3 * 1024 * 1024)
    const records = JSON.parse(json).records.length
    const response = await postArchive(json, 'Member C')
    expect(response.status).toBe(302)
    const inquiryId = response.headers.get('Location')!.split('/').pop()!
    const stored = await db()
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('inquiryId', '=', inquiryId)
      .executeTakeFirstOrThrow()
    expect(Number(stored.n)).toBe(records)
    const seat = await db()
      .selectFrom('members')
      .innerJoin('inquiries', 'inquiries.groupId', 'members.groupId')
      .select('members.pseudonymIndex')
      .where('inquiries.id', '=', inquiryId)
      .where('members.personId', '=', importer.id)
      .executeTakeFirstOrThrow()
    expect(seat.pseudonymIndex).toBe(2)
  })

  test('with a repeated item is refused by the worker naming it, the seat kept', async () => {
    const archive = JSON.parse(largeValidArchive(2 * 1024 * 1024))
    archive.links.push({ ...archive.links[3] })
    const response = await postArchive(JSON.stringify(archive), 'Member B')
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.archive).toMatch(new RegExp(`links\\.${archive.links.length - 1}: repeats the link of`))
    expect(body.values.seat).toBe('Member B')
  })

  test('larger than the cap is refused by its declared size before it is read', async () => {
    const response = await post(importRoute, {
      path: '/import',
      cookie: importer.cookie,
      body: { contentType: 'multipart/form-data; boundary=x', data: 'x' },
      headers: { 'Content-Length': String(46_000_000) },
    })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.archive).toBe('The archive is 44 MB; the largest accepted is 32 MB.')
  })
})

describe('a codebook zip bomb', () => {
  test('is refused by its count of codes, counted while it inflates', () => {
    const bomb = codebookZipBomb(47_000_000)
    expect(bomb.byteLength).toBeLessThan(200 * 1024)
    expect(() => parseQdpxCodebook(bomb)).toThrow(
      `This file is not a REFI-QDA project: its project.qde holds more than ${MAX_CODE_ELEMENTS.toLocaleString('en-GB')} codes; import at most 500 at a time.`,
    )
  })
})
