import { describe, expect, test } from 'vitest'
import { type TestPerson } from '../factories'
import { renderPage } from './fuzz-server'
import { db, pairWithReview, reviewPath, reviewPost, reviewView, textsOf } from './support-peer-review'

// The client first: the client's items lead the agenda by default (issue 13).

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
