import { expect, test } from 'vitest'
import { dissentOf } from '~/features/validity/core'

// The dissent evidence (docs/design.md §4), shared by the validity review and the archive's analysis.

test('a decision counts as dissent when any last stance is not agree, and as silent agreement when all agree without a reason', () => {
  const agreeSilently = {
    stances: [
      { who: 'a', stance: 'agree', reasoned: false },
      { who: 'b', stance: 'agree', reasoned: false },
    ],
  }
  const agreeWithReason = {
    stances: [
      { who: 'a', stance: 'agree', reasoned: true },
      { who: 'b', stance: 'agree', reasoned: false },
    ],
  }
  const changedMind = {
    stances: [
      { who: 'a', stance: 'disagree', reasoned: true },
      { who: 'a', stance: 'agree', reasoned: false },
    ],
  }
  const anonymousBlock = {
    stances: [
      { who: 'a', stance: 'agree', reasoned: false },
      { who: 'anonymous 0', stance: 'block', reasoned: false },
    ],
  }
  const abstained = { stances: [{ who: 'a', stance: 'abstain', reasoned: false }] }
  expect(dissentOf([agreeSilently, agreeWithReason, changedMind, anonymousBlock, abstained])).toEqual({
    withDissent: 2,
    unanimousWithoutReasons: 2,
  })
  expect(dissentOf([])).toEqual({ withDissent: 0, unanimousWithoutReasons: 0 })
})

test('on an anonymous decision, where every stance is anonymous, the tally alone decides: silent unanimity and dissent are both seen', () => {
  const anonymous = (stances: [string, boolean][]) => ({
    stances: stances.map(([stance, reasoned], i) => ({ who: `anonymous ${i}`, stance, reasoned })),
  })
  // Three anonymous agrees without a reason: agreed by everyone without a single reason.
  const silent = anonymous([
    ['agree', false],
    ['agree', false],
    ['agree', false],
  ])
  // An anonymous abstain is dissent as much as a named one; an anonymous reason counts as a reason.
  const abstained = anonymous([
    ['agree', false],
    ['abstain', false],
    ['agree', false],
  ])
  const reasoned = anonymous([
    ['agree', true],
    ['agree', false],
    ['agree', false],
  ])
  expect(dissentOf([silent])).toEqual({ withDissent: 0, unanimousWithoutReasons: 1 })
  expect(dissentOf([abstained])).toEqual({ withDissent: 1, unanimousWithoutReasons: 0 })
  expect(dissentOf([reasoned])).toEqual({ withDissent: 0, unanimousWithoutReasons: 0 })
  // Each anonymous stance is its own: three of them are not one person's changes of mind.
  expect(
    dissentOf([
      anonymous([
        ['block', false],
        ['agree', false],
      ]),
    ]),
  ).toEqual({ withDissent: 1, unanimousWithoutReasons: 0 })
})
