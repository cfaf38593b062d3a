import { describe, expect, test } from 'vitest'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import { type TestPerson } from '../factories'
import { bodyOf, idFrom, post, tableCounts } from './harness'
import { consentRows, db, newPair, openPeerReview, pairPage, pairPost } from './support-pairs'

// Amending a pair's principles: a Decision of both, after which the client's fresh consent is
// needed.

function stance(person: TestPerson, decisionId: string, value: 'agree' | 'abstain' | 'disagree' | 'block', reason = '') {
  return post(decisionRoute, {
    path: `/decisions/${decisionId}`,
    params: { decisionId },
    cookie: person.cookie,
    form: { intent: 'stance', stance: value, reason },
  })
}

const AMENDED = 'The principles were amended; the client’s fresh consent is needed before the next review.'

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
