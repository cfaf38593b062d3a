import { closeDueDecisions } from '~/features/decisions/closer.server'
import { describe, expect, test } from 'vitest'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import { createGroupWith, createPerson, type TestPerson } from '../factories'
import { bodyOf, get, idFrom, post, tableCounts } from './harness'
import { db, groupGet, groupPost } from './support-groups'

// A Group's ground rules, adopted by Decision.

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
    // The quorum has spoken, not yet everyone: it waits for Cy.
    expect(await groundRules(groupId)).toBeNull()
    expect((await stance(cy, decisionId, 'abstain')).status).toBe(302)
    expect(await groundRules(groupId)).toBe(rules)
    const decision = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    expect(decision.status).toBe('passed')
    expect(decision.closedAt).not.toBeNull()
    const page = await bodyOf(await groupGet(cy, groupId, '/ground-rules'))
    expect(page.group.groundRules).toBe(rules)
  })

  test('a block keeps the ground rules from being adopted: it holds them open, and at the closing time they are not passed', async () => {
    const ada = await createPerson(db(), 'Ada')
    const ben = await createPerson(db(), 'Ben')
    const cy = await createPerson(db(), 'Cy')
    const groupId = await createGroupWith(db(), [ada, ben, cy])
    const decisionId = idFrom(await groupPost(ada, groupId, { intent: 'ground-rules', groundRules: rules }), '/decisions')
    await stance(cy, decisionId, 'block')
    await stance(ada, decisionId, 'agree')
    await stance(ben, decisionId, 'agree')
    expect(await groundRules(groupId)).toBeNull()
    const status = async () =>
      (await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status
    expect(await status()).toBe('open')
    await db()
      .updateTable('decisions')
      .set({ closesAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', decisionId)
      .execute()
    await closeDueDecisions(db())
    expect(await status()).toBe('rejected')
    expect(await groundRules(groupId)).toBeNull()
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
