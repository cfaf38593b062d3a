import { describe, expect, test } from 'vitest'
import { listText } from '~/features/records/core/excerpt'
import { offsetOf, pageHref, pageOf, pageOfPosition, rangeText, requestedPage } from '~/utils/paging'

// Issue 17: long lists are paged. What a `?page=` asks for, which rows a page holds, how the
// pages link to each other with the list's filters kept.

describe('the page a link asks for', () => {
  test('a whole number from 1 is that page', () => {
    expect(requestedPage('1')).toBe(1)
    expect(requestedPage('2')).toBe(2)
    expect(requestedPage(' 12 ')).toBe(12)
  })

  test('anything else is page 1, never an error', () => {
    for (const value of [
      null,
      undefined,
      '',
      ' ',
      '0',
      '-1',
      '1.5',
      '1e3',
      'abc',
      '2abc',
      '0x10',
      '99999999999999999999',
      'Infinity',
      'NaN',
    ])
      expect(requestedPage(value), String(value)).toBe(1)
  })
})

describe('a page of a list', () => {
  test('holds its rows and says where they stand in the whole list', () => {
    expect(pageOf(1, 6000)).toEqual({ page: 1, pageSize: 50, total: 6000, pages: 120, from: 1, to: 50 })
    expect(pageOf(2, 6000)).toEqual({ page: 2, pageSize: 50, total: 6000, pages: 120, from: 51, to: 100 })
    expect(pageOf(120, 6000)).toMatchObject({ from: 5951, to: 6000 })
    expect(pageOf(3, 101)).toMatchObject({ page: 3, pages: 3, from: 101, to: 101 })
    expect(pageOf(2, 45, 20)).toMatchObject({ page: 2, pageSize: 20, pages: 3, from: 21, to: 40 })
    expect(offsetOf(pageOf(3, 200))).toBe(100)
  })

  test('a page past the end of the list, or no page at all, shows page 1', () => {
    expect(pageOf(4, 101)).toMatchObject({ page: 1, from: 1, to: 50 })
    expect(pageOf(0, 101)).toMatchObject({ page: 1 })
    expect(pageOf(1.5, 101)).toMatchObject({ page: 1 })
    expect(offsetOf(pageOf(999, 10))).toBe(0)
  })

  test('an empty list is one empty page', () => {
    expect(pageOf(1, 0)).toEqual({ page: 1, pageSize: 50, total: 0, pages: 1, from: 0, to: 0 })
    expect(pageOf(7, 0)).toMatchObject({ page: 1, pages: 1 })
  })

  test('the page a row stands on', () => {
    expect(pageOfPosition(0)).toBe(1)
    expect(pageOfPosition(49)).toBe(1)
    expect(pageOfPosition(50)).toBe(2)
    expect(pageOfPosition(120, 20)).toBe(7)
  })

  test('says which rows it shows, with thousands separated', () => {
    expect(rangeText(pageOf(2, 6000))).toBe('51–100 of 6,000')
    expect(rangeText(pageOf(3, 101))).toBe('101 of 101')
    expect(rangeText(pageOf(1, 0))).toBe('0')
  })
})

describe('the address of another page', () => {
  test("keeps the list's filters and leaves page 1 out", () => {
    const filter = { cycle: 3, member: 'abc', way: undefined, phase: '' }
    expect(pageHref('/inquiries/i/records', filter, 2)).toBe('/inquiries/i/records?cycle=3&member=abc&page=2')
    expect(pageHref('/inquiries/i/records', filter, 1)).toBe('/inquiries/i/records?cycle=3&member=abc')
    expect(pageHref('/inquiries/i/records', {}, 1)).toBe('/inquiries/i/records')
  })

  test('replaces the page it came from, and can name another parameter for a second list on the page', () => {
    expect(pageHref('/t', { page: 4, linkCycle: 2, linkPage: 3 }, 5)).toBe('/t?linkCycle=2&linkPage=3&page=5')
    expect(pageHref('/t', { page: 4, linkCycle: 2, linkPage: 3 }, 1, 'linkPage')).toBe('/t?page=4&linkCycle=2')
  })

  test('escapes what it carries', () => {
    expect(pageHref('/c', { target: 'theme:a&b c' }, 2)).toBe('/c?target=theme%3Aa%26b+c&page=2')
  })
})

describe("a record's text in a list", () => {
  test('a short record is shown whole', () => {
    expect(listText('I waited.')).toEqual({ text: 'I waited.', more: false })
    expect(listText('a'.repeat(1000))).toEqual({ text: 'a'.repeat(1000), more: false })
  })

  test('a long one shows its start, cut at a word, and says there is more', () => {
    const long = `${'word '.repeat(300)}end`
    const shown = listText(long)
    expect(shown.more).toBe(true)
    expect(shown.text.length).toBeLessThanOrEqual(1001)
    expect(shown.text.endsWith('word…')).toBe(true)
    expect(listText('x'.repeat(20_000)).text).toBe(`${'x'.repeat(1000)}…`)
  })
})
