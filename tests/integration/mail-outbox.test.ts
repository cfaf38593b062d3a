import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { requestPasswordReset } from '~/features/accounts/password-reset.server'
import { deleteAccount } from '~/features/accounts/withdrawal.server'
import { kickMailer, startMailer } from '~/features/mail/mailer.server'
import { deliverDueMails, mailPerson, RETRY_MINUTES } from '~/features/mail/outbox.server'
import { fileTransport, setMailTransport, smtpTransport } from '~/features/mail/transport.server'
import * as accountRoute from '~/routes/account'
import * as unsubscribeRoute from '~/routes/mail.unsubscribe'
import { getDb } from '~/utils/db.server'
import { createLogger, setLogger } from '~/utils/log.server'
import { createPerson } from '../factories'
import { startSmtpServer } from '../support/smtp'
import { bodyOf, post } from './harness'

const db = () => getDb()
let smtp: Awaited<ReturnType<typeof startSmtpServer>>

beforeAll(async () => {
  smtp = await startSmtpServer()
})
afterEach(() => {
  smtp.refuse(false)
  setMailTransport(undefined)
})
afterAll(async () => {
  await smtp.stop()
})

const notice = (subject: string) => ({
  subject,
  lines: ['A new phase has begun in your inquiry.'],
  link: 'http://localhost:3000/inquiries/x',
})

/** Puts one mail in the outbox the way a service does, inside a transaction. */
const enqueue = (personId: string, kind: Parameters<typeof mailPerson>[2] = 'phase_begun', subject = 'A new phase') =>
  db()
    .transaction()
    .execute((trx) => mailPerson(trx, personId, kind, notice(subject)))

async function dueNow() {
  await db()
    .updateTable('mailOutbox')
    .set({ nextAttemptAt: new Date(Date.now() - 1000).toISOString() })
    .where('status', '=', 'pending')
    .execute()
}

