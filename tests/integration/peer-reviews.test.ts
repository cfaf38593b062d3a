import { describe, expect, test } from 'vitest'
import { createInquiry } from '~/features/inquiries/inquiries.server'
import * as pairRoute from '~/routes/groups.$groupId.pair'
import * as reviewRoute from '~/routes/groups.$groupId.reviews.$reviewId'
import { getDb } from '~/utils/db.server'
import { notFoundResponse } from '~/utils/http.server'
import { createPair, createPerson, createTestRecord, createTestReview, createWorld, type TestPerson, type World } from '../factories'
import { renderPage } from './fuzz-server'
import {
  bodyOf,
  call,
  get,
  idFrom,
  importRoute,
  locationOf,
  pathFor,
  post,
  routeFiles,
  routeIdOf,
  tableCounts,
  type RouteModule,
} from './harness'
import { spec } from './route-table'

// The peer reviews: the client raises first, and until the client has submitted or
// passed, each of the two sees only their own items — enforced on the server and checked here
// through every response either of them can fetch. Then the limits, the client's ordering,
// the shared notes, and the outcome rule (continue, change and pause need both; either may
// end alone, saying why; different choices are "not agreed" and the arrangement stands).

const db = () => getDb()
const NOT_FOUND_BODY = await notFoundResponse().text()

const reviewPath = (groupId: string, reviewId: string) => `/groups/${groupId}/reviews/${reviewId}`
const dataPath = (path: string, file: string) => `${path}${path.includes('?') ? '&' : '?'}_data=${encodeURIComponent(routeIdOf(file))}`
const REVIEW_FILE = 'groups.$groupId.reviews.$reviewId.tsx'

function reviewPost(person: TestPerson, groupId: string, reviewId: string, form: Record<string, string>) {
  return post(reviewRoute, { path: reviewPath(groupId, reviewId), params: { groupId, reviewId }, cookie: person.cookie, form })
}

