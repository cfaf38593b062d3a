import { describe, expect, test } from 'vitest'
import { PAIR_TEMPLATE } from '~/features/peer-review/pairs.server'
import { findTemplate } from '~/features/templates/templates.server'
import * as reviewRoute from '~/routes/groups.$groupId.reviews.$reviewId'
import { bodyOf, get, idFrom, locationOf, tableCounts } from './harness'
import { consentRows, db, newPair, openPeerReview, pagePath, pairPage, pairPost, reviewPost } from './support-pairs'

// Informed consent in a pair: only the client gives it, kept with who, when and which version;
// withdrawing it pauses the work.

const WITHDRAWN = 'The client has withdrawn consent; the work is paused until the client consents again.'

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
