import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync, type Zippable } from 'fflate'
import type { Archive, ArchiveRecord } from './archive-schema'
import { recordsChanged, type ArchiveOutline, type ArchiveParts } from './archive'
import { buildXml, codebookElement, projectElements, type Xml } from './refi-qda-project'

// REFI-QDA 1.5 (www.qdasoftware.org): the exchange format that ATLAS.ti, NVivo, MAXQDA,
// QualCoder and others read. Rendered from the archive alone, like every export format.
// The elements and how the archive maps onto them are in refi-qda-project.ts; here they are
// written out: the project (.qdpx, a zip of project.qde and one sources/<guid>.txt per
// record), whole or streamed, and the codebook (.qdc).

/** A zip's modification time is local wall-clock time; give it the export's UTC wall clock so the bytes do not depend on the machine's zone. */
function zipTime(iso: string): Date {
  const t = new Date(iso)
  return new Date(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds())
}

/** Where the sources go in the project skeleton: a line only the builder can write (element text escapes `<`). */
const SOURCES_MARK = '\n    <TextSource guid="sources-go-here"/>\n'
const SOURCES_PLACEHOLDER: Xml = { '@_guid': 'sources-go-here' }
/** A TextSource built inside these wrappers comes out indented as it is in the project. */
const SOURCE_BEFORE = '<Project>\n  <Sources>\n'
const SOURCE_AFTER = '  </Sources>\n</Project>\n'

/**
 * project.qde in three parts: the text before the sources, one source's text, the text after
 * them. Sources in the outline's order between head and tail make the whole file, so a project
 * is written one source at a time, its records' words never all held at once. `path` is where
 * a record's own file (exactly its words, UTF-8) goes in the package.
 */
function projectQde(outline: ArchiveOutline): {
  head: string
  source: (record: ArchiveRecord) => string
  tail: string
  path: (record: Pick<ArchiveRecord, 'key'>) => string
} {
  const elements = projectElements(outline)
  const skeleton = buildXml(elements.project(outline.records.length > 0 ? [SOURCES_PLACEHOLDER] : []))
  const at = skeleton.indexOf(SOURCES_MARK)
  if (outline.records.length > 0 && (at < 0 || skeleton.indexOf(SOURCES_MARK, at + 1) >= 0))
    throw new Error('the project skeleton lost its sources')
  return {
    head: at < 0 ? skeleton : skeleton.slice(0, at + 1),
    tail: at < 0 ? '' : skeleton.slice(at + SOURCES_MARK.length),
    source: (record) => {
      const built = buildXml({ Project: { Sources: { TextSource: [elements.source(record)] } } })
      const start = built.indexOf(SOURCE_BEFORE)
      if (start < 0 || !built.endsWith(SOURCE_AFTER)) throw new Error('a source did not build as expected')
      return built.slice(start + SOURCE_BEFORE.length, built.length - SOURCE_AFTER.length)
    },
    path: (record) => `sources/${elements.guids.record(record.key)}.txt`,
  }
}

/** The archive as a REFI-QDA 1.5 project (.qdpx): a zip of project.qde and one sources/<guid>.txt per record. */
export function toQdpx(archive: Archive): Uint8Array {
  const qde = projectQde(archive)
  const files: Zippable = {}
  let xml = qde.head
  for (const record of archive.records) {
    xml += qde.source(record)
    // Many small texts: stored as they are (compressing each costs more time than it saves space); project.qde is compressed.
    files[qde.path(record)] = [strToU8(record.text), { level: 0 }]
  }
  xml += qde.tail
  return zipSync({ 'project.qde': strToU8(xml), ...files }, { mtime: zipTime(archive.exportedAt) })
}

/**
 * The same project, streamed (issue 17): project.qde deflated as it is written, one source at
 * a time, then each source's file stored, the records read twice in batches; the zip's bytes
 * come out as they are made. A record whose words changed length between the two readings
 * (or records that no longer match the outline) stop it with an error, never a project whose
 * selections miss their texts.
 */
export async function* qdpxStream(parts: Pick<ArchiveParts, 'outline' | 'records'>): AsyncGenerator<Uint8Array> {
  const { outline } = parts
  const qde = projectQde(outline)
  const mtime = zipTime(outline.exportedAt)
  let made: Uint8Array[] = []
  let failure: Error | null = null
  const zip = new Zip((error, data) => {
    if (error) failure = error
    else made.push(data)
  })
  const taken = () => {
    if (failure) throw failure
    const chunks = made
    made = []
    return chunks
  }

  const project = new ZipDeflate('project.qde')
  project.mtime = mtime
  zip.add(project)
  const lengths = new Float64Array(outline.records.length)
  let text = qde.head
  let count = 0
  for await (const batch of parts.records()) {
    for (const record of batch) {
      if (outline.records[count]?.key !== record.key) throw recordsChanged()
      lengths[count] = record.text.length
      count += 1
      text += qde.source(record)
    }
    project.push(strToU8(text))
    text = ''
    yield* taken()
  }
  if (count !== outline.records.length) throw recordsChanged()
  project.push(strToU8(text + qde.tail), true)
  yield* taken()

  count = 0
  for await (const batch of parts.records()) {
    for (const record of batch) {
      if (outline.records[count]?.key !== record.key || lengths[count] !== record.text.length) throw recordsChanged()
      count += 1
      // Stored as they are, as in toQdpx.
      const file = new ZipPassThrough(qde.path(record))
      file.mtime = mtime
      zip.add(file)
      file.push(strToU8(record.text), true)
    }
    yield* taken()
  }
  if (count !== outline.records.length) throw recordsChanged()
  zip.end()
  yield* taken()
}

/** The themes as a REFI-QDA codebook (.qdc, Codebook.xsd). Throws when there are no themes: a codebook needs a code. */
export function toQdc(archive: Archive): string {
  const codebook = codebookElement(archive)
  if (!codebook) throw new Error('This inquiry has no themes yet, so there is no codebook to export.')
  return buildXml(codebook)
}
