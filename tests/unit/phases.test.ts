import { describe, expect, test } from 'vitest'
import { nextStep, optionalPhaseFollows, roleFor, type PhaseSlot } from '~/features/inquiries/core/phases'

// The cooperative inquiry's cycle: planning, experience, optional immersion, sense-making.
const cooperative: PhaseSlot[] = [
  { position: 1, optional: false, name: 'planning' },
  { position: 2, optional: false, name: 'experience' },
  { position: 3, optional: true, name: 'immersion' },
  { position: 4, optional: false, name: 'sense-making' },
]

describe('nextStep', () => {
  test('moves to the next phase in order', () => {
    expect(nextStep(cooperative, 1)).toEqual({ type: 'phase', position: 2, skipped: [] })
  })

  test('goes into an optional phase when not asked to skip it', () => {
    expect(nextStep(cooperative, 2)).toEqual({ type: 'phase', position: 3, skipped: [] })
  })

  test('skipping passes over the optional phase and records it', () => {
    expect(nextStep(cooperative, 2, true)).toEqual({ type: 'phase', position: 4, skipped: [3] })
  })

  test('skipping passes over several optional phases in a row', () => {
    const phases: PhaseSlot[] = [
      { position: 1, optional: false, name: 'a' },
      { position: 2, optional: true, name: 'b' },
      { position: 3, optional: true, name: 'c' },
      { position: 4, optional: false, name: 'd' },
    ]
    expect(nextStep(phases, 1, true)).toEqual({ type: 'phase', position: 4, skipped: [2, 3] })
  })

  test('skipping has no effect when the next phase is required', () => {
    expect(nextStep(cooperative, 1, true)).toEqual({ type: 'phase', position: 2, skipped: [] })
  })

  test('the last phase leads to the next cycle', () => {
    expect(nextStep(cooperative, 4)).toEqual({ type: 'next_cycle', skipped: [] })
  })

  test('skipping an optional last phase leads to the next cycle', () => {
    const phases: PhaseSlot[] = [
      { position: 1, optional: false, name: 'a' },
      { position: 2, optional: true, name: 'b' },
    ]
    expect(nextStep(phases, 1, true)).toEqual({ type: 'next_cycle', skipped: [2] })
  })

  test('follows positions, not the order phases are given in', () => {
    const shuffled = [cooperative[3]!, cooperative[0]!, cooperative[2]!, cooperative[1]!]
    expect(nextStep(shuffled, 1)).toEqual({ type: 'phase', position: 2, skipped: [] })
    expect(nextStep(shuffled, 4)).toEqual({ type: 'next_cycle', skipped: [] })
  })

  test('an unknown current position is an error', () => {
    expect(() => nextStep(cooperative, 9)).toThrow('no phase at position 9')
  })
})

describe('optionalPhaseFollows', () => {
  test('returns the optional phase directly after the current one', () => {
    expect(optionalPhaseFollows(cooperative, 2)).toEqual(cooperative[2])
  })

  test('returns nothing when the next phase is required', () => {
    expect(optionalPhaseFollows(cooperative, 1)).toBeUndefined()
    expect(optionalPhaseFollows(cooperative, 3)).toBeUndefined()
  })

  test('returns nothing after the last phase', () => {
    expect(optionalPhaseFollows(cooperative, 4)).toBeUndefined()
  })
})

describe('roleFor', () => {
  test('members reflect as co-researchers', () => {
    expect(roleFor('reflection')).toBe('co-researcher')
  })

  test('members act as co-subjects', () => {
    expect(roleFor('action')).toBe('co-subject')
  })
})
