import { describe, expect, test } from 'vitest'
import { PAIR_TEMPLATE } from '~/features/peer-review/pairs.server'
import { findTemplate } from '~/features/templates/templates.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as groupRoute from '~/routes/groups.$groupId._index'
import * as joinRoute from '~/routes/join.$token'
import * as pairRoute from '~/routes/groups.$groupId.pair'
import * as reviewRoute from '~/routes/groups.$groupId.reviews.$reviewId'
import { getDb } from '~/utils/db.server'
import { notFoundResponse } from '~/utils/http.server'
import {
  createGroupWith,
  createPair,
  createPerson,
  createTestInvitation,
  createTestReview,
  createWorld,
  type TestPerson,
} from '../factories'
import { bodyOf, get, idFrom, locationOf, post, tableCounts } from './harness'

// The issue "client–practitioner pairs": informed consent (only the client gives it, and it is
// kept with who, when and which version), withdrawing it pauses the work, amendments by a
// decision of both need fresh consent, the pair's cadence, and who may reach a pair at all.

const db = () => getDb()
const NOT_FOUND_BODY = await notFoundResponse().text()

const pagePath = (groupId: string) => `/groups/${groupId}/pair`

function pairPost(person: TestPerson, groupId: string, form: Record<string, string>) {
  return post(pairRoute, { path: pagePath(groupId), params: { groupId }, cookie: person.cookie, form })
}

