import { describe, expect, test } from 'vitest'
import { createGroupWith, createPerson } from '../factories'
import { bodyOf, tableCounts } from './harness'
import { currentMember, db, groupPost } from './support-groups'

// The facilitator role: handed on by the facilitator, or taken up when no one holds it.

describe('facilitator', () => {
  test('the facilitator hands the role on to another member', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const groupId = await createGroupWith(db(), [ada, ben])
    const response = await groupPost(ada, groupId, { intent: 'facilitator', personId: ben.id })
    expect(response.status).toBe(302)
    expect(await currentMember(groupId, ada.id)).toMatchObject({ isFacilitator: 0 })
    expect(await currentMember(groupId, ben.id)).toMatchObject({ isFacilitator: 1 })
  })

  test('only the facilitator can hand the role on: anyone else gets 403 and nothing changes', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const cy = await createPerson(db(), 'Cy')
    const groupId = await createGroupWith(db(), [ada, ben, cy])
    const before = await tableCounts(db())
    for (const personId of [ben.id, cy.id, '']) {
      const response = await groupPost(ben, groupId, { intent: 'facilitator', personId })
      expect(response.status).toBe(403)
      expect((await bodyOf(response)).formError).toBe('Ada is the facilitator; only they can hand the role on.')
    }
    expect(await tableCounts(db())).toEqual(before)
    expect(await currentMember(groupId, ada.id)).toMatchObject({ isFacilitator: 1 })
    expect(await currentMember(groupId, ben.id)).toMatchObject({ isFacilitator: 0 })
  })

  test('the role cannot be handed to someone outside the group', async () => {
    const ada = await createPerson(db(), 'Ada')
    const stranger = await createPerson(db(), 'Stranger')
    const groupId = await createGroupWith(db(), [ada])
    const response = await groupPost(ada, groupId, { intent: 'facilitator', personId: stranger.id })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.personId).toBe('Choose a current member of the group.')
    expect(await currentMember(groupId, ada.id)).toMatchObject({ isFacilitator: 1 })
  })

  test('when no one facilitates, a member may take the role up for themselves', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const groupId = await createGroupWith(db(), [ada, ben])
    expect((await groupPost(ada, groupId, { intent: 'facilitator', personId: '' })).status).toBe(302)
    expect(await currentMember(groupId, ada.id)).toMatchObject({ isFacilitator: 0 })
    expect((await groupPost(ben, groupId, { intent: 'facilitator', personId: ben.id })).status).toBe(302)
    expect(await currentMember(groupId, ben.id)).toMatchObject({ isFacilitator: 1 })
  })
})
