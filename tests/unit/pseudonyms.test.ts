import { describe, expect, test } from 'vitest'
import { exportNameOf, pseudonymFor } from '~/features/exports/core/pseudonyms'

describe('pseudonyms', () => {
  test('follow joining order as letters, then pairs of letters', () => {
    expect([0, 1, 2, 25, 26, 27, 51, 52].map(pseudonymFor)).toEqual([
      'Member A',
      'Member B',
      'Member C',
      'Member Z',
      'Member AA',
      'Member AB',
      'Member AZ',
      'Member BA',
    ])
  })
  test('refuse a position that is not a whole number from 0', () => {
    expect(() => pseudonymFor(-1)).toThrow(RangeError)
    expect(() => pseudonymFor(1.5)).toThrow(RangeError)
  })
  test('an export shows a name only where the person chose it', () => {
    expect(exportNameOf({ displayName: 'Ada L.', exportName: false, pseudonymIndex: 2 })).toBe('Member C')
    expect(exportNameOf({ displayName: 'Ada L.', exportName: true, pseudonymIndex: 2 })).toBe('Ada L.')
  })
})
