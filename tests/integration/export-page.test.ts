import { unzipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { setRecordConsent } from '~/features/exports/consent.server'
import * as exportRoute from '~/routes/inquiries.$inquiryId.export._index'
import * as downloadRoute from '~/routes/inquiries.$inquiryId.export.download'
import * as importRoute from '~/routes/import'
import * as codebookRoute from '~/routes/inquiries.$inquiryId.themes.import'
import { getDb } from '~/utils/db.server'
import {
  agreeUntilClosed,
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get, post, tableCounts } from './harness'

// The export page (issue 6): a preview of what goes and what is left out and why, the
// download itself, the group's decision to publish, and import with its refusals.

const db = () => getDb()
let ann: TestPerson
let ben: TestPerson
let inquiryId: string
const path = () => `/inquiries/${inquiryId}/export`

beforeAll(async () => {
  ;[ann, ben] = [await createPerson(db(), 'Ann Page'), await createPerson(db(), 'Ben Page')]
  const groupId = await createGroupWith(db(), [ann, ben])
  inquiryId = await createTestInquiry(db(), ann, groupId)
  const quoted = await createTestRecord(db(), ann, inquiryId, { text: 'A quote its author allows.' })
  await setRecordConsent(db(), ann, inquiryId, quoted, { exportConsent: 'anonymised' })
  for (let i = 0; i < 7; i++) await createTestRecord(db(), ben, inquiryId, { text: `Ben’s record ${i}, not for export.` })
})

describe('the export page', () => {
  test('previews what is included and what is left out, with the reasons', async () => {
    const page = await bodyOf(await get(exportRoute, { path: path(), params: { inquiryId }, cookie: ann.cookie }))
    expect(page.preview.leftOut).toContainEqual({
      what: '7 records left out',
      why: 'no consent: their authors have not agreed to their words being quoted',
    })
    expect(page.preview.included).toContain('1 record quoted with their author’s consent')
    expect(page.preview.leftOut.map((l: { what: string }) => l.what)).toContain(
      'Findings of cycle 1 (themes, ratings, analysis, validity review, decisions, challenges)',
    )
    expect(JSON.stringify(page)).not.toContain('not for export')
  })

  test('a bad format or cycle in the query is shown beside its field, and the preview still renders', async () => {
    const page = await bodyOf(await get(exportRoute, { path: `${path()}?format=pdf&cycles=x`, params: { inquiryId }, cookie: ann.cookie }))
    expect(page.queryErrors.format).toMatch(/Choose a format/)
    expect(page.chosen.format).toBe('html')
  })

  test('downloading streams the file with a safe name and writes one audit entry', async () => {
    const before = await db().selectFrom('auditEvents').select('id').where('kind', '=', 'exported').execute()
    const response = await post(downloadRoute, {
      path: `${path()}/download`,
      params: { inquiryId },
      cookie: ben.cookie,
      form: { format: 'csv' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/zip')
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="how-we-meet-silence-\d{4}-\d{2}-\d{2}\.csv\.zip"$/)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()))
    expect(Object.keys(files)).toContain('records.csv')
    expect(new TextDecoder().decode(files['records.csv'])).toContain('A quote its author allows.')
    const after = await db().selectFrom('auditEvents').select('id').where('kind', '=', 'exported').execute()
    expect(after.length).toBe(before.length + 1)
    const history = (await bodyOf(await get(exportRoute, { path: path(), params: { inquiryId }, cookie: ann.cookie }))).history
    expect(history[0]).toMatchObject({ who: 'Ben Page', format: 'csv', scope: 'cycles 1', records: 1 })
  })

  test('a codebook needs themes: asked for too early, the page says why (409) and writes nothing', async () => {
    const before = await tableCounts(db())
    const page = await bodyOf(await get(exportRoute, { path: `${path()}?format=qdc`, params: { inquiryId }, cookie: ann.cookie }))
    expect(page.preview.blocked).toMatch(/A codebook needs themes/)
    const response = await post(downloadRoute, {
      path: `${path()}/download`,
      params: { inquiryId },
      cookie: ann.cookie,
      form: { format: 'qdc' },
    })
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).errors.format).toMatch(/A codebook needs themes/)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('publishing is proposed as a decision; once passed, the findings are no longer left out', async () => {
    const bad = await post(exportRoute, {
      path: path(),
      params: { inquiryId },
      cookie: ann.cookie,
      form: { intent: 'publish', throughCycle: '9' },
    })
    expect(bad.status).toBe(400)
    expect((await bodyOf(bad)).errors.throughCycle).toBe('Choose a cycle from 1 to 1.')
    const proposed = await post(exportRoute, {
      path: path(),
      params: { inquiryId },
      cookie: ann.cookie,
      form: { intent: 'publish', throughCycle: '1' },
    })
    expect(proposed.status).toBe(302)
    const decisionId = proposed.headers.get('Location')!.split('/').pop()!
    const again = await post(exportRoute, {
      path: path(),
      params: { inquiryId },
      cookie: ben.cookie,
      form: { intent: 'publish', throughCycle: '1' },
    })
    expect(again.status).toBe(409)
    expect(await agreeUntilClosed(db(), decisionId, [ann, ben])).toBe('passed')
    const page = await bodyOf(await get(exportRoute, { path: path(), params: { inquiryId }, cookie: ann.cookie }))
    expect(page.inquiry.publishedThroughCycle).toBe(1)
    expect(page.preview.leftOut.map((l: { what: string }) => l.what).join()).not.toMatch(/Findings of cycle 1/)
  })
})

describe('importing', () => {
  test('an archive posted to /import becomes a new inquiry the importer can open', async () => {
    await toSenseMaking(db(), inquiryId, [ann, ben])
    const exported = await post(downloadRoute, {
      path: `${path()}/download`,
      params: { inquiryId },
      cookie: ann.cookie,
      form: { format: 'json' },
    })
    const archive = await exported.text()
    const carol = await createPerson(db(), 'Carol Import')
    const response = await post(importRoute, { path: '/import', cookie: carol.cookie, form: { archive, seat: 'Member B' } })
    expect(response.status).toBe(302)
    const newId = response.headers.get('Location')!.split('/').pop()!
    const page = await get(exportRoute, { path: `/inquiries/${newId}/export`, params: { inquiryId: newId }, cookie: carol.cookie })
    expect(page.status).toBe(200)
    expect((await bodyOf(page)).preview.included).toContain('1 record quoted with their author’s consent')
  })

  test('a broken archive is refused beside the file field with its reason, the seat kept, nothing written', async () => {
    const before = await tableCounts(db())
    const response = await post(importRoute, {
      path: '/import',
      cookie: ann.cookie,
      form: { archive: '{"format":"cooperative-inquiry-archive","version":3}', seat: 'Member A' },
    })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.archive).toMatch(/version 3; this installation reads version 1/)
    expect(body.values.seat).toBe('Member A')
    const wrongSeat = await post(importRoute, { path: '/import', cookie: ann.cookie, form: { archive: '{}', seat: 'Seat nine' } })
    expect((await bodyOf(wrongSeat)).errors.seat).toMatch(/member key like/)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a codebook file that is not one is refused beside its field', async () => {
    await toSenseMaking(db(), inquiryId, [ann, ben])
    const response = await post(codebookRoute, {
      path: `/inquiries/${inquiryId}/themes/import`,
      params: { inquiryId },
      cookie: ann.cookie,
      form: { codebook: '<html>not a codebook</html>' },
    })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.codebook).toMatch(/^This file is not a REFI-QDA codebook/)
  })
})
