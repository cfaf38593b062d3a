import type { Executor } from '~db/connection'
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

/** Starts the mailer's poll (and, hourly, the weekly digests that are due) and says where mail goes. */
export function startMailer(log: (line: string) => void = console.log): void {
  log(`mail: ${getMailTransport().describe}`)
  setInterval(() => kickMailer(), POLL_SECONDS * 1000).unref()
  const digests = () =>
    writeWeeklyDigests(getDb()).then(
      (n) => (n > 0 ? kickMailer() : undefined),
      (error: unknown) => getLogger().error({ err: errorFields(error) }, 'the weekly digests could not be written'),
    )
  setInterval(() => void digests(), 3_600_000).unref()
  void digests()
  kickMailer()
}
