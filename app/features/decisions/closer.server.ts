import { kickMailer } from '~/features/mail/mailer.server'
import { getDb } from '~/utils/db.server'
import { errorFields, getLogger } from '~/utils/log.server'
import { closeDueDecisions, remindBeforeClosing } from './decisions.server'

// Proposals close at their closing time with no cron to set up: before the next request is
// answered (so a page never shows as open a proposal whose time has passed), and every
// POLL_SECONDS in the server for a group that is not looking. Several processes may run this
// at once: closeDueDecisions closes each proposal once.

const POLL_SECONDS = 30
/** A busy server checks at most this often on requests; the check is one indexed query. */
const REQUEST_GAP_MS = 2000

let lastCheck = 0
let running: Promise<void> | null = null

async function sweep(withReminders: boolean): Promise<void> {
  try {
    const db = getDb()
    const closed = await closeDueDecisions(db)
    const reminded = withReminders ? await remindBeforeClosing(db) : 0
    if (closed + reminded > 0) kickMailer(db)
  } catch (error) {
    getLogger().error({ err: errorFields(error) }, 'closing due proposals failed')
  }
}

/** Closes due proposals before a request is answered (at most every REQUEST_GAP_MS). */
export async function closeDueBeforeRequest(): Promise<void> {
  if (Date.now() - lastCheck < REQUEST_GAP_MS) return running ?? undefined
  lastCheck = Date.now()
  running ??= sweep(false).finally(() => {
    running = null
  })
  await running
}

/** Starts the timer that closes due proposals and reminds members the day before. */
export function startDecisionClock(): void {
  setInterval(() => void sweep(true), POLL_SECONDS * 1000).unref()
  void sweep(true)
}