async function pairPage(person: TestPerson, groupId: string) {
  const response = await get(pairRoute, { path: pagePath(groupId), params: { groupId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

function reviewPost(person: TestPerson, groupId: string, reviewId: string, form: Record<string, string>) {
  return post(reviewRoute, { path: `/groups/${groupId}/reviews/${reviewId}`, params: { groupId, reviewId }, cookie: person.cookie, form })
}

function stance(person: TestPerson, decisionId: string, value: 'agree' | 'abstain' | 'disagree' | 'block', reason = '') {
  return post(decisionRoute, {
    path: `/decisions/${decisionId}`,
    params: { decisionId },
    cookie: person.cookie,
    form: { intent: 'stance', stance: value, reason },
  })
}

/** A pair of two new people, the client having created it; with `consent` the client has consented. */
async function newPair(options: { consent?: boolean } = {}) {
  const client = await createPerson(db(), 'Client')
  const practitioner = await createPerson(db(), 'Practitioner')
  const groupId = await createPair(db(), client, practitioner, { name: `Pair of ${client.displayName}`, consent: options.consent })
  return { client, practitioner, groupId }
}

async function consentRows(groupId: string) {
  return db().selectFrom('consents').selectAll().where('groupId', '=', groupId).orderBy('consentedAt').execute()
}

/** Opens a review through the pair page, as the given person; returns the response. */
function openPeerReview(person: TestPerson, groupId: string) {
  return pairPost(person, groupId, { intent: 'open-review' })
}

const WITHDRAWN = 'The client has withdrawn consent; the work is paused until the client consents again.'
const AMENDED = 'The principles were amended; the client’s fresh consent is needed before the next review.'

describe('informed consent', () => {
  test('the client is shown the principles of the pair template before consenting, and no review opens without consent', async () => {
    const { client, practitioner, groupId } = await newPair()
    const principles = findTemplate(PAIR_TEMPLATE)!.principles as string[]
    expect(principles.length).toBeGreaterThan(3)
    for (const person of [client, practitioner]) {
      const page = await pairPage(person, groupId)
      expect(page.principles).toMatchObject({ version: 1, items: principles })
      expect(page.consent).toMatchObject({
        current: false,
        version: 1,
        consent: null,
        reason: 'The client has not yet consented to the principles of the work.',
      })
      expect(page.role).toBe(person === client ? 'client' : 'practitioner')
    }
    const before = await tableCounts(db())
    const refused = await openPeerReview(practitioner, groupId)
    expect(refused.status).toBe(409)
    expect((await bodyOf(refused)).formError).toBe('The client has not yet consented to the principles of the work.')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('only the client consents: the practitioner gets 403 (and cannot withdraw either), and nothing is written', async () => {
    const { practitioner, groupId } = await newPair()
    const before = await tableCounts(db())
    const consent = await pairPost(practitioner, groupId, { intent: 'consent' })
    expect(consent.status).toBe(403)
    expect((await bodyOf(consent)).formError).toBe('Only the client gives consent to the principles of the work.')
    const withdraw = await pairPost(practitioner, groupId, { intent: 'withdraw', confirmed: 'yes' })
    expect(withdraw.status).toBe(403)
    expect((await bodyOf(withdraw)).formError).toBe('Only the client can withdraw consent.')
    expect(await tableCounts(db())).toEqual(before)
    expect(await consentRows(groupId)).toEqual([])
  })

  test("the client's consent is recorded with who, when and which version, and both see it", async () => {
    const { client, practitioner, groupId } = await newPair()
    const from = new Date().toISOString()
    const response = await pairPost(client, groupId, { intent: 'consent' })
    const to = new Date().toISOString()
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe(pagePath(groupId))
    const rows = await consentRows(groupId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ personId: client.id, principlesVersion: 1, withdrawnAt: null })
    expect(rows[0]!.consentedAt >= from && rows[0]!.consentedAt <= to).toBe(true)
    const audit = await db()
      .selectFrom('auditEvents')
      .selectAll()
      .where('groupId', '=', groupId)
      .where('kind', '=', 'consent_given')
      .execute()
    expect(audit.map((a) => [a.personId, JSON.parse(a.detailJson)])).toEqual([[client.id, { principlesVersion: 1 }]])
    for (const person of [client, practitioner]) {
      const page = await pairPage(person, groupId)
      expect(page.consent).toEqual({
        current: true,
        reason: null,
        version: 1,
        consent: { principlesVersion: 1, consentedAt: rows[0]!.consentedAt, withdrawnAt: null },
      })
    }

    // Consenting again to the same principles is refused and writes nothing.
    const before = await tableCounts(db())
    const again = await pairPost(client, groupId, { intent: 'consent' })
    expect(again.status).toBe(409)
    expect((await bodyOf(again)).formError).toBe('You have already consented to these principles.')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('withdrawing consent pauses the work: no review opens and no item is raised (409 with the reason) until the client consents again', async () => {
    const { client, practitioner, groupId } = await newPair({ consent: true })
    expect((await pairPost(client, groupId, { intent: 'withdraw', confirmed: 'yes' })).status).toBe(302)
    const [first] = await consentRows(groupId)
    expect(first!.withdrawnAt).not.toBeNull()
    for (const person of [client, practitioner]) {
      expect((await pairPage(person, groupId)).consent).toMatchObject({ current: false, reason: WITHDRAWN })
    }

    // Paused: neither of them can open a review.
    let before = await tableCounts(db())
    for (const person of [practitioner, client]) {
      const refused = await openPeerReview(person, groupId)
      expect(refused.status).toBe(409)
      expect((await bodyOf(refused)).formError).toBe(WITHDRAWN)
    }
    // Nothing left to withdraw.
    const twice = await pairPost(client, groupId, { intent: 'withdraw', confirmed: 'yes' })
    expect(twice.status).toBe(409)
    expect((await bodyOf(twice)).formError).toBe('There is no consent to withdraw.')
    expect(await tableCounts(db())).toEqual(before)

    // Consent again: the work resumes.
    expect((await pairPost(client, groupId, { intent: 'consent' })).status).toBe(302)
    const rows = await consentRows(groupId)
    expect(rows.map((r) => [r.personId, r.principlesVersion, r.withdrawnAt === null])).toEqual([
      [client.id, 1, false],
      [client.id, 1, true],
    ])
    expect((await pairPage(practitioner, groupId)).consent.current).toBe(true)
    const opened = await openPeerReview(practitioner, groupId)
    expect(opened.status).toBe(302)
    const reviewId = idFrom(opened, `/groups/${groupId}/reviews`)
    expect(
      (await reviewPost(client, groupId, reviewId, { intent: 'raise', kind: 'satisfaction', text: 'I like choosing where we start.' }))
        .status,
    ).toBe(302)

    // Withdrawn in the middle of an open review: nothing more is raised, submitted or decided in it.
    expect((await pairPost(client, groupId, { intent: 'withdraw', confirmed: 'yes' })).status).toBe(302)
    before = await tableCounts(db())
    for (const [person, form] of [
      [client, { intent: 'raise', kind: 'dissatisfaction', text: 'One more thing before I go.' }],
      [practitioner, { intent: 'raise', kind: 'proposal', text: 'Could we meet less often?' }],
      [client, { intent: 'finish' }],
      [client, { intent: 'outcome', outcome: 'end', reason: 'I want to stop.' }],
    ] as const) {
      const refused = await reviewPost(person, groupId, reviewId, form)
      expect(refused.status, JSON.stringify(form)).toBe(409)
      expect((await bodyOf(refused)).formError).toBe(WITHDRAWN)
    }
    expect(await tableCounts(db())).toEqual(before)
    const view = await bodyOf(
      await get(reviewRoute, {
        path: `/groups/${groupId}/reviews/${reviewId}`,
        params: { groupId, reviewId },
        cookie: practitioner.cookie,
      }),
    )
    expect(view.consent).toEqual({ current: false, reason: WITHDRAWN })

    // And consent once more lets the review go on.
    expect((await pairPost(client, groupId, { intent: 'consent' })).status).toBe(302)
    expect(
      (await reviewPost(practitioner, groupId, reviewId, { intent: 'raise', kind: 'proposal', text: 'Could we meet less often?' })).status,
    ).toBe(302)
    expect(await db().selectFrom('agendaItems').select('text').where('reviewId', '=', reviewId).orderBy('position').execute()).toEqual([
      { text: 'I like choosing where we start.' },
      { text: 'Could we meet less often?' },
    ])
  })
})

describe('amending the principles', () => {
  const amended = [
    'We meet fortnightly for 75 minutes.',
    'The client chooses the topic of the first half.',
    'Either of us may end the work, saying why.',
  ]

  test('an amendment agreed by both becomes a new version, and the old consent no longer counts until the client consents afresh', async () => {
    const { client, practitioner, groupId } = await newPair({ consent: true })
    const proposed = await pairPost(practitioner, groupId, {
      intent: 'principles',
      principles: `  ${amended.join('\n')}\n\n`,
      summary: 'What we changed at our second review.',
    })
    expect(proposed.status).toBe(302)
    const decisionId = idFrom(proposed, '/decisions')
    const decision = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    expect(decision).toMatchObject({ groupId, kind: 'amend_principles', status: 'open', proposedBy: practitioner.id })
    expect(JSON.parse(decision.payloadJson)).toEqual({ principles: amended, summary: 'What we changed at our second review.' })
    const open = await pairPage(client, groupId)
    expect(open.openAmendmentId).toBe(decisionId)
    expect(open.principles.version).toBe(1)

    // A second amendment while one is open is refused.
    const before = await tableCounts(db())
    const second = await pairPost(client, groupId, { intent: 'principles', principles: amended.join('\n'), summary: 'Another go at it.' })
    expect(second.status).toBe(409)
    expect((await bodyOf(second)).formError).toBe('A proposal to amend the principles is already open.')
    expect(await tableCounts(db())).toEqual(before)

    // One agreement is not enough: nothing changes yet, and consent still counts.
    expect((await stance(practitioner, decisionId, 'agree')).status).toBe(302)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe('open')
    expect((await pairPage(client, groupId)).consent.current).toBe(true)
    expect(await db().selectFrom('principleVersions').select('version').where('groupId', '=', groupId).execute()).toEqual([{ version: 1 }])

    // Both agree: version 2, made by that decision.
    expect((await stance(client, decisionId, 'agree')).status).toBe(302)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe(
      'passed',
    )
    const versions = await db().selectFrom('principleVersions').selectAll().where('groupId', '=', groupId).orderBy('version').execute()
    expect(versions.map((v) => [v.version, v.decisionId])).toEqual([
      [1, null],
      [2, decisionId],
    ])
    expect(JSON.parse(versions[1]!.principlesJson)).toEqual(amended)
    expect(versions[1]!.summary).toBe('What we changed at our second review.')
    for (const person of [client, practitioner]) {
      const page = await pairPage(person, groupId)
      expect(page.principles).toMatchObject({ version: 2, items: amended })
      expect(page.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
      expect(page.consent).toMatchObject({
        current: false,
        version: 2,
        reason: AMENDED,
        consent: { principlesVersion: 1, withdrawnAt: null },
      })
      expect(page.openAmendmentId).toBeNull()
    }

    // The consent to version 1 no longer opens a review.
    const beforeOpen = await tableCounts(db())
    for (const person of [practitioner, client]) {
      const refused = await openPeerReview(person, groupId)
      expect(refused.status).toBe(409)
      expect((await bodyOf(refused)).formError).toMatch(/^The principles were amended/)
    }
    expect(await tableCounts(db())).toEqual(beforeOpen)

    // Fresh consent to version 2, and the next review opens.
    expect((await pairPost(client, groupId, { intent: 'consent' })).status).toBe(302)
    expect((await consentRows(groupId)).map((r) => r.principlesVersion)).toEqual([1, 2])
    expect((await pairPage(practitioner, groupId)).consent).toMatchObject({ current: true, version: 2, consent: { principlesVersion: 2 } })
    expect((await openPeerReview(practitioner, groupId)).status).toBe(302)
  })

  test('an amendment one of them disagrees with is not adopted: the principles and the consent stand', async () => {
    const { client, practitioner, groupId } = await newPair({ consent: true })
    const decisionId = idFrom(
      await pairPost(client, groupId, {
        intent: 'principles',
        principles: amended.join('\n'),
        summary: 'I would like fortnightly sessions.',
      }),
      '/decisions',
    )
    expect((await stance(client, decisionId, 'agree')).status).toBe(302)
    expect((await stance(practitioner, decisionId, 'disagree', 'Not yet; let us talk at the review.')).status).toBe(302)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe(
      'rejected',
    )
    const page = await pairPage(client, groupId)
    expect(page.principles.version).toBe(1)
    expect(page.consent.current).toBe(true)
    expect((await openPeerReview(practitioner, groupId)).status).toBe(302)
  })

  test('an amendment without principles or without a reason answers 400 beside the field and proposes nothing', async () => {
    const { client, groupId } = await newPair({ consent: true })
    const before = await tableCounts(db())
    const empty = await pairPost(client, groupId, { intent: 'principles', principles: '   ', summary: 'Shorter principles.' })
    expect(empty.status).toBe(400)
    const body = await bodyOf(empty)
    expect(body.errors.principles).toBe('Write the principles, one per line.')
    expect(body.values.summary).toBe('Shorter principles.')
    const noSummary = await pairPost(client, groupId, { intent: 'principles', principles: amended.join('\n'), summary: '' })
    expect(noSummary.status).toBe(400)
    expect((await bodyOf(noSummary)).errors.summary).toBe('Say what changes and why.')
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('cadence', () => {
  test('either of the pair sets how often they review and the next date; the pair page shows both', async () => {
    const { client, practitioner, groupId } = await newPair({ consent: true })
    expect((await pairPage(client, groupId)).settings).toEqual({ cadenceDays: 28, nextReviewOn: null, status: 'active', statusNote: null })
    expect((await pairPost(practitioner, groupId, { intent: 'cadence', cadenceDays: '14', nextReviewOn: '2030-01-15' })).status).toBe(302)
    expect((await pairPage(client, groupId)).settings).toMatchObject({ cadenceDays: 14, nextReviewOn: '2030-01-15' })
    expect((await pairPost(client, groupId, { intent: 'cadence', cadenceDays: '21', nextReviewOn: '' })).status).toBe(302)
    expect((await pairPage(practitioner, groupId)).settings).toMatchObject({ cadenceDays: 21, nextReviewOn: null })
  })

  test.each([
    ['cadenceDays', { cadenceDays: '0', nextReviewOn: '' }, 'At least one day.'],
    ['cadenceDays', { cadenceDays: '366', nextReviewOn: '' }, 'At most a year.'],
    ['cadenceDays', { cadenceDays: '2.5', nextReviewOn: '' }, 'Use whole days.'],
    ['cadenceDays', { cadenceDays: 'often', nextReviewOn: '' }, undefined],
    ['cadenceDays', { cadenceDays: '', nextReviewOn: '' }, undefined],
    ['nextReviewOn', { cadenceDays: '14', nextReviewOn: 'next Tuesday' }, 'Give a date, or leave it empty.'],
    ['nextReviewOn', { cadenceDays: '14', nextReviewOn: '15/01/2030' }, 'Give a date, or leave it empty.'],
  ])('a bad %s (%j) answers 400 beside that field, keeps the input and changes nothing', async (field, form, message) => {
    const { client, groupId } = await newPair({ consent: true })
    const before = await tableCounts(db())
    const response = await pairPost(client, groupId, { intent: 'cadence', ...form })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(Object.keys(body.errors)).toEqual([field])
    if (message) expect(body.errors[field]).toBe(message)
    else expect(body.errors[field]).toMatch(/\w/)
    expect(body.values).toMatchObject(form)
    expect(await tableCounts(db())).toEqual(before)
    expect((await pairPage(client, groupId)).settings).toMatchObject({ cadenceDays: 28, nextReviewOn: null })
  })

  test.each(['2030-13-01', '2030-02-30', '2030-04-31', '2030-00-10'])(
    'a date that does not exist (%s) answers 400 beside nextReviewOn and changes nothing',
    async (nextReviewOn) => {
      const { client, groupId } = await newPair({ consent: true })
      const before = await tableCounts(db())
      const response = await pairPost(client, groupId, { intent: 'cadence', cadenceDays: '14', nextReviewOn })
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors.nextReviewOn).toMatch(/\w/)
      expect(await tableCounts(db())).toEqual(before)
      expect((await pairPage(client, groupId)).settings).toMatchObject({ cadenceDays: 28, nextReviewOn: null })
    },
  )
})

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
    const response = await post(groupRoute, {
      path: `/groups/${groupId}`,
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
      { intent: 'note', itemId: w.agendaItemId, note: 'Written by someone else' },
      { intent: 'move', itemId: w.agendaItemId, direction: 'down' },
      { intent: 'outcome', outcome: 'end', reason: 'Ended by someone else' },
    ]
    // The outsider is in no group; Carol and Bob are in Alice's inquiry group, but not in her pairs.
    for (const person of [w.outsider, w.carol, w.bob]) {
      const before = await tableCounts(db())
      for (const groupId of [w.pairId, w.agendaPairId, 'Zz9unknownId0000']) {
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
        [w.pairId, w.reviewId],
        [w.agendaPairId, w.agendaReviewId],
        [w.agendaPairId, 'Zz9unknownId0000'],
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
    for (const person of [w.alice, w.bob]) {
      const page = await get(pairRoute, { path: pagePath(w.groupId), params: { groupId: w.groupId }, cookie: person.cookie })
      expect(page.status).toBe(404)
      expect(await page.text()).toBe(NOT_FOUND_BODY)
      for (const form of [
        { intent: 'consent' },
        { intent: 'open-review' },
        { intent: 'cadence', cadenceDays: '7', nextReviewOn: '' },
      ] as Record<string, string>[]) {
        expect((await pairPost(person, w.groupId, form)).status).toBe(404)
      }
      // A real review, asked for under the inquiry group's id, is not found either.
      const review = await get(reviewRoute, {
        path: `/groups/${w.groupId}/reviews/${w.reviewId}`,
        params: { groupId: w.groupId, reviewId: w.reviewId },
        cookie: person.cookie,
      })
      expect(review.status).toBe(404)
      expect(
        (await reviewPost(person, w.groupId, w.reviewId, { intent: 'raise', kind: 'satisfaction', text: 'Through the wrong door' })).status,
      ).toBe(404)
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a review is found only under its own pair, even by someone in both pairs', async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const before = await tableCounts(db())
    // Alice and Dana are in both pairs; the first pair's review does not exist under the second pair's address.
    for (const person of [w.alice, w.dana]) {
      const params = { groupId: w.agendaPairId, reviewId: w.reviewId }
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
        await post(groupRoute, {
          path: `/groups/${groupId}`,
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
