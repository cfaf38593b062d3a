import { DecisionRuleSchema } from '~/features/decisions/decision-rule.schema'
import { describe, expect, test } from 'vitest'
import { propose } from '~/features/decisions/decisions.server'
import { getDb } from '~/utils/db.server'
import type { DecisionKind } from '~db/schema'
import { createGroupWith, createPerson } from '../factories'

const db = () => getDb()
const RULE = DecisionRuleSchema.parse({ quorum: 0.5 })

async function decisionsOf(groupId: string) {
  return db().selectFrom('decisions').select(['kind', 'payloadJson']).where('groupId', '=', groupId).execute()
}

describe('proposing through the registry of decision kinds', () => {
  test('an unknown kind is refused, and nothing is written', async () => {
    const people = [await createPerson(db()), await createPerson(db()), await createPerson(db())]
    const groupId = await createGroupWith(db(), people)
    const unknown = { groupId, kind: 'seize_power' as DecisionKind, title: 'Take over', body: '', payload: {} as never, rule: RULE }
    await expect(
      db()
        .transaction()
        .execute((trx) => propose(trx, people[0]!, unknown)),
    ).rejects.toThrow('Unknown decision kind "seize_power".')
    expect(await decisionsOf(groupId)).toEqual([])
  })

  test('a payload that does not fit its kind is refused; one that fits is kept as its kind parses it', async () => {
    const people = [await createPerson(db()), await createPerson(db()), await createPerson(db())]
    const groupId = await createGroupWith(db(), people)
    const base = { groupId, title: 'Our ground rules', body: '', rule: RULE }
    const bad = { ...base, kind: 'ground_rules' as const, payload: { groundRules: 7 } as unknown as { groundRules: string } }
    await expect(
      db()
        .transaction()
        .execute((trx) => propose(trx, people[0]!, bad)),
    ).rejects.toThrow()
    expect(await decisionsOf(groupId)).toEqual([])
    const extra = { groundRules: 'We listen first.', smuggled: true }
    await db()
      .transaction()
      .execute((trx) => propose(trx, people[0]!, { ...base, kind: 'ground_rules', payload: extra }))
    expect(await decisionsOf(groupId)).toEqual([{ kind: 'ground_rules', payloadJson: JSON.stringify({ groundRules: 'We listen first.' }) }])
  })
})
