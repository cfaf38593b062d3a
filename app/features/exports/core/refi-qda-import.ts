import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { Unzip, UnzipInflate, unzipSync } from 'fflate'

// Reading REFI-QDA codebooks in: a .qdc file, or the CodeBook of a .qdpx project, as the
// codes a group can take up as proposed themes. (Writing them is refi-qda.ts.)
//
// A hostile file must cost little to refuse, and a large one little to read, because this
// runs on the request path: a .qdpx's project.qde is inflated as a stream and given up once
// it passes MAX_CODEBOOK_XML_BYTES, elements are counted in the bytes before any tree is
// built (an XML tree costs about 100 bytes of heap per element), and of a project only its
// <CodeBook> element is ever parsed, so the tree stays within MAX_TREE_BYTES.

/** The XML of a codebook or project.qde read on import, at most (bytes of UTF-8, after unzipping). */
const MAX_CODEBOOK_XML_BYTES = 16 * 1024 * 1024
/** Elements in that XML, at most (a project's sources, selections and codings count too). */
const MAX_XML_ELEMENTS = 200_000
/** <Code> elements (codes and code folders), at most; an import takes at most 500 codes. */
export const MAX_CODE_ELEMENTS = 2_000
/** The XML a tree is built from, at most: a .qdc, or a project's <CodeBook> element (about a quarter of a second to parse). */
export const MAX_TREE_BYTES = 2 * 1024 * 1024
/** Elements in that XML, at most (a code has a few: its Description, its MemberCode in a Set). */
export const MAX_TREE_ELEMENTS = 20_000

type CodebookEntry = { name: string; description: string; path: string[] }

/** A file the user gave us that is not what it should be; the message is for them. */
export class RefiQdaImportError extends Error {
  override name = 'RefiQdaImportError'
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** XML's five named entities and character references (&#10;, &#x1F600;); nothing from HTML, and no DOCTYPE entities (refused). */
function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return XML_ENTITIES[ref] ?? whole
    const cp = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
    return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : whole
  })
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'Code' || name === 'Description',
  entityDecoder: {
    setExternalEntities: () => undefined,
    addInputEntities: () => undefined,
    reset: () => undefined,
    setXmlVersion: () => undefined,
    decode: decodeXmlEntities,
  },
})

type Parsed = Record<string, unknown>

