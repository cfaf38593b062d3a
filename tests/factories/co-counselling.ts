import type { Db } from '~db/connection'
import { bookSession } from '~/features/co-counselling/co-counselling.server'
import { saveNote, startTurn, stopTurn } from '~/features/co-counselling/sessions.server'
import { withClock } from '~/utils/ids.server'
import type { TestPerson } from './index'

// The co-counselling part of a world (issue 19), made through the services between the world
// group's Alice and Bob; Carol is a member of the group who is in no session.
//
// - `done`: held three hours ago, 30 minutes each: Alice's turn (normal contract) lasted 25
//   minutes, Bob's (free attention) 24; Alice keeps a private note (`noteId`, `noteText`).
// - `booked`: tomorrow, not begun (Alice booked it).
// - `running`: Bob booked it, so his turn is first: it began a minute ago, Alice keeping time.

const NOT_IN_THIS_WORLD = 'not-in-this-world'
const MINUTE = 60_000

export const NO_CO_COUNSELLING = {
  coCounselling: {
    doneId: NOT_IN_THIS_WORLD,
    bookedId: NOT_IN_THIS_WORLD,
    runningId: NOT_IN_THIS_WORLD,
    runningTurnId: NOT_IN_THIS_WORLD,
    noteId: NOT_IN_THIS_WORLD,
    noteText: NOT_IN_THIS_WORLD,
  },
  secrets: [] as string[],
}

/** Runs `fn` as if it were `ms` (the services stamp their rows with nowIso). */
const at = <T>(ms: number, fn: () => Promise<T>) => withClock(() => ms, fn)
/** A `datetime-local` value in UTC (the world's people have chosen no time zone). */
const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16)

export async function coCounsellingWorld(
  db: Db,
  tag: string,
  people: { alice: TestPerson; bob: TestPerson; carol: TestPerson },
  groupId: string,
): Promise<typeof NO_CO_COUNSELLING> {
  const { alice, bob } = people
  const now = Date.now()
  const book = (by: TestPerson, other: TestPerson, startsAt: number) =>
    bookSession(db, by, { through: groupId, partners: [other.id], startsAt: wall(startsAt), minutesEach: 30, overrunMinutes: 5 })

  const held = now - 180 * MINUTE
  const doneId = await at(held - 60 * MINUTE, () => book(alice, bob, held))
  const first = await at(held, () => startTurn(db, alice, doneId, { contract: 'normal' }))
  await at(held + 25 * MINUTE, () => stopTurn(db, bob, doneId, { turnId: first }))
  const second = await at(held + 26 * MINUTE, () => startTurn(db, bob, doneId, { contract: 'free_attention' }))
  await at(held + 50 * MINUTE, () => stopTurn(db, alice, doneId, { turnId: second }))
  const noteText = `What I want to remember from this session ${tag}`
  await saveNote(db, alice, doneId, { text: noteText })
  const note = await db
    .selectFrom('coPrivateNotes')
    .select('id')
    .where('sessionId', '=', doneId)
    .where('personId', '=', alice.id)
    .executeTakeFirstOrThrow()

  const bookedId = await book(alice, bob, now + 24 * 60 * MINUTE)

  const runningId = await at(now - 10 * MINUTE, () => book(bob, alice, now - 5 * MINUTE))
  const runningTurnId = await at(now - MINUTE, () => startTurn(db, bob, runningId, { contract: 'normal' }))

  return {
    coCounselling: { doneId, bookedId, runningId, runningTurnId, noteId: note.id, noteText },
    secrets: [noteText],
  }
}
