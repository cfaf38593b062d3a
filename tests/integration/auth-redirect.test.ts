import { describe, expect, test } from 'vitest'
import * as joinRoute from '~/routes/join.$token'
import * as loginRoute from '~/routes/login'
import * as signupRoute from '~/routes/signup'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInvitation } from '../factories'
import { renderPage } from './fuzz-server'
import { cookieFrom, get, locationOf, post } from './harness'

// Issue 13, item 3: the header's Sign up and Log in links carry the page they were followed
// from, so a newcomer who signs up from an invitation link comes back to it and can join.

const db = () => getDb()

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')

/** The href of the header's link with this text, as the rendered page has it. */
async function headerLink(path: string, text: 'Sign up' | 'Log in', cookie: string | null = null) {
  const { status, html } = await renderPage(path, cookie)
  expect(status, path).toBeLessThan(500)
  const header = /<header class="site-header">([\s\S]*?)<\/header>/.exec(html)?.[1] ?? ''
  const match = new RegExp(`<a [^>]*href="([^"]*)"[^>]*>${text}</a>`).exec(header)
  expect(match, `${text} in the header of ${path}`).not.toBeNull()
  return decode(match![1]!)
}

async function invitation() {
  const owner = await createPerson(db(), 'Olive Owner')
  const groupId = await createGroupWith(db(), [owner], { name: 'The invited-to group' })
  const { token } = await createTestInvitation(db(), owner, groupId)
  return { groupId, token }
}

describe("the header's Sign up and Log in links bring you back", () => {
  test('signing up through the header link on an invitation page lands back on it, and joining puts the newcomer in the group', async () => {
    const { groupId, token } = await invitation()
    const joinPath = `/join/${token}`
    const signup = await headerLink(joinPath, 'Sign up')
    expect(signup).toBe(`/signup?redirectTo=${encodeURIComponent(joinPath)}`)
    expect(await headerLink(joinPath, 'Log in')).toBe(`/login?redirectTo=${encodeURIComponent(joinPath)}`)

    // The sign-up page keeps where to go in its form ...
    const { html } = await renderPage(signup, null)
    const kept = /<input type="hidden" name="redirectTo" value="([^"]*)"/.exec(html)?.[1]
    expect(kept && decode(kept)).toBe(joinPath)
    // ... and sends the new account there.
    const created = await post(signupRoute, {
      path: signup,
      form: {
        displayName: 'Nina Newcomer',
        email: 'nina.newcomer@example.org',
        password: 'a long enough password',
        redirectTo: decode(kept!),
      },
    })
    expect(created.status).toBe(302)
    expect(locationOf(created)).toBe(joinPath)
    const cookie = cookieFrom(created)
    const joined = await post(joinRoute, { path: joinPath, params: { token }, cookie })
    expect(locationOf(joined)).toBe(`/groups/${groupId}`)
    const nina = await db().selectFrom('people').select('id').where('email', '=', 'nina.newcomer@example.org').executeTakeFirstOrThrow()
    expect(
      await db().selectFrom('members').select('leftAt').where('groupId', '=', groupId).where('personId', '=', nina.id).executeTakeFirst(),
    ).toEqual({ leftAt: null })
  })

  test('on the log-in and sign-up pages the header links keep where they were going, and never an address off the site', async () => {
    const { token } = await invitation()
    const back = encodeURIComponent(`/join/${token}`)
    expect(await headerLink(`/login?redirectTo=${back}`, 'Sign up')).toBe(`/signup?redirectTo=${back}`)
    expect(await headerLink(`/signup?redirectTo=${back}`, 'Log in')).toBe(`/login?redirectTo=${back}`)
    for (const evil of ['//evil.example/steal', 'https://evil.example/', '/\\evil.example']) {
      expect(await headerLink(`/login?redirectTo=${encodeURIComponent(evil)}`, 'Sign up'), evil).toBe('/signup')
    }
    expect(await headerLink('/', 'Sign up')).toBe('/signup')
    expect(await headerLink('/login', 'Sign up')).toBe('/signup')
  })

  test('someone already signed in who follows such a link goes straight on to where it leads', async () => {
    const { token } = await invitation()
    const person = await createPerson(db(), 'Sam Signedin')
    for (const [route, path] of [
      [signupRoute, '/signup'],
      [loginRoute, '/login'],
    ] as const) {
      const response = await get(route, { path: `${path}?redirectTo=${encodeURIComponent(`/join/${token}`)}`, cookie: person.cookie })
      expect(locationOf(response)).toBe(`/join/${token}`)
      expect(
        locationOf(await get(route, { path: `${path}?redirectTo=${encodeURIComponent('//evil.example')}`, cookie: person.cookie })),
      ).toBe('/groups')
    }
  })
})
