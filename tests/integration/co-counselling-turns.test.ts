import { describe, expect, test } from 'vitest'
import { bookSession } from '~/features/co-counselling/co-counselling.server'
import {
  cancelSession,
  changeContract,
  deleteNote,
  getSessionPage,
  interruptTurn,
  saveNote,
  startTurn,
  stopTurn,
  tellTime,
} from '~/features/co-counselling/sessions.server'
import { getDb } from '~/utils/db.server'
import { DomainError } from '~/utils/errors.server'
import { withClock } from '~/utils/ids.server'
import { createGroupWith, createPerson, type TestPerson } from '../factories'

// A session of three, turn by turn (issue 19; seed 000 point 2: in a group each has equal time as
// client): what the session page offers each person at each moment, and every move refused at the
// wrong moment or by the wrong person, with the reason the person reads.

const db = () => getDb()
const MINUTE = 60_000
const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16)
const at = <T>(ms: number, fn: () => Promise<T>) => withClock(() => ms, fn)

async function refused(promise: Promise<unknown>, status: number, message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DomainError)
  expect((error as DomainError).status).toBe(status)
  expect((error as DomainError).message).toMatch(message)
}

async function threeBooked(t0: number) {
  const [ann, ben, cy] = [await createPerson(db(), 'Ann'), await createPerson(db(), 'Ben'), await createPerson(db(), 'Cy')]
  const groupId = await createGroupWith(db(), [ann, ben, cy], { name: `Trio ${Math.random()}` })
  const id = await at(t0 - 60 * MINUTE, () =>
    bookSession(db(), ann, { through: groupId, partners: [ben.id, cy.id], startsAt: wall(t0), minutesEach: 10, overrunMinutes: 2 }),
  )
  return { ann, ben, cy, id }
}

const page = (person: TestPerson, id: string, ms: number) => at(ms, () => getSessionPage(db(), person, id))

