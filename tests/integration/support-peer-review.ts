import { expect } from 'vitest'
import * as reviewRoute from '~/routes/groups.$groupId.reviews.$reviewId'
import { getDb } from '~/utils/db.server'
import { createPair, createPerson, createTestReview, type TestPerson } from '../factories'
import { bodyOf, get, post, routeIdOf } from './harness'

// What the PeerReview tests share: a consented pair with an open PeerReview, its page and
// its data request, and the rows behind it.

export const db = () => getDb()

export const reviewPath = (groupId: string, reviewId: string) => `/groups/${groupId}/reviews/${reviewId}`
export const dataPath = (path: string, file: string) =>
  `${path}${path.includes('?') ? '&' : '?'}_data=${encodeURIComponent(routeIdOf(file))}`
export const REVIEW_FILE = 'groups.$groupId.reviews.$reviewId.tsx'

export function reviewPost(person: TestPerson, groupId: string, reviewId: string, form: Record<string, string>) {
  return post(reviewRoute, { path: reviewPath(groupId, reviewId), params: { groupId, reviewId }, cookie: person.cookie, form })
}

export async function reviewView(person: TestPerson, groupId: string, reviewId: string, data = false) {
  const path = data ? dataPath(reviewPath(groupId, reviewId), REVIEW_FILE) : reviewPath(groupId, reviewId)
  const response = await get(reviewRoute, { path, params: { groupId, reviewId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

export const textsOf = (view: { items: { text: string }[] }) => view.items.map((i) => i.text)

export async function reviewRow(reviewId: string) {
  return db().selectFrom('peerReviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow()
}

/** A consented pair of two new people with an open review. */
export async function pairWithReview(items: Parameters<typeof createTestReview>[4] = {}) {
  const client = await createPerson(db(), 'Client')
  const practitioner = await createPerson(db(), 'Practitioner')
  const groupId = await createPair(db(), client, practitioner, { name: `Pair of ${client.displayName}`, consent: true })
  const reviewId = await createTestReview(db(), groupId, client, practitioner, items)
  return { client, practitioner, groupId, reviewId }
}

/** A pair whose open review has the client's two items and the practitioner's one, and the client has submitted. */
export async function openAgenda() {
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
