/** "Member A" … "Member Z", "Member AA" …: a stable label from a member's joining position. */
export function pseudonymFor(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError('a pseudonym index is a whole number from 0')
  let label = ''
  let n = index
  do {
    label = String.fromCharCode(65 + (n % 26)) + label
    n = Math.floor(n / 26) - 1
  } while (n >= 0)
  return `Member ${label}`
}

/** The name an export may show: the person's own only where they chose it, else their pseudonym. */
export function exportNameOf(member: { displayName: string; exportName: boolean; pseudonymIndex: number }): string {
  return member.exportName ? member.displayName : pseudonymFor(member.pseudonymIndex)
}

/** First names that are also everyday words: replacing them would garble ordinary sentences. */
const WORD_NAMES = new Set([
  'will',
  'may',
  'june',
  'april',
  'august',
  'grace',
  'hope',
  'faith',
  'joy',
  'rose',
  'mark',
  'bill',
  'pat',
  'sue',
  'art',
  'frank',
  'guy',
  'rich',
  'rob',
  'ray',
  'dawn',
  'summer',
  'sky',
  'amber',
  'ruby',
  'jack',
  'max',
  'sunny',
  'honey',
  'star',
  'iris',
  'lily',
  'holly',
  'ivy',
  'rowan',
  'river',
  'sage',
  'page',
  'penny',
  'sandy',
  'crystal',
  'destiny',
  'harmony',
  'justice',
  'king',
  'prince',
  'chase',
  'hunter',
  'gene',
  'earl',
  'don',
  'van',
  'new',
  'the',
  'and',
  'our',
  'her',
  'his',
  'all',
  'one',
  'sol',
  'bea',
  'eve',
  'kay',
  'dean',
  'carol',
  'noel',
  'miles',
  'wade',
  'jewel',
  'autumn',
])

/**
 * Replaces members' names written in free text with their pseudonym, so a note like "Dev
 * held the role" cannot undo the pseudonyms. A full name of two or more words is matched in
 * any case; a first name (or a one-word name) only as written, capitalised, when no other
 * member shares it and it is not an everyday word ("Will", "Grace"). Whole words only.
 */
export function nameRedactor(members: { name: string; key: string }[]): (text: string) => string {
  const firstOf = (name: string) => name.trim().split(/\s+/)[0]!.replace(/[.,]$/, '')
  const shared = new Map<string, number>()
  for (const m of members) shared.set(firstOf(m.name).toLowerCase(), (shared.get(firstOf(m.name).toLowerCase()) ?? 0) + 1)
  const full: { pattern: string; key: string }[] = []
  const first: { pattern: string; key: string }[] = []
  for (const m of members) {
    const name = m.name.trim().replace(/\s+/g, ' ')
    if (name === m.key || /^member\b/i.test(name)) continue
    if (name.includes(' ')) full.push({ pattern: name, key: m.key })
    const given = firstOf(name)
    if (given.length >= 2 && /^\p{Lu}/u.test(given) && shared.get(given.toLowerCase()) === 1 && !WORD_NAMES.has(given.toLowerCase()))
      first.push({ pattern: given, key: m.key })
  }
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const build = (names: { pattern: string }[], flags: string) =>
    names.length
      ? new RegExp(
          `(?<![\\p{L}\\p{N}])(?:${[...names]
            .sort((a, b) => b.pattern.length - a.pattern.length)
            .map((n) => escape(n.pattern).replace(/ /g, '\\s+'))
            .join('|')})(?![\\p{L}\\p{N}])`,
          flags,
        )
      : null
  const fullRegex = build(full, 'giu')
  const firstRegex = build(first, 'gu')
  const fullKey = new Map(full.map((n) => [n.pattern.toLowerCase(), n.key]))
  const firstKey = new Map(first.map((n) => [n.pattern, n.key]))
  return (text) => {
    let out = text
    if (fullRegex) out = out.replace(fullRegex, (match) => fullKey.get(match.toLowerCase().replace(/\s+/g, ' ')) ?? match)
    if (firstRegex) out = out.replace(firstRegex, (match) => firstKey.get(match) ?? match)
    return out
  }
}
