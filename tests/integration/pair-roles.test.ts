import { describe, expect, test } from 'vitest'
import { createGroupWith, createPerson, createTestInvitation } from '../factories'
import { bodyOf, tableCounts } from './harness'
import { currentMember, db, groupPost, join, memberRows } from './support-groups'

// A pair is exactly one client and one practitioner, with no facilitator.

describe('pairs', () => {
  test("a pair's roles are client and practitioner: the person invited takes the other role", async () => {
    const client = await createPerson(db(), 'Client')
    const practitioner = await createPerson(db(), 'Practitioner')
    const groupId = await createGroupWith(db(), [client, practitioner], { kind: 'pair' })
    expect(await currentMember(groupId, client.id)).toMatchObject({ pairRole: 'client' })
    expect(await currentMember(groupId, practitioner.id)).toMatchObject({ pairRole: 'practitioner' })

    const other = await createPerson(db(), 'Practitioner first')
    const invitedClient = await createPerson(db(), 'Invited client')
    const second = await createGroupWith(db(), [other, invitedClient], { kind: 'pair', firstIsClient: false })
    expect(await currentMember(second, other.id)).toMatchObject({ pairRole: 'practitioner' })
    expect(await currentMember(second, invitedClient.id)).toMatchObject({ pairRole: 'client' })
  })

  test('a third person joining a pair gets 409 with a clear message and no member row is written', async () => {
    const client = await createPerson(db(), 'Client')
    const practitioner = await createPerson(db(), 'Practitioner')
    const third = await createPerson(db(), 'Third')
    const groupId = await createGroupWith(db(), [client], { kind: 'pair' })
    // Two links made while the pair still had room; the second must not let a third person in.
    const first = await createTestInvitation(db(), client, groupId)
    const second = await createTestInvitation(db(), client, groupId)
    expect((await join(practitioner, first.token)).status).toBe(302)

    const before = await tableCounts(db())
    const response = await join(third, second.token)
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toMatch(/a third person cannot join/)
    expect(await tableCounts(db())).toEqual(before)
    expect((await memberRows(groupId)).map((m) => m.personId).sort()).toEqual([client.id, practitioner.id].sort())
  })

  test('a full pair cannot make another invitation link', async () => {
    const client = await createPerson(db(), 'Client')
    const practitioner = await createPerson(db(), 'Practitioner')
    const groupId = await createGroupWith(db(), [client, practitioner], { kind: 'pair' })
    const before = await tableCounts(db())
    const response = await groupPost(client, groupId, { intent: 'invite', expiresInDays: '7' })
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toMatch(/already has a client and a practitioner/)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a pair has no facilitator role to hand on', async () => {
    const client = await createPerson(db(), 'Client')
    const practitioner = await createPerson(db(), 'Practitioner')
    const groupId = await createGroupWith(db(), [client, practitioner], { kind: 'pair' })
    const response = await groupPost(client, groupId, { intent: 'facilitator', personId: client.id })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).formError).toMatch(/no facilitator role/)
  })
})
