import { describe, expect, test } from 'vitest'
import * as leaveRoute from '~/routes/groups.$groupId.leave'
import * as membersRoute from '~/routes/groups.$groupId.members'
import * as joinRoute from '~/routes/join.$token'
import * as pairRoute from '~/routes/groups.$groupId.pair'
import * as reviewRoute from '~/routes/groups.$groupId.reviews.$reviewId'
import { notFoundResponse } from '~/utils/http.server'
import { createGroupWith, createPerson, createTestInvitation, createTestReview, createWorld } from '../factories'
import { bodyOf, get, post, tableCounts } from './harness'
import { db, newPair, pagePath, pairPost, reviewPost } from './support-pairs'

// Who can reach a pair: its two members, and no one else.

const NOT_FOUND_BODY = await notFoundResponse().text()

describe('who can reach a pair', () => {
  test('a third person cannot join a pair: 409 with the reason, and nothing is written', async () => {
    const client = await createPerson(db(), 'Client')
    const practitioner = await createPerson(db(), 'Practitioner')
    const third = await createPerson(db(), 'Third')
    const groupId = await createGroupWith(db(), [client], { kind: 'pair', name: 'Two only' })
    // Two links made while the pair still had room; the second must not let a third person in.
    const first = await createTestInvitation(db(), client, groupId)
    const second = await createTestInvitation(db(), client, groupId)
    expect(
      (await post(joinRoute, { path: `/join/${first.token}`, params: { token: first.token }, cookie: practitioner.cookie })).status,
    ).toBe(302)

    const before = await tableCounts(db())
    const response = await post(joinRoute, { path: `/join/${second.token}`, params: { token: second.token }, cookie: third.cookie })
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toBe('This pair already has a client and a practitioner; a third person cannot join.')
    expect(await tableCounts(db())).toEqual(before)
    const members = await db()
      .selectFrom('members')
      .select(['personId', 'pairRole'])
      .where('groupId', '=', groupId)
      .orderBy('joinedAt')
      .execute()
    expect(members).toEqual([
      { personId: client.id, pairRole: 'client' },
      { personId: practitioner.id, pairRole: 'practitioner' },
    ])
    expect((await get(pairRoute, { path: pagePath(groupId), params: { groupId }, cookie: third.cookie })).status).toBe(404)
  })

  test('a full pair makes no more invitation links: 409, nothing written', async () => {
    const { client, groupId } = await newPair()
    const before = await tableCounts(db())
    const response = await post(membersRoute, {
      path: `/groups/${groupId}/members`,
      params: { groupId },
      cookie: client.cookie,
      form: { intent: 'invite', expiresInDays: '7' },
    })
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toBe('This pair already has a client and a practitioner.')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('the pair pages are a 404 for non-members, exactly like a pair that does not exist, and they change nothing', async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const forms: Record<string, string>[] = [
      { intent: 'consent' },
      { intent: 'withdraw', confirmed: 'yes' },
      { intent: 'open-review' },
      { intent: 'cadence', cadenceDays: '7', nextReviewOn: '' },
      { intent: 'principles', principles: 'Anyone can read our notes.\nWe meet daily.', summary: 'Taking over.' },
    ]
    const reviewForms: Record<string, string>[] = [
      { intent: 'raise', kind: 'between_us', text: 'Planted by someone else' },
      { intent: 'finish' },
      { intent: 'note', itemId: w.pairs.agenda.itemId, note: 'Written by someone else' },
      { intent: 'move', itemId: w.pairs.agenda.itemId, direction: 'down' },
      { intent: 'outcome', outcome: 'end', reason: 'Ended by someone else' },
    ]
    // The outsider is in no group; Carol and Bob are in Alice's inquiry group, but not in her pairs.
    for (const person of [w.people.outsider, w.people.carol, w.people.bob]) {
      const before = await tableCounts(db())
      for (const groupId of [w.pairs.hidden.id, w.pairs.agenda.id, 'Zz9unknownId0000']) {
        const page = await get(pairRoute, { path: pagePath(groupId), params: { groupId }, cookie: person.cookie })
        expect(page.status).toBe(404)
        expect(await page.text()).toBe(NOT_FOUND_BODY)
        for (const form of forms) {
          const response = await pairPost(person, groupId, form)
          expect(response.status, JSON.stringify(form)).toBe(404)
          expect(await response.text()).toBe(NOT_FOUND_BODY)
        }
      }
      for (const [groupId, reviewId] of [
        [w.pairs.hidden.id, w.pairs.hidden.reviewId],
        [w.pairs.agenda.id, w.pairs.agenda.reviewId],
        [w.pairs.agenda.id, 'Zz9unknownId0000'],
      ] as const) {
        const page = await get(reviewRoute, {
          path: `/groups/${groupId}/reviews/${reviewId}`,
          params: { groupId, reviewId },
          cookie: person.cookie,
        })
        expect(page.status).toBe(404)
        expect(await page.text()).toBe(NOT_FOUND_BODY)
        for (const form of reviewForms) {
          const response = await reviewPost(person, groupId, reviewId, form)
          expect(response.status, JSON.stringify(form)).toBe(404)
          expect(await response.text()).toBe(NOT_FOUND_BODY)
        }
      }
      expect(await tableCounts(db())).toEqual(before)
    }
  })

  test("an inquiry group's id is not a pair: its members get a 404 from the pair pages, and nothing is written", async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const before = await tableCounts(db())
    for (const person of [w.people.alice, w.people.bob]) {
      const page = await get(pairRoute, { path: pagePath(w.group.id), params: { groupId: w.group.id }, cookie: person.cookie })
      expect(page.status).toBe(404)
      expect(await page.text()).toBe(NOT_FOUND_BODY)
      for (const form of [
        { intent: 'consent' },
        { intent: 'open-review' },
        { intent: 'cadence', cadenceDays: '7', nextReviewOn: '' },
      ] as Record<string, string>[]) {
        expect((await pairPost(person, w.group.id, form)).status).toBe(404)
      }
      // A real review, asked for under the inquiry group's id, is not found either.
      const review = await get(reviewRoute, {
        path: `/groups/${w.group.id}/reviews/${w.pairs.hidden.reviewId}`,
        params: { groupId: w.group.id, reviewId: w.pairs.hidden.reviewId },
        cookie: person.cookie,
      })
      expect(review.status).toBe(404)
      expect(
        (
          await reviewPost(person, w.group.id, w.pairs.hidden.reviewId, {
            intent: 'raise',
            kind: 'satisfaction',
            text: 'Through the wrong door',
          })
        ).status,
      ).toBe(404)
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a review is found only under its own pair, even by someone in both pairs', async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const before = await tableCounts(db())
    // Alice and Dana are in both pairs; the hidden pair's review does not exist under the agenda pair's address.
    for (const person of [w.people.alice, w.people.dana]) {
      const params = { groupId: w.pairs.agenda.id, reviewId: w.pairs.hidden.reviewId }
      const page = await get(reviewRoute, { path: `/groups/${params.groupId}/reviews/${params.reviewId}`, params, cookie: person.cookie })
      expect(page.status).toBe(404)
      expect(
        (await reviewPost(person, params.groupId, params.reviewId, { intent: 'raise', kind: 'satisfaction', text: 'Under the wrong pair' }))
          .status,
      ).toBe(404)
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('someone who left the pair can no longer reach it', async () => {
    const { client, practitioner, groupId } = await newPair({ consent: true })
    const reviewId = await createTestReview(db(), groupId, client, practitioner, {
      client: [{ kind: 'satisfaction', text: 'Written before leaving' }],
    })
    expect(
      (
        await post(leaveRoute, {
          path: `/groups/${groupId}/leave`,
          params: { groupId },
          cookie: practitioner.cookie,
          form: { intent: 'leave', confirmed: 'yes' },
        })
      ).status,
    ).toBe(302)
    const before = await tableCounts(db())
    expect((await get(pairRoute, { path: pagePath(groupId), params: { groupId }, cookie: practitioner.cookie })).status).toBe(404)
    expect(
      (
        await get(reviewRoute, {
          path: `/groups/${groupId}/reviews/${reviewId}`,
          params: { groupId, reviewId },
          cookie: practitioner.cookie,
        })
      ).status,
    ).toBe(404)
    expect(
      (await reviewPost(practitioner, groupId, reviewId, { intent: 'outcome', outcome: 'end', reason: 'I left already.' })).status,
    ).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })
})
