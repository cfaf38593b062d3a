import { expect, test } from 'vitest'
import { wordCount } from '~/features/analysis/analysis.server'

// Participation counts words; the counter walks the text once instead of splitting it. It
// must agree with splitting on JavaScript's whitespace (\s), for every kind of space.

const reference = (text: string) => text.split(/\s+/).filter(Boolean).length

test('wordCount agrees with splitting on \\s, on every whitespace character JavaScript knows', () => {
  const spaces = [
    ' ',
    '\t',
    '\n',
    '\v',
    '\f',
    '\r',
    '\u00a0',
    '\u1680',
    '\u2000',
    '\u2005',
    '\u200a',
    '\u2028',
    '\u2029',
    '\u202f',
    '\u205f',
    '\u3000',
    '\ufeff',
  ]
  for (const space of spaces) expect(wordCount(`one${space}two${space}${space}three`), JSON.stringify(space)).toBe(3)
  const samples = [
    '',
    '   ',
    'a',
    ' leading and trailing ',
    'tabs\tand\nlines\r\n',
    '静かな 部屋',
    'emoji 🌱 count',
    'zero\u200bwidth is not a space',
    'x'.repeat(10_000),
  ]
  for (const sample of samples) expect(wordCount(sample), JSON.stringify(sample.slice(0, 20))).toBe(reference(sample))
  // And on random mixtures of letters and spaces.
  let seed = 7
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let i = 0; i < 200; i++) {
    const text = Array.from({ length: 60 }, () =>
      next() < 0.3 ? spaces[Math.floor(next() * spaces.length)]! : 'abcé'[Math.floor(next() * 4)]!,
    ).join('')
    expect(wordCount(text)).toBe(reference(text))
  }
})