function isObject(value: unknown): value is Parsed {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const LT = 0x3c
const isNameEnd = (b: number | undefined) =>
  b === undefined || b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x2f || b === 0x3e
const CODE = [0x43, 0x6f, 0x64, 0x65] // "Code"

/**
 * Counts start tags (`<name`, not `</`, `<!` or `<?`) and <Code> elements (any namespace
 * prefix) in XML bytes fed in chunks of any size. Markup inside comments counts too: an
 * overcount only refuses sooner.
 */
export class ElementCounter {
  elements = 0
  codes = 0
  private carry = new Uint8Array(0)

  push(chunk: Uint8Array): this {
    const bytes = this.carry.length ? concat(this.carry, chunk) : chunk
    this.carry = new Uint8Array(0)
    let at = bytes.indexOf(LT)
    while (at !== -1) {
      const next = bytes[at + 1]
      if (next === undefined) {
        this.carry = bytes.slice(at)
        break
      }
      if (next !== 0x2f && next !== 0x21 && next !== 0x3f) {
        // The name runs to whitespace, "/" or ">"; 200 bytes without one is a name too long to be "Code".
        let end = at + 1
        while (end < bytes.length && end - at < 200 && !isNameEnd(bytes[end])) end++
        if (end === bytes.length && end - at < 200) {
          this.carry = bytes.slice(at)
          break
        }
        this.elements++
        const start = end - 4
        if (start > at && CODE.every((b, i) => bytes[start + i] === b) && (start === at + 1 || bytes[start - 1] === 0x3a)) this.codes++
      }
      at = bytes.indexOf(LT, at + 1)
    }
    return this
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/** Refuses XML with more elements or codes than an import may read, before anything is parsed. */
function checkCounts(counter: ElementCounter, subject: string, fail: (why: string) => never, maxElements = MAX_XML_ELEMENTS) {
  if (counter.codes > MAX_CODE_ELEMENTS)
    fail(`${subject} holds more than ${MAX_CODE_ELEMENTS.toLocaleString('en-GB')} codes; import at most 500 at a time`)
  if (counter.elements > maxElements)
    fail(`${subject} holds more than ${maxElements.toLocaleString('en-GB')} XML elements, more than this installation reads`)
}

const tooLarge = (subject: string) =>
  `${subject} is larger than ${MAX_CODEBOOK_XML_BYTES / 1024 / 1024} MB of XML, more than this installation reads`

/** The document's root element name and content, or a clear error. */
function parseDocument(xml: string, subject: string, fail: (why: string) => never): [string, unknown] {
  const text = xml.replace(/^\uFEFF/, '')
  if (Buffer.byteLength(text, 'utf8') > MAX_TREE_BYTES)
    fail(`${subject} is larger than ${MAX_TREE_BYTES / 1024 / 1024} MB of XML, more than a codebook needs`)
  const counter = new ElementCounter()
  const encoder = new TextEncoder()
  for (let at = 0; at < text.length; at += 1 << 20) counter.push(encoder.encode(text.slice(at, at + (1 << 20))))
  checkCounts(counter, subject, fail, MAX_TREE_ELEMENTS)
  // REFI-QDA files never declare a DOCTYPE; refusing one also refuses entity-expansion bombs.
  if (/<!DOCTYPE/i.test(text)) fail(`${subject} declares a DOCTYPE, which REFI-QDA files never do`)
  const valid = XMLValidator.validate(text)
  if (valid !== true) fail(`${subject} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`)
  let parsed: unknown
  try {
    parsed = parser.parse(text)
  } catch (error) {
    fail(`${subject} could not be read as XML (${error instanceof Error ? error.message : String(error)})`)
  }
  const roots = isObject(parsed) ? Object.entries(parsed).filter(([k]) => !k.startsWith('?') && !k.startsWith('#')) : []
  if (roots.length !== 1) fail(`${subject} has no single root element`)
  return roots[0]!
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (isObject(value) && typeof value['#text'] === 'string') return value['#text']
  return ''
}

/** Every codable code under `codes`, depth first; code folders (isCodable false) appear only in their children's paths. */
function flattenCodes(codes: unknown, fail: (why: string) => never): CodebookEntry[] {
  const out: CodebookEntry[] = []
  const walk = (list: unknown, path: string[]) => {
    if (!Array.isArray(list)) return
    for (const code of list) {
      const attrs = isObject(code) ? code : {}
      const name = typeof attrs['@_name'] === 'string' ? attrs['@_name'].replace(/[\t\n\r ]+/g, ' ').trim() : ''
      if (name === '') fail(`a code at ${path.length === 0 ? 'the top level' : `“${path.join(' › ')}”`} has no name`)
      const codable = !['false', '0'].includes(String(attrs['@_isCodable'] ?? 'true').trim())
      const descriptions = Array.isArray(attrs.Description) ? attrs.Description : []
      if (codable) out.push({ name, description: textOf(descriptions[0]), path })
      walk(attrs.Code, [...path, name])
    }
  }
  walk(isObject(codes) ? codes.Code : undefined, [])
  return out
}

/** The codes of a REFI-QDA codebook (.qdc), nested codes flattened with their ancestors' names as `path`. */
export function parseQdc(xml: string): CodebookEntry[] {
  const fail = (why: string): never => {
    throw new RefiQdaImportError(`This file is not a REFI-QDA codebook: ${why}.`)
  }
  const [root, content] = parseDocument(xml, 'it', fail)
  if (root === 'Project') fail('it is a REFI-QDA project (project.qde); choose the .qdpx project file or a .qdc codebook')
  if (root !== 'CodeBook') fail(`its root element is <${root}>, not <CodeBook>`)
  const entries = flattenCodes(isObject(content) ? content.Codes : undefined, fail)
  if (entries.length === 0) fail('it holds no codes')
  return entries
}

const projectFail = (why: string): never => {
  throw new RefiQdaImportError(`This file is not a REFI-QDA project: ${why}.`)
}

/**
 * The project.qde of a .qdpx as text, inflated as a stream: given up as soon as it passes
 * MAX_CODEBOOK_XML_BYTES or holds more elements than an import reads, whatever the zip
 * claims its size to be.
 */
function readQdpxProject(zip: Uint8Array): string {
  const fail = projectFail
  const names: string[] = []
  try {
    // The central directory only: filter() sees each entry, and nothing is inflated.
    unzipSync(zip, {
      filter: (file) => {
        if (/(^|\/)[^/]+\.qde$/i.test(file.name)) names.push(file.name)
        return false
      },
    })
  } catch {
    return fail('it is not a zip archive (a .qdpx file is a zip holding project.qde)')
  }
  const name = names.includes('project.qde') ? 'project.qde' : names.length === 1 ? names[0]! : undefined
  if (name === undefined) fail(names.length === 0 ? 'it holds no project.qde' : 'it holds several .qde files and no project.qde')
  const chunks: Uint8Array[] = []
  const counter = new ElementCounter()
  let size = 0
  let stop: string | undefined
  let found = false
  let ended = false
  const unzip = new Unzip((file) => {
    if (file.name !== name || found) return
    found = true
    file.ondata = (error, data, final) => {
      if (stop) return
      if (error) {
        stop = 'its project.qde could not be unzipped'
        return
      }
      size += data.length
      if (size > MAX_CODEBOOK_XML_BYTES) stop = tooLarge('its project.qde')
      else if (counter.push(data).codes > MAX_CODE_ELEMENTS || counter.elements > MAX_XML_ELEMENTS) stop = 'counted'
      else chunks.push(data)
      if (stop) file.terminate()
      if (final) ended = true
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  // Small slices: deflate inflates at most about 1,000 times, so one slice never makes more than a few MB.
  const SLICE = 4096
  try {
    for (let at = 0; at < zip.length && !stop && !ended; at += SLICE) unzip.push(zip.subarray(at, at + SLICE), at + SLICE >= zip.length)
  } catch {
    return fail('its project.qde could not be unzipped')
  }
  if (stop === 'counted') checkCounts(counter, 'its project.qde', fail)
  if (stop) fail(stop)
  if (!found || !ended) fail('its project.qde could not be unzipped')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(concatAll(chunks, size))
  } catch {
    return fail('its project.qde is not UTF-8 text')
  }
}

function concatAll(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

/** The codebook of a REFI-QDA project.qde's XML, as parseQdc gives a codebook's. Throws when it has none. */
function parseQdeCodebook(xml: string): CodebookEntry[] {
  const fail = projectFail
  const text = xml.replace(/^\uFEFF/, '')
  if (/<!DOCTYPE/i.test(text)) fail('its project.qde declares a DOCTYPE, which REFI-QDA files never do')
  const first = /<(?![?!/])([^\s/>]+)/.exec(text)
  if (!first) fail('its project.qde is not well-formed XML (it has no root element)')
  const rootName = first![1]!.replace(/^[^:]*:/, '')
  if (rootName !== 'Project') fail(`the root element of its project.qde is <${rootName}>, not <Project>`)
  // Only the codebook is read: the sources and codings around it never become a tree.
  const open = /<([A-Za-z_][\w.-]*:)?CodeBook(?=[\s/>])/.exec(text)
  let section = ''
  if (open) {
    const selfClosing = /^[^>]*\/>/.exec(text.slice(open.index, open.index + 10_000))
    const close = selfClosing ? -1 : text.indexOf(`</${open[1] ?? ''}CodeBook`, open.index)
    if (!selfClosing && close === -1) fail('its project.qde is not well-formed XML (its <CodeBook> is never closed)')
    const end = selfClosing ? open.index + selfClosing[0].length : text.indexOf('>', close) + 1
    if (end === 0) fail('its project.qde is not well-formed XML (its <CodeBook> is never closed)')
    section = text.slice(open.index, end)
  }
  const [, content] = parseDocument(`<Project>${section}</Project>`, 'its codebook', fail)
  const codebook = isObject(content) ? content.CodeBook : undefined
  const entries = flattenCodes(isObject(codebook) ? codebook.Codes : undefined, fail)
  if (entries.length === 0)
    throw new RefiQdaImportError('This REFI-QDA project has no codes in its codebook, so there is nothing to import.')
  return entries
}

/** The codebook of a REFI-QDA project (.qdpx): the codes of its project.qde, as parseQdc gives them. Throws when it has none. */
export function parseQdpxCodebook(zip: Uint8Array): CodebookEntry[] {
  return parseQdeCodebook(readQdpxProject(zip))
}
