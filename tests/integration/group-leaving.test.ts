import { describe, expect, test } from 'vitest'
import * as groupsRoute from '~/routes/groups._index'
import { createGroupWith, createPerson } from '../factories'
import { bodyOf, get, locationOf, tableCounts } from './harness'
import { db, groupGet, groupPost } from './support-groups'

// A Member who leaves a Group no longer sees it or acts in it.

describe('leaving', () => {
  test('a member who leaves no longer sees the group, and their facilitator role ends', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const groupId = await createGroupWith(db(), [ada, ben])
    const response = await groupPost(ada, groupId, { intent: 'leave', confirmed: 'yes' })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe('/groups')

    const row = await db()
      .selectFrom('members')
      .selectAll()
      .where('groupId', '=', groupId)
      .where('personId', '=', ada.id)
      .executeTakeFirstOrThrow()
    expect(row.leftAt).not.toBeNull()
    expect(row.isFacilitator).toBe(0)
    for (const page of ['', '/members', '/ground-rules', '/settings', '/leave'] as const) {
      expect((await groupGet(ada, groupId, page)).status, page).toBe(404)
    }
    expect((await bodyOf(await get(groupsRoute, { path: '/groups', cookie: ada.cookie }))).groups).toEqual([])
    const page = await bodyOf(await groupGet(ben, groupId, '/members'))
    expect(page.members.map((m: { personId: string }) => m.personId)).toEqual([ben.id])
  })

  test('a former member cannot act in the group any more', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const groupId = await createGroupWith(db(), [ada, ben])
    await groupPost(ben, groupId, { intent: 'leave', confirmed: 'yes' })
    const before = await tableCounts(db())
    const response = await groupPost(ben, groupId, { intent: 'propose', title: 'Come back', body: '' })
    expect(response.status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })
})
