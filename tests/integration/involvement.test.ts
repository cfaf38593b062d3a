import { describe, expect, test } from 'vitest'
import { seedDemo } from '~/features/demo/seed-demo.server'
import * as pairRoute from '~/routes/groups.$groupId.pair'
import { getDb } from '~/utils/db.server'
import { startSession } from '~/utils/session.server'
import { demoPair } from '~db/demo-content'
import { bodyOf, get } from './harness'

// The progressive involvement (Heron): across the pair's reviews, the client's share
// of the agenda and of the decisions proposed, and the satisfactions and dissatisfactions
// raised. The demo pair (Carys and her client Jo) holds three reviews in which Jo raises a
// growing part of the agenda; the pair page must show that, in its points and its sentence.

const db = () => getDb()

async function cookieOf(email: string): Promise<string> {
  const person = await db().selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow()
  return (await startSession(db(), person.id)).split(';')[0]!
}

describe("the demo pair's involvement over time", () => {
  test("the client's share of the agenda rises across three reviews, and the sentence says it grew", async () => {
    await seedDemo(db(), { password: 'demo password for tests' })
    const pair = await db()
      .selectFrom('groups')
      .select('id')
      .where('kind', '=', 'pair')
      .where('name', '=', demoPair.name)
      .executeTakeFirstOrThrow()
    const groupId = pair.id
    const practitionerEmail = (
      await db()
        .selectFrom('members')
        .innerJoin('people', 'people.id', 'members.personId')
        .select('people.email')
        .where('members.groupId', '=', groupId)
        .where('members.pairRole', '=', 'practitioner')
        .executeTakeFirstOrThrow()
    ).email

    const views = []
    for (const email of [demoPair.client.email, practitionerEmail]) {
      const response = await get(pairRoute, { path: `/groups/${groupId}/pair`, params: { groupId }, cookie: await cookieOf(email) })
      expect(response.status).toBe(200)
      views.push(await bodyOf(response))
    }
    const [client, practitioner] = views
    expect(client.role).toBe('client')
    expect(practitioner.role).toBe('practitioner')
    // Both of them see the same chart.
    expect(practitioner.involvement).toEqual(client.involvement)

    // The demo: consent to the amended principles, three closed reviews, and a date for the next.
    expect(client.consent).toMatchObject({ current: true, version: 2 })
    expect(client.reviews.map((r: { number: number; status: string }) => [r.number, r.status])).toEqual([
      [3, 'closed'],
      [2, 'closed'],
      [1, 'closed'],
    ])
    expect(client.settings.nextReviewOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)

    // The points follow the demo's agenda, review by review.
    const { points, sentence } = client.involvement
    expect(points.map((p: { review: number }) => p.review)).toEqual([1, 2, 3])
    const expected = demoPair.reviews.map((r, i) => {
      const clientItems = r.clientItems.length
      const all = [...r.clientItems, ...r.practitionerItems]
      return {
        review: i + 1,
        clientItems,
        practitionerItems: r.practitionerItems.length,
        clientItemShare: clientItems / all.length,
        satisfactions: all.filter((item) => item.kind === 'satisfaction').length,
        dissatisfactions: all.filter((item) => item.kind === 'dissatisfaction').length,
      }
    })
    expect(points).toMatchObject(expected)

    // The client's share of items rises strictly from one review to the next.
    const shares: number[] = points.map((p: { clientItemShare: number }) => p.clientItemShare)
    expect(shares.every((share, i) => i === 0 || share > shares[i - 1]!)).toBe(true)
    expect(shares[2]! - shares[0]!).toBeGreaterThan(0.3)

    // Decisions: none before the first review; after that the client proposes a growing share.
    expect(points.map((p: { clientDecisionShare: number | null }) => p.clientDecisionShare)).toEqual([null, 0, 1])

    const pct = (x: number) => `${Math.round(x * 100)}%`
    expect(sentence).toMatch(/^The client's share of the agenda grew, /)
    expect(sentence).toContain(`from ${pct(shares[0]!)} in review 1 to ${pct(shares[2]!)} in review 3`)
    expect(sentence).toContain(`raised ${expected[2]!.satisfactions} satisfaction`)
  })
})
