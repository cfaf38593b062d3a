import { describe, expect, test } from 'vitest'
import { leaveGroup } from '~/features/groups/groups.server'
import { mergeTheme } from '~/features/themes/themes.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as ratingsRoute from '~/routes/inquiries.$inquiryId.ratings'
import { getDb } from '~/utils/db.server'
import {
  agreeUntilClosed,
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  moveOn,
  rate,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get, idFrom, locationOf, post, tableCounts } from './harness'

// The sense-making issue: two rating rounds per cycle on the template's scale (1–5 here).
// Blind first, revealed when every current member has rated every theme or by a group
// decision; then an open round where a changed rating may carry a reason.

const db = () => getDb()

/** Three members in sense-making with two themes to rate; Ada facilitates. */
async function senseMaking() {
  const ada = await createPerson(db(), 'Ada')
  const ben = await createPerson(db(), 'Ben')
  const cy = await createPerson(db(), 'Cy')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people, { name: 'Rating circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  await moveOn(db(), inquiryId, people)
  await createTestRecord(db(), ada, inquiryId, { text: 'A session where I waited.' })
  await toSenseMaking(db(), inquiryId, people)
  const t1 = await createTestTheme(db(), ada, inquiryId, 'Waiting')
  const t2 = await createTestTheme(db(), ben, inquiryId, 'Rescuing')
  return { ada, ben, cy, people, groupId, inquiryId, t1, t2 }
}

type World = Awaited<ReturnType<typeof senseMaking>>

function send(person: TestPerson, inquiryId: string, form: Record<string, string>) {
  return post(ratingsRoute, { path: `/inquiries/${inquiryId}/ratings`, params: { inquiryId }, cookie: person.cookie, form })
}

const blindForm = (values: Record<string, string>) => ({
  intent: 'blind',
  ...Object.fromEntries(Object.entries(values).map(([id, v]) => [`rating.${id}`, v])),
})

async function page(person: TestPerson, inquiryId: string) {
  const response = await get(ratingsRoute, { path: `/inquiries/${inquiryId}/ratings`, params: { inquiryId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

async function cycleOf(inquiryId: string, number = 1) {
  return db().selectFrom('cycles').selectAll().where('inquiryId', '=', inquiryId).where('number', '=', number).executeTakeFirstOrThrow()
}

/** Rows in a fixed order, whatever order the database returns them in. */
const sorted = <T>(rows: T[]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))

const ratingRows = async (inquiryId: string) =>
  sorted(
    await db()
      .selectFrom('ratings')
      .innerJoin('cycles', 'cycles.id', 'ratings.cycleId')
      .select(['ratings.personId', 'ratings.themeId', 'ratings.round', 'ratings.value', 'ratings.reason'])
      .where('cycles.inquiryId', '=', inquiryId)
      .execute(),
  )

/** A 4xx whose message a person can read: short, no stack, no SQL. */
async function plainRefusal(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status)
  const body = await bodyOf(response)
  const message = body.formError as string
  expect(typeof message).toBe('string')
  expect(message.length).toBeGreaterThan(10)
  expect(message.length).toBeLessThan(200)
  expect(message).not.toMatch(/SQLITE|Error|undefined|null|\n\s+at /)
  return message
}

async function revealByEveryone(w: World) {
  await rate(db(), w.ada, w.inquiryId, 'blind', { [w.t1]: 4, [w.t2]: 2 })
  await rate(db(), w.ben, w.inquiryId, 'blind', { [w.t1]: 3, [w.t2]: 5 })
  const { revealed } = await rate(db(), w.cy, w.inquiryId, 'blind', { [w.t1]: 5, [w.t2]: 1 })
  expect(revealed).toBe(true)
}

describe('blind ratings', () => {
  test("a member's blind ratings are stored and shown back to them on the ratings page", async () => {
    const w = await senseMaking()
    const response = await send(w.ben, w.inquiryId, blindForm({ [w.t1]: '5', [w.t2]: '1' }))
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe(`/inquiries/${w.inquiryId}/ratings?saved=blind`)
    expect(await ratingRows(w.inquiryId)).toEqual(
      sorted([
        { personId: w.ben.id, themeId: w.t1, round: 'blind', value: 5, reason: null },
        { personId: w.ben.id, themeId: w.t2, round: 'blind', value: 1, reason: null },
      ]),
    )
    const mine = await page(w.ben, w.inquiryId)
    expect(mine).toMatchObject({ state: 'blind', cycleNumber: 1, scale: { min: 1, max: 5 }, progress: { completed: 1, members: 3 } })
    expect(mine.themes.map((t: { id: string; blind: number | null }) => [t.id, t.blind]).sort()).toEqual(
      [
        [w.t1, 5],
        [w.t2, 1],
      ].sort(),
    )
    // Changing a blind rating before the reveal replaces it.
    expect((await send(w.ben, w.inquiryId, blindForm({ [w.t1]: '2' }))).status).toBe(302)
    expect((await ratingRows(w.inquiryId)).find((r) => r.themeId === w.t1)!.value).toBe(2)
    expect(await ratingRows(w.inquiryId)).toHaveLength(2)
  })

  test.each(['0', '6', '2.5', 'abc', '-1', '1e999'])(
    "a rating of %s is a 400 beside its theme's field, and nothing is written",
    async (bad) => {
      const w = await senseMaking()
      const before = await tableCounts(db())
      // The other theme's rating is valid, yet nothing of the form is saved.
      const response = await send(w.ada, w.inquiryId, blindForm({ [w.t1]: bad, [w.t2]: '3' }))
      expect(response.status).toBe(400)
      const body = await bodyOf(response)
      expect(body.errors).toEqual({ [`rating.${w.t1}`]: 'Choose a whole number from 1 to 5.' })
      expect(body.values[`rating.${w.t1}`]).toBe(bad)
      expect(await tableCounts(db())).toEqual(before)
      expect(await ratingRows(w.inquiryId)).toEqual([])
    },
  )

  test('a form with no rating at all, or a rating for a theme of another inquiry, is a 400 and writes nothing', async () => {
    const w = await senseMaking()
    const elsewhere = await createTestInquiry(db(), w.ada, w.groupId)
    const foreignTheme = await createTestTheme(db(), w.ada, elsewhere, 'Foreign')
    const before = await tableCounts(db())
    const empty = await send(w.ada, w.inquiryId, blindForm({ [w.t1]: '', [w.t2]: '' }))
    expect(empty.status).toBe(400)
    expect((await bodyOf(empty)).formError).toBe('Choose a rating for at least one theme.')
    const foreign = await send(w.ada, w.inquiryId, blindForm({ [w.t1]: '3', [foreignTheme]: '3' }))
    expect(foreign.status).toBe(400)
    expect((await bodyOf(foreign)).errors).toEqual({ [`rating.${foreignTheme}`]: 'This theme is not in the current rating round.' })
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a rating from a non-member, or from a member who has left, is a 404 and writes nothing', async () => {
    const w = await senseMaking()
    const outsider = await createPerson(db(), 'Outsider')
    await leaveGroup(db(), w.cy, w.groupId)
    const before = await tableCounts(db())
    for (const person of [outsider, w.cy]) {
      for (const form of [blindForm({ [w.t1]: '3' }), { intent: 'open', [`rating.${w.t1}`]: '3' }, { intent: 'reveal' }]) {
        const response = await send(person, w.inquiryId, form)
        expect(response.status).toBe(404)
        expect(await response.text()).not.toContain('Waiting')
      }
      const view = await get(ratingsRoute, {
        path: `/inquiries/${w.inquiryId}/ratings`,
        params: { inquiryId: w.inquiryId },
        cookie: person.cookie,
      })
      expect(view.status).toBe(404)
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('outside sense-making, in planning or action, any rating is a 409 with a plain message and writes nothing', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const cy = await createPerson(db(), 'Cy')
    const groupId = await createGroupWith(db(), [ada, ben, cy])
    const inquiryId = await createTestInquiry(db(), ada, groupId)
    // A theme named in planning, which is a reflection phase but not sense-making.
    const themeId = await createTestTheme(db(), ada, inquiryId, 'Early theme')
    for (const phase of ['planning', 'action']) {
      if (phase === 'action') await moveOn(db(), inquiryId, [ada, ben, cy])
      const before = await tableCounts(db())
      for (const intent of ['blind', 'open']) {
        const message = await plainRefusal(await send(ben, inquiryId, { intent, [`rating.${themeId}`]: '4' }), 409)
        expect(message).toBe('Ratings are given in the sense-making phase; no rating round is open now.')
      }
      await plainRefusal(await send(ben, inquiryId, { intent: 'reveal' }), 409)
      expect(await tableCounts(db())).toEqual(before)
      expect((await page(ben, inquiryId)).state).toBe('not_open')
    }
  })
})

describe('revealing the blind round', () => {
  test('the round is revealed once every current member has rated every theme, and not before', async () => {
    const w = await senseMaking()
    await rate(db(), w.ada, w.inquiryId, 'blind', { [w.t1]: 4, [w.t2]: 2 })
    await rate(db(), w.ben, w.inquiryId, 'blind', { [w.t1]: 3, [w.t2]: 5 })
    // Cy rates one theme of two: still hidden.
    const partial = await rate(db(), w.cy, w.inquiryId, 'blind', { [w.t1]: 5 })
    expect(partial.revealed).toBe(false)
    expect((await cycleOf(w.inquiryId)).blindRevealedAt).toBeNull()
    expect(await page(w.ada, w.inquiryId)).toMatchObject({ state: 'blind', progress: { completed: 2, members: 3 } })

    const response = await send(w.cy, w.inquiryId, blindForm({ [w.t2]: '1' }))
    expect(response.status).toBe(302)
    const revealedAt = (await cycleOf(w.inquiryId)).blindRevealedAt
    expect(revealedAt).not.toBeNull()
    expect(Number.isNaN(Date.parse(revealedAt!))).toBe(false)
    expect((await page(w.ada, w.inquiryId)).state).toBe('open')
  })

  test('a theme proposed during the blind round must be rated by everyone too before the reveal', async () => {
    const w = await senseMaking()
    await rate(db(), w.ada, w.inquiryId, 'blind', { [w.t1]: 4, [w.t2]: 2 })
    await rate(db(), w.ben, w.inquiryId, 'blind', { [w.t1]: 3, [w.t2]: 5 })
    const late = await createTestTheme(db(), w.cy, w.inquiryId, 'Late theme')
    expect((await rate(db(), w.cy, w.inquiryId, 'blind', { [w.t1]: 5, [w.t2]: 1, [late]: 3 })).revealed).toBe(false)
    expect((await rate(db(), w.ada, w.inquiryId, 'blind', { [late]: 3 })).revealed).toBe(false)
    expect((await rate(db(), w.ben, w.inquiryId, 'blind', { [late]: 3 })).revealed).toBe(true)
  })

  test('by a group decision: a member proposes the reveal, the group agrees, and the round is revealed', async () => {
    const w = await senseMaking()
    await rate(db(), w.ada, w.inquiryId, 'blind', { [w.t1]: 4, [w.t2]: 2 })
    await rate(db(), w.ben, w.inquiryId, 'blind', { [w.t1]: 3 })
    const response = await send(w.ben, w.inquiryId, { intent: 'reveal' })
    expect(response.status).toBe(302)
    const decisionId = idFrom(response, '/decisions')
    const decision = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    expect(decision).toMatchObject({
      kind: 'reveal_ratings',
      status: 'open',
      inquiryId: w.inquiryId,
      cycleId: (await cycleOf(w.inquiryId)).id,
      proposedBy: w.ben.id,
    })
    expect((await page(w.cy, w.inquiryId)).revealDecisionId).toBe(decisionId)
    // A second proposal while one is open is refused.
    await plainRefusal(await send(w.ada, w.inquiryId, { intent: 'reveal' }), 409)
    expect((await cycleOf(w.inquiryId)).blindRevealedAt).toBeNull()

    const stance = await post(decisionRoute, {
      path: `/decisions/${decisionId}`,
      params: { decisionId },
      cookie: w.ada.cookie,
      form: { intent: 'stance', stance: 'agree', reason: '' },
    })
    expect(stance.status).toBeLessThan(400)
    expect(await agreeUntilClosed(db(), decisionId, [w.cy, w.ben])).toBe('passed')
    expect((await cycleOf(w.inquiryId)).blindRevealedAt).not.toBeNull()
    expect(await page(w.cy, w.inquiryId)).toMatchObject({ state: 'open', revealDecisionId: null })
    // The open round offers the themes rated blind.
    expect((await page(w.cy, w.inquiryId)).themes.map((t: { id: string }) => t.id).sort()).toEqual([w.t1, w.t2].sort())
  })

  test('when the only member who had not rated leaves the group, everyone left has rated, so the round is revealed', async () => {
    const w = await senseMaking()
    await rate(db(), w.ada, w.inquiryId, 'blind', { [w.t1]: 4, [w.t2]: 2 })
    await rate(db(), w.ben, w.inquiryId, 'blind', { [w.t1]: 3, [w.t2]: 5 })
    await leaveGroup(db(), w.cy, w.groupId)
    const view = await page(w.ada, w.inquiryId)
    expect(view.progress).toEqual({ completed: 2, members: 2 })
    // Every current member has rated every theme: the template reveals on that.
    expect((await cycleOf(w.inquiryId)).blindRevealedAt).not.toBeNull()
    expect(view.state).toBe('open')
  })

  test('when the theme a member had not rated is merged into one they had, everyone has rated every theme, so the round is revealed', async () => {
    const w = await senseMaking()
    await rate(db(), w.ada, w.inquiryId, 'blind', { [w.t1]: 4, [w.t2]: 2 })
    await rate(db(), w.ben, w.inquiryId, 'blind', { [w.t1]: 3, [w.t2]: 5 })
    await rate(db(), w.cy, w.inquiryId, 'blind', { [w.t1]: 5 })
    await mergeTheme(db(), w.cy, w.inquiryId, w.t2, w.t1)
    const view = await page(w.ada, w.inquiryId)
    expect(view.themes.map((t: { id: string }) => t.id)).toEqual([w.t1])
    expect(view.progress).toEqual({ completed: 3, members: 3 })
    expect((await cycleOf(w.inquiryId)).blindRevealedAt).not.toBeNull()
    expect(view.state).toBe('open')
  })
})

describe('closed rounds', () => {
  test('after the reveal a blind rating is a 409 with a plain message, and the blind value stands', async () => {
    const w = await senseMaking()
    await revealByEveryone(w)
    const before = await ratingRows(w.inquiryId)
    const message = await plainRefusal(await send(w.ada, w.inquiryId, blindForm({ [w.t1]: '1' })), 409)
    expect(message).toBe('The blind round has been revealed and is closed. You can re-rate in the open round.')
    expect(await ratingRows(w.inquiryId)).toEqual(before)
    await plainRefusal(await send(w.ada, w.inquiryId, { intent: 'reveal' }), 409)
  })

  test('an open rating before the reveal is a 409 with a plain message and writes nothing', async () => {
    const w = await senseMaking()
    await rate(db(), w.ada, w.inquiryId, 'blind', { [w.t1]: 4, [w.t2]: 2 })
    const before = await tableCounts(db())
    const message = await plainRefusal(
      await send(w.ada, w.inquiryId, { intent: 'open', [`rating.${w.t1}`]: '5', [`reason.${w.t1}`]: 'Because' }),
      409,
    )
    expect(message).toBe('The open round starts when the blind ratings are revealed.')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('after the inquiry moves out of sense-making every rating is a 409 and writes nothing', async () => {
    const w = await senseMaking()
    await revealByEveryone(w)
    await moveOn(db(), w.inquiryId, w.people)
    const before = await tableCounts(db())
    for (const form of [blindForm({ [w.t1]: '3' }), { intent: 'open', [`rating.${w.t1}`]: '3', [`reason.${w.t1}`]: 'Late thought' }]) {
      const message = await plainRefusal(await send(w.ben, w.inquiryId, form), 409)
      expect(message).toBe('Ratings are given in the sense-making phase; no rating round is open now.')
    }
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('the open round', () => {
  test('members re-rate after the reveal, with or without a reason; both are stored beside the blind ratings', async () => {
    const w = await senseMaking()
    await revealByEveryone(w)
    const withReason = await send(w.ada, w.inquiryId, {
      intent: 'open',
      [`rating.${w.t1}`]: '3',
      [`reason.${w.t1}`]: "  Ben's example showed me my own waiting.  ",
      [`rating.${w.t2}`]: '',
    })
    expect(withReason.status).toBe(302)
    expect(locationOf(withReason)).toBe(`/inquiries/${w.inquiryId}/ratings?saved=open`)
    expect((await send(w.ben, w.inquiryId, { intent: 'open', [`rating.${w.t2}`]: '3' })).status).toBe(302)

    const rows = await ratingRows(w.inquiryId)
    const open = rows.filter((r) => r.round === 'open')
    expect(open).toEqual(
      sorted([
        { personId: w.ada.id, themeId: w.t1, round: 'open', value: 3, reason: "Ben's example showed me my own waiting." },
        { personId: w.ben.id, themeId: w.t2, round: 'open', value: 3, reason: null },
      ]),
    )
    // The blind ratings are untouched.
    expect(rows.filter((r) => r.round === 'blind')).toHaveLength(6)
    expect(rows.find((r) => r.personId === w.ada.id && r.themeId === w.t1 && r.round === 'blind')!.value).toBe(4)

    const mine = await page(w.ada, w.inquiryId)
    expect(mine.themes.find((t: { id: string }) => t.id === w.t1)).toMatchObject({
      blind: 4,
      open: 3,
      reason: "Ben's example showed me my own waiting.",
    })
    expect(mine.themes.find((t: { id: string }) => t.id === w.t2)).toMatchObject({ blind: 2, open: null, reason: null })

    // Re-rating again replaces the open rating (and its reason) rather than adding another.
    expect((await send(w.ada, w.inquiryId, { intent: 'open', [`rating.${w.t1}`]: '2' })).status).toBe(302)
    const again = (await ratingRows(w.inquiryId)).filter((r) => r.personId === w.ada.id && r.round === 'open')
    expect(again).toEqual([{ personId: w.ada.id, themeId: w.t1, round: 'open', value: 2, reason: null }])
  })

  test('an out-of-scale open rating or an overlong reason is a 400 beside its field and writes nothing', async () => {
    const w = await senseMaking()
    await revealByEveryone(w)
    const before = await tableCounts(db())
    const bad = await send(w.ada, w.inquiryId, { intent: 'open', [`rating.${w.t1}`]: '7' })
    expect(bad.status).toBe(400)
    expect((await bodyOf(bad)).errors).toEqual({ [`rating.${w.t1}`]: 'Choose a whole number from 1 to 5.' })
    const long = await send(w.ada, w.inquiryId, { intent: 'open', [`rating.${w.t1}`]: '3', [`reason.${w.t1}`]: 'x'.repeat(2001) })
    expect(long.status).toBe(400)
    expect(Object.keys((await bodyOf(long)).errors)).toEqual([`reason.${w.t1}`])
    expect(await tableCounts(db())).toEqual(before)
  })
})