async function reviewView(person: TestPerson, groupId: string, reviewId: string, data = false) {
  const path = data ? dataPath(reviewPath(groupId, reviewId), REVIEW_FILE) : reviewPath(groupId, reviewId)
  const response = await get(reviewRoute, { path, params: { groupId, reviewId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

const textsOf = (view: { items: { text: string }[] }) => view.items.map((i) => i.text)

async function pairSettings(groupId: string) {
  return db()
    .selectFrom('pairSettings')
    .select(['status', 'statusNote', 'nextReviewOn', 'cadenceDays'])
    .where('groupId', '=', groupId)
    .executeTakeFirstOrThrow()
}

async function reviewRow(reviewId: string) {
  return db().selectFrom('peerReviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow()
}

/** A consented pair of two new people with an open review. */
async function pairWithReview(items: Parameters<typeof createTestReview>[4] = {}) {
  const client = await createPerson(db(), 'Client')
  const practitioner = await createPerson(db(), 'Practitioner')
  const groupId = await createPair(db(), client, practitioner, { name: `Pair of ${client.displayName}`, consent: true })
  const reviewId = await createTestReview(db(), groupId, client, practitioner, items)
  return { client, practitioner, groupId, reviewId }
}

/** A pair whose open review has the client's two items and the practitioner's one, and the client has submitted. */
async function openAgenda() {
  const pair = await pairWithReview({
    client: [
      { kind: 'dissatisfaction', text: 'Sessions start late.' },
      { kind: 'satisfaction', text: 'I like the notes between sessions.' },
    ],
    practitioner: [{ kind: 'proposal', text: 'Could we try a walk outside?' }],
    submit: true,
  })
  const items = await db()
    .selectFrom('agendaItems')
    .select(['id', 'text'])
    .where('reviewId', '=', pair.reviewId)
    .orderBy('position')
    .execute()
  const id = (text: string) => items.find((i) => i.text === text)!.id
  return { ...pair, id }
}

function choose(person: TestPerson, pair: { groupId: string; reviewId: string }, outcome: string, reason = '') {
  return reviewPost(person, pair.groupId, pair.reviewId, { intent: 'outcome', outcome, reason })
}

const today = () => new Date().toISOString().slice(0, 10)
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

// ---------------------------------------------------------------------------------------
// The hiding rule, through every response.

const loaderFiles: string[] = []
for (const file of routeFiles()) {
  if (typeof (await importRoute(file)).loader === 'function') loaderFiles.push(file)
}

type Probe = {
  label: string
  module: RouteModule
  method: 'GET' | 'POST'
  path: string
  params: Record<string, string>
  form?: Record<string, string>
}

/** The world's first pair with more in it: a pair inquiry with a record by each, and an open amendment of the principles. */
async function pairContent(w: World) {
  const inquiryId = await createInquiry(db(), w.alice, w.pairId, {
    title: `Our work ${w.tag}`,
    question: `How is our work together going, ${w.tag}?`,
    templateSlug: 'client-practitioner-peer-review',
  })
  const aliceRecordId = await createTestRecord(db(), w.alice, inquiryId, { text: `Alice's own note ${w.tag}`, visibility: 'private' })
  const danaRecordId = await createTestRecord(db(), w.dana, inquiryId, { text: `Dana's shared note ${w.tag}`, visibility: 'group' })
  const proposed = await post(pairRoute, {
    path: `/groups/${w.pairId}/pair`,
    params: { groupId: w.pairId },
    cookie: w.dana.cookie,
    form: { intent: 'principles', principles: `We meet fortnightly.\nWe keep to time, ${w.tag}.`, summary: 'Keeping to time.' },
  })
  const decisionId = idFrom(proposed, '/decisions')
  return { inquiryId, aliceRecordId, danaRecordId, decisionId }
}

/**
 * Every GET of every route with a loader (derived from the route table), as a page and as a
 * Remix data request: with the route table's own parameters, and with them pointed at the
 * world's first pair — its group id, its open review, its inquiry, records and decision.
 */
function probesFor(w: World, content: Awaited<ReturnType<typeof pairContent>>, modules: Map<string, RouteModule>): Probe[] {
  const out: Probe[] = []
  const seen = new Set<string>()
  for (const file of loaderFiles) {
    const base = spec(file).params(w)
    const forPair: Record<string, string> = { ...base }
    if ('groupId' in base) forPair.groupId = w.pairId
    if ('reviewId' in base) forPair.reviewId = w.reviewId
    if ('inquiryId' in base) forPair.inquiryId = content.inquiryId
    if ('decisionId' in base) forPair.decisionId = content.decisionId
    if ('cycleNumber' in base) forPair.cycleNumber = '1'
    const variants = [base, forPair]
    if ('recordId' in base) {
      variants.push({ ...forPair, recordId: content.aliceRecordId }, { ...forPair, recordId: content.danaRecordId })
    }
    for (const params of variants) {
      const path = pathFor(file, params)
      for (const full of [path, dataPath(path, file)]) {
        if (seen.has(full)) continue
        seen.add(full)
        out.push({ label: `GET ${full}`, module: modules.get(file)!, method: 'GET', path: full, params })
      }
    }
  }
  return out
}

/** What the review's actions answer when the other person's items are aimed at: refusals must not echo them. */
function postProbes(w: World, itemIds: { alice: string; dana: string }): Probe[] {
  const params = { groupId: w.pairId, reviewId: w.reviewId }
  const path = reviewPath(w.pairId, w.reviewId)
  const forms: Record<string, string>[] = [
    { intent: 'note', itemId: itemIds.alice, note: 'A note on the client item' },
    { intent: 'note', itemId: itemIds.dana, note: 'A note on the practitioner item' },
    { intent: 'move', itemId: itemIds.alice, direction: 'down' },
    { intent: 'move', itemId: itemIds.dana, direction: 'up' },
    { intent: 'outcome', outcome: 'continue', reason: '' },
    { intent: 'raise', kind: 'nonsense', text: '' },
  ]
  return forms.map((form) => ({
    label: `POST ${path} ${JSON.stringify(form)}`,
    module: reviewRoute,
    method: 'POST' as const,
    path,
    params,
    form,
  }))
}

async function observe(viewer: TestPerson, probes: Probe[]): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>()
  for (const probe of probes) {
    const response = await call(probe.module, probe.method, {
      path: probe.path,
      params: probe.params,
      cookie: viewer.cookie,
      form: probe.form,
    })
    snapshot.set(probe.label, `${response.status} ${locationOf(response)}\n${await response.text()}`)
  }
  return snapshot
}

function leaks(snapshot: Map<string, string>, hidden: string[]): string[] {
  return [...snapshot].flatMap(([label, body]) => hidden.filter((h) => body.includes(h)).map((h) => `${label} shows "${h}"`))
}

function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...a.keys()].filter((key) => a.get(key) !== b.get(key))
}

describe("the client raises first: until the client submits or passes, neither sees the other's items", () => {
  test('in no response either of them can fetch, from any route, as page or data; once the client submits both see everything', async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const content = await pairContent(w)
    const modules = new Map<string, RouteModule>()
    for (const file of loaderFiles) modules.set(file, await importRoute(file))
    // A second item each, so that hiding is not just about one row.
    const aliceSecond = `Alice's second pending item ${w.tag}`
    const danaSecond = `Dana's second hidden item ${w.tag}`
    expect((await reviewPost(w.alice, w.pairId, w.reviewId, { intent: 'raise', kind: 'between_us', text: aliceSecond })).status).toBe(302)
    expect((await reviewPost(w.dana, w.pairId, w.reviewId, { intent: 'raise', kind: 'satisfaction', text: danaSecond })).status).toBe(302)
    const aliceTexts = [w.clientItemText, aliceSecond]
    const danaTexts = [w.practitionerItemText, danaSecond]
    const ids = await db().selectFrom('agendaItems').select(['id', 'text']).where('reviewId', '=', w.reviewId).execute()
    const itemIds = {
      alice: ids.find((i) => i.text === w.clientItemText)!.id,
      dana: ids.find((i) => i.text === w.practitionerItemText)!.id,
    }

    const gets = probesFor(w, content, modules)
    expect(gets.length).toBeGreaterThan(60)
    expect(gets.some((p) => p.path === dataPath(reviewPath(w.pairId, w.reviewId), REVIEW_FILE))).toBe(true)
    expect(gets.some((p) => p.path === dataPath(`/groups/${w.pairId}/pair`, 'groups.$groupId.pair.tsx'))).toBe(true)
    const probes = [...gets, ...postProbes(w, itemIds)]
    const before = await tableCounts(db())
    const alice = await observe(w.alice, probes)
    const dana = await observe(w.dana, probes)
    // The refused actions wrote nothing.
    expect(await tableCounts(db())).toEqual(before)

    // The probes reached real pages of the pair: its page, the review, the inquiry, the decision.
    for (const snapshot of [alice, dana]) {
      for (const path of [
        `/groups/${w.pairId}/pair`,
        reviewPath(w.pairId, w.reviewId),
        `/inquiries/${content.inquiryId}`,
        `/decisions/${content.decisionId}`,
      ]) {
        expect(snapshot.get(`GET ${path}`)!.startsWith('200 '), path).toBe(true)
      }
      expect([...snapshot.values()].filter((t) => t.startsWith('200 ')).length).toBeGreaterThan(30)
    }
    // Each sees their own items, in the review page and its data request ...
    for (const path of [reviewPath(w.pairId, w.reviewId), dataPath(reviewPath(w.pairId, w.reviewId), REVIEW_FILE)]) {
      for (const text of aliceTexts) expect(alice.get(`GET ${path}`)).toContain(text)
      for (const text of danaTexts) expect(dana.get(`GET ${path}`)).toContain(text)
    }
    // ... and nothing anywhere of the other's.
    expect(leaks(alice, danaTexts)).toEqual([])
    expect(leaks(dana, aliceTexts)).toEqual([])
    const aliceView = await reviewView(w.alice, w.pairId, w.reviewId, true)
    expect(textsOf(aliceView)).toEqual(aliceTexts)
    expect(aliceView.items.every((i: { raisedAs: string; isMine: boolean }) => i.raisedAs === 'client' && i.isMine)).toBe(true)
    expect(textsOf(await reviewView(w.dana, w.pairId, w.reviewId, true))).toEqual(danaTexts)

    // Nothing either receives changes when the other raises one more hidden item.
    expect(
      (await reviewPost(w.dana, w.pairId, w.reviewId, { intent: 'raise', kind: 'dissatisfaction', text: `Dana's third ${w.tag}` })).status,
    ).toBe(302)
    expect(differences(alice, await observe(w.alice, probes))).toEqual([])
    const danaNow = await observe(w.dana, probes)
    expect(
      (await reviewPost(w.alice, w.pairId, w.reviewId, { intent: 'raise', kind: 'proposal', text: `Alice's third ${w.tag}` })).status,
    ).toBe(302)
    expect(differences(danaNow, await observe(w.dana, probes))).toEqual([])
    aliceTexts.push(`Alice's third ${w.tag}`)
    danaTexts.push(`Dana's third ${w.tag}`)

    // The client submits: now both see every item, and the detector sees them too.
    expect((await reviewPost(w.alice, w.pairId, w.reviewId, { intent: 'finish' })).status).toBe(302)
    expect((await reviewRow(w.reviewId)).clientTurn).toBe('submitted')
    for (const viewer of [w.alice, w.dana]) {
      for (const data of [false, true]) {
        const view = await reviewView(viewer, w.pairId, w.reviewId, data)
        expect(view.review.clientTurn).toBe('submitted')
        expect(textsOf(view).sort()).toEqual([...aliceTexts, ...danaTexts].sort())
      }
    }
    expect(leaks(await observe(w.alice, gets), danaTexts).length).toBeGreaterThan(0)
    expect(leaks(await observe(w.dana, gets), aliceTexts).length).toBeGreaterThan(0)
  })

  test("when the client passes without raising anything, the practitioner's items open to the client", async () => {
    const pair = await pairWithReview({
      practitioner: [
        { kind: 'proposal', text: 'Shall we meet fortnightly?' },
        { kind: 'satisfaction', text: 'You brought more this month.' },
      ],
    })
    expect(textsOf(await reviewView(pair.client, pair.groupId, pair.reviewId))).toEqual([])
    expect((await reviewView(pair.practitioner, pair.groupId, pair.reviewId)).items).toHaveLength(2)
    expect((await reviewPost(pair.client, pair.groupId, pair.reviewId, { intent: 'finish' })).status).toBe(302)
    expect((await reviewRow(pair.reviewId)).clientTurn).toBe('passed')
    for (const data of [false, true]) {
      expect(textsOf(await reviewView(pair.client, pair.groupId, pair.reviewId, data))).toEqual([
        'Shall we meet fortnightly?',
        'You brought more this month.',
      ])
    }
  })

  test("only the client ends the client's turn, and only once", async () => {
    const pair = await pairWithReview({ client: [{ kind: 'satisfaction', text: 'Good to be heard.' }] })
    const before = await tableCounts(db())
    const refused = await reviewPost(pair.practitioner, pair.groupId, pair.reviewId, { intent: 'finish' })
    expect(refused.status).toBe(403)
    expect((await bodyOf(refused)).formError).toBe('The client decides when their turn is done.')
    expect(await tableCounts(db())).toEqual(before)
    expect((await reviewRow(pair.reviewId)).clientTurn).toBe('raising')
    expect((await reviewPost(pair.client, pair.groupId, pair.reviewId, { intent: 'finish' })).status).toBe(302)
    const again = await reviewPost(pair.client, pair.groupId, pair.reviewId, { intent: 'finish' })
    expect(again.status).toBe(409)
    expect((await bodyOf(again)).formError).toBe('You have already submitted your items.')
  })
})

describe('raising items', () => {
  test('the practitioner raises at most 3 items: the 4th is a 409 and nothing is written', async () => {
    const pair = await pairWithReview()
    for (let i = 1; i <= 3; i++) {
      expect(
        (
          await reviewPost(pair.practitioner, pair.groupId, pair.reviewId, {
            intent: 'raise',
            kind: 'proposal',
            text: `Practitioner item ${i}`,
          })
        ).status,
      ).toBe(302)
    }
    const view = await reviewView(pair.practitioner, pair.groupId, pair.reviewId)
    expect([view.myItemCount, view.itemLimit]).toEqual([3, 3])
    const before = await tableCounts(db())
    const fourth = await reviewPost(pair.practitioner, pair.groupId, pair.reviewId, {
      intent: 'raise',
      kind: 'proposal',
      text: 'Practitioner item 4',
    })
    expect(fourth.status).toBe(409)
    expect((await bodyOf(fourth)).formError).toBe('You can raise at most 3 items in a review; the client may raise more.')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('the client may raise up to 10 items, more than the practitioner; the 11th is a 409', async () => {
    const pair = await pairWithReview()
    for (let i = 1; i <= 10; i++) {
      const response = await reviewPost(pair.client, pair.groupId, pair.reviewId, {
        intent: 'raise',
        kind: i % 2 ? 'satisfaction' : 'dissatisfaction',
        text: `Client item ${i}`,
      })
      expect(response.status, `item ${i}`).toBe(302)
    }
    const view = await reviewView(pair.client, pair.groupId, pair.reviewId)
    expect([view.myItemCount, view.itemLimit]).toEqual([10, 10])
    expect(textsOf(view)).toEqual(Array.from({ length: 10 }, (_, i) => `Client item ${i + 1}`))
    const before = await tableCounts(db())
    const eleventh = await reviewPost(pair.client, pair.groupId, pair.reviewId, {
      intent: 'raise',
      kind: 'proposal',
      text: 'Client item 11',
    })
    expect(eleventh.status).toBe(409)
    expect((await bodyOf(eleventh)).formError).toBe('You can raise at most 10 items in a review.')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('an item needs a kind and a few words: 400 beside the field, the input kept', async () => {
    const pair = await pairWithReview()
    const before = await tableCounts(db())
    const noKind = await reviewPost(pair.client, pair.groupId, pair.reviewId, {
      intent: 'raise',
      kind: 'complaint',
      text: 'The room is cold.',
    })
    expect(noKind.status).toBe(400)
    const body = await bodyOf(noKind)
    expect(body.errors).toEqual({ kind: 'Choose what kind of item this is.' })
    expect(body.values.text).toBe('The room is cold.')
    const noText = await reviewPost(pair.client, pair.groupId, pair.reviewId, { intent: 'raise', kind: 'dissatisfaction', text: '  ' })
    expect(noText.status).toBe(400)
    expect((await bodyOf(noText)).errors).toEqual({ text: 'Say what you want to raise.' })
    expect(await tableCounts(db())).toEqual(before)
  })

  test('each item is kept with who raised it, in which role and of which kind', async () => {
    const pair = await pairWithReview()
    expect(
      (
        await reviewPost(pair.client, pair.groupId, pair.reviewId, {
          intent: 'raise',
          kind: 'between_us',
          text: 'Sometimes I feel tested.',
        })
      ).status,
    ).toBe(302)
    const [row] = await db().selectFrom('agendaItems').selectAll().where('reviewId', '=', pair.reviewId).execute()
    expect(row).toMatchObject({
      raisedBy: pair.client.id,
      raisedAs: 'client',
      kind: 'between_us',
      text: 'Sometimes I feel tested.',
      note: null,
    })
  })
})

describe('the agenda once the client has submitted', () => {
  test('the client orders the agenda; the practitioner gets 403 and the order stays', async () => {
    const pair = await openAgenda()
    const order = async (person: TestPerson) => textsOf(await reviewView(person, pair.groupId, pair.reviewId))
    expect(await order(pair.client)).toEqual(['Sessions start late.', 'I like the notes between sessions.', 'Could we try a walk outside?'])

    const before = await tableCounts(db())
    const refused = await reviewPost(pair.practitioner, pair.groupId, pair.reviewId, {
      intent: 'move',
      itemId: pair.id('Could we try a walk outside?'),
      direction: 'up',
    })
    expect(refused.status).toBe(403)
    expect((await bodyOf(refused)).formError).toBe('The client orders the agenda.')
    expect(await tableCounts(db())).toEqual(before)
    expect(await order(pair.practitioner)).toEqual([
      'Sessions start late.',
      'I like the notes between sessions.',
      'Could we try a walk outside?',
    ])

    expect(
      (
        await reviewPost(pair.client, pair.groupId, pair.reviewId, {
          intent: 'move',
          itemId: pair.id('Could we try a walk outside?'),
          direction: 'up',
        })
      ).status,
    ).toBe(302)
    expect(
      (
        await reviewPost(pair.client, pair.groupId, pair.reviewId, {
          intent: 'move',
          itemId: pair.id('Sessions start late.'),
          direction: 'down',
        })
      ).status,
    ).toBe(302)
    const moved = ['Could we try a walk outside?', 'Sessions start late.', 'I like the notes between sessions.']
    expect(await order(pair.client)).toEqual(moved)
    expect(await order(pair.practitioner)).toEqual(moved)
    // Moving the first item up changes nothing.
    expect(
      (
        await reviewPost(pair.client, pair.groupId, pair.reviewId, {
          intent: 'move',
          itemId: pair.id('Could we try a walk outside?'),
          direction: 'up',
        })
      ).status,
    ).toBe(302)
    expect(await order(pair.practitioner)).toEqual(moved)

    const unknown = await reviewPost(pair.client, pair.groupId, pair.reviewId, {
      intent: 'move',
      itemId: 'Zz9unknownId0000',
      direction: 'up',
    })
    expect(unknown.status).toBe(400)
    expect((await bodyOf(unknown)).errors).toEqual({ itemId: 'Choose an item of this review.' })
  })

  test('the agenda cannot be ordered, noted or decided while the client is still raising', async () => {
    const pair = await pairWithReview({
      client: [{ kind: 'satisfaction', text: 'Kept for now.' }],
      practitioner: [{ kind: 'proposal', text: 'Hidden for now.' }],
    })
    const [itemId] = (
      await db().selectFrom('agendaItems').select('id').where('reviewId', '=', pair.reviewId).orderBy('position').execute()
    ).map((r) => r.id)
    const before = await tableCounts(db())
    for (const [person, form] of [
      [pair.client, { intent: 'move', itemId: itemId!, direction: 'down' }],
      [pair.client, { intent: 'note', itemId: itemId!, note: 'Too early' }],
      [pair.practitioner, { intent: 'note', itemId: itemId!, note: 'Too early' }],
      [pair.client, { intent: 'outcome', outcome: 'continue', reason: '' }],
      [pair.practitioner, { intent: 'outcome', outcome: 'end', reason: 'Too early to end' }],
    ] as const) {
      const response = await reviewPost(person, pair.groupId, pair.reviewId, form)
      expect(response.status, JSON.stringify(form)).toBe(409)
      expect((await bodyOf(response)).formError).toBe('The agenda opens once the client has submitted their items or passed.')
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('either of them writes the short shared note on an item, and both see it', async () => {
    const pair = await openAgenda()
    expect(
      (
        await reviewPost(pair.practitioner, pair.groupId, pair.reviewId, {
          intent: 'note',
          itemId: pair.id('Sessions start late.'),
          note: '  We start on time from now.  ',
        })
      ).status,
    ).toBe(302)
    expect(
      (
        await reviewPost(pair.client, pair.groupId, pair.reviewId, {
          intent: 'note',
          itemId: pair.id('Could we try a walk outside?'),
          note: 'Once, in spring.',
        })
      ).status,
    ).toBe(302)
    const rows = await db()
      .selectFrom('agendaItems')
      .select(['text', 'note', 'noteBy'])
      .where('reviewId', '=', pair.reviewId)
      .orderBy('position')
      .execute()
    expect(rows).toEqual([
      { text: 'Sessions start late.', note: 'We start on time from now.', noteBy: pair.practitioner.id },
      { text: 'I like the notes between sessions.', note: null, noteBy: null },
      { text: 'Could we try a walk outside?', note: 'Once, in spring.', noteBy: pair.client.id },
    ])
    for (const person of [pair.client, pair.practitioner]) {
      const view = await reviewView(person, pair.groupId, pair.reviewId)
      expect(view.items.map((i: { note: string | null; noteByName: string | null }) => [i.note, i.noteByName])).toEqual([
        ['We start on time from now.', pair.practitioner.displayName],
        [null, null],
        ['Once, in spring.', pair.client.displayName],
      ])
    }
    // The other may rewrite it; it is one shared note.
    expect(
      (
        await reviewPost(pair.client, pair.groupId, pair.reviewId, {
          intent: 'note',
          itemId: pair.id('Sessions start late.'),
          note: 'On time, and I text if I am late.',
        })
      ).status,
    ).toBe(302)
    expect((await reviewView(pair.practitioner, pair.groupId, pair.reviewId)).items[0]).toMatchObject({
      note: 'On time, and I text if I am late.',
      noteByName: pair.client.displayName,
    })

    const before = await tableCounts(db())
    const empty = await reviewPost(pair.client, pair.groupId, pair.reviewId, {
      intent: 'note',
      itemId: pair.id('Sessions start late.'),
      note: ' ',
    })
    expect(empty.status).toBe(400)
    expect((await bodyOf(empty)).errors).toEqual({ note: 'Write what was said and what will change.' })
    expect(await tableCounts(db())).toEqual(before)
    const other = await pairWithReview({ client: [{ kind: 'satisfaction', text: 'In another review' }] })
    const [elsewhere] = await db().selectFrom('agendaItems').select('id').where('reviewId', '=', other.reviewId).execute()
    const beforeElsewhere = await tableCounts(db())
    const wrong = await reviewPost(pair.client, pair.groupId, pair.reviewId, {
      intent: 'note',
      itemId: elsewhere!.id,
      note: 'Not this review',
    })
    expect(wrong.status).toBe(400)
    expect((await bodyOf(wrong)).errors).toEqual({ itemId: 'Choose an item of this review.' })
    expect(await tableCounts(db())).toEqual(beforeElsewhere)
  })
})

describe('the outcome of a review', () => {
  test('continue needs both: one choice leaves the review open and stays hidden from the other until both have chosen', async () => {
    const pair = await openAgenda()
    const reason = 'Feels right to keep going as we are.'
    expect((await choose(pair.client, pair, 'continue', reason)).status).toBe(302)
    expect((await reviewRow(pair.reviewId)).status).toBe('open')

    const mine = await reviewView(pair.client, pair.groupId, pair.reviewId)
    expect(mine.myChoice).toMatchObject({ outcome: 'continue', reason })
    expect([mine.otherHasChosen, mine.choices]).toEqual([false, []])
    for (const data of [false, true]) {
      const response = await get(reviewRoute, {
        path: data ? dataPath(reviewPath(pair.groupId, pair.reviewId), REVIEW_FILE) : reviewPath(pair.groupId, pair.reviewId),
        params: { groupId: pair.groupId, reviewId: pair.reviewId },
        cookie: pair.practitioner.cookie,
      })
      const text = await response.text()
      const theirs = JSON.parse(text)
      expect(theirs.review).toMatchObject({ status: 'open', outcome: null })
      expect([theirs.myChoice, theirs.otherHasChosen, theirs.choices]).toEqual([null, true, []])
      expect(text).not.toContain(reason)
      expect(text).not.toContain('"continue"')
    }
    // The pair page shows the review as open.
    const page = await bodyOf(
      await get(pairRoute, { path: `/groups/${pair.groupId}/pair`, params: { groupId: pair.groupId }, cookie: pair.practitioner.cookie }),
    )
    expect(page.openPeerReviewId).toBe(pair.reviewId)

    // The client may change their mind while waiting.
    expect((await choose(pair.client, pair, 'change', 'Perhaps fortnightly after all.')).status).toBe(302)
    expect((await choose(pair.client, pair, 'continue', reason)).status).toBe(302)
    expect(await db().selectFrom('outcomeChoices').select(['personId', 'outcome']).where('reviewId', '=', pair.reviewId).execute()).toEqual(
      [{ personId: pair.client.id, outcome: 'continue' }],
    )

    expect((await choose(pair.practitioner, pair, 'continue')).status).toBe(302)
    const closed = await reviewRow(pair.reviewId)
    expect(closed).toMatchObject({ status: 'closed', outcome: 'continue', endedBy: null, outcomeNote: `Client: ${reason}` })
    expect(closed.closedAt).not.toBeNull()
    expect(await pairSettings(pair.groupId)).toEqual({
      status: 'active',
      statusNote: null,
      nextReviewOn: daysFromToday(28),
      cadenceDays: 28,
    })
    for (const person of [pair.client, pair.practitioner]) {
      const view = await reviewView(person, pair.groupId, pair.reviewId)
      expect(view.review).toMatchObject({ status: 'closed', outcome: 'continue' })
      expect(view.choices).toEqual(
        expect.arrayContaining([
          { role: 'client', outcome: 'continue', reason },
          { role: 'practitioner', outcome: 'continue', reason: null },
        ]),
      )
      expect(view.choices).toHaveLength(2)
    }
    // A closed review takes no more items, notes or choices.
    const before = await tableCounts(db())
    for (const form of [
      { intent: 'raise', kind: 'satisfaction', text: 'Late addition' },
      { intent: 'outcome', outcome: 'end', reason: 'Changed my mind' },
    ] as Record<string, string>[]) {
      const response = await reviewPost(pair.client, pair.groupId, pair.reviewId, form)
      expect(response.status).toBe(409)
      expect((await bodyOf(response)).formError).toBe('This review has closed.')
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('changing the focus or structure needs both, and a reason', async () => {
    const pair = await openAgenda()
    const before = await tableCounts(db())
    const bare = await choose(pair.client, pair, 'change')
    expect(bare.status).toBe(400)
    expect((await bodyOf(bare)).errors).toEqual({ reason: 'Say what should change.' })
    expect(await tableCounts(db())).toEqual(before)
    expect((await choose(pair.client, pair, 'change', 'Fortnightly, longer sessions.')).status).toBe(302)
    expect((await reviewRow(pair.reviewId)).status).toBe('open')
    expect((await choose(pair.practitioner, pair, 'change', 'Agreed: fortnightly, 75 minutes.')).status).toBe(302)
    expect(await reviewRow(pair.reviewId)).toMatchObject({
      status: 'closed',
      outcome: 'change',
      outcomeNote: expect.stringContaining('Client: Fortnightly, longer sessions.'),
    })
    expect((await reviewRow(pair.reviewId)).outcomeNote).toContain('Practitioner: Agreed: fortnightly, 75 minutes.')
    expect((await pairSettings(pair.groupId)).status).toBe('active')
  })

  test('different choices close the review as not agreed, and the present arrangement stands', async () => {
    const pair = await openAgenda()
    expect((await choose(pair.practitioner, pair, 'pause')).status).toBe(302)
    expect((await reviewRow(pair.reviewId)).status).toBe('open')
    expect((await choose(pair.client, pair, 'continue')).status).toBe(302)
    expect(await reviewRow(pair.reviewId)).toMatchObject({ status: 'closed', outcome: 'not_agreed', endedBy: null })
    expect(await pairSettings(pair.groupId)).toMatchObject({ status: 'active', statusNote: null, cadenceDays: 28 })
    const view = await reviewView(pair.client, pair.groupId, pair.reviewId)
    expect(view.choices).toEqual(
      expect.arrayContaining([
        { role: 'client', outcome: 'continue', reason: null },
        { role: 'practitioner', outcome: 'pause', reason: null },
      ]),
    )
    // The work goes on: the next review opens.
    expect(
      (
        await post(pairRoute, {
          path: `/groups/${pair.groupId}/pair`,
          params: { groupId: pair.groupId },
          cookie: pair.practitioner.cookie,
          form: { intent: 'open-review' },
        })
      ).status,
    ).toBe(302)
  })

  test('pausing needs both and pauses the work; a later disagreement leaves it paused', async () => {
    const pair = await openAgenda()
    expect((await choose(pair.client, pair, 'pause')).status).toBe(302)
    expect((await pairSettings(pair.groupId)).status).toBe('active')
    expect((await choose(pair.practitioner, pair, 'pause')).status).toBe(302)
    expect(await reviewRow(pair.reviewId)).toMatchObject({ status: 'closed', outcome: 'pause' })
    expect(await pairSettings(pair.groupId)).toMatchObject({ status: 'paused', nextReviewOn: daysFromToday(28) })
    const page = await bodyOf(
      await get(pairRoute, { path: `/groups/${pair.groupId}/pair`, params: { groupId: pair.groupId }, cookie: pair.client.cookie }),
    )
    expect(page.settings.status).toBe('paused')

    const nextId = idFrom(
      await post(pairRoute, {
        path: `/groups/${pair.groupId}/pair`,
        params: { groupId: pair.groupId },
        cookie: pair.client.cookie,
        form: { intent: 'open-review' },
      }),
      `/groups/${pair.groupId}/reviews`,
    )
    const next = { groupId: pair.groupId, reviewId: nextId }
    expect((await reviewPost(pair.client, pair.groupId, nextId, { intent: 'finish' })).status).toBe(302)
    expect((await choose(pair.client, next, 'continue')).status).toBe(302)
    expect((await choose(pair.practitioner, next, 'change', 'Monthly, online.')).status).toBe(302)
    expect((await reviewRow(nextId)).outcome).toBe('not_agreed')
    expect((await pairSettings(pair.groupId)).status).toBe('paused')
  })

  test('the client can end the work alone, with the reason recorded; without a reason it is a 400; then no review opens', async () => {
    const pair = await openAgenda()
    const before = await tableCounts(db())
    const bare = await choose(pair.client, pair, 'end', '  ')
    expect(bare.status).toBe(400)
    expect((await bodyOf(bare)).errors).toEqual({ reason: 'Say why you are ending the work.' })
    expect(await tableCounts(db())).toEqual(before)

    const reason = 'I have what I came for and want to carry on alone.'
    expect((await choose(pair.client, pair, 'end', reason)).status).toBe(302)
    expect(await reviewRow(pair.reviewId)).toMatchObject({
      status: 'closed',
      outcome: 'end',
      endedBy: pair.client.id,
      outcomeNote: `Client: ${reason}`,
    })
    expect(await pairSettings(pair.groupId)).toMatchObject({ status: 'ended', statusNote: reason, nextReviewOn: null })
    const audit = await db()
      .selectFrom('auditEvents')
      .select(['personId', 'kind'])
      .where('groupId', '=', pair.groupId)
      .where('kind', '=', 'pair_ended')
      .execute()
    expect(audit).toEqual([{ personId: pair.client.id, kind: 'pair_ended' }])
    for (const person of [pair.client, pair.practitioner]) {
      const page = await bodyOf(
        await get(pairRoute, { path: `/groups/${pair.groupId}/pair`, params: { groupId: pair.groupId }, cookie: person.cookie }),
      )
      expect(page.settings).toMatchObject({ status: 'ended', statusNote: reason })
      expect(page.openPeerReviewId).toBeNull()
    }

    const beforeOpen = await tableCounts(db())
    for (const person of [pair.practitioner, pair.client]) {
      const refused = await post(pairRoute, {
        path: `/groups/${pair.groupId}/pair`,
        params: { groupId: pair.groupId },
        cookie: person.cookie,
        form: { intent: 'open-review' },
      })
      expect(refused.status).toBe(409)
      expect((await bodyOf(refused)).formError).toBe('This work has ended; no further reviews can be held.')
    }
    expect(await tableCounts(db())).toEqual(beforeOpen)
  })

  test('the practitioner, too, can end the work alone, even after the client chose to continue', async () => {
    const pair = await openAgenda()
    expect((await choose(pair.client, pair, 'continue')).status).toBe(302)
    expect((await choose(pair.practitioner, pair, 'end', 'I am retiring from practice at the end of the month.')).status).toBe(302)
    expect(await reviewRow(pair.reviewId)).toMatchObject({ status: 'closed', outcome: 'end', endedBy: pair.practitioner.id })
    expect(await pairSettings(pair.groupId)).toMatchObject({
      status: 'ended',
      statusNote: 'I am retiring from practice at the end of the month.',
    })
    expect(today() <= (await reviewRow(pair.reviewId)).closedAt!.slice(0, 10)).toBe(true)
  })

  test('an outcome from anyone but the two is a 404, and nothing is written', async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const params = { groupId: w.agendaPairId, reviewId: w.agendaReviewId }
    const before = await tableCounts(db())
    for (const person of [w.outsider, w.carol, w.bob]) {
      for (const [outcome, reason] of [
        ['end', "Ending someone else's work"],
        ['continue', ''],
        ['pause', ''],
      ]) {
        const response = await post(reviewRoute, {
          path: reviewPath(params.groupId, params.reviewId),
          params,
          cookie: person.cookie,
          form: { intent: 'outcome', outcome: outcome!, reason: reason! },
        })
        expect(response.status).toBe(404)
        expect(await response.text()).toBe(NOT_FOUND_BODY)
      }
    }
    expect(await tableCounts(db())).toEqual(before)
    expect(await db().selectFrom('outcomeChoices').selectAll().where('reviewId', '=', w.agendaReviewId).execute()).toEqual([])
    expect(await reviewRow(w.agendaReviewId)).toMatchObject({ status: 'open', outcome: null })
    // Anonymous: to the login page, nothing written.
    const anonymous = await post(reviewRoute, {
      path: reviewPath(params.groupId, params.reviewId),
      params,
      form: { intent: 'outcome', outcome: 'end', reason: 'Nobody' },
    })
    expect(anonymous.status).toBe(302)
    expect(locationOf(anonymous)).toMatch(/^\/login\?redirectTo=/)
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe("the client first: the client's items lead the agenda by default (issue 13)", () => {
  /** The agenda's texts in the order the rendered review page shows them. */
  async function renderedOrder(person: TestPerson, groupId: string, reviewId: string, texts: string[]) {
    const { status, html } = await renderPage(reviewPath(groupId, reviewId), person.cookie)
    expect(status).toBe(200)
    const at = texts.map((t) => [t, html.indexOf(`>${t}<`)] as const)
    for (const [text, index] of at) expect(index, text).toBeGreaterThan(-1)
    return [...at].sort((a, b) => a[1] - b[1]).map(([t]) => t)
  }

  /** The agenda as each of the two sees it: loader data as page and as data request, and the rendered page. */
  async function everyView(pair: { client: TestPerson; practitioner: TestPerson; groupId: string; reviewId: string }, texts: string[]) {
    const views: Record<string, string[]> = {}
    for (const [who, person] of [
      ['client', pair.client],
      ['practitioner', pair.practitioner],
    ] as const) {
      views[`${who} page`] = textsOf(await reviewView(person, pair.groupId, pair.reviewId))
      views[`${who} data`] = textsOf(await reviewView(person, pair.groupId, pair.reviewId, true))
      views[`${who} html`] = await renderedOrder(person, pair.groupId, pair.reviewId, texts)
    }
    return views
  }

  const raise = (person: TestPerson, pair: { groupId: string; reviewId: string }, text: string, kind = 'proposal') =>
    reviewPost(person, pair.groupId, pair.reviewId, { intent: 'raise', kind, text })

  test("items raised practitioner, client, practitioner: the client's item comes first in every view, and the client's own order then holds", async () => {
    const pair = await pairWithReview()
    const [p1, c1, p2] = ['Practitioner raised this first.', 'The client raised this second.', 'Practitioner raised this third.']
    expect((await raise(pair.practitioner, pair, p1)).status).toBe(302)
    expect((await raise(pair.client, pair, c1, 'dissatisfaction')).status).toBe(302)
    expect((await raise(pair.practitioner, pair, p2)).status).toBe(302)
    // Before the client's turn is done each sees only their own, in the order raised.
    expect(textsOf(await reviewView(pair.practitioner, pair.groupId, pair.reviewId))).toEqual([p1, p2])
    expect((await reviewPost(pair.client, pair.groupId, pair.reviewId, { intent: 'finish' })).status).toBe(302)

    const byDefault = [c1, p1, p2]
    for (const [view, order] of Object.entries(await everyView(pair, byDefault))) expect(order, view).toEqual(byDefault)

    // The client moves the practitioner's first item to the top: that order holds for both ...
    const ids = await db().selectFrom('agendaItems').select(['id', 'text']).where('reviewId', '=', pair.reviewId).execute()
    const id = (text: string) => ids.find((i) => i.text === text)!.id
    expect((await reviewPost(pair.client, pair.groupId, pair.reviewId, { intent: 'move', itemId: id(p1), direction: 'up' })).status).toBe(
      302,
    )
    const chosen = [p1, c1, p2]
    for (const [view, order] of Object.entries(await everyView(pair, chosen))) expect(order, view).toEqual(chosen)

    // ... and still holds when more is raised: the client's new item after the client's last, the practitioner's at the end.
    const [c2, p3] = ['The client adds one more.', 'Practitioner adds a last one.']
    expect((await raise(pair.practitioner, pair, p3)).status).toBe(302)
    expect((await raise(pair.client, pair, c2, 'satisfaction')).status).toBe(302)
    const after = [p1, c1, c2, p2, p3]
    for (const [view, order] of Object.entries(await everyView(pair, after))) expect(order, view).toEqual(after)
    const positions = await db()
      .selectFrom('agendaItems')
      .select('position')
      .where('reviewId', '=', pair.reviewId)
      .orderBy('position')
      .execute()
    expect(new Set(positions.map((p) => p.position)).size).toBe(5)
  })

  test("the client who raises after the practitioner has raised three still leads, item by item in the client's order", async () => {
    const pair = await pairWithReview({
      practitioner: [
        { kind: 'proposal', text: 'P one.' },
        { kind: 'proposal', text: 'P two.' },
        { kind: 'proposal', text: 'P three.' },
      ],
      client: [],
    })
    for (const text of ['C one.', 'C two.']) expect((await raise(pair.client, pair, text)).status).toBe(302)
    expect((await reviewPost(pair.client, pair.groupId, pair.reviewId, { intent: 'finish' })).status).toBe(302)
    const expected = ['C one.', 'C two.', 'P one.', 'P two.', 'P three.']
    for (const [view, order] of Object.entries(await everyView(pair, expected))) expect(order, view).toEqual(expected)
  })
})
