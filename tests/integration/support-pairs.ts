import { expect } from 'vitest'
import * as pairRoute from '~/routes/groups.$groupId.pair'
import * as reviewRoute from '~/routes/groups.$groupId.reviews.$reviewId'
import { getDb } from '~/utils/db.server'
import { createPair, createPerson, type TestPerson } from '../factories'
import { bodyOf, get, post } from './harness'

// What the client–practitioner pair tests share: a new pair, its page and actions, and the
// consent rows behind it.

export const db = () => getDb()

export const pagePath = (groupId: string) => `/groups/${groupId}/pair`

export function pairPost(person: TestPerson, groupId: string, form: Record<string, string>) {
  return post(pairRoute, { path: pagePath(groupId), params: { groupId }, cookie: person.cookie, form })
}

export async function pairPage(person: TestPerson, groupId: string) {
  const response = await get(pairRoute, { path: pagePath(groupId), params: { groupId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

export function reviewPost(person: TestPerson, groupId: string, reviewId: string, form: Record<string, string>) {
  return post(reviewRoute, { path: `/groups/${groupId}/reviews/${reviewId}`, params: { groupId, reviewId }, cookie: person.cookie, form })
}

/** A pair of two new people, the client having created it; with `consent` the client has consented. */
export async function newPair(options: { consent?: boolean } = {}) {
  const client = await createPerson(db(), 'Client')
  const practitioner = await createPerson(db(), 'Practitioner')
  const groupId = await createPair(db(), client, practitioner, { name: `Pair of ${client.displayName}`, consent: options.consent })
  return { client, practitioner, groupId }
}

export async function consentRows(groupId: string) {
  return db().selectFrom('consents').selectAll().where('groupId', '=', groupId).orderBy('consentedAt').execute()
}

/** Opens a review through the pair page, as the given person; returns the response. */
export function openPeerReview(person: TestPerson, groupId: string) {
  return pairPost(person, groupId, { intent: 'open-review' })
}
