import { describe, expect, test } from 'vitest'
import * as pairRoute from '~/routes/groups.$groupId.pair'
import * as reviewRoute from '~/routes/groups.$groupId.reviews.$reviewId'
import { notFoundResponse } from '~/utils/http.server'
import { createWorld, type TestPerson } from '../factories'
import { bodyOf, get, idFrom, locationOf, post, tableCounts } from './harness'
import { dataPath, db, openAgenda, REVIEW_FILE, reviewPath, reviewPost, reviewRow, reviewView } from './support-peer-review'

// The outcome of a PeerReview: continue, change and pause need both; either may end alone,
// saying why; different choices are "not agreed" and the arrangement stands.

const NOT_FOUND_BODY = await notFoundResponse().text()

async function pairSettings(groupId: string) {
  return db()
    .selectFrom('pairSettings')
    .select(['status', 'statusNote', 'nextReviewOn', 'cadenceDays'])
    .where('groupId', '=', groupId)
    .executeTakeFirstOrThrow()
}

function choose(person: TestPerson, pair: { groupId: string; reviewId: string }, outcome: string, reason = '') {
  return reviewPost(person, pair.groupId, pair.reviewId, { intent: 'outcome', outcome, reason })
}

const today = () => new Date().toISOString().slice(0, 10)
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

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
    const params = { groupId: w.pairs.agenda.id, reviewId: w.pairs.agenda.reviewId }
    const before = await tableCounts(db())
    for (const person of [w.people.outsider, w.people.carol, w.people.bob]) {
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
    expect(await db().selectFrom('outcomeChoices').selectAll().where('reviewId', '=', w.pairs.agenda.reviewId).execute()).toEqual([])
    expect(await reviewRow(w.pairs.agenda.reviewId)).toMatchObject({ status: 'open', outcome: null })
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
