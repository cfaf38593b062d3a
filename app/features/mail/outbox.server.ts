import { AsyncLocalStorage } from 'node:async_hooks'
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Executor } from '~db/connection'
import { findPersonById } from '~db/queries/people'
import { claimDueMails, insertOutboxMail, listMailPreferences, markMailFailed, markMailSent } from '~db/queries/mail'
import { getEnv } from '~/utils/env.server'
import { newId, nowIso } from '~/utils/ids.server'
import { errorFields, getLogger } from '~/utils/log.server'
import { instanceSecret } from '~/utils/session.server'
import { isMailKind, WANTED_BY_DEFAULT, type AnyMailKind, type MailKind } from './mail.schema'
import { getMailTransport } from './transport.server'

// Mail goes through an outbox: the action that causes a mail writes it in its own transaction,
// so a mail exists exactly when the action happened; after the commit the outbox is sent, with
// retries, by whichever process gets to it first. A mail holds a notice and a link, never the
// body of anything a member wrote (docs/design.md §Mail).

/** The platform's address for links in mails: APP_ORIGIN, or the local server. */
export function appOrigin(): string {
  const env = getEnv()
  return (env.APP_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
}

const mailKey = () => instanceSecret('mail-secret', getEnv().SESSION_SECRET)

function unsubscribeToken(personId: string, kind: MailKind): string {
  return createHmac('sha256', mailKey()).update(`unsubscribe:${personId}:${kind}`).digest('base64url')
}

/** Whether an unsubscribe link's token is the one the platform made for this person and kind. */
export function unsubscribeTokenIsValid(personId: string, kind: MailKind, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(personId, kind))
  const given = Buffer.from(token)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

export function unsubscribeUrl(personId: string, kind: MailKind): string {
  const params = new URLSearchParams({ p: personId, k: kind, t: unsubscribeToken(personId, kind) })
  return `${appOrigin()}/mail/unsubscribe?${params}`
}

/**
 * A password reset link's token, made from the reset's id with the instance secret. The outbox
 * stores the mail with a placeholder, `{reset:<id>}`, and the token is put in only as the mail
 * leaves: so neither the reset table (which keeps the token's hash) nor the record of sent mail
 * holds a token that would open an account.
 */
export function resetToken(resetId: string): string {
  return createHmac('sha256', mailKey()).update(`reset:${resetId}`).digest('base64url')
}

export const resetPlaceholder = (resetId: string) => `{reset:${resetId}}`

/** An invitation link's token, made from the invitation's id in the same way: the outbox holds `{invite:<id>}`. */
export function invitationToken(invitationId: string): string {
  return createHmac('sha256', mailKey()).update(`invite:${invitationId}`).digest('base64url')
}

export const invitationPlaceholder = (invitationId: string) => `{invite:${invitationId}}`

function withSecrets(text: string): string {
  return text
    .replace(/\{reset:([A-Za-z0-9_-]+)\}/g, (_match, id: string) => resetToken(id))
    .replace(/\{invite:([A-Za-z0-9_-]+)\}/g, (_match, id: string) => invitationToken(id))
}

/** Whether a person wants mails of a kind: their own choice, or the default. */
export async function wantsMail(db: Executor, personId: string, kind: MailKind): Promise<boolean> {
  const chosen = (await listMailPreferences(db, personId)).find((p) => p.kind === kind)
  return chosen ? chosen.wanted === 1 : WANTED_BY_DEFAULT[kind]
}

const quiet = new AsyncLocalStorage<true>()

/** Runs `fn` writing no mail: the demo's story is history, not news, and mails no one. */
export function withoutMail<T>(fn: () => Promise<T>): Promise<T> {
  return quiet.run(true, fn)
}

type MailContent = { subject: string; lines: string[]; link: string | null }

/**
 * Puts a mail to a person in the outbox, inside the caller's transaction; a person who chose
 * not to get this kind gets nothing. Returns the mail's id, or null when none was written.
 */
export async function mailPerson(trx: Executor, personId: string, kind: AnyMailKind, content: MailContent): Promise<string | null> {
  const person = await findPersonById(trx, personId)
  if (!person || person.deletedAt || person.placeholder) return null
  if (isMailKind(kind) && !(await wantsMail(trx, personId, kind))) return null
  return mailAddress(trx, person.email, kind, content, personId)
}

/** Puts a mail to an address in the outbox (for a person, when known), inside the caller's transaction. */
export async function mailAddress(
  trx: Executor,
  to: string,
  kind: AnyMailKind,
  content: MailContent,
  personId: string | null = null,
): Promise<string | null> {
  if (quiet.getStore()) return null
  const id = newId()
  const now = nowIso()
  const unsubscribe = personId && isMailKind(kind) ? unsubscribeUrl(personId, kind) : null
  const text = [
    ...content.lines,
    ...(content.link ? ['', content.link] : []),
    '',
    '—',
    'Co-operative inquiry',
    ...(unsubscribe ? ['To stop mails like this one, open:', unsubscribe, 'or choose your mails on your account page.'] : []),
  ].join('\n')
  await insertOutboxMail(trx, {
    id,
    personId,
    toAddress: to,
    kind,
    subject: content.subject,
    text,
    link: content.link,
    unsubscribeUrl: unsubscribe,
    createdAt: now,
    nextAttemptAt: now,
  })
  return id
}

/** Minutes to wait before each retry; after the last, the mail is given up and marked failed. */
export const RETRY_MINUTES = [1, 5, 30, 120, 720]
const CLAIM_SECONDS = 120
/**
 * The longest one send may take (the SMTP transport's connection, greeting and socket
 * timeouts, with room to spare): a mail is sent only while its claim has this much left, so
 * no other process can claim it while it is being sent. The rest of a slow batch is left to
 * lapse and is claimed again by the next run, of whichever process.
 */
const SEND_SECONDS = 50

/**
 * Sends every mail that is due, each claimed first so that two processes never send the same
 * one. A failure is logged with the mail's id, kind and attempt, never its address or text.
 */
export async function deliverDueMails(db: Executor, limit = 50): Promise<{ sent: number; failed: number }> {
  const now = new Date()
  const claimedUntil = now.getTime() + CLAIM_SECONDS * 1000
  const claimed = await claimDueMails(db, now.toISOString(), new Date(claimedUntil).toISOString(), limit)
  let sent = 0
  let failed = 0
  for (const mail of claimed) {
    if (Date.now() + SEND_SECONDS * 1000 > claimedUntil) break
    try {
      await getMailTransport().send({
        id: mail.id,
        to: mail.toAddress,
        subject: mail.subject,
        text: withSecrets(mail.text),
        unsubscribeUrl: mail.unsubscribeUrl,
      })
      await markMailSent(db, mail.id, new Date().toISOString())
      sent += 1
    } catch (error) {
      failed += 1
      const attempt = mail.attempts + 1
      const wait = RETRY_MINUTES[attempt - 1]
      const next = wait === undefined ? null : new Date(Date.now() + wait * 60_000).toISOString()
      const { type, code } = errorFields(error)
      const reason = code ? `${type} ${code}` : type
      await markMailFailed(db, mail.id, reason, next)
      getLogger().warn({ mailId: mail.id, kind: mail.kind, attempt, retry: next !== null, reason }, 'mail not sent')
    }
  }
  return { sent, failed }
}
