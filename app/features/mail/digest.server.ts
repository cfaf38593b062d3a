import type { Db } from '~db/connection'
import { listGroupsOfPerson } from '~db/queries/groups'
import { countGroupWeek, listDigestReaders, listMailsTo } from '~db/queries/mail'
import { nowIso } from '~/utils/ids.server'
import { appOrigin, mailPerson } from './outbox.server'

// The weekly digest, for those who chose it on their account page: per group, how many shared
// records were written, proposals closed and phases begun in the past week. Counts only: never
// a word anyone wrote, never who did what.

const WEEK = 7 * 86_400_000

/** Writes a digest for each reader whose last one is a week old (or who has none); returns how many. */
export async function writeWeeklyDigests(db: Db, now: Date = new Date(nowIso())): Promise<number> {
  let written = 0
  for (const reader of await listDigestReaders(db)) {
    const last = reader.lastDigestAt ? Date.parse(String(reader.lastDigestAt)) : null
    if (last !== null && now.getTime() - last < WEEK) continue
    const since = new Date(last ?? now.getTime() - WEEK).toISOString()
    const lines: string[] = []
    for (const group of await listGroupsOfPerson(db, reader.id)) {
      const week = await countGroupWeek(db, group.id, since)
      const parts = [
        week.records ? `${week.records} shared record${week.records === 1 ? '' : 's'}` : null,
        week.decisions ? `${week.decisions} proposal${week.decisions === 1 ? '' : 's'} closed` : null,
        week.phases ? `${week.phases} new phase${week.phases === 1 ? '' : 's'}` : null,
      ].filter(Boolean)
      lines.push(`• ${group.name}: ${parts.length ? parts.join(', ') : 'a quiet week'}.`)
    }
    const id = await db.transaction().execute(async (trx) => {
      // Several server processes run this hourly: each claims the reader first. The claim is
      // the transaction's first statement and a write, so it waits for any other process's
      // claim on the reader (a row lock on PostgreSQL, the write lock on SQLite) and what is
      // read after it is current: a digest written meanwhile is seen, and none is written twice.
      const claim = await trx
        .updateTable('mailPreferences')
        .set((eb) => ({ wanted: eb.ref('wanted') }))
        .where('personId', '=', reader.id)
        .where('kind', '=', 'weekly_digest')
        .where('wanted', '=', 1)
        .executeTakeFirst()
      if (Number(claim.numUpdatedRows) !== 1) return null
      const latest = (await listMailsTo(trx, reader.id))
        .filter((m) => m.kind === 'weekly_digest')
        .reduce<number | null>((max, m) => Math.max(max ?? 0, Date.parse(String(m.createdAt))), null)
      if (latest !== null && now.getTime() - latest < WEEK) return null
      return mailPerson(trx, reader.id, 'weekly_digest', {
        subject: 'Your week in your groups',
        lines: ['What happened in your groups this past week:', '', ...(lines.length ? lines : ['You are in no group just now.'])],
        link: `${appOrigin()}/groups`,
      })
    })
    if (id) written += 1
  }
  return written
}
