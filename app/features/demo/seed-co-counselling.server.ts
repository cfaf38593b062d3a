import type { Db } from '~db/connection'
import type { DemoPersonKey } from '~db/demo-content'
import { bookSession } from '~/features/co-counselling/co-counselling.server'
import { changeContract, interruptTurn, saveNote, startTurn, stopTurn } from '~/features/co-counselling/sessions.server'
import type { SessionUser } from '~/utils/session.server'

// The demo's co-counselling (issue 19): Dev and Elena, of the demo group, co-counsel weekly over
// the demo's weeks, 30 minutes each, taking turns to go first. Their turns run a little over or
// under, so their ledger is nearly balanced; once Elena changes her contract, once Dev interrupts.
// Their next session is booked for next week. Only time is kept; Elena keeps one private note.

const DAY = 86_400_000
const WEEKS = 8
/** A few seconds over or under the 30 minutes, turn by turn: nearly balanced over the weeks. */
const DEV_SECONDS = [1800, 1740, 1830, 1800, 1770, 1815, 1800, 1785]
const ELENA_SECONDS = [1770, 1800, 1800, 1845, 1800, 1755, 1830, 1800]
const CONTRACTS = ['normal', 'free_attention', 'intensive', 'normal'] as const

/** The story's clock, in days ago; a booking's time as the form takes it (the demo's people read UTC). */
const wall = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 16)

export async function seedCoCounselling(
  db: Db,
  demo: { people: Map<DemoPersonKey, SessionUser>; groupId: string; at: (daysAgo: number) => void },
) {
  const { groupId, at } = demo
  const dev = demo.people.get('dev')!
  const elena = demo.people.get('elena')!
  const minutes = (m: number) => m / (24 * 60)
  for (let week = WEEKS; week >= 1; week--) {
    const day = week * 7 - 0.5
    const i = WEEKS - week
    const [booker, other] = i % 2 === 0 ? [dev, elena] : [elena, dev]
    at(day + 1)
    const sessionId = await bookSession(db, booker, {
      through: groupId,
      partners: [other.id],
      startsAt: wall(day),
      minutesEach: 30,
      overrunMinutes: 5,
    })
    for (const [turn, client] of [booker, other].entries()) {
      const start = day - minutes(turn * 40)
      at(start)
      const counsellor = client === dev ? elena : dev
      const turnId = await startTurn(db, client, sessionId, { contract: CONTRACTS[(i + turn) % CONTRACTS.length]! })
      if (client === elena && i === 2) {
        at(start - minutes(10))
        await changeContract(db, elena, sessionId, { turnId, contract: 'free_attention' })
      }
      if (client === elena && i === 5) {
        at(start - minutes(20))
        await interruptTurn(db, dev, sessionId, turnId)
      }
      at(start - minutes(33))
      const seconds = (client === dev ? DEV_SECONDS : ELENA_SECONDS)[i]!
      await stopTurn(db, counsellor, sessionId, { turnId, seconds })
    }
    if (i === WEEKS - 1) await saveNote(db, elena, sessionId, { text: 'Remember to breathe before I begin; the quiet helped.' })
  }
  at(0.1)
  await bookSession(db, dev, { through: groupId, partners: [elena.id], startsAt: wall(-6.5), minutesEach: 30, overrunMinutes: 5 })
}
