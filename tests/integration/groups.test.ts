import { describe, expect, test } from 'vitest'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as groupRoute from '~/routes/groups.$groupId._index'
import * as groupsRoute from '~/routes/groups._index'
import * as joinRoute from '~/routes/join.$token'
import { getDb } from '~/utils/db.server'
import { hashToken } from '~/utils/ids.server'
import { createGroupWith, createPerson, createTestInvitation, type TestPerson } from '../factories'
import { bodyOf, get, idFrom, locationOf, post, tableCounts } from './harness'

const db = () => getDb()

function groupPost(person: TestPerson, groupId: string, form: Record<string, string>) {
  return post(groupRoute, { path: `/groups/${groupId}`, params: { groupId }, cookie: person.cookie, form })
}

function join(person: TestPerson, token: string) {
  return post(joinRoute, { path: `/join/${token}`, params: { token }, cookie: person.cookie })
}

async function memberRows(groupId: string) {
  return db().selectFrom('members').selectAll().where('groupId', '=', groupId).orderBy('joinedAt').execute()
}

async function currentMember(groupId: string, personId: string) {
  return db()
    .selectFrom('members')
    .selectAll()
    .where('groupId', '=', groupId)
    .where('personId', '=', personId)
    .where('leftAt', 'is', null)
    .executeTakeFirst()
}

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
    const page = await get(groupRoute, { path: `/groups/${groupId}`, params: { groupId }, cookie: ben.cookie })
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
    expect((await get(groupRoute, { path: `/groups/${groupId}`, params: { groupId }, cookie: ada.cookie })).status).toBe(404)
    expect((await bodyOf(await get(groupsRoute, { path: '/groups', cookie: ada.cookie }))).groups).toEqual([])
    const page = await bodyOf(await get(groupRoute, { path: `/groups/${groupId}`, params: { groupId }, cookie: ben.cookie }))
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

describe('ground rules', () => {
  const rules = 'We keep what is said here confidential, and each of us speaks for ourselves.'

  async function groundRules(groupId: string) {
    return (await db().selectFrom('groups').select('groundRules').where('id', '=', groupId).executeTakeFirstOrThrow()).groundRules
  }

  function stance(person: TestPerson, decisionId: string, value: string) {
    return post(decisionRoute, {
      path: `/decisions/${decisionId}`,
      params: { decisionId },
      cookie: person.cookie,
      form: { intent: 'stance', stance: value, reason: '' },
    })
  }

  test('ground rules are adopted only when the decision passes', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const cy = await createPerson(db(), 'Cy')
    const groupId = await createGroupWith(db(), [ada, ben, cy])

    const proposal = await groupPost(ada, groupId, { intent: 'ground-rules', groundRules: rules })
    expect(proposal.status).toBe(302)
    const decisionId = idFrom(proposal, '/decisions')
    expect(await groundRules(groupId)).toBeNull()

    expect((await stance(ada, decisionId, 'agree')).status).toBe(302)
    expect(await groundRules(groupId)).toBeNull()
    const open = await bodyOf(await get(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: ada.cookie }))
    expect(open.decision.status).toBe('open')

    expect((await stance(ben, decisionId, 'agree')).status).toBe(302)
    expect(await groundRules(groupId)).toBe(rules)
    const decision = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    expect(decision.status).toBe('passed')
    expect(decision.closedAt).not.toBeNull()
    const page = await bodyOf(await get(groupRoute, { path: `/groups/${groupId}`, params: { groupId }, cookie: cy.cookie }))
    expect(page.group.groundRules).toBe(rules)
  })

  test('a block keeps the ground rules from being adopted', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const cy = await createPerson(db(), 'Cy')
    const groupId = await createGroupWith(db(), [ada, ben, cy])
    const decisionId = idFrom(await groupPost(ada, groupId, { intent: 'ground-rules', groundRules: rules }), '/decisions')
    await stance(cy, decisionId, 'block')
    await stance(ada, decisionId, 'agree')
    await stance(ben, decisionId, 'agree')
    expect(await groundRules(groupId)).toBeNull()
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe(
      'rejected',
    )
  })

  test('ground rules shorter than a sentence answer 400 on groundRules and propose nothing', async () => {
    const ada = await createPerson(db(), 'Ada')
    const groupId = await createGroupWith(db(), [ada])
    const before = await tableCounts(db())
    const response = await groupPost(ada, groupId, { intent: 'ground-rules', groundRules: 'Be kind' })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.groundRules).toMatch(/at least a sentence/)
    expect(body.values.groundRules).toBe('Be kind')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('an unknown intent answers 400 with a message and changes nothing', async () => {
    const ada = await createPerson(db(), 'Ada')
    const groupId = await createGroupWith(db(), [ada])
    const before = await tableCounts(db())
    const response = await groupPost(ada, groupId, { intent: 'dissolve' })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.intent).toBe('Unknown action.')
    expect(await tableCounts(db())).toEqual(before)
  })
})
