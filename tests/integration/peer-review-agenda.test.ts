import { describe, expect, test } from 'vitest'
import { type TestPerson } from '../factories'
import { bodyOf, tableCounts } from './harness'
import { db, openAgenda, pairWithReview, reviewPost, reviewView, textsOf } from './support-peer-review'

// The agenda once the client has submitted: the client's ordering and the shared notes.

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