describe('a session of three, turn by turn', () => {
  test('each has a turn as client in seat order; the page says who may keep time, interrupt, change the contract', async () => {
    const t0 = Date.UTC(2027, 0, 4, 18, 0)
    const { ann, ben, cy, id } = await threeBooked(t0)

    const before = await page(ben, id, t0)
    expect(before.session).toMatchObject({ status: 'booked', minutesEach: 10, overrunMinutes: 2 })
    expect(before.canCancel).toBe(true)
    expect(before.running).toBeNull()
    const first = before.next!
    expect(first.clientId).toBe(ann.id)
    expect(first.iAmClient).toBe(false)
    expect(first.counsellors.map((c) => c.personId).sort()).toEqual([ben.id, cy.id].sort())
    expect(before.people.map((p) => p.asClient)).toEqual(['not yet', 'not yet', 'not yet'])

    // The counsellor must be another person of the session, and only the client or their counsellor starts.
    await refused(
      at(t0, () => startTurn(db(), ann, id, { contract: 'normal', counsellorId: ann.id })),
      400,
      /counsellor from the others/,
    )
    await refused(
      at(t0, () => startTurn(db(), ann, id, { contract: 'normal', counsellorId: 'nobody' })),
      400,
      /counsellor from the others/,
    )
    await refused(
      at(t0, () => startTurn(db(), cy, id, { contract: 'normal', counsellorId: ben.id })),
      403,
      /starts their turn/,
    )

    const turn = await at(t0, () => startTurn(db(), ann, id, { contract: 'normal', counsellorId: ben.id }))
    await refused(
      at(t0, () => startTurn(db(), ben, id, { contract: 'normal' })),
      409,
      /A turn is running/,
    )
    await refused(
      at(t0, () => cancelSession(db(), cy, id)),
      409,
      /has begun/,
    )

    const client = (await page(ann, id, t0 + MINUTE)).running!
    expect(client).toMatchObject({
      client: 'You',
      counsellor: 'Ben',
      iAmClient: true,
      canKeepTime: true,
      canInterrupt: false,
      contract: 'normal',
    })
    expect(client.bookedSeconds).toBe(600)
    expect(client.limitSeconds).toBe(720)
    const listener = (await page(cy, id, t0 + MINUTE)).running!
    expect(listener).toMatchObject({ iAmClient: false, canKeepTime: false, canInterrupt: true, interruptedBy: null })
    expect((await page(cy, id, t0 + MINUTE)).people.find((p) => p.personId === ann.id)!.asClient).toBe('running now')

    // The contract: only a timekeeper changes it, and only to another one.
    await refused(
      at(t0 + MINUTE, () => changeContract(db(), cy, id, { turnId: turn, contract: 'intensive' })),
      403,
      /keep this turn’s time/,
    )
    await refused(
      at(t0 + MINUTE, () => changeContract(db(), ann, id, { turnId: turn, contract: 'normal' })),
      400,
      /already/,
    )
    await at(t0 + 2 * MINUTE, () => changeContract(db(), ann, id, { turnId: turn, contract: 'free_attention' }))
    expect((await page(ann, id, t0 + 3 * MINUTE)).running!.contract).toBe('free_attention')

    // Interrupting: not by the client; once; and recorded as who and when alone.
    await refused(
      at(t0 + 3 * MINUTE, () => interruptTurn(db(), ann, id, turn)),
      403,
      /yours as client/,
    )
    await at(t0 + 3 * MINUTE, () => interruptTurn(db(), cy, id, turn))
    await refused(
      at(t0 + 4 * MINUTE, () => interruptTurn(db(), ben, id, turn)),
      409,
      /interrupted already/,
    )
    const interrupted = await page(ben, id, t0 + 4 * MINUTE)
    expect(interrupted.running).toMatchObject({ interruptedBy: 'Cy', canInterrupt: false })
    expect(interrupted.turns[0]).toMatchObject({ client: 'Ann', counsellor: 'You', interruptedBy: 'Cy' })
    expect(interrupted.turns[0]!.changes).toHaveLength(1)

    // The client asks the time: how long has run and what is left; after the booked time, that it is up.
    expect(await at(t0 + 4 * MINUTE, () => tellTime(db(), ann, id, turn))).toMatch(/gone, .* left\.$/)
    expect(await at(t0 + 11 * MINUTE, () => tellTime(db(), ann, id, turn))).toMatch(/the time is up\.$/)

    // Only a timekeeper stops it; a turn that ended, or one that does not exist, is refused.
    await refused(
      at(t0 + 10 * MINUTE, () => stopTurn(db(), cy, id, { turnId: turn })),
      403,
      /keep this turn’s time/,
    )
    await refused(
      at(t0 + 10 * MINUTE, () => stopTurn(db(), ben, id, { turnId: 'no-such-turn' })),
      404,
      /turn/i,
    )
    await at(t0 + 10 * MINUTE, () => stopTurn(db(), ben, id, { turnId: turn }))
    await refused(
      at(t0 + 10 * MINUTE, () => stopTurn(db(), ben, id, { turnId: turn })),
      409,
      /ended already/,
    )
    await refused(
      at(t0 + 10 * MINUTE, () => tellTime(db(), ann, id, turn)),
      409,
      /ended already/,
    )

    const between = await page(cy, id, t0 + 11 * MINUTE)
    expect(between.running).toBeNull()
    expect(between.canCancel).toBe(false)
    expect(between.next!.clientId).toBe(ben.id)
    expect(between.people.find((p) => p.personId === ann.id)!.seconds).toBe(600)
    expect(between.turns[0]!.length).not.toBeNull()

    // Ben's and Cy's turns; then the session is over.
    const second = await at(t0 + 12 * MINUTE, () => startTurn(db(), ben, id, { contract: 'intensive', counsellorId: cy.id }))
    await at(t0 + 22 * MINUTE, () => stopTurn(db(), cy, id, { turnId: second, seconds: 600 }))
    const third = await at(t0 + 23 * MINUTE, () => startTurn(db(), cy, id, { contract: 'normal' }))
    await at(t0 + 33 * MINUTE, () => stopTurn(db(), cy, id, { turnId: third }))
    const after = await page(ann, id, t0 + 34 * MINUTE)
    expect(after.session.status).toBe('done')
    expect(after.next).toBeNull()
    expect(after.people.map((p) => p.seconds)).toEqual([600, 600, 600])
    await refused(
      at(t0 + 34 * MINUTE, () => startTurn(db(), ann, id, { contract: 'normal' })),
      409,
      /session is over/,
    )
  })

  test('a session not yet begun may be called off by anyone in it; then nothing more happens in it', async () => {
    const t0 = Date.UTC(2027, 0, 11, 18, 0)
    const { ann, cy, id } = await threeBooked(t0)
    await at(t0 - MINUTE, () => cancelSession(db(), cy, id))
    const called = await page(ann, id, t0)
    expect(called.session.status).toBe('cancelled')
    expect(called.next).toBeNull()
    expect(called.canCancel).toBe(false)
    await refused(
      at(t0, () => startTurn(db(), ann, id, { contract: 'normal' })),
      409,
      /cancelled/,
    )
    await refused(
      at(t0, () => cancelSession(db(), ann, id)),
      409,
      /cancelled/,
    )
  })

  test('each person’s private note is theirs alone: written, rewritten, deleted; another’s is refused', async () => {
    const t0 = Date.UTC(2027, 0, 18, 18, 0)
    const { ann, ben, id } = await threeBooked(t0)
    expect((await page(ann, id, t0)).note).toBeNull()
    await at(t0, () => saveNote(db(), ann, id, { text: 'What I noticed, for me alone.' }))
    const mine = (await page(ann, id, t0)).note!
    expect(mine.text).toBe('What I noticed, for me alone.')
    expect((await page(ben, id, t0)).note).toBeNull()
    await at(t0 + MINUTE, () => saveNote(db(), ann, id, { text: 'Rewritten.', noteId: mine.id }))
    expect((await page(ann, id, t0 + MINUTE)).note!.text).toBe('Rewritten.')
    await refused(
      at(t0, () => saveNote(db(), ben, id, { text: 'Overwrite', noteId: mine.id })),
      403,
      /someone else’s/,
    )
    await refused(
      at(t0, () => deleteNote(db(), ben, id, { noteId: mine.id })),
      403,
      /someone else’s/,
    )
    await refused(
      at(t0, () => deleteNote(db(), ann, id, { noteId: 'no-such-note' })),
      404,
      /note/i,
    )
    await at(t0, () => deleteNote(db(), ann, id, { noteId: mine.id }))
    expect((await page(ann, id, t0)).note).toBeNull()
  })
})

