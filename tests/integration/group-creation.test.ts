import { describe, expect, test } from 'vitest'
import * as groupsRoute from '~/routes/groups._index'
import { createPerson } from '../factories'
import { bodyOf, get, idFrom, post, tableCounts } from './harness'
import { db, memberRows } from './support-groups'

// Creating a Group: an inquiry group or a pair, with its creator as the first Member.

describe('creating a group', () => {
  test('an inquiry group is created with its creator as the first member and, when asked, facilitator', async () => {
    const ada = await createPerson(db(), 'Ada')
    const response = await post(groupsRoute, {
      path: '/groups',
      cookie: ada.cookie,
      form: { kind: 'inquiry_group', name: 'Listening practice', facilitate: 'on' },
    })
    expect(response.status).toBe(302)
    const groupId = idFrom(response, '/groups')
    const group = await db().selectFrom('groups').selectAll().where('id', '=', groupId).executeTakeFirstOrThrow()
    expect(group).toMatchObject({ kind: 'inquiry_group', name: 'Listening practice', groundRules: null, createdBy: ada.id })
    const members = await memberRows(groupId)
    expect(members).toHaveLength(1)
    expect(members[0]).toMatchObject({ personId: ada.id, isFacilitator: 1, pairRole: null, leftAt: null })

    const list = await bodyOf(await get(groupsRoute, { path: '/groups', cookie: ada.cookie }))
    expect(list.groups.map((g: { id: string }) => g.id)).toEqual([groupId])
  })

  test('a pair is created with the creator in the role they chose', async () => {
    const pat = await createPerson(db(), 'Pat')
    const response = await post(groupsRoute, {
      path: '/groups',
      cookie: pat.cookie,
      form: { kind: 'pair', name: 'Pat and client', pairRole: 'practitioner' },
    })
    expect(response.status).toBe(302)
    const groupId = idFrom(response, '/groups')
    const [member] = await memberRows(groupId)
    expect(member).toMatchObject({ personId: pat.id, pairRole: 'practitioner', isFacilitator: 0 })
  })

  test('a pair without a pairRole answers 400 on pairRole, keeps the input, and writes nothing', async () => {
    const pat = await createPerson(db(), 'Pat')
    const before = await tableCounts(db())
    const response = await post(groupsRoute, { path: '/groups', cookie: pat.cookie, form: { kind: 'pair', name: 'Our pair' } })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.pairRole).toMatch(/client or the practitioner/)
    expect(body.values).toMatchObject({ kind: 'pair', name: 'Our pair' })
    expect(await tableCounts(db())).toEqual(before)
  })

  test('an empty name and an unknown kind answer 400 beside those fields', async () => {
    const pat = await createPerson(db(), 'Pat')
    const response = await post(groupsRoute, { path: '/groups', cookie: pat.cookie, form: { kind: 'club', name: '   ' } })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.kind).toMatch(/inquiry group or a client–practitioner pair/)
    expect(body.errors.name).toBe('Give the group a name.')
  })
})
