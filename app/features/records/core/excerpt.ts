/** Characters of a record's text a list shows before it sends the reader to the record's own page. */
export const LIST_TEXT_CHARS = 1000

/**
 * A record's text as a list shows it: whole when it is short enough, otherwise its start, cut
 * at a word where one is near, with `more` set so the list can link to the whole record. A
 * list of 50 records then weighs the same whatever their length (a record holds up to 20,000
 * characters).
 */
export function listText(text: string, max = LIST_TEXT_CHARS): { text: string; more: boolean } {
  if (text.length <= max) return { text, more: false }
  const cut = text.slice(0, max)
  const space = cut.search(/\s\S*$/)
  return { text: `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`, more: true }
}
