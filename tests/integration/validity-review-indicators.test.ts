import { describe, expect, test } from 'vitest'
import { raiseChallenge } from '~/features/challenges/challenges.server'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { proposeAdoptValidityReview } from '~/features/validity/validity.server'
import { startSession } from '~/utils/session.server'
import { createTestRecord, createTestTheme, judgeRequired, moveOn, rate, toSenseMaking, type TestPerson } from '../factories'
import { bodyOf } from './harness'
import { circle, cycleRow, db, reviewJson, stance } from './support-validity-review'

// The indicators a ValidityReview shows, computed from what the group did: a collusive cycle
// alerts, the same convergence with reasons reads as learning, and the demo inquiry's two
// cycles differ as they should.

type Indicator = { key: string; status: string; value: number | null; display: string; sentence: string; reason: string }

describe('indicators', () => {
  /** Indicators of a cycle, by key, as validity.json gives them. */
  async function indicators(person: TestPerson, inquiryId: string, cycle: number) {
    const body = await bodyOf(await reviewJson(person, inquiryId, cycle))
    return { body, byKey: Object.fromEntries(body.indicators.map((i: Indicator) => [i.key, i])) as Record<string, Indicator> }
  }

  /** A cycle where everyone recorded, two themes split the group blind, then everyone agreed in the open round. */
  async function convergingCycle(options: { reasons: boolean; challenge: boolean; dissent: boolean }) {
    const c = await circle({ stopIn: 'planning' })
    await moveOn(db(), c.inquiryId, c.people)
    for (const person of c.people)
      await createTestRecord(db(), person, c.inquiryId, { text: `${person.displayName} waited.`, wayOfKnowing: 'experiential' })
    await createTestRecord(db(), c.cy, c.inquiryId, { text: 'Silence as a held breath.', wayOfKnowing: 'presentational' })
    await toSenseMaking(db(), c.inquiryId, c.people)
    const t1 = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    const t2 = await createTestTheme(db(), c.ben, c.inquiryId, 'Rescuing')
    await rate(db(), c.ada, c.inquiryId, 'blind', { [t1]: 1, [t2]: 5 })
    await rate(db(), c.ben, c.inquiryId, 'blind', { [t1]: 5, [t2]: 1 })
    const { revealed } = await rate(db(), c.cy, c.inquiryId, 'blind', { [t1]: 3, [t2]: 3 })
    expect(revealed).toBe(true)
    const why = (text: string) => (options.reasons ? { [t1]: text, [t2]: text } : {})
    await rate(db(), c.ada, c.inquiryId, 'open', { [t1]: 3, [t2]: 3 }, why('Ben’s account changed my mind'))
    await rate(db(), c.ben, c.inquiryId, 'open', { [t1]: 3, [t2]: 3 }, why('I heard Ada’s side'))
    await rate(db(), c.cy, c.inquiryId, 'open', { [t1]: 3, [t2]: 3 })
    if (options.challenge) {
      await raiseChallenge(db(), c.cy, c.inquiryId, {
        target: `theme:${t1}`,
        hazard: 'consensus_collusion',
        text: 'We all moved to 3: did we just split the difference?',
      })
    }
    if (options.dissent) {
      // The adoption of the review is a decision of this cycle; Ben disagrees with it, and it still passes.
      await judgeRequired(db(), c.inquiryId, c.ada)
      const id = await proposeAdoptValidityReview(db(), c.ada, c.inquiryId, 1)
      expect((await stance(c.ben, id, 'disagree', 'Not yet')).status).toBe(302)
      expect((await stance(c.cy, id, 'agree')).status).toBe(302)
      expect((await stance(c.ada, id, 'agree')).status).toBe(302)
      expect((await cycleRow(c.inquiryId, 1)).reviewAdoptedAt).not.toBeNull()
    }
    return c
  }

  test('a collusive cycle: unexplained convergence, no challenges and silent unanimity show as alerts', async () => {
    const c = await convergingCycle({ reasons: false, challenge: false, dissent: false })
    const { body, byKey } = await indicators(c.ben, c.inquiryId, 1)
    // Blind 1/5/3 and 5/1/3, open all 3s: each of Ada's and Ben's ratings moved 3 points toward the others' mean
    // and Cy's not at all: (4 × 3 + 2 × 0) / 6 = 2 points of a 4-point scale = 0.5.
    expect(byKey['conformity-shift']).toMatchObject({ status: 'alert', value: 0.5, display: '0.50' })
    // Ada and Ben both moved to Cy's blind 3s without a reason: moves toward one member.
    expect(byKey['conformity-shift']!.sentence).toBe("2 members moved 4 ratings toward one member's without giving a reason (shift 0.50).")
    expect(byKey['variance-ratio']).toMatchObject({ status: 'alert', value: 0 })
    expect(byKey['unexplained-moves']).toMatchObject({ status: 'alert', value: 1, display: '4 of 4' })
    expect(byKey['unexplained-moves']!.sentence).toBe('4 of the 4 ratings changed after discussion gave no reason.')
    // The two phase changes of the cycle passed with every stance "agree" and no reason.
    expect(byKey.dissent).toMatchObject({ status: 'alert', value: 0, display: '0 of 2' })
    expect(byKey.dissent!.sentence).toBe('No challenges were raised, and all 2 decisions were unanimous, without a single reason.')
    expect(byKey['divergence-balance']).toMatchObject({ status: 'warn', display: '0 of 2' })
    // Everyone shared an action record; the group links no theme to any record, so links say nothing either way.
    expect(byKey.grounding).toMatchObject({ status: 'ok', value: 0, display: '0 of 3' })
    expect(byKey['ways-of-knowing']).toMatchObject({ status: 'ok', display: '25%' })
    // An inquiry still cycling is not judged on its length.
    expect(byKey['research-cycling']).toMatchObject({ status: 'n/a', display: '0 of 6' })
    expect(byKey['unaware-projections']).toMatchObject({ status: 'n/a', value: null })
    expect(body.summary).toMatchObject({ alert: 4 })
    expect(body.summary.sentence).toMatch(
      /^4 alerts( and \d+ warnings?)?: Ratings moved toward the group or one member without reasons, and no challenge changed that; look first at conformity shift, variance ratio, unexplained moves and dissent/,
    )
    // The one verdict names the evidence that drove it.
    expect(body.summary.verdict).toBe('alert')
    expect(body.summary.evidence).toHaveLength(4)
    // The procedure that asks about collusion carries this evidence.
    const collusion = body.procedures.find((p: { key: string }) => p.key === 'challenging-collusion')
    expect(collusion.indicators.sort()).toEqual(['conformity-shift', 'dissent', 'unexplained-moves'])
  })

  test('the same convergence with reasons, a challenge and a dissenting stance reads as learning, not collusion', async () => {
    const c = await convergingCycle({ reasons: true, challenge: true, dissent: true })
    const { body, byKey } = await indicators(c.ada, c.inquiryId, 1)
    // Convergence with recorded reasons is learning (docs/design.md §2).
    expect(byKey['conformity-shift']).toMatchObject({ status: 'ok', value: 0.5 })
    expect(byKey['conformity-shift']!.sentence).toBe(
      'Ratings moved toward the group after discussion (shift 0.50), and all 4 changes gave a reason, and 1 challenge was raised.',
    )
    expect(byKey['unexplained-moves']).toMatchObject({ status: 'ok', value: 0, display: '0 of 4' })
    // Three closed decisions (two phase changes and the adoption), one with a disagree.
    expect(byKey.dissent).toMatchObject({ display: '1 of 3' })
    expect(byKey.dissent!.status).not.toBe('alert')
    expect(byKey.dissent!.sentence).toMatch(/^1 challenge was raised; 1 of 3 decisions had a stance other than agree/)
    expect(body.summary.sentence).not.toMatch(/without reasons, and no challenge changed that/)
    expect(body.summary.alert).toBeLessThan(4)
  })

  test('grounding counts members with no shared record from the action phase', async () => {
    const c = await circle({ stopIn: 'planning' })
    await moveOn(db(), c.inquiryId, c.people)
    await createTestRecord(db(), c.ada, c.inquiryId, { text: 'Shared action note' })
    await createTestRecord(db(), c.ben, c.inquiryId, { text: 'Private action note', visibility: 'private' })
    // While the group is still acting, the missing records may yet come: not enough to tell.
    const during = (await indicators(c.cy, c.inquiryId, 1)).byKey
    expect(during.grounding).toMatchObject({ status: 'unclear', value: 2, display: '2 of 3' })
    expect(during.grounding!.reason).toMatch(/the action phase is still under way/)
    // Once the cycle has moved on to sense-making, the absence is evidence.
    await toSenseMaking(db(), c.inquiryId, c.people)
    const { byKey } = await indicators(c.cy, c.inquiryId, 1)
    // Ben's private record stays unseen: two of three have nothing shared from the action phase.
    expect(byKey.grounding).toMatchObject({ status: 'alert', value: 2, display: '2 of 3' })
    expect(byKey.grounding!.sentence).toBe(
      '2 of 3 members have no shared record from the action phase: reflection may not be grounded in action.',
    )
  })
})

