import { describe, expect, test } from 'vitest'
import { createInquiry } from '~/features/inquiries/inquiries.server'
import * as pairRoute from '~/routes/groups.$groupId.pair'
import * as reviewRoute from '~/routes/groups.$groupId.reviews.$reviewId'
import { createTestRecord, createWorld, type TestPerson, type World } from '../factories'
import { bodyOf, call, idFrom, importRoute, locationOf, pathFor, post, routeFiles, tableCounts, type RouteModule } from './harness'
import { spec } from './route-table'
import { dataPath, db, pairWithReview, REVIEW_FILE, reviewPath, reviewPost, reviewRow, reviewView, textsOf } from './support-peer-review'

// The client raises first: until the client has submitted or passed, each of the two sees
// only their own items, enforced on the server and checked here through every response
// either of them can fetch.

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

/** The world's hidden pair with more in it: a pair inquiry with a record by each, and an open amendment of the principles. */
async function pairContent(w: World) {
  const inquiryId = await createInquiry(db(), w.people.alice, w.pairs.hidden.id, {
    title: `Our work ${w.tag}`,
    question: `How is our work together going, ${w.tag}?`,
    templateSlug: 'client-practitioner-peer-review',
  })
  const aliceRecordId = await createTestRecord(db(), w.people.alice, inquiryId, {
    text: `Alice's own note ${w.tag}`,
    visibility: 'private',
  })
  const danaRecordId = await createTestRecord(db(), w.people.dana, inquiryId, { text: `Dana's shared note ${w.tag}`, visibility: 'group' })
  const proposed = await post(pairRoute, {
    path: `/groups/${w.pairs.hidden.id}/pair`,
    params: { groupId: w.pairs.hidden.id },
    cookie: w.people.dana.cookie,
    form: { intent: 'principles', principles: `We meet fortnightly.\nWe keep to time, ${w.tag}.`, summary: 'Keeping to time.' },
  })
  const decisionId = idFrom(proposed, '/decisions')
  return { inquiryId, aliceRecordId, danaRecordId, decisionId }
}

/**
 * Every GET of every route with a loader (derived from the route table), as a page and as a
 * Remix data request: with the route table's own parameters, and with them pointed at the
 * world's hidden pair — its group id, its open review, its inquiry, records and decision.
 */