describe('the outbox', () => {
  test('without SMTP_URL a mail becomes an .eml file, with the one-click unsubscribe headers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'))
    setMailTransport(fileTransport(dir, 'Co-operative inquiry <inquiry@example.org>'))
    const person = await createPerson(db(), 'Avery')
    const id = await enqueue(person.id)
    expect(id).not.toBeNull()
    expect(await deliverDueMails(db())).toMatchObject({ sent: 1, failed: 0 })
    const files = readdirSync(dir).filter((f) => f.includes(id!))
    expect(files).toHaveLength(1)
    const eml = await simpleParser(readFileSync(join(dir, files[0]!)))
    expect(eml.to).toMatchObject({ text: person.email })
    expect(eml.text).toContain('A new phase has begun in your inquiry.')
    // mailparser reads List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) into `list`.
    const list = eml.headers.get('list') as { unsubscribe: { url: string }; 'unsubscribe-post': { name: string } }
    expect(list.unsubscribe.url).toMatch(/^http:\/\/localhost:3000\/mail\/unsubscribe\?p=/)
    expect(list['unsubscribe-post'].name).toBe('List-Unsubscribe=One-Click')
    const row = await db().selectFrom('mailOutbox').selectAll().where('id', '=', id!).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'sent', attempts: 1 })
  })

  test('SMTP down: the mail waits and is retried, the failure is logged without the address, then it is sent', async () => {
    setMailTransport(smtpTransport(smtp.url, 'inquiry@example.org'))
    const person = await createPerson(db(), 'Blake')
    const lines: string[] = []
    const previous = setLogger(createLogger({ level: 'warn', destination: { write: (line: string) => void lines.push(line) } }))
    try {
      smtp.refuse(true)
      const id = (await enqueue(person.id))!
      await deliverDueMails(db())
      const waiting = await db().selectFrom('mailOutbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1, sentAt: null })
      const wait = Date.parse(waiting.nextAttemptAt) - Date.now()
      expect(wait).toBeGreaterThan((RETRY_MINUTES[0]! - 0.5) * 60_000)
      expect(wait).toBeLessThanOrEqual(RETRY_MINUTES[0]! * 60_000)
      expect(lines.join('\n')).toContain(id)
      expect(lines.join('\n')).not.toContain(person.email)
      expect(lines.join('\n')).not.toContain(person.displayName)
      expect(waiting.lastError ?? '').not.toContain(person.email)

      // Not yet due: nothing is sent. Once due, and the server back, it is.
      await deliverDueMails(db())
      expect(smtp.mails.filter((m) => m.to.includes(person.email))).toHaveLength(0)
      smtp.refuse(false)
      await dueNow()
      await deliverDueMails(db())
      const mail = await smtp.waitForMailTo(person.email)
      expect(mail.parsed.subject).toBe('A new phase')
      expect(await db().selectFrom('mailOutbox').select(['status', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
        status: 'sent',
        attempts: 2,
      })
    } finally {
      setLogger(previous)
    }
  })

  test('a mail that keeps failing is given up after the last retry, and marked failed', async () => {
    setMailTransport({
      describe: 'always down',
      send: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    })
    const person = await createPerson(db(), 'Cameron')
    const id = (await enqueue(person.id))!
    const previous = setLogger(createLogger({ level: 'silent' }))
    try {
      for (let attempt = 0; attempt <= RETRY_MINUTES.length; attempt++) {
        await dueNow()
        await deliverDueMails(db())
      }
    } finally {
      setLogger(previous)
    }
    const row = await db().selectFrom('mailOutbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'failed', attempts: RETRY_MINUTES.length + 1, lastError: 'Error ECONNREFUSED' })
  })

  test('two senders at once send each mail exactly once', async () => {
    setMailTransport(smtpTransport(smtp.url, 'inquiry@example.org'))
    const people = await Promise.all(['Dale', 'Emery', 'Finley', 'Gray'].map((name) => createPerson(db(), name)))
    for (const p of people) await enqueue(p.id)
    await Promise.all([deliverDueMails(db()), deliverDueMails(db()), deliverDueMails(db())])
    for (const p of people) await smtp.waitForMailTo(p.email)
    for (const p of people) expect(smtp.mails.filter((m) => m.to.includes(p.email))).toHaveLength(1)
  })
})

describe('the server’s mailer', () => {
  test('a kick sends what is due soon after, several kicks make one run, and the start says where mail goes', async () => {
    const sent: string[] = []
    setMailTransport({
      describe: 'mail goes to a test list',
      send: async (mail) => {
        sent.push(mail.to)
      },
    })
    const people = await Promise.all(['Lane', 'Mika'].map((name) => createPerson(db(), name)))
    for (const p of people) await enqueue(p.id)
    for (let i = 0; i < 5; i++) kickMailer(db())
    const until = Date.now() + 5000
    while (people.some((p) => !sent.includes(p.email)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
    for (const p of people) expect(sent.filter((to) => to === p.email)).toHaveLength(1)
    const lines: string[] = []
    startMailer((line) => lines.push(line))
    expect(lines).toEqual(['mail: mail goes to a test list'])
  })
})

describe('deleting an account', () => {
  test('removes its mail, its choice of mails and its reset requests', async () => {
    const person = await createPerson(db(), 'Kit')
    await enqueue(person.id)
    await post(accountRoute, { path: '/account', cookie: person.cookie, form: { intent: 'mail', 'mail.invitation': 'on' } })
    await requestPasswordReset(db(), { email: person.email }, '10.77.0.1')
    const mine = async () =>
      JSON.stringify([
        ...(await db().selectFrom('mailOutbox').selectAll().execute()),
        ...(await db().selectFrom('mailPreferences').selectAll().execute()),
        ...(await db().selectFrom('passwordResets').selectAll().execute()),
      ])
    expect(await mine()).toContain(person.email)
    expect(await mine()).toContain(person.id)
    await deleteAccount(db(), person, { confirm: 'delete my account' })
    expect(await mine()).not.toContain(person.email)
    expect(await mine()).not.toContain(person.id)
  })
})

describe('each person chooses their mails', () => {
  test('a kind unticked on the account page is not mailed; the digest is off until chosen', async () => {
    const person = await createPerson(db(), 'Hayden')
    expect(await enqueue(person.id, 'weekly_digest')).toBeNull()
    const form = { intent: 'mail', 'mail.invitation': 'on', 'mail.weekly_digest': 'on' }
    const saved = await post(accountRoute, { path: '/account', cookie: person.cookie, form })
    expect(saved.status).toBe(200)
    expect(await enqueue(person.id, 'phase_begun')).toBeNull()
    expect(await enqueue(person.id, 'weekly_digest')).not.toBeNull()
  })

  test('an unknown mail preference is refused, and nothing is saved', async () => {
    const person = await createPerson(db(), 'Indigo')
    const response = await post(accountRoute, { path: '/account', cookie: person.cookie, form: { intent: 'mail', 'mail.spam': 'on' } })
    expect(response.status).toBe(400)
    expect(await db().selectFrom('mailPreferences').selectAll().where('personId', '=', person.id).execute()).toEqual([])
  })

  test('the one-click unsubscribe link turns that kind off without a login; a forged one changes nothing', async () => {
    const person = await createPerson(db(), 'Jules')
    const id = (await enqueue(person.id, 'decision_awaits'))!
    const row = await db().selectFrom('mailOutbox').select('unsubscribeUrl').where('id', '=', id).executeTakeFirstOrThrow()
    const url = new URL(row.unsubscribeUrl!)
    const path = url.pathname + url.search

    const forged = new URLSearchParams(url.search)
    forged.set('t', 'not-the-token')
    const refused = await post(unsubscribeRoute, { path: `${url.pathname}?${forged}`, form: { 'List-Unsubscribe': 'One-Click' } })
    expect(refused.status).toBe(400)
    expect(await enqueue(person.id, 'decision_awaits')).not.toBeNull()

    const done = await post(unsubscribeRoute, { path, form: { 'List-Unsubscribe': 'One-Click' } })
    expect(done.status).toBe(200)
    expect(await bodyOf(done)).toEqual({ done: true })
    expect(await enqueue(person.id, 'decision_awaits')).toBeNull()
    expect(await enqueue(person.id, 'phase_begun')).not.toBeNull()
  })
})
