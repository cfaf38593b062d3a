import { describe, expect, test } from 'vitest'
import {
  anonymityLimits,
  canonicalOrder,
  exportableAnonymousStances,
  isAnonymousRuleJson,
  MIN_ANONYMOUS_VOTERS,
  parseAnonymousStances,
  tooFewMessage,
  type AnonymousStance,
} from '~/features/decisions/core/anonymity'

// Anonymous decisions (issue 13): stored and shown in an order that is a function of the set of
// stances alone, and honest about what a small group's anonymity can hide.

const cast: AnonymousStance[] = [
  { stance: 'block', reason: 'Not like this.' },
  { stance: 'agree', reason: 'Yes, and soon.' },
  { stance: 'agree', reason: null },
  { stance: 'disagree', reason: 'Too early for me.' },
  { stance: 'agree', reason: 'About time.' },
  { stance: 'abstain', reason: null },
]

const CANONICAL: AnonymousStance[] = [
  { stance: 'agree', reason: null },
  { stance: 'agree', reason: 'About time.' },
  { stance: 'agree', reason: 'Yes, and soon.' },
  { stance: 'abstain', reason: null },
  { stance: 'disagree', reason: 'Too early for me.' },
  { stance: 'block', reason: 'Not like this.' },
]

/** Every ordering of a list (small lists only). */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items]
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]))
}

describe('canonicalOrder', () => {
  test('sorts by stance (agree, abstain, disagree, block), then by reason with no reason first', () => {
    expect(canonicalOrder(cast)).toEqual(CANONICAL)
  })

  test('gives the same list for every order of casting: the order carries no trace of who came when', () => {
    const seen = new Set(permutations(cast).map((order) => JSON.stringify(canonicalOrder(order))))
    expect(seen.size).toBe(1)
    expect(permutations(cast)).toHaveLength(720)
  })

  test('does not change the list it is given', () => {
    const copy = structuredClone(cast)
    canonicalOrder(cast)
    expect(cast).toEqual(copy)
  })
})

describe('parseAnonymousStances', () => {
  test('reads a stored list in canonical order whatever order it was stored in, an empty reason as none', () => {
    expect(parseAnonymousStances(JSON.stringify([...cast].reverse()))).toEqual(CANONICAL)
    expect(parseAnonymousStances('[{"stance":"disagree","reason":""}]')).toEqual([{ stance: 'disagree', reason: null }])
  })

  test('drops what is not a stance rather than showing it, and reads broken JSON as none', () => {
    expect(parseAnonymousStances('[{"stance":"maybe"},{"reason":"x"},3,null,{"stance":"agree","reason":"ok","personId":"p1"}]')).toEqual([
      { stance: 'agree', reason: 'ok' },
    ])
    expect(parseAnonymousStances('not json')).toEqual([])
    expect(parseAnonymousStances('{}')).toEqual([])
  })
})

describe('anonymityLimits', () => {
  test('refuses anonymity with fewer than three who can take a stance, and says why', () => {
    expect(MIN_ANONYMOUS_VOTERS).toBe(3)
    expect(anonymityLimits(1).tooFew).toBe(true)
    expect(anonymityLimits(2)).toEqual({
      tooFew: true,
      warning: 'In a group of two, anonymity hides nothing: each of you can tell the other’s stance from your own and the tally.',
    })
    expect(tooFewMessage(2)).toBe(
      'Anonymous stances need at least 3 members who can take a stance; here there are 2, and anonymity would hide nothing.',
    )
    expect(tooFewMessage(1)).toContain('here there is 1,')
  })

  test('warns a small group how little it hides, and says nothing extra for a larger one', () => {
    expect(anonymityLimits(3)).toEqual({
      tooFew: false,
      warning:
        'With 3 members who can take a stance, anonymity hides little: a tally with one dissent leaves each of the others only 2 people it could be.',
    })
    expect(anonymityLimits(4).warning).toContain('only 3 people')
    expect(anonymityLimits(5)).toEqual({ tooFew: false, warning: null })
    expect(anonymityLimits(9)).toEqual({ tooFew: false, warning: null })
  })
})

describe('what an export may carry of an anonymous decision', () => {
  const stored = JSON.stringify([...cast].reverse())

  test('nothing while it is open: a tally so far would tell what has been said', () => {
    expect(exportableAnonymousStances({ status: 'open', anonymousJson: stored })).toEqual([])
    expect(exportableAnonymousStances({ status: 'open', anonymousJson: stored }, [{ stance: 'agree', reason: 'x' }])).toEqual([])
  })

  test('once closed, every stance in canonical order, a reason only as whether there was one; earlier named stances join the pool', () => {
    expect(exportableAnonymousStances({ status: 'rejected', anonymousJson: stored })).toEqual(
      CANONICAL.map((s) => ({ stance: s.stance, reasoned: s.reason !== null })),
    )
    const pooled = exportableAnonymousStances({ status: 'passed', anonymousJson: '[{"stance":"block","reason":null}]' }, [
      { stance: 'agree', reason: 'Named before.' },
    ])
    expect(pooled).toEqual([
      { stance: 'agree', reasoned: true },
      { stance: 'block', reasoned: false },
    ])
  })

  test('a stored rule is anonymous only when it says so; an unreadable one is named', () => {
    expect(isAnonymousRuleJson('{"quorum":0.6667,"allowAnonymousDissent":true}')).toBe(true)
    expect(isAnonymousRuleJson('{"allowAnonymousDissent":false}')).toBe(false)
    expect(isAnonymousRuleJson('{}')).toBe(false)
    expect(isAnonymousRuleJson('null')).toBe(false)
    expect(isAnonymousRuleJson('not json')).toBe(false)
  })
})
