// One server process's background jobs, run once: closing due proposals, the weekly digests
// and sending the outbox, as app/server.ts runs them on its timers. Started several times at
// once on one database by tests/integration/background-jobs-in-processes.test.ts, as
// `npm start`'s server processes would run them. Says `READY` once its database is open and
// starts on a line on stdin, so the processes start together; writes mail as .eml files to
// OUTBOX_DIR; prints `RESULT {"closed":…,"digests":…,"sent":…}`.
import '~/features/decision-kinds.server'
import { closeDueDecisions } from '~/features/decisions/closer.server'
import { writeWeeklyDigests } from '~/features/mail/digest.server'
import { deliverDueMails } from '~/features/mail/outbox.server'
import { fileTransport, setMailTransport } from '~/features/mail/transport.server'
import { closeDb, getDb } from '~/utils/db.server'

setMailTransport(fileTransport(process.env.OUTBOX_DIR!, 'Co-operative inquiry <inquiry@example.org>'))
const db = getDb()
await db.selectFrom('people').select('id').limit(1).execute()
console.log('READY')
await new Promise((resolve) => process.stdin.once('data', resolve))
process.stdin.pause()
const closed = await closeDueDecisions(db)
const digests = await writeWeeklyDigests(db)
let sent = 0
for (;;) {
  // Small batches, so the processes take turns at the outbox.
  const batch = await deliverDueMails(db, 3)
  sent += batch.sent
  if (batch.sent + batch.failed === 0) break
}
console.log(`RESULT ${JSON.stringify({ closed, digests, sent })}`)
await closeDb()
