import { describe, expect, test } from 'vitest'
import { findCurrentPhase } from '~/features/cycles/cycles.server'
import * as recordRoute from '~/routes/inquiries.$inquiryId.records.$recordId'
import * as recordsRoute from '~/routes/inquiries.$inquiryId.records._index'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInquiry, createTestRecord, moveOn, type TestPerson } from '../factories'
import { bodyOf, get, idFrom, post, tableCounts } from './harness'

const db = () => getDb()

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)

function recordForm(overrides: Record<string, string> = {}) {
  return {
    text: 'The client fell silent and I waited.',
    wayOfKnowing: 'experiential',
    occurredAt: yesterday(),
    visibility: 'group',
    ...overrides,
  }
}

async function setup() {
  const ada = await createPerson(db(), 'Ada')
  const ben = await createPerson(db(), 'Ben')
  const cy = await createPerson(db(), 'Cy')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people)
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  return { ada, ben, cy, people, groupId, inquiryId }
}

function addRecord(person: TestPerson, inquiryId: string, form: Record<string, string>) {
  return post(recordsRoute, { path: `/inquiries/${inquiryId}/records`, params: { inquiryId }, cookie: person.cookie, form })
}

async function list(person: TestPerson, inquiryId: string, query = '') {
  const response = await get(recordsRoute, {
    path: `/inquiries/${inquiryId}/records${query}`,
    params: { inquiryId },
    cookie: person.cookie,
  })
  expect(response.status).toBe(200)
  return (await bodyOf(response)).records as Array<{
    id: string
    text: string
    authorId: string
    cycleNumber: number
    wayOfKnowing: string
  }>
}

function detail(person: TestPerson, inquiryId: string, recordId: string) {
  return get(recordRoute, { path: `/inquiries/${inquiryId}/records/${recordId}`, params: { inquiryId, recordId }, cookie: person.cookie })
}

function changeRecord(person: TestPerson, inquiryId: string, recordId: string, form: Record<string, string>) {
  return post(recordRoute, {
    path: `/inquiries/${inquiryId}/records/${recordId}`,
    params: { inquiryId, recordId },
    cookie: person.cookie,
    form,
  })
}

async function recordRow(recordId: string) {
  return db().selectFrom('records').selectAll().where('id', '=', recordId).executeTakeFirst()
}

describe('adding a record', () => {
  test("a record lands in the inquiry's current cycle and phase, with export consent off", async () => {
    const { ada, people, inquiryId } = await setup()
    const planning = (await findCurrentPhase(db(), inquiryId))!
    const first = idFrom(await addRecord(ada, inquiryId, recordForm({ text: 'Planning note' })), `/inquiries/${inquiryId}/records`)
    expect(await recordRow(first)).toMatchObject({
      cycleId: planning.cycleId,
      phaseId: planning.id,
      authorId: ada.id,
      text: 'Planning note',
      wayOfKnowing: 'experiential',
      visibility: 'group',
      exportConsent: 'none',
    })
    expect((await recordRow(first))!.occurredAt.slice(0, 10)).toBe(yesterday())

    await moveOn(db(), inquiryId, people)
    const action = (await findCurrentPhase(db(), inquiryId))!
    expect(action.kind).toBe('action')
    const second = idFrom(await addRecord(ada, inquiryId, recordForm({ text: 'Action note' })), `/inquiries/${inquiryId}/records`)
    expect(await recordRow(second)).toMatchObject({ cycleId: action.cycleId, phaseId: action.id })

    const body = await bodyOf(await detail(ada, inquiryId, second))
    expect(body.record).toMatchObject({ text: 'Action note', cycleNumber: 1, phaseName: 'Action – experience', isMine: true })
  })

  test('the text is kept exactly as written, apart from surrounding whitespace', async () => {
    const { ada, inquiryId } = await setup()
    const text = 'Line one\n\n  indented <b>not bold</b> & "quoted" \u202Eright-to-left\u202C 🌱'
    const recordId = idFrom(await addRecord(ada, inquiryId, recordForm({ text: `   ${text}\n  ` })), `/inquiries/${inquiryId}/records`)
    expect((await recordRow(recordId))!.text).toBe(text)
  })

  test('a record of exactly 20,000 characters is accepted', async () => {
    const { ada, inquiryId } = await setup()
    const response = await addRecord(ada, inquiryId, recordForm({ text: 'a'.repeat(20_000) }))
    expect(response.status).toBe(302)
  })
})

