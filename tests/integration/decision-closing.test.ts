import { describe, expect, test } from 'vitest'
import { setTimeZone } from '~/features/accounts/accounts.server'
import { closeDueBeforeRequest, closeDueDecisions, remindBeforeClosing } from '~/features/decisions/closer.server'
import { getDecisionView } from '~/features/decisions/decisions.server'
import { takeStance } from '~/features/decisions/stances.server'
import { proposePrinciples } from '~/features/peer-review/pairs.server'
import { createPair, createPerson } from '../factories'
import { bodyOf, idFrom, tableCounts } from './harness'
import { db, phasesOf, proposeMove, stance, withInquiry } from './support-inquiries'

// Time to deliberate: a proposal stays open until every member has taken a stance or its
// closing time comes; the proposer chooses that time within the rule's limits, in their own
// time zone; each reader sees it in theirs; due proposals close once, without a cron.

const HOUR = 3_600_000
const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16) // a wall time in UTC

async function decisionRow(id: string) {
  return db().selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function makeDue(id: string) {
  await db()
    .updateTable('decisions')
    .set({ closesAt: new Date(Date.now() - 1000).toISOString() })
    .where('id', '=', id)
    .execute()
}

describe('the closing time the proposer chooses', () => {
  test('left empty it is three days away; chosen, it is read in the proposer’s time zone and shown in each reader’s', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben] = people
    const plain = idFrom(await proposeMove(ada!, inquiryId), '/decisions')
    const closesIn = Date.parse((await decisionRow(plain)).closesAt!) - Date.now()
    expect(closesIn).toBeGreaterThan(72 * HOUR - 60_000)
    expect(closesIn).toBeLessThanOrEqual(72 * HOUR)

    const { people: more, inquiryId: other } = await withInquiry()
    await setTimeZone(db(), more[0]!, { timeZone: 'America/New_York' })
    await setTimeZone(db(), more[1]!, { timeZone: 'Asia/Tokyo' })
    // 2 days ahead, 14:30 wall time in New York.
    const day = new Date(Date.now() + 48 * HOUR)
    const local = `${day.toISOString().slice(0, 10)}T14:30`
    const id = idFrom(
      await proposeMove({ ...more[0]!, timeZone: 'America/New_York' }, other, { step: 'next', reason: '', closesAt: local }),
      '/decisions',
    )
    const closesAt = (await decisionRow(id)).closesAt!
    const newYorkHour = Number(
      new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hour12: false, timeZone: 'America/New_York' }).format(new Date(closesAt)),
    )
    expect(newYorkHour).toBe(14)
    const tokyoText = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'Asia/Tokyo',
    }).format(new Date(closesAt))
    const seenByTokyo = await getDecisionView(db(), { ...more[1]!, timeZone: 'Asia/Tokyo' }, id)
    expect(seenByTokyo.decision.closesAtText).toContain(tokyoText)
    expect(seenByTokyo.decision.closesAtText).toContain('(Asia/Tokyo)')
    const seenByNewYork = await getDecisionView(db(), { ...more[0]!, timeZone: 'America/New_York' }, id)
    expect(seenByNewYork.decision.closesAtText).toContain('14:30 (America/New York)')
    expect(ben).toBeDefined()
  })

  test.each([
    ['in the past', () => wall(Date.now() - HOUR), 'That time has passed.'],
    ['beyond the rule’s limit', () => wall(Date.now() + 15 * 24 * HOUR), 'further off than this group’s rule allows'],
    ['too soon to deliberate', () => wall(Date.now() + 10 * 60_000), 'too soon for the group to deliberate'],
    ['not a date and time', () => 'next Tuesday', 'Give the closing time as a date and a time'],
  ])('%s: refused beside the field, the input kept, nothing written', async (_label, value, message) => {
    const { people, inquiryId } = await withInquiry()
    const before = await tableCounts(db())
    const given = value()
    const response = await proposeMove(people[0]!, inquiryId, { step: 'next', reason: 'Ready', closesAt: given })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.closesAt).toContain(message)
    expect(body.values).toMatchObject({ closesAt: given, reason: 'Ready' })
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('closing', () => {
  test('at its closing time a due proposal is counted once, even by two processes at once', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben] = people
    const id = idFrom(await proposeMove(ada!, inquiryId), '/decisions')
    await stance(ada!, id, 'agree')
    await stance(ben!, id, 'agree')
    expect((await decisionRow(id)).status).toBe('open')
    await makeDue(id)
    // A stance after the time has come is refused, even before the proposal is closed.
    expect((await stance(people[2]!, id, 'block', 'Too late?')).status).toBe(409)
    const counts = await Promise.all([closeDueDecisions(db()), closeDueDecisions(db()), closeDueDecisions(db())])
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1)
    expect(await decisionRow(id)).toMatchObject({
      status: 'passed',
      outcomeNote: 'Passed: 2 of 3 members took a stance, 2 agreed, no one blocked.',
    })
    // The phase moved once: the first is done, the second current, the rest upcoming.
    expect((await phasesOf(inquiryId)).filter((p) => p.cycle === 1).map((p) => p.status)).toEqual([
      'done',
      'current',
      'upcoming',
      'upcoming',
    ])
  })

  test('the server closes due proposals before it answers the next request', async () => {
    const { people, inquiryId } = await withInquiry()
    const id = idFrom(await proposeMove(people[0]!, inquiryId), '/decisions')
    await makeDue(id)
    await new Promise((resolve) => setTimeout(resolve, 2100))
    await closeDueBeforeRequest()
    expect((await decisionRow(id)).status).toBe('rejected')
  })

  test('a block still standing at the closing time means it is not passed', async () => {
    const { people, inquiryId } = await withInquiry()
    const id = idFrom(await proposeMove(people[0]!, inquiryId), '/decisions')
    await stance(people[0]!, id, 'agree')
    await stance(people[1]!, id, 'block', 'Not before we agree how to record.')
    await makeDue(id)
    await closeDueDecisions(db())
    expect(await decisionRow(id)).toMatchObject({ status: 'rejected' })
    expect((await phasesOf(inquiryId))[0]!.status).toBe('current')
  })

  test("a pair's decision needs both people: one agree lapses at the closing time", async () => {
    const client = await createPerson(db(), 'Client')
    const practitioner = await createPerson(db(), 'Practitioner')
    const pairId = await createPair(db(), client, practitioner, { consent: true })
    const id = await proposePrinciples(db(), practitioner, pairId, {
      principles: 'We begin with what the client brings.\nWe end on time.',
      summary: 'Say how we begin and end.',
    })
    await takeStance(db(), practitioner, id, { stance: 'agree', reason: null })
    expect((await decisionRow(id)).status).toBe('open')
    await makeDue(id)
    await closeDueDecisions(db())
    expect(await decisionRow(id)).toMatchObject({ status: 'rejected', outcomeNote: expect.stringContaining("needs every member's stance") })
  })
})

describe('the day before it closes', () => {
  test('members without a stance are told once by mail; those who have spoken are not', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben, cy] = people
    const id = idFrom(await proposeMove(ada!, inquiryId), '/decisions')
    await stance(ada!, id, 'agree')
    await stance(ben!, id, 'agree')
    // Proposed two days ago, closing in twelve hours.
    await db()
      .updateTable('decisions')
      .set({ createdAt: new Date(Date.now() - 48 * HOUR).toISOString(), closesAt: new Date(Date.now() + 12 * HOUR).toISOString() })
      .where('id', '=', id)
      .execute()
    const reminders = async () =>
      db()
        .selectFrom('mailOutbox')
        .select('personId')
        .where('subject', '=', 'A proposal closes within a day')
        .where(
          'personId',
          'in',
          people.map((p) => p.id),
        )
        .execute()
    expect(await remindBeforeClosing(db())).toBe(1)
    expect((await reminders()).map((r) => r.personId)).toEqual([cy!.id])
    expect(await remindBeforeClosing(db())).toBe(0)
    expect(await reminders()).toHaveLength(1)
  })
})
