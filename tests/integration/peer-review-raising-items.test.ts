import { describe, expect, test } from 'vitest'
import { bodyOf, tableCounts } from './harness'
import { db, pairWithReview, reviewPost, reviewView, textsOf } from './support-peer-review'

// Raising items in a PeerReview: the limits for each role, and what an item needs.

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
