import { DecisionRuleSchema } from '~/features/decisions/decision-rule.schema'
import { describe, expect, test } from 'vitest'
import { countingMembers, evaluateDecision } from '~/features/decisions/core/rule'

const RULE = DecisionRuleSchema.parse({ quorum: 0.6667 })
const person = (id: string, placeholder = 0) => ({ id, placeholder })

describe('who a decision counts', () => {
  test('placeholder seats from an imported archive are left out; everyone else is kept, in order', () => {
    const members = [person('a'), person('seat-b', 1), person('c'), person('seat-d', 1)]
    expect(countingMembers(members).map((m) => m.id)).toEqual(['a', 'c'])
    expect(countingMembers([person('seat', 1)])).toEqual([])
  })

  test('one real member among five seats passes a decision alone; counting the seats, it could never pass', () => {
    const members = [person('a'), ...['b', 'c', 'd', 'e', 'f'].map((id) => person(id, 1))]
    expect(evaluateDecision(RULE, countingMembers(members).length, ['agree'])).toMatchObject({ status: 'passed', needed: 1 })
    expect(evaluateDecision(RULE, members.length, ['agree'])).toMatchObject({ status: 'open', needed: 4 })
  })
})
