import { readFileSync } from 'node:fs'
import { zipSync } from 'fflate'

// The uploads of issue 13 item 7, made on the fly: a large valid archive, a JSON archive
// made to exhaust a heap, and a .qdpx whose project.qde inflates a thousandfold.

const DEMO = readFileSync(new URL('../fixtures/demo-archive.json', import.meta.url), 'utf8')

/** The demo archive (a valid version-1 archive of six members and three cycles). */
export function demoArchive(): Record<string, any> {
  return JSON.parse(DEMO)
}

/**
 * A valid archive of about `bytes` bytes: the demo archive and enough extra records (in its
 * unpublished cycle 3, so no published counts change), each linked to a theme.
 */
export function largeValidArchive(bytes: number): string {
  const archive = demoArchive()
  const cycle = archive.cycles.find((c: { published: boolean }) => !c.published)
  const phase = cycle.phases[0].position
  const base = Buffer.byteLength(JSON.stringify(archive))
  const words = 'silence client session pause breath waiting listening noticed felt room body tension held space '.repeat(30)
  const sample = {
    key: 'R100000',
    author: 'Member A',
    attribution: null,
    cycle: cycle.number,
    phase,
    wayOfKnowing: 'experiential',
    occurredAt: '2026-10-01T10:00:00.000Z',
    createdAt: '2026-10-01T10:00:00.000Z',
    consent: 'anonymised',
    text: words,
  }
  const link = { theme: 'T1', record: 'R100000', linkedBy: 'Member A', createdAt: '2026-10-01T10:00:00.000Z' }
  const each = Buffer.byteLength(JSON.stringify(sample)) + Buffer.byteLength(JSON.stringify(link)) + 2
  const count = Math.max(0, Math.floor((bytes - base) / each))
  const members = archive.members.map((m: { key: string }) => m.key)
  const themes = archive.themes.map((t: { key: string }) => t.key)
  for (let i = 0; i < count; i++) {
    const key = `R${1000 + i}`
    archive.records.push({ ...sample, key, author: members[i % members.length] })
    archive.links.push({ ...link, theme: themes[i % themes.length], record: key })
  }
  return JSON.stringify(archive)
}

/**
 * JSON that looks like an archive but holds `bytes` of tiny rating objects: cheap to send,
 * about ten times its size in heap once parsed.
 */
export function heapHungryArchive(bytes: number): string {
  const archive = demoArchive()
  const head = JSON.stringify({ ...archive, ratings: [] })
  const open = head.indexOf('"ratings":[]') + '"ratings":['.length
  const item = (i: number) =>
    `{"member":"Member ${String.fromCharCode(65 + (i % 6))}","theme":"T${1 + (i % 8)}","cycle":1,"round":"blind","value":${1 + (i % 5)},"reasoned":false}`
  const parts: string[] = []
  let size = head.length
  for (let i = 0; size < bytes; i++) {
    const part = (i ? ',' : '') + item(i)
    parts.push(part)
    size += part.length
  }
  return head.slice(0, open) + parts.join('') + head.slice(open)
}

/** A .qdpx (a zip) whose project.qde inflates to about `inflatedBytes` of <Code> elements. */
export function codebookZipBomb(inflatedBytes: number): Uint8Array {
  // One element repeated deflates about a thousandfold.
  const code = (_i: number) => '<Code guid="00000000-0000-4000-8000-000000000001" name="code" isCodable="true"/>'
  const head = '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="bomb" origin="x"><CodeBook><Codes>'
  const tail = '</Codes></CodeBook></Project>'
  const parts: string[] = [head]
  let size = head.length + tail.length
  for (let i = 0; size < inflatedBytes; i++) {
    const c = code(i)
    parts.push(c)
    size += c.length
  }
  parts.push(tail)
  return zipSync({ 'project.qde': new TextEncoder().encode(parts.join('')) }, { level: 9 })
}

/**
 * A .qdpx at the limits a codebook import reads: a project.qde of about `inflatedBytes` whose
 * codebook holds `codes` codes and whose sources hold `elements` elements in all, the way a
 * large project's selections and codings do.
 */
export function largeQdpxProject(inflatedBytes: number, elements: number, codes = 400): Uint8Array {
  const guid = (prefix: number, i: number) => `${prefix}0000000-0000-4000-8000-${String(i).padStart(12, '0')}`
  const codebook = Array.from(
    { length: codes },
    (_, i) => `<Code guid="${guid(0, i)}" name="code ${i}" isCodable="true"><Description>What code ${i} means.</Description></Code>`,
  ).join('')
  const selections = Math.floor(elements / 2)
  const filler = Math.max(0, Math.floor(inflatedBytes / selections) - 150)
  const selection = (i: number) =>
    `<PlainTextSelection guid="${guid(1, i)}" startPosition="0" endPosition="5"><Description>${'selected words '.repeat(Math.ceil(filler / 15)).slice(0, filler)}</Description></PlainTextSelection>`
  const sources = `<Sources><TextSource guid="${guid(2, 1)}" name="source">${Array.from({ length: selections }, (_, i) => selection(i)).join('')}</TextSource></Sources>`
  const qde = `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="large" origin="test"><CodeBook><Codes>${codebook}</Codes></CodeBook>${sources}</Project>`
  return zipSync({ 'project.qde': new TextEncoder().encode(qde) }, { level: 6 })
}
