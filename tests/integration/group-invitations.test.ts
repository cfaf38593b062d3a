import { describe, expect, test } from 'vitest'
import * as joinRoute from '~/routes/join.$token'
import { hashToken } from '~/utils/ids.server'
import { createGroupWith, createPerson, createTestInvitation } from '../factories'
import { bodyOf, get, locationOf, tableCounts } from './harness'
import { currentMember, db, groupGet, groupPost, join, memberRows } from './support-groups'

// Invitations and joining: a link that expires and can be revoked; only a hash of its token is
// stored.

describe('invitations and joining', () => {
  test("creating an invitation returns a link containing /join/<token>; only the token's hash is stored", async () => {
    const ada = await createPerson(db(), 'Ada')
    const groupId = await createGroupWith(db(), [ada])
    const response = await groupPost(ada, groupId, { intent: 'invite', expiresInDays: '7' })
    expect(response.status).toBe(200)
    const body = await bodyOf(response)
    const match = /^http:\/\/localhost:3000\/join\/([A-Za-z0-9_-]{20,100})$/.exec(body.inviteLink)
    expect(match).not.toBeNull()
    const token = match![1]!
    const rows = await db().selectFrom('invitations').selectAll().where('groupId', '=', groupId).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.tokenHash).toBe(hashToken(token))
    expect(JSON.stringify(rows[0])).not.toContain(token)
    const days = (Date.parse(rows[0]!.expiresAt) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.9)
    expect(days).toBeLessThanOrEqual(7)
  })

  test('an invitation valid for 0 or 31 days answers 400 on expiresInDays and writes nothing', async () => {
    const ada = await createPerson(db(), 'Ada')
    const groupId = await createGroupWith(db(), [ada])
    for (const expiresInDays of ['0', '31', 'soon']) {
      const before = await tableCounts(db())
      const response = await groupPost(ada, groupId, { intent: 'invite', expiresInDays })
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors.expiresInDays).toBeTruthy()
      expect(await tableCounts(db())).toEqual(before)
    }
  })

  test('a person with the link sees who invited them, joins, and can then open the group', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const groupId = await createGroupWith(db(), [ada], { name: 'Joinable group' })
    const { token } = await createTestInvitation(db(), ada, groupId)

    const view = await get(joinRoute, { path: `/join/${token}`, params: { token }, cookie: ben.cookie })
    expect(view.status).toBe(200)
    expect((await bodyOf(view)).invitation).toMatchObject({
      groupName: 'Joinable group',
      invitedBy: 'Ada',
      state: 'valid',
      groupKind: 'inquiry_group',
    })

    const response = await join(ben, token)
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe(`/groups/${groupId}`)
    expect(await currentMember(groupId, ben.id)).toMatchObject({ isFacilitator: 0, pairRole: null })
    const page = await groupGet(ben, groupId, '/members')
    expect(page.status).toBe(200)
    expect((await bodyOf(page)).members.map((m: { displayName: string }) => m.displayName)).toEqual(['Ada', 'Ben'])
  })

  test('joining twice with the same link adds no second membership', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const groupId = await createGroupWith(db(), [ada])
    const { token } = await createTestInvitation(db(), ada, groupId)
    expect((await join(ben, token)).status).toBe(302)
    expect((await join(ben, token)).status).toBe(302)
    expect(await memberRows(groupId)).toHaveLength(2)
  })

  test('a revoked invitation link answers 410 with a message and adds no one', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const groupId = await createGroupWith(db(), [ada])
    const { token, invitationId } = await createTestInvitation(db(), ada, groupId)

    const revoke = await groupPost(ada, groupId, { intent: 'revoke', invitationId, confirmed: 'yes' })
    expect(revoke.status).toBe(302)
    expect(
      (await db().selectFrom('invitations').select('revokedAt').where('id', '=', invitationId).executeTakeFirstOrThrow()).revokedAt,
    ).not.toBeNull()

    const before = await tableCounts(db())
    const response = await join(ben, token)
    expect(response.status).toBe(410)
    expect((await bodyOf(response)).formError).toBe('This invitation has been withdrawn. Ask the group for a new link.')
    expect(await currentMember(groupId, ben.id)).toBeUndefined()
    expect(await tableCounts(db())).toEqual(before)

    const view = await bodyOf(await get(joinRoute, { path: `/join/${token}`, params: { token }, cookie: ben.cookie }))
    expect(view.invitation.state).toBe('revoked')

    const again = await groupPost(ada, groupId, { intent: 'revoke', invitationId, confirmed: 'yes' })
    expect(again.status).toBe(409)
  })

  test('an expired invitation answers 410 with a message and adds no one', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const groupId = await createGroupWith(db(), [ada])
    const { token, invitationId } = await createTestInvitation(db(), ada, groupId)
    await db()
      .updateTable('invitations')
      .set({ expiresAt: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', invitationId)
      .execute()

    const before = await tableCounts(db())
    const response = await join(ben, token)
    expect(response.status).toBe(410)
    expect((await bodyOf(response)).formError).toBe('This invitation has expired. Ask the group for a new link.')
    expect(await currentMember(groupId, ben.id)).toBeUndefined()
    expect(await tableCounts(db())).toEqual(before)
    const view = await bodyOf(await get(joinRoute, { path: `/join/${token}`, params: { token }, cookie: ben.cookie }))
    expect(view.invitation.state).toBe('expired')
  })

  test('an unknown invitation token is a 404, and a malformed one too', async () => {
    const ben = await createPerson(db(), 'Ben')
    const unknown = 'x'.repeat(43)
    expect((await join(ben, unknown)).status).toBe(404)
    expect((await get(joinRoute, { path: `/join/${unknown}`, params: { token: unknown }, cookie: ben.cookie })).status).toBe(404)
    expect((await get(joinRoute, { path: '/join/short', params: { token: 'short' }, cookie: ben.cookie })).status).toBe(404)
  })
})
