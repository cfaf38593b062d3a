import { beforeAll, describe, expect, test } from 'vitest'
import { raiseChallenge } from '~/features/challenges/challenges.server'
import * as challengesRoute from '~/routes/inquiries.$inquiryId.challenges._index'
import * as ratingsRoute from '~/routes/inquiries.$inquiryId.ratings'
import * as recordsRoute from '~/routes/inquiries.$inquiryId.records._index'
import * as themeRoute from '~/routes/inquiries.$inquiryId.themes.$themeId'
import * as themesRoute from '~/routes/inquiries.$inquiryId.themes._index'
import { getDb } from '~/utils/db.server'
import {
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
import { bodyOf, get, locationOf, post, tableCounts, type RouteModule } from './harness'

// Issue 17: the records, themes, theme, ratings and challenges pages show long lists a page at
// a time (50 rows; 10 for the records a theme could link), read with LIMIT/OFFSET in SQL. Page 2
// holds the next rows, the count is of what the viewer may see, a malformed or out-of-range
// `page` shows page 1 (never a 500), and no one else's private record is shown or counted.

const db = () => getDb()

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

const MALFORMED = ['abc', '0', '-3', '1.5', '1e3', '99999999999999999999', '%20', '']

/**
 * Ada, Ben and Cy in cycle 1's sense-making. Ada wrote 53 shared records (one a day, the newest
 * yesterday); Ben wrote 3 private records (the newest of all) and one shared one (the oldest).
 * Ada proposed 53 themes: the first has 40 of her records linked and Ben's 2 private ones
 * (linked by Ben), the second all 53 of hers. Cy raised 52 challenges on the group's process.
 */
async function build() {
  const ada = await createPerson(db(), 'Ada')
  const ben = await createPerson(db(), 'Ben')
  const cy = await createPerson(db(), 'Cy')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people, { name: 'Long lists' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  const adaRecords: string[] = [] // newest first
  for (let i = 0; i < 53; i++)
    adaRecords.push(await createTestRecord(db(), ada, inquiryId, { text: `Ada's record ${i}`, occurredAt: daysAgo(i + 2) }))
  const benPrivate: string[] = []
  for (let i = 0; i < 3; i++)
    benPrivate.push(
      await createTestRecord(db(), ben, inquiryId, { text: `Ben's secret ${i}`, visibility: 'private', occurredAt: daysAgo(1) }),
    )
  const benShared = await createTestRecord(db(), ben, inquiryId, { text: "Ben's shared record", occurredAt: daysAgo(90) })
  await toSenseMaking(db(), inquiryId, people)
  const themes: string[] = []
  for (let i = 0; i < 53; i++) themes.push(await createTestTheme(db(), ada, inquiryId, `Theme ${String(i).padStart(2, '0')}`))
  const [some, many] = themes as [string, string]
  for (const recordId of adaRecords.slice(0, 40)) await linkTestRecord(db(), ada, inquiryId, some, recordId)
  for (const recordId of benPrivate.slice(0, 2)) await linkTestRecord(db(), ben, inquiryId, some, recordId)
  for (const recordId of adaRecords) await linkTestRecord(db(), ada, inquiryId, many, recordId)
  const challenges: string[] = []
  for (let i = 0; i < 52; i++)
    challenges.push(
      await raiseChallenge(db(), cy, inquiryId, { target: 'process', hazard: 'other', text: `Challenge number ${i} to the process.` }),
    )
  // Themes proposed in the same millisecond are listed by id after their time, as the pages order them.
  const inOrder = await db()
    .selectFrom('themes')
    .select('id')
    .where('inquiryId', '=', inquiryId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
  return { ada, ben, cy, people, inquiryId, adaRecords, benPrivate, benShared, themes: ids(inOrder), some, many, challenges }
}

let w: Awaited<ReturnType<typeof build>>
beforeAll(async () => {
  w = await build()
}, 120_000)

async function loaderOf(module: RouteModule, path: string, params: Record<string, string>, person: TestPerson) {
  const response = await get(module, { path, params, cookie: person.cookie })
  expect(response.status, path).toBe(200)
  const text = await response.text()
  return { text, body: JSON.parse(text) }
}

const recordsPage = (person: TestPerson, query = '') =>
  loaderOf(recordsRoute, `/inquiries/${w.inquiryId}/records${query}`, { inquiryId: w.inquiryId }, person)
const themesPage = (person: TestPerson, query = '') =>
  loaderOf(themesRoute, `/inquiries/${w.inquiryId}/themes${query}`, { inquiryId: w.inquiryId }, person)
const themePage = (person: TestPerson, themeId: string, query = '') =>
  loaderOf(themeRoute, `/inquiries/${w.inquiryId}/themes/${themeId}${query}`, { inquiryId: w.inquiryId, themeId }, person)
const ratingsPage = (person: TestPerson, query = '') =>
  loaderOf(ratingsRoute, `/inquiries/${w.inquiryId}/ratings${query}`, { inquiryId: w.inquiryId }, person)
const challengesPage = (person: TestPerson, query = '') =>
  loaderOf(challengesRoute, `/inquiries/${w.inquiryId}/challenges${query}`, { inquiryId: w.inquiryId }, person)

const ids = (rows: { id: string }[]) => rows.map((r) => r.id)

describe('the records list', () => {
  test('shows 50 records a page, newest first; page 2 the next ones; the count is of what the viewer may see', async () => {
    const one = (await recordsPage(w.ada)).body
    const two = (await recordsPage(w.ada, '?page=2')).body
    expect(one.paging).toEqual({ page: 1, pageSize: 50, total: 54, pages: 2, from: 1, to: 50 })
    expect(two.paging).toEqual({ page: 2, pageSize: 50, total: 54, pages: 2, from: 51, to: 54 })
    expect(ids(one.records)).toEqual(w.adaRecords.slice(0, 50))
    expect(ids(two.records)).toEqual([...w.adaRecords.slice(50), w.benShared])
  })

  test("another member's private records are neither shown nor counted; their author sees and counts them", async () => {
    for (const query of ['', '?page=2', `?member=${w.ben.id}`]) {
      const { text, body } = await recordsPage(w.ada, query)
      for (const [i, id] of w.benPrivate.entries()) {
        expect(text).not.toContain(id)
        expect(text).not.toContain(`Ben's secret ${i}`)
      }
      if (query.startsWith('?member')) expect(body.paging.total).toBe(1)
    }
    const ben = (await recordsPage(w.ben)).body
    expect(ben.paging.total).toBe(57)
    expect(ids(ben.records).slice(0, 3).sort()).toEqual([...w.benPrivate].sort())
  })

  test('paging keeps to the filters', async () => {
    const page = (await recordsPage(w.ada, `?member=${w.ada.id}&page=2`)).body
    expect(page.paging).toMatchObject({ page: 2, total: 53, from: 51, to: 53 })
    expect(ids(page.records)).toEqual(w.adaRecords.slice(50))
    expect(page.filter).toEqual({ member: w.ada.id })
  })

  test('a malformed or out-of-range page shows page 1', async () => {
    const first = ids((await recordsPage(w.ada)).body.records)
    for (const value of [...MALFORMED, '3', '1000']) {
      const { body } = await recordsPage(w.ada, `?page=${value}`)
      expect(body.paging.page, value).toBe(1)
      expect(ids(body.records), value).toEqual(first)
    }
  })
})

describe('the themes list', () => {
  test('shows 50 themes a page in the order they were proposed, each with the links the viewer may see', async () => {
    const one = (await themesPage(w.ada)).body
    const two = (await themesPage(w.ada, '?page=2')).body
    expect(one.paging).toMatchObject({ page: 1, total: 53, pages: 2, from: 1, to: 50 })
    expect(two.paging).toMatchObject({ page: 2, total: 53, from: 51, to: 53 })
    expect(ids(one.themes)).toEqual(w.themes.slice(0, 50))
    expect(ids(two.themes)).toEqual(w.themes.slice(50))
    const links = (page: { themes: { id: string; links: number }[] }, id: string) => page.themes.find((t) => t.id === id)?.links
    expect(links(one, w.some)).toBe(40)
    expect(links(one, w.many)).toBe(53)
    // Ben's private records linked to the first theme count for Ben only.
    expect(links((await themesPage(w.ben)).body, w.some)).toBe(42)
  })

  test('a malformed or out-of-range page shows page 1', async () => {
    for (const value of [...MALFORMED, '3']) {
      const { body } = await themesPage(w.ada, `?page=${value}`)
      expect(body.paging.page, value).toBe(1)
      expect(ids(body.themes), value).toEqual(w.themes.slice(0, 50))
    }
  })
})

describe("a theme's page", () => {
  test('shows 50 linked records a page, in the order they happened; page 2 the rest', async () => {
    const one = (await themePage(w.ada, w.many)).body
    const two = (await themePage(w.ada, w.many, '?page=2')).body
    expect(one.paging).toMatchObject({ page: 1, total: 53, pages: 2, from: 1, to: 50 })
    expect(two.paging).toMatchObject({ page: 2, total: 53, from: 51, to: 53 })
    const oldestFirst = [...w.adaRecords].reverse()
    expect(one.links.map((l: { recordId: string }) => l.recordId)).toEqual(oldestFirst.slice(0, 50))
    expect(two.links.map((l: { recordId: string }) => l.recordId)).toEqual(oldestFirst.slice(50))
  })

  test("links to another member's private records are neither shown nor counted; their author sees them", async () => {
    const { text, body } = await themePage(w.ada, w.some)
    expect(body.paging.total).toBe(40)
    for (const id of w.benPrivate) expect(text).not.toContain(id)
    expect(text).not.toContain("Ben's secret")
    const ben = (await themePage(w.ben, w.some)).body
    expect(ben.paging.total).toBe(42)
    expect(ben.links.map((l: { text: string }) => l.text)).toEqual(expect.arrayContaining(["Ben's secret 0", "Ben's secret 1"]))
  })

  test("offers the records it could link, 10 a page, from the current cycle, never another's private record", async () => {
    const one = (await themePage(w.ada, w.some)).body.linkable
    expect(one).toMatchObject({ cycleNumber: 1, paging: { page: 1, pageSize: 10, total: 14, pages: 2 } })
    const two = (await themePage(w.ada, w.some, '?linkCycle=1&linkPage=2')).body.linkable
    expect(two.paging).toMatchObject({ page: 2, from: 11, to: 14 })
    expect([...ids(one.records), ...ids(two.records)]).toEqual([...w.adaRecords.slice(40), w.benShared])
    // Ben's third private record is not linked yet: he is offered it, Ada is not.
    const ben = (await themePage(w.ben, w.some)).body.linkable
    expect(ben.paging.total).toBe(15)
    expect(ids(ben.records)).toContain(w.benPrivate[2])
    const { text } = await themePage(w.ada, w.some, '?linkPage=2')
    expect(text).not.toContain(w.benPrivate[2]!)
  })

  test('linking from a page of the records to link comes back to that page', async () => {
    const recordId = w.adaRecords[52]!
    const response = await post(themeRoute, {
      path: `/inquiries/${w.inquiryId}/themes/${w.some}?linkCycle=1&linkPage=2`,
      params: { inquiryId: w.inquiryId, themeId: w.some },
      cookie: w.ada.cookie,
      form: { intent: 'link', recordId },
    })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe(`/inquiries/${w.inquiryId}/themes/${w.some}?linkCycle=1&linkPage=2`)
    const after = (await themePage(w.ada, w.some)).body
    expect(after.paging.total).toBe(41)
    expect(after.linkable.paging.total).toBe(13)
    const undo = await post(themeRoute, {
      path: `/inquiries/${w.inquiryId}/themes/${w.some}`,
      params: { inquiryId: w.inquiryId, themeId: w.some },
      cookie: w.ada.cookie,
      form: { intent: 'unlink', recordId },
    })
    expect(locationOf(undo)).toBe(`/inquiries/${w.inquiryId}/themes/${w.some}`)
  })

  test('a malformed or out-of-range page, of either list, shows page 1; an unknown cycle shows the current one', async () => {
    const first = (await themePage(w.ada, w.many)).body
    for (const value of [...MALFORMED, '3']) {
      const { body } = await themePage(w.ada, w.many, `?page=${value}&linkPage=${value}&linkCycle=${value}`)
      expect(body.paging.page, value).toBe(1)
      expect(body.links, value).toEqual(first.links)
      expect(body.linkable.paging.page, value).toBe(1)
      expect(body.linkable.cycleNumber, value).toBe(1)
    }
  })
})

describe('the ratings page', () => {
  test('rates 50 themes a page, each page saved on its own; the blind round reveals once everyone has rated every page', async () => {
    const one = (await ratingsPage(w.ada)).body
    expect(one.state).toBe('blind')
    expect(one.paging).toMatchObject({ page: 1, total: 53, pages: 2, from: 1, to: 50 })
    expect(ids(one.themes)).toEqual(w.themes.slice(0, 50))
    expect(one.mine).toEqual({ unrated: 53, firstUnratedPage: 1 })
    expect(ids((await ratingsPage(w.ada, '?page=2')).body.themes)).toEqual(w.themes.slice(50))

    // Ada saves page 1 and goes on to page 2.
    const form: Record<string, string> = { intent: 'blind', page: '1', then: 'next' }
    for (const id of w.themes.slice(0, 50)) form[`rating.${id}`] = '4'
    const saved = await post(ratingsRoute, {
      path: `/inquiries/${w.inquiryId}/ratings`,
      params: { inquiryId: w.inquiryId },
      cookie: w.ada.cookie,
      form,
    })
    expect(saved.status).toBe(302)
    expect(locationOf(saved)).toBe(`/inquiries/${w.inquiryId}/ratings?saved=blind&page=2`)
    const two = (await ratingsPage(w.ada, '?page=2&saved=blind')).body
    expect(two.mine).toEqual({ unrated: 3, firstUnratedPage: 2 })
    expect(two.themes.map((t: { blind: number | null }) => t.blind)).toEqual([null, null, null])
    expect((await ratingsPage(w.ada)).body.themes.every((t: { blind: number | null }) => t.blind === 4)).toBe(true)

    // Ben sees none of it, on either page: only his own (none) and the count of members done (none yet).
    for (const query of ['', '?page=2']) {
      const { text, body } = await ratingsPage(w.ben, query)
      expect(body.themes.every((t: { blind: number | null }) => t.blind === null)).toBe(true)
      expect(body.progress).toEqual({ completed: 0, members: 3 })
      expect(body.mine).toEqual({ unrated: 53, firstUnratedPage: 1 })
      expect(text).not.toContain('"blind":4')
    }

    // A bad value on page 2 is refused beside its theme, and nothing is written.
    const before = await tableCounts(db())
    const refused = await post(ratingsRoute, {
      path: `/inquiries/${w.inquiryId}/ratings?page=2`,
      params: { inquiryId: w.inquiryId },
      cookie: w.ada.cookie,
      form: { intent: 'blind', page: '2', [`rating.${w.themes[51]}`]: '9' },
    })
    expect(refused.status).toBe(400)
    expect((await bodyOf(refused)).errors[`rating.${w.themes[51]}`]).toBe('Choose a whole number from 1 to 5.')
    expect(await tableCounts(db())).toEqual(before)

    // Ada finishes page 2: she has rated every theme, and Ben sees that one member has (not what).
    const last: Record<string, string> = { intent: 'blind', page: '2' }
    for (const id of w.themes.slice(50)) last[`rating.${id}`] = '2'
    const finished = await post(ratingsRoute, {
      path: `/inquiries/${w.inquiryId}/ratings?page=2`,
      params: { inquiryId: w.inquiryId },
      cookie: w.ada.cookie,
      form: last,
    })
    expect(locationOf(finished)).toBe(`/inquiries/${w.inquiryId}/ratings?saved=blind&page=2`)
    expect((await ratingsPage(w.ada)).body.mine).toEqual({ unrated: 0, firstUnratedPage: null })
    expect((await ratingsPage(w.ben, '?page=2')).body.progress).toEqual({ completed: 1, members: 3 })

    // Ben and Cy rate every theme; the round is revealed and the open round is paged alike.
    for (const person of [w.ben, w.cy]) await rate(db(), person, w.inquiryId, 'blind', Object.fromEntries(w.themes.map((id) => [id, 3])))
    const open = (await ratingsPage(w.ben, '?page=2')).body
    expect(open.state).toBe('open')
    expect(open.paging).toMatchObject({ page: 2, total: 53, from: 51, to: 53 })
    expect(open.mine).toBeNull()
    expect(open.progress).toEqual({ completed: 3, members: 3 })
  })

  test('a malformed or out-of-range page shows page 1', async () => {
    for (const value of [...MALFORMED, '3']) {
      const { body } = await ratingsPage(w.cy, `?page=${value}`)
      expect(body.paging.page, value).toBe(1)
      expect(ids(body.themes), value).toEqual(w.themes.slice(0, 50))
    }
  })
})

describe('the challenges list', () => {
  test('shows 50 challenges a page, newest first; page 2 the rest', async () => {
    const order = await db()
      .selectFrom('challenges')
      .select('id')
      .where('inquiryId', '=', w.inquiryId)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .execute()
    const one = (await challengesPage(w.ada)).body
    const two = (await challengesPage(w.ada, '?page=2')).body
    expect(one.paging).toMatchObject({ page: 1, total: 52, pages: 2, from: 1, to: 50 })
    expect(two.paging).toMatchObject({ page: 2, total: 52, from: 51, to: 52 })
    expect([...ids(one.challenges), ...ids(two.challenges)]).toEqual(ids(order))
    expect([...ids(one.challenges), ...ids(two.challenges)].sort()).toEqual([...w.challenges].sort())
    expect(one.challenges[0]).toMatchObject({ raisedByName: 'Cy', target: { label: "The group's process", path: null } })
  })

  test('the form offers the themes and decisions to challenge, and a shared record only when it comes from that record', async () => {
    const plain = (await challengesPage(w.ada)).body
    expect(plain.targets.some((t: { value: string }) => t.value.startsWith('record:'))).toBe(false)
    expect(plain.targets.filter((t: { value: string }) => t.value.startsWith('theme:'))).toHaveLength(53)
    const record = w.adaRecords[0]!
    const from = (await challengesPage(w.ada, `?target=record:${record}&page=2`)).body
    expect(from.preselected).toBe(`record:${record}`)
    expect(from.targets).toContainEqual({ value: `record:${record}`, label: "Record by Ada: Ada's record 0" })
    expect(from.paging.page).toBe(2)
    // Another member's private record is never offered, even when asked for.
    const secret = (await challengesPage(w.ada, `?target=record:${w.benPrivate[0]}`)).body
    expect(secret.preselected).toBe('process')
    expect(JSON.stringify(secret)).not.toContain(w.benPrivate[0])
  })

  test('a malformed or out-of-range page shows page 1', async () => {
    const first = ids((await challengesPage(w.ada)).body.challenges)
    for (const value of [...MALFORMED, '3']) {
      const { body } = await challengesPage(w.ada, `?page=${value}`)
      expect(body.paging.page, value).toBe(1)
      expect(ids(body.challenges), value).toEqual(first)
    }
  })
})
