import type { Db } from '~db/connection'
import { claimReminder, listCoSessionPeople, listSessionsToRemind } from '~db/queries/co-counselling'
import { formatClosingTime, knownTimeZone } from '~/features/decisions/core/closing'
import { appOrigin, mailPerson } from '~/features/mail/outbox.server'
import { findPersonById } from '~db/queries/people'
import { nowIso } from '~/utils/ids.server'

// Reminders of booked co-counselling sessions (issue 19, by mail as issue 12 sends mail): once a
// session is less than a day away, each person in it is told when it is and how long each has,
// in their own time zone, with a link; a person who chose not to get these gets none. The mail
// names no one and nothing else. The mailer's hourly timer runs this in the first server process.

export const REMIND_HOURS_AHEAD = 24

/** Writes the reminders now due; returns how many sessions were reminded. */
export async function writeSessionReminders(db: Db, now: Date = new Date(nowIso())): Promise<number> {
  const until = new Date(now.getTime() + REMIND_HOURS_AHEAD * 3_600_000).toISOString()
  let reminded = 0
  for (const session of await listSessionsToRemind(db, now.toISOString(), until)) {
    const done = await db.transaction().execute(async (trx) => {
      // Several processes may run this: the one whose claim lands writes the mails.
      if (!(await claimReminder(trx, session.id, now.toISOString()))) return false
      for (const person of await listCoSessionPeople(trx, [session.id])) {
        const zone = knownTimeZone((await findPersonById(trx, person.personId))?.timeZone)
        await mailPerson(trx, person.personId, 'co_counselling_reminder', {
          subject: 'A co-counselling session tomorrow',
          lines: [
            `Your co-counselling session is on ${formatClosingTime(session.startsAt, zone)}.`,
            `Each of you has ${session.minutesEach} minutes as client.`,
          ],
          link: `${appOrigin()}/co-counselling/sessions/${session.id}`,
        })
      }
      return true
    })
    if (done) reminded += 1
  }
  return reminded
}
