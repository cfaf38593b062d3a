import { describe, expect, test } from 'vitest'
import { nameRedactor } from '~/features/exports/core/pseudonyms'

// Members' names written in exported texts are replaced by their pseudonyms (issue 6, docs/design.md §5).

const redact = nameRedactor([
  { name: 'Dev Patel', key: 'Member D' },
  { name: 'Elena R.', key: 'Member E' },
  { name: 'Ann Smith', key: 'Member A' },
  { name: 'Ann Jones', key: 'Member B' },
  { name: 'Jo', key: 'Member J' },
])

describe('nameRedactor', () => {
  test('full names and unshared first names become keys, whole words only, in any case', () => {
    expect(redact('Dev held the devil’s advocate role; Dev agreed.')).toBe('Member D held the devil’s advocate role; Member D agreed.')
    expect(redact('DEV PATEL and dev patel')).toBe('Member D and Member D')
    expect(redact('Dev Patel and Elena R. spoke first.')).toBe('Member D and Member E spoke first.')
    expect(redact('Elena asked for time at check-in.')).toBe('Member E asked for time at check-in.')
    expect(redact('The development team devised it.')).toBe('The development team devised it.')
  })

  test('a first name two members share is replaced only in full', () => {
    expect(redact('Ann said it first; Ann Jones disagreed and Ann Smith agreed.')).toBe(
      'Ann said it first; Member B disagreed and Member A agreed.',
    )
  })

  test('two-letter first names are replaced only when written in full, and keys are left alone', () => {
    expect(redact('Jo raised it with Member D.')).toBe('Member J raised it with Member D.')
    expect(redact('José and Joanna were there.')).toBe('José and Joanna were there.')
  })

  test('letters of other scripts next to a name keep it from matching', () => {
    expect(redact('Devé and Dev’s note')).toBe('Devé and Member D’s note')
  })

  test('first names match only as written, and everyday words that are names are left alone', () => {
    const r = nameRedactor([
      { name: 'Will Turner', key: 'Member W' },
      { name: 'Grace', key: 'Member G' },
      { name: 'Dev Patel', key: 'Member D' },
    ])
    expect(r('I will wait; Will Turner will too. By grace, Grace came.')).toBe('I will wait; Member W will too. By grace, Grace came.')
    expect(r('the dev team met Dev')).toBe('the dev team met Member D')
  })

  test('no members, no change', () => {
    expect(nameRedactor([])('Anything at all')).toBe('Anything at all')
  })
})
