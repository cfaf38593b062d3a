import type { Db } from '~db/connection'
import { listMailPreferences, setMailPreference } from '~db/queries/mail'
import { findPersonById } from '~db/queries/people'
import { nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { MAIL_KINDS, WANTED_BY_DEFAULT, type MailKind } from './mail.schema'
import { unsubscribeTokenIsValid } from './outbox.server'

/** The person's choice for every kind of mail (the default where they have not chosen). */
export async function getMailPreferences(db: Db, user: SessionUser): Promise<Record<MailKind, boolean>> {
  const chosen = new Map((await listMailPreferences(db, user.id)).map((p) => [p.kind, p.wanted === 1]))
  return Object.fromEntries(MAIL_KINDS.map((kind) => [kind, chosen.get(kind) ?? WANTED_BY_DEFAULT[kind]])) as Record<MailKind, boolean>
}

/** Saves the whole form: a ticked box is a kind the person wants, an unticked one a kind they do not. */
export async function saveMailPreferences(db: Db, user: SessionUser, wanted: Partial<Record<`mail.${MailKind}`, 'on'>>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const at = nowIso()
    for (const kind of MAIL_KINDS) await setMailPreference(trx, user.id, kind, wanted[`mail.${kind}`] === 'on', at)
  })
}

/** Turns one kind of mail off from an unsubscribe link; false when the link is not one the platform made. */
export async function unsubscribe(db: Db, personId: string, kind: MailKind, token: string): Promise<boolean> {
  if (!unsubscribeTokenIsValid(personId, kind, token)) return false
  const person = await findPersonById(db, personId)
  if (!person || person.deletedAt) return false
  await setMailPreference(db, personId, kind, false, nowIso())
  return true
}
