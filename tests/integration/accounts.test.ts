import { describe, expect, test } from 'vitest'
import * as root from '~/root'
import * as accountRoute from '~/routes/account'
import * as groupsRoute from '~/routes/groups._index'
import * as loginRoute from '~/routes/login'
import * as logoutRoute from '~/routes/logout'
import * as signupRoute from '~/routes/signup'
import { getDb } from '~/utils/db.server'
import { createPerson, type TestPerson } from '../factories'
import { bodyOf, cookieFrom, get, locationOf, post, tableCounts } from './harness'

const db = () => getDb()

let ipCounter = 0
/** A fresh client address per test, so the per-address limit of one test never trips another. */
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`

async function isSignedIn(cookie: string): Promise<boolean> {
  const response = await get(groupsRoute, { path: '/groups', cookie })
  if (response.status === 302) {
    expect(locationOf(response)).toMatch(/^\/login\?redirectTo=/)
    return false
  }
  expect(response.status).toBe(200)
  return true
}

async function sessionCount(person: TestPerson): Promise<number> {
  const row = await db()
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('personId', '=', person.id)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

function logIn(person: TestPerson, options: { password?: string; cookie?: string; clientIp?: string; redirectTo?: string } = {}) {
  const form: Record<string, string> = { email: person.email, password: options.password ?? person.password }
  if (options.redirectTo !== undefined) form.redirectTo = options.redirectTo
  return post(loginRoute, { path: '/login', form, cookie: options.cookie, clientIp: options.clientIp ?? freshIp() })
}

describe('sign-up', () => {
  test('a bad email and a short password answer 400 beside each field, keep the input, and write nothing', async () => {
    const before = await tableCounts(db())
    const response = await post(signupRoute, {
      path: '/signup',
      form: { displayName: 'Grace', email: 'grace-at-example', password: 'short', redirectTo: '/groups' },
    })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.email).toMatch(/email address/i)
    expect(body.errors.password).toMatch(/at least 10 characters/)
    expect(body.values).toMatchObject({ displayName: 'Grace', email: 'grace-at-example' })
    expect(body.values).not.toHaveProperty('password')
    expect(JSON.stringify(body)).not.toContain('"short"')
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect(await tableCounts(db())).toEqual(before)
  })

  test('the password is never echoed back, even when only another field is wrong', async () => {
    const response = await post(signupRoute, {
      path: '/signup',
      form: { displayName: '', email: 'someone@example.org', password: 'a perfectly fine secret' },
    })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.displayName).toBeTruthy()
    expect(JSON.stringify(body)).not.toContain('a perfectly fine secret')
  })

  test('an email already in use (in any letter case) answers 409 on the email field and creates no second account', async () => {
    const existing = await createPerson(db(), 'Existing')
    const before = await tableCounts(db())
    const response = await post(signupRoute, {
      path: '/signup',
      form: { displayName: 'Copycat', email: `  ${existing.email.toUpperCase()} `, password: 'another long password' },
    })
    expect(response.status).toBe(409)
    const body = await bodyOf(response)
    expect(body.errors.email).toMatch(/already exists/)
    expect(body.formError).toBeUndefined()
    expect(body.values.displayName).toBe('Copycat')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a new account stores a memory-hard hash, never the password, and signs the person in', async () => {
    const response = await post(signupRoute, {
      path: '/signup',
      form: { displayName: 'Hashed', email: 'hashed@example.org', password: 'the plain text must not be stored' },
    })
    expect(response.status).toBe(302)
    const person = await db().selectFrom('people').selectAll().where('email', '=', 'hashed@example.org').executeTakeFirstOrThrow()
    expect(person.passwordHash).toMatch(/^scrypt\$/)
    expect(person.passwordHash).not.toContain('plain text')
    expect(await isSignedIn(cookieFrom(response))).toBe(true)
  })

  test('a malformed redirectTo after sign-up falls back to /groups instead of failing with the account half made', async () => {
    const response = await post(signupRoute, {
      path: '/signup',
      form: { displayName: 'Redirected', email: 'redirected@example.org', password: 'a long enough password', redirectTo: '//[' },
    })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe('/groups')
    expect(await isSignedIn(cookieFrom(response))).toBe(true)
  })

  test('a signed-in person asking for the sign-up page is sent to their groups', async () => {
    const person = await createPerson(db())
    const response = await get(signupRoute, { path: '/signup', cookie: person.cookie })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe('/groups')
  })
})

describe('login', () => {
  test('a wrong password answers 400 with a form message, keeps the email, and starts no session', async () => {
    const person = await createPerson(db())
    const sessionsBefore = await sessionCount(person)
    const response = await logIn(person, { password: 'not the password at all' })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.formError).toBe('That email and password do not match an account.')
    expect(body.values.email).toBe(person.email)
    expect(body.values).not.toHaveProperty('password')
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect(await sessionCount(person)).toBe(sessionsBefore)
  })

  test('an unknown email gets the same message as a wrong password, so accounts cannot be discovered', async () => {
    const response = await post(loginRoute, {
      path: '/login',
      form: { email: 'nobody-here@example.org', password: 'whatever it is' },
      clientIp: freshIp(),
    })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).formError).toBe('That email and password do not match an account.')
  })

  test('an empty form answers 400 beside the email and password fields', async () => {
    const response = await post(loginRoute, { path: '/login', form: { email: '', password: '' }, clientIp: freshIp() })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.email).toBeTruthy()
    expect(body.errors.password).toBe('Enter your password.')
  })

  test('a successful login rotates the session: the cookie held before login no longer identifies anyone', async () => {
    const person = await createPerson(db())
    const before = person.cookie
    expect(await isSignedIn(before)).toBe(true)

    const response = await logIn(person, { cookie: before })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe('/groups')
    const after = cookieFrom(response)
    expect(after).not.toBe(before)
    expect(response.headers.get('Set-Cookie')).toMatch(/HttpOnly/i)
    expect(response.headers.get('Set-Cookie')).toMatch(/SameSite=Lax/i)

    expect(await isSignedIn(before)).toBe(false)
    expect(await bodyOf(await get(root, { path: '/', cookie: before }))).toEqual({ user: null })
    expect(await isSignedIn(after)).toBe(true)
    expect(await bodyOf(await get(root, { path: '/', cookie: after }))).toEqual({ user: { displayName: person.displayName } })
  })

  test('login follows a same-site redirectTo and refuses one that leaves the site', async () => {
    const person = await createPerson(db())
    const inside = await logIn(person, { redirectTo: '/groups/abc?tab=1' })
    expect(locationOf(inside)).toBe('/groups/abc?tab=1')
    const outside = await logIn(person, { redirectTo: '//evil.example/steal' })
    expect(locationOf(outside)).toBe('/groups')
  })

  test('a malformed redirectTo after a good login falls back to /groups instead of failing', async () => {
    const person = await createPerson(db())
    for (const redirectTo of ['//', '//[', '//%', '//a b']) {
      const response = await logIn(person, { redirectTo })
      expect(response.status, redirectTo).toBe(302)
      expect(locationOf(response)).toBe('/groups')
    }
  })

  test('after 5 failures for one email the 6th attempt is refused with 429, even with the right password', async () => {
    const person = await createPerson(db())
    for (let i = 0; i < 5; i += 1) {
      const failed = await logIn(person, { password: `wrong guess ${i}`, clientIp: freshIp() })
      expect(failed.status).toBe(400)
    }
    const sessionsBefore = await sessionCount(person)
    const response = await logIn(person, { clientIp: freshIp() })
    expect(response.status).toBe(429)
    expect((await bodyOf(response)).formError).toMatch(/Too many failed attempts/)
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect(await sessionCount(person)).toBe(sessionsBefore)
    const limited = await db().selectFrom('auditEvents').select('kind').where('kind', '=', 'login_rate_limited').execute()
    expect(limited.length).toBeGreaterThan(0)
  })

  test('failures for one email do not lock out another person', async () => {
    const victim = await createPerson(db())
    const other = await createPerson(db())
    for (let i = 0; i < 5; i += 1) await logIn(victim, { password: `wrong guess ${i}` })
    expect((await logIn(other)).status).toBe(302)
  })

  test('after 30 failures from one address, that address is refused with 429 whatever the email', async () => {
    const ip = freshIp()
    for (let i = 0; i < 30; i += 1) {
      const failed = await post(loginRoute, {
        path: '/login',
        form: { email: `guess${i}@example.org`, password: 'some password' },
        clientIp: ip,
      })
      expect(failed.status).toBe(400)
    }
    const person = await createPerson(db())
    expect((await logIn(person, { clientIp: ip })).status).toBe(429)
    expect((await logIn(person, { clientIp: freshIp() })).status).toBe(302)
  })
})

describe('sessions', () => {
  test('an expired session no longer identifies anyone', async () => {
    const person = await createPerson(db())
    expect(await isSignedIn(person.cookie)).toBe(true)
    await db()
      .updateTable('sessions')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where('personId', '=', person.id)
      .execute()
    expect(await isSignedIn(person.cookie)).toBe(false)
  })

  test('a tampered cookie is not accepted', async () => {
    const person = await createPerson(db())
    const [name, value] = person.cookie.split('=') as [string, string]
    const tampered = `${name}=${value.slice(0, -4)}${value.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`
    expect(await isSignedIn(tampered)).toBe(false)
  })
})

describe('logout', () => {
  test('POST /logout deletes the server-side session, so the old cookie is refused afterwards', async () => {
    const person = await createPerson(db())
    const sessionsBefore = await sessionCount(person)
    const response = await post(logoutRoute, { path: '/logout', cookie: person.cookie })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe('/')
    expect(response.headers.get('Set-Cookie')).toMatch(/Max-Age=0/i)
    expect(await sessionCount(person)).toBe(sessionsBefore - 1)
    expect(await isSignedIn(person.cookie)).toBe(false)
    const logouts = await db()
      .selectFrom('auditEvents')
      .select('kind')
      .where('personId', '=', person.id)
      .where('kind', '=', 'logout')
      .execute()
    expect(logouts).toHaveLength(1)
  })

  test('GET /logout only offers the button: the session survives', async () => {
    const person = await createPerson(db())
    const sessionsBefore = await sessionCount(person)
    const response = await get(logoutRoute, { path: '/logout', cookie: person.cookie })
    expect(response.status).toBe(200)
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect(await sessionCount(person)).toBe(sessionsBefore)
    expect(await isSignedIn(person.cookie)).toBe(true)
  })

  test("logging out ends only this session, not the person's other devices", async () => {
    const person = await createPerson(db())
    const second = cookieFrom(await logIn(person))
    await post(logoutRoute, { path: '/logout', cookie: person.cookie })
    expect(await isSignedIn(person.cookie)).toBe(false)
    expect(await isSignedIn(second)).toBe(true)
  })
})

describe('change password', () => {
  const form = (current: string, next = 'a brand new passphrase') => ({
    currentPassword: current,
    newPassword: next,
    confirmPassword: next,
  })

  test('a wrong current password answers 400 on currentPassword and changes nothing', async () => {
    const person = await createPerson(db())
    const before = await tableCounts(db())
    const hashBefore = (await db().selectFrom('people').select('passwordHash').where('id', '=', person.id).executeTakeFirstOrThrow())
      .passwordHash
    const response = await post(accountRoute, { path: '/account', cookie: person.cookie, form: form('not my password') })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.currentPassword).toBe('Your current password is not right.')
    expect(body.values).toEqual({})
    const hashAfter = (await db().selectFrom('people').select('passwordHash').where('id', '=', person.id).executeTakeFirstOrThrow())
      .passwordHash
    expect(hashAfter).toBe(hashBefore)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a confirmation that does not match answers 400 on confirmPassword', async () => {
    const person = await createPerson(db())
    const response = await post(accountRoute, {
      path: '/account',
      cookie: person.cookie,
      form: { currentPassword: person.password, newPassword: 'first new passphrase', confirmPassword: 'second new passphrase' },
    })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.confirmPassword).toMatch(/do not match/)
  })

  test("success ends the person's other sessions but keeps the current one, and the new password works", async () => {
    const person = await createPerson(db())
    const other = cookieFrom(await logIn(person))
    const bystander = await createPerson(db())
    expect(await isSignedIn(other)).toBe(true)

    const response = await post(accountRoute, { path: '/account', cookie: person.cookie, form: form(person.password) })
    expect(response.status).toBe(200)
    expect(await bodyOf(response)).toEqual({ changed: true })

    expect(await isSignedIn(person.cookie)).toBe(true)
    expect(await isSignedIn(other)).toBe(false)
    expect(await isSignedIn(bystander.cookie)).toBe(true)
    expect((await logIn(person)).status).toBe(400)
    expect((await logIn(person, { password: 'a brand new passphrase' })).status).toBe(302)
  })

  test('an anonymous visitor cannot reach the account page or change a password', async () => {
    const page = await get(accountRoute, { path: '/account' })
    expect(page.status).toBe(302)
    expect(locationOf(page)).toBe('/login?redirectTo=%2Faccount')
    const change = await post(accountRoute, { path: '/account', form: form('anything') })
    expect(change.status).toBe(302)
    expect(locationOf(change)).toMatch(/^\/login/)
  })
})
