import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { deliverDueMails } from '~/features/mail/outbox.server'
import { setMailTransport, smtpTransport } from '~/features/mail/transport.server'
import * as forgotRoute from '~/routes/forgot-password'
import * as groupsRoute from '~/routes/groups._index'
import * as loginRoute from '~/routes/login'
import * as resetRoute from '~/routes/reset-password'
import { getDb } from '~/utils/db.server'
import { createPerson, type TestPerson } from '../factories'
import { startSmtpServer } from '../support/smtp'
import { bodyOf, get, locationOf, post } from './harness'

const db = () => getDb()
let smtp: Awaited<ReturnType<typeof startSmtpServer>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  setMailTransport(smtpTransport(smtp.url, 'Co-operative inquiry <inquiry@example.org>'))
})
afterAll(async () => {
  setMailTransport(undefined)
  await smtp.stop()
})
beforeEach(() => {
  smtp.refuse(false)
})

let ipCounter = 0
const freshIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`

const askForReset = (email: string, clientIp = freshIp()) => post(forgotRoute, { path: '/forgot-password', form: { email }, clientIp })

/** Asks for a reset, sends the outbox to the SMTP server, and returns the mail that arrived. */
async function resetMailFor(person: TestPerson) {
  const response = await askForReset(person.email)
  expect(response.status).toBe(200)
  await deliverDueMails(db())
  const mail = await smtp.waitForMailTo(person.email)
  const link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')?.[0]
  if (!link) throw new Error(`no reset link in the mail:\n${mail.parsed.text}`)
  return { mail, link, path: link.slice(link.indexOf('/reset-password')) }
}

const setNewPassword = (path: string, password: string, confirm = password) =>
  post(resetRoute, { path, form: { newPassword: password, confirmPassword: confirm } })

async function canLogIn(person: TestPerson, password: string): Promise<boolean> {
  const response = await post(loginRoute, { path: '/login', form: { email: person.email, password }, clientIp: freshIp() })
  return response.status === 302
}

async function isSignedIn(cookie: string): Promise<boolean> {
  return (await get(groupsRoute, { path: '/groups', cookie })).status === 200
}

describe('password reset by mail, against a real SMTP server', () => {
  test('the mail arrives with a link that sets a new password once, and every old session ends', async () => {
    const person = await createPerson(db(), 'Rowan')
    expect(await isSignedIn(person.cookie)).toBe(true)

    const { mail, link, path } = await resetMailFor(person)
    expect(mail.to).toEqual([person.email])
    expect(mail.parsed.subject).toBe('Set a new password')
    expect(link.startsWith('http://localhost:3000/reset-password?token=')).toBe(true)

    const page = await get(resetRoute, { path })
    expect(await bodyOf(page)).toMatchObject({ usable: true })

    const done = await setNewPassword(path, 'a brand new pass phrase')
    expect(done.status).toBe(302)
    expect(locationOf(done)).toBe('/login?reset=done')
    expect(await isSignedIn(person.cookie)).toBe(false)
    expect(await canLogIn(person, person.password)).toBe(false)
    expect(await canLogIn(person, 'a brand new pass phrase')).toBe(true)
    const audit = await db().selectFrom('auditEvents').select('kind').where('personId', '=', person.id).execute()
    expect(audit.map((a) => a.kind)).toEqual(expect.arrayContaining(['password_reset_requested', 'password_reset']))

    // The second time the link is refused, beside the form, and nothing changes.
    const again = await setNewPassword(path, 'yet another pass phrase')
    expect(again.status).toBe(400)
    expect(JSON.stringify(await bodyOf(again))).toContain('This reset link does not work')
    expect(await canLogIn(person, 'a brand new pass phrase')).toBe(true)
    expect(await canLogIn(person, 'yet another pass phrase')).toBe(false)
    expect(await bodyOf(await get(resetRoute, { path }))).toMatchObject({ usable: false })
  })

  test('the token is stored nowhere: the reset keeps its hash, the outbox a placeholder', async () => {
    const person = await createPerson(db(), 'Sage')
    const { link } = await resetMailFor(person)
    const token = new URL(link).searchParams.get('token')!
    const rows = [
      ...(await db().selectFrom('passwordResets').selectAll().execute()),
      ...(await db().selectFrom('mailOutbox').selectAll().execute()),
    ]
    expect(JSON.stringify(rows)).not.toContain(token)
  })

  test('the answer is the same whether or not the address has an account, and no mail goes to an unknown one', async () => {
    const person = await createPerson(db(), 'Quinn')
    const known = await askForReset(person.email)
    const unknown = await askForReset(`nobody-${Date.now()}@example.org`)
    expect(known.status).toBe(unknown.status)
    expect(await bodyOf(known)).toEqual(await bodyOf(unknown))
    const outbox = await db().selectFrom('mailOutbox').select('toAddress').where('toAddress', 'like', 'nobody-%').execute()
    expect(outbox).toEqual([])
  })

  test('an expired link and a forged link are refused, and the password stays', async () => {
    const person = await createPerson(db(), 'Ellis')
    const { path } = await resetMailFor(person)
    await db()
      .updateTable('passwordResets')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where('personId', '=', person.id)
      .execute()
    for (const tried of [path, '/reset-password?token=forged-token-that-we-never-sent']) {
      expect(await bodyOf(await get(resetRoute, { path: tried }))).toMatchObject({ usable: false })
      const response = await setNewPassword(tried, 'a brand new pass phrase')
      expect(response.status).toBe(400)
      expect(JSON.stringify(await bodyOf(response))).toContain('This reset link does not work')
    }
    expect(await canLogIn(person, person.password)).toBe(true)
  })

  test('a new password that is too short or mistyped is refused beside its field, and the link still works', async () => {
    const person = await createPerson(db(), 'Morgan')
    const { path } = await resetMailFor(person)
    const short = await setNewPassword(path, 'short')
    expect(short.status).toBe(400)
    expect((await bodyOf(short)) as { errors: Record<string, string> }).toMatchObject({ errors: { newPassword: expect.any(String) } })
    const mismatch = await setNewPassword(path, 'a brand new pass phrase', 'a different pass phrase')
    expect((await bodyOf(mismatch)) as { errors: Record<string, string> }).toMatchObject({
      errors: { confirmPassword: 'The two new passwords do not match.' },
    })
    expect((await setNewPassword(path, 'a brand new pass phrase')).status).toBe(302)
  })

  test('requests are limited per address, counted in the database', async () => {
    const person = await createPerson(db(), 'Harper')
    for (let i = 0; i < 3; i++) expect((await askForReset(person.email)).status).toBe(200)
    const limited = await askForReset(person.email)
    expect(limited.status).toBe(429)
    expect(await bodyOf(limited)).toMatchObject({
      errors: { email: expect.stringContaining('Too many reset requests') },
      values: { email: person.email },
    })
  })

  test('requests are limited per client address, whatever the email', async () => {
    const ip = freshIp()
    for (let i = 0; i < 10; i++) expect((await askForReset(`someone-${i}-${Date.now()}@example.org`, ip)).status).toBe(200)
    expect((await askForReset(`one-more-${Date.now()}@example.org`, ip)).status).toBe(429)
  })
})