describe('booking, refused before anything is written', () => {
  test('through the network while in none of its groups, through a group one is not in, with a deleted account, too early or too far ahead', async () => {
    const [ann, ben, cy] = [await createPerson(db(), 'Ann'), await createPerson(db(), 'Ben'), await createPerson(db(), 'Cy')]
    const groupId = await createGroupWith(db(), [ann, ben], { name: `Pair of peers ${Math.random()}` })
    const other = await createGroupWith(db(), [cy], { name: `Elsewhere ${Math.random()}` })
    const now = Date.UTC(2027, 1, 1, 12, 0)
    const book = (through: string, startsAt: number, partners = [ben.id]) =>
      at(now, () => bookSession(db(), ann, { through, partners, startsAt: wall(startsAt), minutesEach: 20, overrunMinutes: 5 }))
    const before = await db().selectFrom('coSessions').select('id').execute()
    await refused(book('network', now + 60 * MINUTE), 400, /one of your groups, or the network/)
    await refused(book(other, now + 60 * MINUTE), 400, /one of your groups, or the network/)
    await refused(book(groupId, now - 7 * 24 * 60 * MINUTE), 400, /booked ahead/)
    await refused(book(groupId, now + 400 * 24 * 60 * MINUTE), 400, /a year ahead/)
    await db()
      .updateTable('people')
      .set({ deletedAt: new Date(now).toISOString() })
      .where('id', '=', ben.id)
      .execute()
    await refused(book(groupId, now + 60 * MINUTE), 400, /only with people who share a group/)
    expect(await db().selectFrom('coSessions').select('id').execute()).toHaveLength(before.length)
  })
})