describe('the demo inquiry', () => {
  test('cycle 1, where the group colluded, shows more alerts and warnings than cycle 2, and its summary names unexplained moves and dissent', async () => {
    const { inquiryId } = await seedDemo(db(), { password: 'demo password for tests' })
    const person = await db()
      .selectFrom('people')
      .select(['id', 'email', 'displayName'])
      .where('email', '=', 'amara@demo.inquiry.local')
      .executeTakeFirstOrThrow()
    const cookie = (await startSession(db(), person.id)).split(';')[0]!
    const demo = { ...person, cookie, password: '' }
    const one = await bodyOf(await reviewJson(demo, inquiryId, 1))
    const two = await bodyOf(await reviewJson(demo, inquiryId, 2))
    const status = (body: { indicators: Indicator[] }, key: string) => body.indicators.find((i) => i.key === key)!.status

    expect(one.summary.alert).toBeGreaterThan(two.summary.alert)
    expect(one.summary.alert + one.summary.warn).toBeGreaterThan(two.summary.alert + two.summary.warn)
    expect(one.summary.sentence).toMatch(/unexplained moves/)
    expect(one.summary.sentence).toMatch(/dissent/)
    expect(status(one, 'unexplained-moves')).toBe('alert')
    expect(status(one, 'dissent')).toBe('alert')
    expect(two.summary.sentence).not.toMatch(/without reasons, and no challenge changed that/)
    expect(status(two, 'unexplained-moves')).not.toBe('alert')
    // Cycle 2 heard a challenge and a flagged check-in, and had a devil's advocate.
    expect(two.challenges.length).toBeGreaterThan(0)
    expect(two.cycle.devilsAdvocate).toBe('Dev P.')
    // Its flagged check-in was given time, and the group recorded that: the procedure worked.
    expect(status(two, 'unaware-projections')).toBe('ok')
    // The collusive cycle is flagged, and says on what evidence; the healthy one is not flagged at all.
    expect(one.summary.verdict).toBe('alert')
    expect(one.summary.evidence.join(' ')).toMatch(/Unexplained moves: .*Dissent: /)
    expect(two.summary.verdict).toBe('ok')
    expect(two.summary.alert + two.summary.warn).toBe(0)
    // Both reviews were adopted by the group.
    expect(one.cycle.reviewAdoptedAt).not.toBeNull()
    expect(two.cycle.reviewAdoptedAt).not.toBeNull()
  })
})
