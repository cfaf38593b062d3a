import { describe, expect, test } from 'vitest'
import { countStances, evaluateDecision, quorumNeeded, type StanceValue } from '~/features/decisions/core/rule'
import { DecisionRuleSchema } from '~/features/decisions/decision-rule.schema'

// The shipped templates write two thirds as 0.6667.
const rule = DecisionRuleSchema.parse({ quorum: 0.6667 })

function stances(spec: Partial<Record<StanceValue, number>>): StanceValue[] {
  return (Object.entries(spec) as [StanceValue, number][]).flatMap(([value, n]) => Array<StanceValue>(n).fill(value))
}

describe('quorumNeeded', () => {
  test.each([
    [6, 4],
    [3, 2],
    [2, 2],
    [9, 6],
    [12, 8],
  ])('two thirds (0.6667) of %i members is %i stances', (members, needed) => {
    expect(quorumNeeded(0.6667, members)).toBe(needed)
  })

  test('an exact two thirds gives the same counts as 0.6667', () => {
    for (const members of [2, 3, 6, 9, 12]) {
      expect(quorumNeeded(2 / 3, members)).toBe(quorumNeeded(0.6667, members))
    }
  })

  test('a quorum that is not a whole number of stances rounds up', () => {
    expect(quorumNeeded(0.5, 5)).toBe(3)
    expect(quorumNeeded(0.6667, 4)).toBe(3)
  })

  test('at least one stance is always needed', () => {
    expect(quorumNeeded(0.6667, 0)).toBe(1)
    expect(quorumNeeded(0.1, 1)).toBe(1)
  })
})

describe('countStances', () => {
  test('counts each stance value', () => {
    expect(countStances(['agree', 'agree', 'block', 'abstain'])).toEqual({ agree: 2, abstain: 1, disagree: 0, block: 1 })
  })

  test('no stances count as zero for every value', () => {
    expect(countStances([])).toEqual({ agree: 0, abstain: 0, disagree: 0, block: 0 })
  })
})

describe('evaluateDecision: open until everyone has spoken or it closes', () => {
  test('a quorum of agrees does not close it while others have not spoken', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 4 }))
    expect(outcome.status).toBe('open')
    expect(outcome.needed).toBe(4)
    expect(outcome.explanation).toBe('Open: 4 of 6 members have taken a stance. It closes when everyone has, or at its closing time.')
  })

  test('when the last member speaks it passes with agrees and no block', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 4, abstain: 2 }))
    expect(outcome.status).toBe('passed')
    expect(outcome.counts).toEqual({ agree: 4, abstain: 2, disagree: 0, block: 0 })
    expect(outcome.explanation).toBe('Passed: 6 of 6 members took a stance, 4 agreed, no one blocked.')
  })

  test('at its closing time it passes on the quorum, with abstentions counted toward it', () => {
    expect(evaluateDecision(rule, 6, stances({ agree: 2, abstain: 2 }), { final: true }).status).toBe('passed')
    expect(evaluateDecision(rule, 6, stances({ agree: 4 }), { final: true }).explanation).toBe(
      'Passed: 4 of 6 members took a stance, 4 agreed, no one blocked.',
    )
  })

  test('at its closing time one stance short of the quorum is not passed', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 3 }), { final: true })
    expect(outcome.status).toBe('rejected')
    expect(outcome.explanation).toBe('Not passed when counted: 3 of 6 members had taken a stance and 3 of the 4 stances needed were taken.')
  })

  test('a block holds it open for an answer, even once everyone has spoken', () => {
    expect(evaluateDecision(rule, 6, stances({ agree: 4, block: 1 }))).toMatchObject({ status: 'open' })
    const everyone = evaluateDecision(rule, 6, stances({ agree: 5, block: 1 }))
    expect(everyone.status).toBe('open')
    expect(everyone.explanation).toBe(
      'Open: everyone has taken a stance and 1 member blocks it. A block holds the proposal open for an answer until its closing time.',
    )
  })

  test('a block still standing at the closing time rejects it', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 5, block: 1 }), { final: true })
    expect(outcome.status).toBe('rejected')
    expect(outcome.explanation).toBe('Not passed: everyone has taken a stance and 1 member blocks it.')
  })

  test('several blocks are counted in the explanation', () => {
    expect(evaluateDecision(rule, 6, stances({ agree: 3, block: 2 })).explanation).toContain('2 members block it')
  })

  test('disagrees outnumbering agrees do not pass even with a quorum', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 1, disagree: 3 }), { final: true })
    expect(outcome.status).toBe('rejected')
    expect(outcome.explanation).toContain('agreement does not outweigh disagreement')
  })

  test('as many disagrees as agrees do not pass', () => {
    expect(evaluateDecision(rule, 6, stances({ agree: 2, disagree: 2 })).status).toBe('open')
    expect(evaluateDecision(rule, 6, stances({ agree: 3, disagree: 3 })).status).toBe('rejected')
  })

  test('everyone abstaining does not pass', () => {
    const outcome = evaluateDecision(rule, 6, stances({ abstain: 6 }))
    expect(outcome.status).toBe('rejected')
    expect(outcome.explanation).toBe('Not passed: everyone has taken a stance and agreement does not outweigh disagreement.')
  })

  test('no stances at all stay open, and close unpassed', () => {
    const outcome = evaluateDecision(rule, 3, [])
    expect(outcome.status).toBe('open')
    expect(outcome.needed).toBe(2)
    expect(outcome.counts).toEqual({ agree: 0, abstain: 0, disagree: 0, block: 0 })
    expect(evaluateDecision(rule, 3, [], { final: true }).status).toBe('rejected')
  })

  test('a rule without block vetoes passes despite a block, once everyone has spoken', () => {
    const noVeto = { ...rule, blockVetoes: false }
    expect(evaluateDecision(noVeto, 6, stances({ agree: 3, block: 1 })).status).toBe('open')
    const outcome = evaluateDecision(noVeto, 4, stances({ agree: 3, block: 1 }))
    expect(outcome.status).toBe('passed')
    expect(outcome.explanation).toContain('1 blocked (blocks do not veto under this rule)')
  })

  test('a rule that does not weigh agrees against disagrees passes with any agree', () => {
    const lenient = { ...rule, agreeMustOutnumberDisagree: false }
    expect(evaluateDecision(lenient, 4, stances({ agree: 1, disagree: 3 })).status).toBe('passed')
    expect(evaluateDecision(lenient, 4, stances({ abstain: 4 })).status).toBe('rejected')
  })

  test("a pair's decision needs both people: one agree is not enough, even at its closing time", () => {
    const pairRule = DecisionRuleSchema.parse({ quorum: 0.5 })
    expect(evaluateDecision(pairRule, 2, ['agree'], { everyoneNeeded: true })).toMatchObject({ status: 'open', needed: 2 })
    const closed = evaluateDecision(pairRule, 2, ['agree'], { everyoneNeeded: true, final: true })
    expect(closed.status).toBe('rejected')
    expect(closed.explanation).toBe(
      "Not passed when counted: 1 of 2 members had taken a stance and it needs every member's stance and 1 of 2 took one.",
    )
    expect(evaluateDecision(pairRule, 2, ['agree', 'agree'], { everyoneNeeded: true }).status).toBe('passed')
  })
})
