import { describe, expect, test } from 'vitest'
import { countStances, evaluateDecision, quorumNeeded, type StanceValue } from '~/features/decisions/core/rule'
import type { DecisionRule } from '~/features/decisions/decision-rule.schema'

// The shipped templates write two thirds as 0.6667.
const rule: DecisionRule = {
  quorum: 0.6667,
  blockVetoes: true,
  agreeMustOutnumberDisagree: true,
  allowAnonymousDissent: false,
}

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

describe('evaluateDecision', () => {
  test('passes at exactly the quorum with agrees and no block', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 4 }))
    expect(outcome.status).toBe('passed')
    expect(outcome.needed).toBe(4)
    expect(outcome.counts).toEqual({ agree: 4, abstain: 0, disagree: 0, block: 0 })
  })

  test('passes with abstentions counted toward the quorum', () => {
    expect(evaluateDecision(rule, 6, stances({ agree: 2, abstain: 2 })).status).toBe('passed')
  })

  test('one stance short of the quorum stays open', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 3 }))
    expect(outcome.status).toBe('open')
    expect(outcome.explanation).toBe('Open: 3 of the 4 stances needed have been taken.')
  })

  test('one block keeps an otherwise passing decision open', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 4, block: 1 }))
    expect(outcome.status).toBe('open')
    expect(outcome.explanation).toBe('Open: 1 member blocks it.')
  })

  test('a block still standing once everyone has spoken rejects the decision', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 5, block: 1 }))
    expect(outcome.status).toBe('rejected')
    expect(outcome.explanation).toBe('Not passed: everyone has taken a stance and 1 member blocks it.')
  })

  test('several blocks are counted in the explanation', () => {
    expect(evaluateDecision(rule, 6, stances({ agree: 3, block: 2 })).explanation).toContain('2 members block it')
  })

  test('disagrees outnumbering agrees do not pass even with a quorum', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 1, disagree: 3 }))
    expect(outcome.status).toBe('open')
    expect(outcome.explanation).toContain('agreement does not outweigh disagreement')
  })

  test('as many disagrees as agrees do not pass', () => {
    expect(evaluateDecision(rule, 6, stances({ agree: 2, disagree: 2 })).status).toBe('open')
    expect(evaluateDecision(rule, 6, stances({ agree: 3, disagree: 3 })).status).toBe('rejected')
  })

  test('everyone abstaining does not pass', () => {
    const outcome = evaluateDecision(rule, 6, stances({ abstain: 6 }))
    expect(outcome.status).toBe('rejected')
    expect(outcome.explanation).toContain('agreement does not outweigh disagreement')
  })

  test('no stances at all stay open', () => {
    const outcome = evaluateDecision(rule, 3, [])
    expect(outcome.status).toBe('open')
    expect(outcome.needed).toBe(2)
    expect(outcome.counts).toEqual({ agree: 0, abstain: 0, disagree: 0, block: 0 })
  })

  test('a rule without block vetoes passes despite a block', () => {
    const outcome = evaluateDecision({ ...rule, blockVetoes: false }, 6, stances({ agree: 3, block: 1 }))
    expect(outcome.status).toBe('passed')
    expect(outcome.counts.block).toBe(1)
  })

  test('a rule that does not weigh agrees against disagrees passes with any agree', () => {
    const lenient = { ...rule, agreeMustOutnumberDisagree: false }
    expect(evaluateDecision(lenient, 6, stances({ agree: 1, disagree: 3 })).status).toBe('passed')
    expect(evaluateDecision(lenient, 6, stances({ abstain: 4 })).status).toBe('open')
  })

  test('the passing explanation mentions how many spoke and how many agreed', () => {
    const outcome = evaluateDecision(rule, 6, stances({ agree: 4, abstain: 1 }))
    expect(outcome.explanation).toBe('Passed: 5 of 6 members took a stance, 4 agreed, no one blocked.')
  })
})

describe('explanations say why', () => {
  const rule = { quorum: 0.6667, blockVetoes: true, agreeMustOutnumberDisagree: true, allowAnonymousDissent: false }
  test('a decision nobody has answered yet explains the quorum', () => {
    expect(evaluateDecision(rule, 3, []).explanation).toBe('Open: 0 of the 2 stances needed have been taken.')
  })
  test('a block that does not veto is not hidden in the explanation', () => {
    const outcome = evaluateDecision({ ...rule, blockVetoes: false }, 3, ['agree', 'agree', 'block'])
    expect(outcome.status).toBe('passed')
    expect(outcome.explanation).toContain('1 blocked')
    expect(outcome.explanation).not.toContain('no one blocked')
  })
})

describe('a final count (an anonymous decision counted on request)', () => {
  test('what would stay open is rejected, saying it was counted', () => {
    const outcome = evaluateDecision(rule, 5, stances({ agree: 2, block: 1, abstain: 1 }), { final: true })
    expect(outcome).toMatchObject({ status: 'rejected', counts: { agree: 2, abstain: 1, disagree: 0, block: 1 }, needed: 4 })
    expect(outcome.explanation).toBe('Not passed when counted: 4 of 5 members had taken a stance and 1 member blocks it.')
    expect(evaluateDecision(rule, 5, stances({ agree: 2, disagree: 2 }), { final: true }).explanation).toBe(
      'Not passed when counted: 4 of 5 members had taken a stance and agreement does not outweigh disagreement.',
    )
  })

  test('what passes still passes, and a count once everyone spoke is the ordinary rejection', () => {
    expect(evaluateDecision(rule, 5, stances({ agree: 4 }), { final: true }).status).toBe('passed')
    expect(evaluateDecision(rule, 3, stances({ agree: 2, block: 1 }), { final: true }).explanation).toBe(
      'Not passed: everyone has taken a stance and 1 member blocks it.',
    )
    // Without `final`, the same stances keep it open.
    expect(evaluateDecision(rule, 5, stances({ agree: 2, block: 1, abstain: 1 })).status).toBe('open')
  })
})
