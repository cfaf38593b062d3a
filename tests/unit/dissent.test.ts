import { expect, test } from 'vitest'
import { dissentOf } from '~/features/validity/core'

// The dissent evidence (DESIGN §4), shared by the validity review and the archive's analysis.

test('a decision counts as dissent when any last stance is not agree, and as silent agreement when all agree without a reason', () => {
  const agreeSilently = { stances: [{ who: 'a', stance: 'agree', reasoned: false }, { who: 'b', stance: 'agree', reasoned: false }] }
  const agreeWithReason = { stances: [{ who: 'a', stance: 'agree', reasoned: true }, { who: 'b', stance: 'agree', reasoned: false }] }
  const changedMind = { stances: [{ who: 'a', stance: 'disagree', reasoned: true }, { who: 'a', stance: 'agree', reasoned: false }] }
  const anonymousBlock = { stances: [{ who: 'a', stance: 'agree', reasoned: false }, { who: 'anonymous 0', stance: 'block', reasoned: false }] }
  const abstained = { stances: [{ who: 'a', stance: 'abstain', reasoned: false }] }
  expect(dissentOf([agreeSilently, agreeWithReason, changedMind, anonymousBlock, abstained])).toEqual({ withDissent: 2, unanimousWithoutReasons: 2 })
  expect(dissentOf([])).toEqual({ withDissent: 0, unanimousWithoutReasons: 0 })
})
