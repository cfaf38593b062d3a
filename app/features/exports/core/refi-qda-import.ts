import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { unzipSync } from 'fflate'
import { MAX_QDE_BYTES } from './refi-qda'

// Reading REFI-QDA codebooks in: a .qdc file, or the CodeBook of a .qdpx project, as the
// codes a group can take up as proposed themes. (Writing them is refi-qda.ts.)

export type CodebookEntry = { name: string; description: string; path: string[] }

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

/** The document's root element name and content, or a clear error. */
function parseDocument(xml: string, subject: string, fail: (why: string) => never): [string, unknown] {
  const text = xml.replace(/^\uFEFF/, '')
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

/** The codebook of a REFI-QDA project (.qdpx): the codes of its project.qde, as parseQdc gives them. Throws when it has none. */
export function parseQdpxCodebook(zip: Uint8Array): CodebookEntry[] {
  const fail = (why: string): never => {
    throw new RefiQdaImportError(`This file is not a REFI-QDA project: ${why}.`)
  }
  let tooBig = false
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        if (!/(^|\/)[^/]+\.qde$/i.test(file.name)) return false
        if (file.originalSize > MAX_QDE_BYTES) tooBig = true
        return !tooBig
      },
    })
  } catch {
    return fail('it is not a zip archive (a .qdpx file is a zip holding project.qde)')
  }
  if (tooBig) fail(`its project.qde is larger than ${MAX_QDE_BYTES / 1024 / 1024} MB`)
  const names = Object.keys(files)
  const name = names.includes('project.qde') ? 'project.qde' : names.length === 1 ? names[0]! : undefined
  if (name === undefined) fail(names.length === 0 ? 'it holds no project.qde' : 'it holds several .qde files and no project.qde')
  let xml: string
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(files[name!])
  } catch {
    return fail('its project.qde is not UTF-8 text')
  }
  const [root, content] = parseDocument(xml, 'its project.qde', fail)
  if (root !== 'Project') fail(`the root element of its project.qde is <${root}>, not <Project>`)
  const codebook = isObject(content) ? content.CodeBook : undefined
  const entries = flattenCodes(isObject(codebook) ? codebook.Codes : undefined, fail)
  if (entries.length === 0) throw new RefiQdaImportError('This REFI-QDA project has no codes in its codebook, so there is nothing to import.')
  return entries
}
