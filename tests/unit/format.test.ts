import { describe, expect, test } from 'vitest'
import { cycleRange, earlierStances, endSentence, plural } from '~/utils/format'
import { describeOpinionMap } from '~/features/analysis/core/describe'

// Issue 13 §6, item 3: copy built from values. A range of one cycle reads "cycle 1", never
// "cycles 1–1"; a sentence ending on text a person wrote ends with one full stop, never "..";
// a reason kept through a change of stance is printed once.

describe('cycleRange', () => {
  test('one cycle is "cycle n", not a range of one', () => {
    expect(cycleRange(1, 1)).toBe('cycle 1')
    expect(cycleRange(3, 3)).toBe('cycle 3')
  })

  test('several cycles are "cycles a–b" with an en dash, in order whichever way they are given', () => {
    expect(cycleRange(1, 2)).toBe('cycles 1–2')
    expect(cycleRange(1, 12)).toBe('cycles 1–12')
    expect(cycleRange(4, 2)).toBe('cycles 2–4')
  })
})

describe('plural', () => {
  test('counts with their noun, singular only for one', () => {
    expect(plural(0, 'record')).toBe('0 records')
    expect(plural(1, 'record')).toBe('1 record')
    expect(plural(2, 'linked record')).toBe('2 linked records')
    expect(plural(3, 'person', 'people')).toBe('3 people')
  })
})

describe('endSentence', () => {
  test('adds the full stop a sentence needs', () => {
    expect(endSentence('Skipped: Waiting')).toBe('Skipped: Waiting.')
  })

  test('never doubles one the text already ends with, nor follows ? ! or …', () => {
    expect(endSentence('Skipped: Waiting.')).toBe('Skipped: Waiting.')
    expect(endSentence('Are we rescuing?')).toBe('Are we rescuing?')
    expect(endSentence('Stop!')).toBe('Stop!')
    expect(endSentence('And then…')).toBe('And then…')
  })

  test('sees the end of a sentence inside closing quotes and brackets, and ignores trailing spaces', () => {
    expect(endSentence('They rated “Holding back.”')).toBe('They rated “Holding back.”')
    expect(endSentence('(as agreed.)')).toBe('(as agreed.)')
    expect(endSentence('They rated “Holding back”')).toBe('They rated “Holding back”.')
    expect(endSentence('Waiting.  ')).toBe('Waiting.')
    expect(endSentence('')).toBe('')
  })
})

describe('earlierStances', () => {
  const labels = { agree: 'Agree', abstain: 'Abstain', disagree: 'Disagree', block: 'Block' } as const

  test('a reason kept through a change of stance is not printed again beside the earlier stance', () => {
    expect(earlierStances([{ stance: 'block', reason: 'Not yet' }], 'Not yet', labels)).toBe('Block (same reason)')
  })

  test('a reason that changed is quoted with the stance it belonged to', () => {
    expect(
      earlierStances(
        [
          { stance: 'block', reason: 'Not yet' },
          { stance: 'disagree', reason: 'Not yet' },
        ],
        'Now I see it',
        labels,
      ),
    ).toBe('Block (same reason); Disagree (“Not yet”)')
    expect(
      earlierStances(
        [
          { stance: 'abstain', reason: null },
          { stance: 'block', reason: 'Unsafe' },
        ],
        null,
        labels,
      ),
    ).toBe('Abstain; Block (“Unsafe”)')
  })

  test('no earlier stances, no text', () => {
    expect(earlierStances([], 'Anything', labels)).toBe('')
  })
})

describe("chart sentences ending on a theme's name", () => {
  test('end with one full stop when the name has its own', () => {
    const text = describeOpinionMap({
      members: [],
      explained: [0.6, 0.2],
      separatingThemes: [{ themeId: 't', name: 'Holding back.', loading: 0.9 }],
      note: null,
    })
    expect(text).toMatch(/how they rated Holding back\.$/)
    expect(text).not.toMatch(/\.\.$/)
  })
})
