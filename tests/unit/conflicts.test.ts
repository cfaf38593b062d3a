import { describe, expect, test } from 'vitest'
import { ConflictFormSchema, nextStep, parseStepsText, stepsToText, type ConflictStep } from '~/features/conflicts/core/form'
import { OUTCOME_LABELS, OUTCOME_MEANINGS, OUTCOMES, isOutcome } from '~/features/conflicts/core/outcomes'
import {
  mayAddSupporter,
  mayAskHelp,
  mayClose,
  mayMoveOn,
  mayNote,
  maySee,
  mayWithdraw,
  reachedGroup,
} from '~/features/conflicts/core/sight'

const steps: ConflictStep[] = [
  { key: 'direct', name: 'Speak directly', description: '', audience: 'involved' },
  { key: 'supporter', name: 'With a supporter', description: '', audience: 'involved' },
  { key: 'group', name: 'Whole group', description: '', audience: 'group' },
  { key: 'after', name: 'Between us again', description: '', audience: 'involved' },
]
const at = (stepKey: string, status: 'open' | 'closed' | 'withdrawn' = 'open') => ({ steps, stepKey, status })
const other = { member: true, role: null }
const raiser = { member: true, role: 'raised' as const }
const named = { member: true, role: 'named' as const }
const supporter = { member: true, role: 'supporter' as const }
const outsider = { member: false, role: null }

describe('the written form', () => {
  test('a textarea of steps reads as name | audience | description, one a line', () => {
    const parsed = parseStepsText(
      'Speak directly | involved | Face to face\n\n  Whole group | group  \nAsk a link group | the whole group | With a summary | only',
    )
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.steps.map((s) => [s.key, s.audience, s.description])).toEqual([
      ['speak-directly', 'involved', 'Face to face'],
      ['whole-group', 'group', ''],
      ['ask-a-link-group', 'group', 'With a summary | only'],
    ])
    expect(parseStepsText(stepsToText(parsed.steps))).toEqual(parsed)
  })

  test('a line without an audience is refused with its line number', () => {
    expect(parseStepsText('Talk | involved\nMeet | at the pub')).toEqual({ ok: false, message: expect.stringContaining('Line 2') })
    expect(parseStepsText('   ')).toMatchObject({ ok: false })
    expect(parseStepsText(' | group')).toMatchObject({ ok: false, message: expect.stringContaining('name') })
  })

  test('a revision keeps the keys of steps it keeps, and makes new keys unique', () => {
    const parsed = parseStepsText('With a supporter | involved\nSpeak directly | involved\nTalk | group\nTalk | group', steps)
    expect(parsed.ok && parsed.steps.map((s) => s.key)).toEqual(['supporter', 'direct', 'talk', 'talk-2'])
  })

  test('the schema refuses an empty form and two steps with one key', () => {
    expect(ConflictFormSchema.safeParse({ intro: '', steps: [] }).success).toBe(false)
    expect(ConflictFormSchema.safeParse({ intro: '', steps: [steps[0], steps[0]] }).success).toBe(false)
    expect(ConflictFormSchema.safeParse({ intro: 'x', steps }).success).toBe(true)
  })

  test('there is no step after the last', () => {
    expect(nextStep(steps, 'direct')?.key).toBe('supporter')
    expect(nextStep(steps, 'after')).toBeNull()
    expect(nextStep(steps, 'nowhere')).toBeNull()
  })
})

describe('the five outcomes', () => {
  test('are the seed’s, each with a label and a one-line meaning', () => {
    expect(OUTCOMES).toEqual(['honourable_difference', 'misunderstanding', 'misrepresentation', 'manipulation', 'unaware_projection'])
    for (const o of OUTCOMES) {
      expect(OUTCOME_LABELS[o].length).toBeGreaterThan(5)
      expect(OUTCOME_MEANINGS[o]).not.toContain('\n')
    }
    expect(OUTCOME_MEANINGS.honourable_difference).toContain('acknowledged and accommodated')
    expect(isOutcome('victory')).toBe(false)
  })
})

describe('who may see and do what', () => {
  test('between those involved, only they see it; from a group step on, every member does, even at a later involved step', () => {
    expect(maySee(raiser, at('direct'))).toBe(true)
    expect(maySee(supporter, at('supporter'))).toBe(true)
    expect(maySee(other, at('supporter'))).toBe(false)
    expect(maySee(other, at('group'))).toBe(true)
    expect(reachedGroup(steps, 'after')).toBe(true)
    expect(maySee(other, at('after'))).toBe(true)
    expect(maySee(outsider, at('group'))).toBe(false)
    expect(maySee(other, at('direct', 'closed'))).toBe(false)
  })

  test('notes: those involved, or any member at a group step; moving on: those involved, never past the last step', () => {
    expect(mayNote(other, at('direct'))).toBe(false)
    expect(mayNote(other, at('group'))).toBe(true)
    expect(mayNote(raiser, at('group', 'closed'))).toBe(false)
    expect(mayMoveOn(named, at('direct'))).toBe(true)
    expect(mayMoveOn(other, at('group'))).toBe(false)
    expect(mayMoveOn(raiser, at('after'))).toBe(false)
  })

  test('closing, withdrawing, supporters and asking for help', () => {
    expect(mayClose(supporter, at('direct'))).toBe(true)
    expect(mayClose(other, at('group'))).toBe(false)
    expect(mayWithdraw(raiser, at('group'))).toBe(true)
    expect(mayWithdraw(named, at('group'))).toBe(false)
    expect(mayAddSupporter(named, at('direct'))).toBe(true)
    expect(mayAddSupporter(supporter, at('direct'))).toBe(false)
    expect(mayAskHelp(raiser, at('direct'))).toBe(false)
    expect(mayAskHelp(other, at('group'))).toBe(true)
    expect(mayAskHelp(other, at('after'))).toBe(false)
  })
})
