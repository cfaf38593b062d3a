import { describe, expect, test } from 'vitest'
import * as signupRoute from '~/routes/signup'
import * as groupsRoute from '~/routes/groups._index'
import { cookieFrom, get, post } from './harness'

describe('sign-up', () => {
  test('a new person signs up and is taken to their groups with a session', async () => {
    const response = await post(signupRoute, {
      path: '/signup',
      form: { displayName: 'Ada', email: 'Ada@Example.org', password: 'a long enough password' },
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/groups')
    const cookie = cookieFrom(response)
    const page = await get(groupsRoute, { path: '/groups', cookie })
    expect(page.status).toBe(200)
    expect(await page.json()).toEqual({ groups: [] })
  })
})
