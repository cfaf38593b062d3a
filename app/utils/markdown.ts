// Markdown that reads as plain text: shared by every feature that writes Markdown from what people wrote
// (an inquiry's report, a group's network record).

/**
 * Escapes user text for Markdown so it reads as plain text and cannot add markup: every
 * inline construct (emphasis, code, links, raw HTML, table cells, strikethrough, entities)
 * and, where the text begins a line (`lineStart`), every block construct a line could open
 * (headings, quotes, lists, fences, setext underlines, indented code), and bare URLs and email
 * addresses (`http://…`, `www.…`, `a@b.example`) that GitHub would link. Line breaks become
 * spaces unless `keepLines` (for blockquotes, which prefix each line; implies `lineStart`).
 */
export function escapeMarkdown(
  text: string,
  { keepLines = false, lineStart = keepLines }: { keepLines?: boolean; lineStart?: boolean } = {},
): string {
  const inline = (line: string) =>
    line
      .replace(/[\\`*_[\]<|~]/g, '\\$&')
      .replace(/&(?=#?[0-9A-Za-z]+;)/g, '\\&')
      // GitHub-style renderers turn bare URLs and email addresses into links (GFM "autolink
      // literals"): an escaped character where "scheme://", "www." or "@" would be recognised
      // keeps them plain text.
      .replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, '$1\\:')
      .replace(/@/g, '\\@')
      .replace(/(^|[^A-Za-z0-9])(www)\./gi, '$1$2\\.')
  const block = (line: string) =>
    inline(line.trimStart())
      .replace(/^([#>+=-])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2')
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  if (keepLines) return lines.map(block).join('\n')
  const joined = lines
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' ')
  return lineStart ? block(joined) : inline(joined)
}