function probesFor(w: World, content: Awaited<ReturnType<typeof pairContent>>, modules: Map<string, RouteModule>): Probe[] {
  const out: Probe[] = []
  const seen = new Set<string>()
  for (const file of loaderFiles) {
    const base = spec(file).params(w)
    const forPair: Record<string, string> = { ...base }
    if ('groupId' in base) forPair.groupId = w.pairs.hidden.id
    if ('reviewId' in base) forPair.reviewId = w.pairs.hidden.reviewId
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
  const params = { groupId: w.pairs.hidden.id, reviewId: w.pairs.hidden.reviewId }
  const path = reviewPath(w.pairs.hidden.id, w.pairs.hidden.reviewId)
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
    const pair = w.pairs.hidden
    const content = await pairContent(w)
    const modules = new Map<string, RouteModule>()
    for (const file of loaderFiles) modules.set(file, await importRoute(file))
    // A second item each, so that hiding is not just about one row.
    const aliceSecond = `Alice's second pending item ${w.tag}`
    const danaSecond = `Dana's second hidden item ${w.tag}`
    expect(
      (await reviewPost(w.people.alice, pair.id, pair.reviewId, { intent: 'raise', kind: 'between_us', text: aliceSecond })).status,
    ).toBe(302)
    expect(
      (await reviewPost(w.people.dana, pair.id, pair.reviewId, { intent: 'raise', kind: 'satisfaction', text: danaSecond })).status,
    ).toBe(302)
    const aliceTexts = [pair.clientItemText, aliceSecond]
    const danaTexts = [pair.practitionerItemText, danaSecond]
    const ids = await db().selectFrom('agendaItems').select(['id', 'text']).where('reviewId', '=', pair.reviewId).execute()
    const itemIds = {
      alice: ids.find((i) => i.text === pair.clientItemText)!.id,
      dana: ids.find((i) => i.text === pair.practitionerItemText)!.id,
    }

    const gets = probesFor(w, content, modules)
    expect(gets.length).toBeGreaterThan(60)
    expect(gets.some((p) => p.path === dataPath(reviewPath(pair.id, pair.reviewId), REVIEW_FILE))).toBe(true)
    expect(gets.some((p) => p.path === dataPath(`/groups/${pair.id}/pair`, 'groups.$groupId.pair.tsx'))).toBe(true)
    const probes = [...gets, ...postProbes(w, itemIds)]
    const before = await tableCounts(db())
    const alice = await observe(w.people.alice, probes)
    const dana = await observe(w.people.dana, probes)
    // The refused actions wrote nothing.
    expect(await tableCounts(db())).toEqual(before)

    // The probes reached real pages of the pair: its page, the review, the inquiry, the decision.
    for (const snapshot of [alice, dana]) {
      for (const path of [
        `/groups/${pair.id}/pair`,
        reviewPath(pair.id, pair.reviewId),
        `/inquiries/${content.inquiryId}`,
        `/decisions/${content.decisionId}`,
      ]) {
        expect(snapshot.get(`GET ${path}`)!.startsWith('200 '), path).toBe(true)
      }
      expect([...snapshot.values()].filter((t) => t.startsWith('200 ')).length).toBeGreaterThan(30)
    }
    // Each sees their own items, in the review page and its data request ...
    for (const path of [reviewPath(pair.id, pair.reviewId), dataPath(reviewPath(pair.id, pair.reviewId), REVIEW_FILE)]) {
      for (const text of aliceTexts) expect(alice.get(`GET ${path}`)).toContain(text)
      for (const text of danaTexts) expect(dana.get(`GET ${path}`)).toContain(text)
    }
    // ... and nothing anywhere of the other's.
    expect(leaks(alice, danaTexts)).toEqual([])
    expect(leaks(dana, aliceTexts)).toEqual([])
    const aliceView = await reviewView(w.people.alice, pair.id, pair.reviewId, true)
    expect(textsOf(aliceView)).toEqual(aliceTexts)
    expect(aliceView.items.every((i: { raisedAs: string; isMine: boolean }) => i.raisedAs === 'client' && i.isMine)).toBe(true)
    expect(textsOf(await reviewView(w.people.dana, pair.id, pair.reviewId, true))).toEqual(danaTexts)

    // Nothing either receives changes when the other raises one more hidden item.
    expect(
      (await reviewPost(w.people.dana, pair.id, pair.reviewId, { intent: 'raise', kind: 'dissatisfaction', text: `Dana's third ${w.tag}` }))
        .status,
    ).toBe(302)
    expect(differences(alice, await observe(w.people.alice, probes))).toEqual([])
    const danaNow = await observe(w.people.dana, probes)
    expect(
      (await reviewPost(w.people.alice, pair.id, pair.reviewId, { intent: 'raise', kind: 'proposal', text: `Alice's third ${w.tag}` }))
        .status,
    ).toBe(302)
    expect(differences(danaNow, await observe(w.people.dana, probes))).toEqual([])
    aliceTexts.push(`Alice's third ${w.tag}`)
    danaTexts.push(`Dana's third ${w.tag}`)

    // The client submits: now both see every item, and the detector sees them too.
    expect((await reviewPost(w.people.alice, pair.id, pair.reviewId, { intent: 'finish' })).status).toBe(302)
    expect((await reviewRow(pair.reviewId)).clientTurn).toBe('submitted')
    for (const viewer of [w.people.alice, w.people.dana]) {
      for (const data of [false, true]) {
        const view = await reviewView(viewer, pair.id, pair.reviewId, data)
        expect(view.review.clientTurn).toBe('submitted')
        expect(textsOf(view).sort()).toEqual([...aliceTexts, ...danaTexts].sort())
      }
    }
    expect(leaks(await observe(w.people.alice, gets), danaTexts).length).toBeGreaterThan(0)
    expect(leaks(await observe(w.people.dana, gets), aliceTexts).length).toBeGreaterThan(0)
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
