import type { Db } from '~db/connection'
import { findOpenDecisionForUpdate, listDecisionsToRemind, listDueDecisions, markDecisionReminded } from '~db/queries/decisions'
import { kickMailer } from '~/features/mail/mailer.server'
import { noticeDecisionClosingSoon } from '~/features/mail/notices.server'
import { getDb } from '~/utils/db.server'
import { nowIso } from '~/utils/ids.server'
import { errorFields, getLogger } from '~/utils/log.server'
import { HOUR } from './core/closing'
import { countingMembers } from './core/rule'
import { evaluate, isAnonymousRule, settle } from './decisions.server'

// Proposals close at their closing time with no cron to set up: before the next request is
// answered (so a page never shows as open a proposal whose time has passed), and every
// POLL_SECONDS in the first server process for a group that is not looking. Several processes
// may run this at once (npm start runs one server process per core): closeDueDecisions locks
// each proposal before closing it, so each closes once.

/**
 * Closes every open proposal whose closing time has come: counted once and for all, its
 * effect applied if it passed, in one transaction each. Run on the next request and by the
 * server's timer, so no cron is needed. Each is locked as it is read, and checked again to be
 * open and due (findOpenDecisionForUpdate), so two processes never close one twice.
 */
export async function closeDueDecisions(db: Db, now: Date = new Date(nowIso())): Promise<number> {
  let closed = 0
  for (const { id } of await listDueDecisions(db, now.toISOString())) {
    try {
      const done = await db.transaction().execute(async (trx) => {
        // A second process closing it waits for this one, then finds it closed and leaves it:
        // on PostgreSQL at the row lock (SELECT … FOR UPDATE re-reads the row once the lock is
        // free), on SQLite at BEGIN IMMEDIATE, which takes the write lock before anything is read
        // (db/connection.ts).
        const decision = await findOpenDecisionForUpdate(trx, id)
        if (!decision || !decision.closesAt || decision.closesAt > now.toISOString()) return false
        const { outcome } = await evaluate(trx, decision, { final: true })
        await settle(trx, decision, outcome)
        return true
      })
      if (done) closed += 1
    } catch (error) {
      // It is tried again on the next sweep.
      getLogger().warn({ decisionId: id, err: errorFields(error) }, 'a due proposal was not closed here')
    }
  }
  return closed
}

/**
 * The day before a proposal closes, the members who have not taken a stance are told so by
 * mail (all members, on an anonymous proposal: who has not is not known, and is not stored).
 * Only proposals open for longer than a day are reminded; each once.
 */
export async function remindBeforeClosing(db: Db, now: Date = new Date(nowIso())): Promise<number> {
  let reminded = 0
  const due = await listDecisionsToRemind(db, now.toISOString(), new Date(now.getTime() + 24 * HOUR).toISOString())
  for (const decision of due) {
    if (!decision.closesAt || Date.parse(decision.closesAt) - Date.parse(decision.createdAt) <= 24 * HOUR) continue
    const sent = await db.transaction().execute(async (trx) => {
      if (!(await markDecisionReminded(trx, decision.id, now.toISOString()))) return false
      const { members, latest, rule } = await evaluate(trx, decision)
      const waiting = countingMembers(members)
        .filter((m) => isAnonymousRule(rule) || (!latest.has(m.personId) && m.personId !== decision.proposedBy))
        .map((m) => m.personId)
      await noticeDecisionClosingSoon(trx, decision, waiting)
      return true
    })
    if (sent) reminded += 1
  }
  return reminded
}

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
