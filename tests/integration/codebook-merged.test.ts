import { beforeAll, describe, expect, test } from 'vitest'
import { mergeTheme } from '~/features/themes/themes.server'
import * as codebookRoute from '~/routes/inquiries.$inquiryId.themes.import'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInquiry, createTestTheme, toSenseMaking, type TestPerson } from '../factories'
import { bodyOf, post, tableCounts } from './harness'

// Importing a codebook never revives a theme the group merged away (issue 13 §6): a code that
// names it, flat or nested under the theme that absorbed it (as the platform's own codebooks
// write merged themes), is listed as "already merged into …" and nothing is imported for it.

const db = () => getDb()
let ann: TestPerson
let ben: TestPerson
let inquiryId: string

const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const codebook = (codes: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>${codes}</Codes></CodeBook>`

beforeAll(async () => {
  ;[ann, ben] = [await createPerson(db(), 'Ann Codebook'), await createPerson(db(), 'Ben Codebook')]
  inquiryId = await createTestInquiry(db(), ann, await createGroupWith(db(), [ann, ben]))
  await toSenseMaking(db(), inquiryId, [ann, ben])
  const holding = await createTestTheme(db(), ann, inquiryId, 'Holding the silence')
  const waiting = await createTestTheme(db(), ben, inquiryId, 'Waiting it out')
  const pausing = await createTestTheme(db(), ben, inquiryId, 'Pausing')
  // A chain: Pausing into Waiting it out, then Waiting it out into Holding the silence.
  await mergeTheme(db(), ben, inquiryId, pausing, waiting)
  await mergeTheme(db(), ann, inquiryId, waiting, holding)
})

describe('a codebook naming merged themes', () => {
  test('imports nothing for them and says which theme holds each now; other codes are proposed', async () => {
    const before = await db().selectFrom('themes').select(['name', 'status']).where('inquiryId', '=', inquiryId).orderBy('name').execute()
    const xml = codebook(
      `<Code guid="${guid(1)}" name="Holding the silence" isCodable="true"><Code guid="${guid(2)}" name="Waiting it out" isCodable="true"/></Code>` +
        `<Code guid="${guid(3)}" name="pausing" isCodable="true"/>` +
        `<Code guid="${guid(4)}" name="Naming the feeling" isCodable="true"/>`,
    )
    const response = await post(codebookRoute, {
      path: `/inquiries/${inquiryId}/themes/import`,
      params: { inquiryId },
      cookie: ben.cookie,
      form: { codebook: xml },
    })
    expect(response.status).toBe(200)
    const { result } = await bodyOf(response)
    expect(result.added).toEqual(['Naming the feeling'])
    expect(result.skipped).toEqual(['Holding the silence'])
    expect(result.merged).toEqual([
      { name: 'Holding the silence › Waiting it out', into: 'Holding the silence' },
      { name: 'pausing', into: 'Holding the silence' },
    ])
    const after = await db().selectFrom('themes').select(['name', 'status']).where('inquiryId', '=', inquiryId).orderBy('name').execute()
    expect(after).toEqual([...before, { name: 'Naming the feeling', status: 'active' }].sort((a, b) => (a.name < b.name ? -1 : 1)))
  })

  test('a codebook of nothing but merged themes writes nothing', async () => {
    const before = await tableCounts(db())
    const xml = codebook(`<Code guid="${guid(5)}" name="Waiting it out" isCodable="true"/>`)
    const response = await post(codebookRoute, {
      path: `/inquiries/${inquiryId}/themes/import`,
      params: { inquiryId },
      cookie: ann.cookie,
      form: { codebook: xml },
    })
    const { result } = await bodyOf(response)
    expect(result).toEqual({ added: [], skipped: [], merged: [{ name: 'Waiting it out', into: 'Holding the silence' }] })
    expect(await tableCounts(db())).toEqual(before)
  })
})