describe('visibility', () => {
  test('a private record is invisible to another member in the list, and its page is a 404 for them', async () => {
    const { ada, ben, inquiryId } = await setup()
    const secret = 'Only for me: I felt contempt in that silence.'
    const recordId = await createTestRecord(db(), ben, inquiryId, { text: secret, visibility: 'private' })

    const adaList = await list(ada, inquiryId)
    expect(adaList.map((r) => r.id)).not.toContain(recordId)
    const notFound = await detail(ada, inquiryId, recordId)
    expect(notFound.status).toBe(404)
    expect(await notFound.text()).not.toContain(secret)
    const adaByAuthor = await list(ada, inquiryId, `?member=${ben.id}`)
    expect(adaByAuthor.map((r) => r.id)).not.toContain(recordId)
    const inquiryCounts = await bodyOf(
      await get(await import('~/routes/inquiries.$inquiryId._index'), {
        path: `/inquiries/${inquiryId}`,
        params: { inquiryId },
        cookie: ada.cookie,
      }),
    )
    expect(inquiryCounts.timeline[0].records).toBe(0)

    const benList = await list(ben, inquiryId)
    expect(benList.map((r) => r.text)).toContain(secret)
    const own = await detail(ben, inquiryId, recordId)
    expect(own.status).toBe(200)
    expect((await bodyOf(own)).record).toMatchObject({ text: secret, visibility: 'private', isMine: true })
  })

  test('a group record is visible to every member', async () => {
    const { ada, ben, cy, inquiryId } = await setup()
    const recordId = await createTestRecord(db(), ben, inquiryId, { text: 'Shared with all', visibility: 'group' })
    for (const person of [ada, ben, cy]) {
      expect((await list(person, inquiryId)).map((r) => r.id)).toEqual([recordId])
      const page = await detail(person, inquiryId, recordId)
      expect(page.status).toBe(200)
      expect((await bodyOf(page)).record).toMatchObject({ text: 'Shared with all', authorName: 'Ben', isMine: person === ben })
    }
  })

  test("a record asked for under another inquiry's address is a 404", async () => {
    const { ada, groupId, inquiryId } = await setup()
    const other = await createTestInquiry(db(), ada, groupId)
    const recordId = await createTestRecord(db(), ada, other, { text: 'Belongs elsewhere' })
    expect((await detail(ada, inquiryId, recordId)).status).toBe(404)
    const before = await tableCounts(db())
    expect((await changeRecord(ada, inquiryId, recordId, { intent: 'delete', confirmed: 'yes' })).status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('making a private record shared shows it to the group', async () => {
    const { ada, ben, inquiryId } = await setup()
    const recordId = await createTestRecord(db(), ben, inquiryId, { text: 'Ready to share now', visibility: 'private' })
    expect(
      (
        await changeRecord(ben, inquiryId, recordId, {
          intent: 'update',
          ...recordForm({ text: 'Ready to share now', visibility: 'group' }),
        })
      ).status,
    ).toBe(302)
    expect((await list(ada, inquiryId)).map((r) => r.id)).toEqual([recordId])
  })
})

describe('editing and deleting', () => {
  test('the author can edit their record', async () => {
    const { ben, inquiryId } = await setup()
    const recordId = await createTestRecord(db(), ben, inquiryId, { text: 'First draft' })
    const response = await changeRecord(ben, inquiryId, recordId, {
      intent: 'update',
      ...recordForm({ text: 'Second draft', wayOfKnowing: 'presentational' }),
    })
    expect(response.status).toBe(302)
    const row = await recordRow(recordId)
    expect(row).toMatchObject({ text: 'Second draft', wayOfKnowing: 'presentational' })
    expect(row!.updatedAt >= row!.createdAt).toBe(true)
  })

  test('another member cannot edit or delete a record: 403, and the row is unchanged', async () => {
    const { ada, ben, inquiryId } = await setup()
    const recordId = await createTestRecord(db(), ben, inquiryId, { text: 'Ben wrote this' })
    const before = await recordRow(recordId)
    const counts = await tableCounts(db())

    const edit = await changeRecord(ada, inquiryId, recordId, { intent: 'update', ...recordForm({ text: 'Ada rewrote it' }) })
    expect(edit.status).toBe(403)
    expect((await bodyOf(edit)).formError).toBe('Only the author of a record can change or delete it.')
    const remove = await changeRecord(ada, inquiryId, recordId, { intent: 'delete', confirmed: 'yes' })
    expect(remove.status).toBe(403)

    expect(await recordRow(recordId)).toEqual(before)
    expect(await tableCounts(db())).toEqual(counts)
  })

  test('another member asking to change a private record is told it does not exist', async () => {
    const { ada, ben, inquiryId } = await setup()
    const recordId = await createTestRecord(db(), ben, inquiryId, { text: 'Private', visibility: 'private' })
    const before = await recordRow(recordId)
    expect((await changeRecord(ada, inquiryId, recordId, { intent: 'delete', confirmed: 'yes' })).status).toBe(404)
    expect(await recordRow(recordId)).toEqual(before)
  })

  test('the author can delete their record', async () => {
    const { ben, inquiryId } = await setup()
    const recordId = await createTestRecord(db(), ben, inquiryId, { text: 'To be withdrawn' })
    const response = await changeRecord(ben, inquiryId, recordId, { intent: 'delete', confirmed: 'yes' })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/inquiries/${inquiryId}/records`)
    expect(await recordRow(recordId)).toBeUndefined()
  })
})

describe('filters', () => {
  test('records filter by cycle, by member and by way of knowing, and combine', async () => {
    const { ada, ben, people, inquiryId } = await setup()
    const a1 = await createTestRecord(db(), ada, inquiryId, { text: 'a1', wayOfKnowing: 'experiential' })
    const b1 = await createTestRecord(db(), ben, inquiryId, { text: 'b1', wayOfKnowing: 'presentational' })
    await createTestRecord(db(), ben, inquiryId, { text: 'b1-private', wayOfKnowing: 'presentational', visibility: 'private' })
    await moveOn(db(), inquiryId, people)
    await moveOn(db(), inquiryId, people, { skipOptional: true })
    await moveOn(db(), inquiryId, people)
    expect((await findCurrentPhase(db(), inquiryId))!.cycleNumber).toBe(2)
    const a2 = await createTestRecord(db(), ada, inquiryId, { text: 'a2', wayOfKnowing: 'presentational' })
    const b2 = await createTestRecord(db(), ben, inquiryId, { text: 'b2', wayOfKnowing: 'practical' })

    const ids = async (query: string) => (await list(ada, inquiryId, query)).map((r) => r.id).sort()
    expect(await ids('')).toEqual([a1, b1, a2, b2].sort())
    expect(await ids('?cycle=1')).toEqual([a1, b1].sort())
    expect(await ids('?cycle=2')).toEqual([a2, b2].sort())
    expect(await ids(`?member=${ben.id}`)).toEqual([b1, b2].sort())
    expect(await ids('?way=presentational')).toEqual([b1, a2].sort())
    expect(await ids(`?cycle=2&member=${ada.id}&way=presentational`)).toEqual([a2])
    expect(await ids('?cycle=3')).toEqual([])
  })

  test('a nonsense filter is ignored rather than failing', async () => {
    const { ada, inquiryId } = await setup()
    const recordId = await createTestRecord(db(), ada, inquiryId)
    const response = await get(recordsRoute, {
      path: `/inquiries/${inquiryId}/records?cycle=abc&way=telepathic&member=${'x'.repeat(300)}`,
      params: { inquiryId },
      cookie: ada.cookie,
    })
    expect(response.status).toBe(200)
    const body = await bodyOf(response)
    expect(body.records.map((r: { id: string }) => r.id)).toEqual([recordId])
    expect(body.filter).toEqual({})
  })
})

describe('bad input', () => {
  const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)
  const cases: Array<[string, Record<string, string>, string, RegExp]> = [
    ['empty text', { text: '   ' }, 'text', /Write something/],
    ['an unknown way of knowing', { wayOfKnowing: 'telepathic' }, 'wayOfKnowing', /way of knowing/],
    ['a date in the future', { occurredAt: future }, 'occurredAt', /future/],
    ['text over 20,000 characters', { text: 'a'.repeat(20_001) }, 'text', /at most 20,000 characters/],
    ['a date that is not a date', { occurredAt: 'last tuesday' }, 'occurredAt', /date/],
    ['a day that does not exist in its month', { occurredAt: '2024-02-30' }, 'occurredAt', /does not exist/],
    ['an unknown visibility', { visibility: 'public' }, 'visibility', /who can see it/],
  ]

  test.each(cases)('%s answers 400 beside the field, keeps the input, and writes nothing', async (_label, overrides, field, message) => {
    const { ada, inquiryId } = await setup()
    const before = await tableCounts(db())
    const form = recordForm(overrides)
    const response = await addRecord(ada, inquiryId, form)
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors[field]).toMatch(message)
    expect(Object.keys(body.errors)).toEqual([field])
    expect(body.values).toEqual(form)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('bad input when editing answers 400 and leaves the record as it was', async () => {
    const { ben, inquiryId } = await setup()
    const recordId = await createTestRecord(db(), ben, inquiryId, { text: 'Keep me' })
    const before = await recordRow(recordId)
    const response = await changeRecord(ben, inquiryId, recordId, {
      intent: 'update',
      ...recordForm({ text: '', occurredAt: '2999-01-01' }),
    })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.text).toBeTruthy()
    expect(body.errors.occurredAt).toBeTruthy()
    expect(await recordRow(recordId)).toEqual(before)
  })
})
