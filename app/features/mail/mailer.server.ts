import type { Db, Executor } from '~db/connection'
import { getDb } from '~/utils/db.server'
import { errorFields, getLogger } from '~/utils/log.server'
import { writeWeeklyDigests } from './digest.server'
import { deliverDueMails } from './outbox.server'
import { getMailTransport } from './transport.server'

// The server's mailer: it sends the outbox right after any request that may have written to it
// (kickMailer, in every server process), and every POLL_SECONDS for retries and for mails another
// process wrote (startMailer, in the first server process alone: app/server.ts). No cron to set
// up; with several processes on one database, the outbox's claims keep each mail to one.

const POLL_SECONDS = 15

let pending = false
let running: Promise<void> | null = null
let again = false

async function runOnce(db: Executor): Promise<void> {
  try {
    for (;;) {
      const { sent, failed } = await deliverDueMails(db)
      if (sent + failed === 0 || failed > 0) break
    }
  } catch (error) {
    getLogger().error({ err: errorFields(error) }, 'the mailer could not read the outbox')
  }
}

/** Sends whatever is due soon, without holding up the caller; several kicks at once make one run. */
export function kickMailer(db: Executor = getDb()): void {
  if (running) {
    again = true
    return
  }
  if (pending) return
  pending = true
  setImmediate(() => {
    pending = false
    running = runOnce(db).finally(() => {
      running = null
      if (again) {
        again = false
        kickMailer(db)
      }
    })
  })
}

/** Mail another feature writes on a timer (the co-counselling reminders): what it is, how often, and the writer, which returns how many it wrote. */
export type PeriodicMail = { what: string; everyMs: number; write: (db: Db) => Promise<number> }

/**
 * Starts the mailer's poll, the weekly digests that are due (hourly), and each feature's periodic
 * mail (passed in by the server, so the mailer depends on no feature), and says where mail goes.
 */
export function startMailer(log: (line: string) => void = console.log, periodic: readonly PeriodicMail[] = []): void {
  log(`mail: ${getMailTransport().describe}`)
  setInterval(() => kickMailer(), POLL_SECONDS * 1000).unref()
  const every = (job: PeriodicMail) => {
    const run = () =>
      job.write(getDb()).then(
        (n) => (n > 0 ? kickMailer() : undefined),
        (error: unknown) => getLogger().error({ err: errorFields(error) }, `the ${job.what} could not be written`),
      )
    setInterval(() => void run(), job.everyMs).unref()
    void run()
  }
  every({ what: 'weekly digests', everyMs: 3_600_000, write: (db) => writeWeeklyDigests(db) })
  for (const job of periodic) every(job)
  kickMailer()
}
