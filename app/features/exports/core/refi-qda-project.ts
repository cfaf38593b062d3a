import { createHash } from 'node:crypto'
import { XMLBuilder } from 'fast-xml-parser'
import type { ArchiveChallenge, ArchiveRecord, ArchiveTheme } from './archive-schema'
import { groupBy, type ArchiveOutline } from './archive'

// The elements of a REFI-QDA 1.5 project (www.qdasoftware.org) and codebook, built from an
// archive's outline and its records; refi-qda.ts packs them into the files users download.
//
// Mapping (project.qde, Project.xsd):
// - Users: one per member key ("Member A"). A record quoted by name has no creating user:
//   a User joining a name to a key would undo the pseudonyms.
// - CodeBook: one Code per theme. A merged theme is nested under the theme that finally
//   absorbed it (one level deep, however long the chain of merges), so codings made
//   before the merge keep pointing at it; its description says what it was merged into.
// - Sources: one TextSource per record; the text is `sources/<guid>.txt` (UTF-8, exactly
//   the record's words). Each theme↔record link is a PlainTextSelection over the whole
//   text, coded with the theme by the member who made the link. Positions count Unicode
//   code points (REFI-QDA 1.5 §10.2); the end is exclusive, as QualCoder and the spec's
//   examples write it, so a whole text is 0 … its number of code points.
// - Notes: each member's validity judgements (cycle, procedure, member, status, note) and the challenges
//   (text and resolution). A challenge to a theme or a record is referenced from that
//   code or source; the rest from the project. Sets: one per cycle, of its records and notes.
// GUIDs are UUID v5 of the inquiry's creation time and an item's key, so the same archive
// always gives the same bytes, and two inquiries do not share GUIDs.

const REFI_ORIGIN = 'Co-operative inquiry platform'

const PROJECT_NS = 'urn:QDA-XML:project:1.0'
const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0'
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance'
/** The UUID namespace of every GUID, as bytes: read once, since a GUID is made for every source, selection and coding. */
const GUID_NAMESPACE = Buffer.from('af0967bf-1d5c-415a-be21-2980028d318f'.replace(/-/g, ''), 'hex')

// ---------------------------------------------------------------- GUIDs and text

/** A name-based UUID (RFC 4122 §4.3, version 5: SHA-1) in the GUID namespace. */
function uuidV5(name: string): string {
  const hash = createHash('sha1').update(GUID_NAMESPACE).update(name, 'utf8').digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

// Characters XML 1.0 cannot carry at all, even as &#…; (XML 1.0 §2.2 Char), and lone surrogates.
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Element text XML can carry: impossible characters become U+FFFD (the source files keep the exact text). */
function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD')
}

/** An attribute value: one line, since a parser turns line breaks in attributes into spaces. */
function xmlLabel(value: string): string {
  return xmlText(value)
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
}

/** Length in Unicode code points (REFI-QDA 1.5 §10.2), not UTF-16 units. */
export function codePointLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

export type Xml = { [key: string]: string | Xml | Xml[] | undefined }

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
})

/** An element as an XML document, indented with LF. */
export function buildXml(root: Xml): string {
  // A raw CR in element text would be read back as LF (XML 1.0 §2.11); attributes hold none
  // (xmlLabel) and the indentation uses LF only, so every CR left is text to keep.
  return `<?xml version="1.0" encoding="UTF-8"?>\n${(builder.build(root) as string).replace(/\r/g, '&#13;')}`
}

// ---------------------------------------------------------------- elements

export type Guids = {
  member: (key: string) => string
  theme: (key: string) => string
  record: (key: string) => string
  of: (kind: string, key: string) => string
}

/** Keys made unique by counting repeats (`k`, `k#2` …), for items the archive does not key itself. */
function uniqueKeys(): (base: string) => string {
  const seen = new Map<string, number>()
  return (base) => {
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return n === 1 ? base : `${base}#${n}`
  }
}

export function guidsFor(archive: ArchiveOutline): Guids {
  const of = (kind: string, key: string) => uuidV5(`cooperative-inquiry ${archive.inquiry.createdAt} ${kind}:${key}`)
  return { member: (k) => of('member', k), theme: (k) => of('theme', k), record: (k) => of('record', k), of }
}

const STATUS_LABEL = { met: 'met', partly: 'partly met', not_met: 'not met', n_a: 'not applicable' } as const
const RESOLUTION_LABEL = { revised: 'revised', answered: 'answered', left_open: 'left open' } as const
const HAZARD_LABEL = {
  consensus_collusion: 'consensus collusion',
  uncritical_subjectivity: 'uncritical subjectivity',
  unaware_projection: 'unaware projection',
  dominance: 'dominance',
  other: 'other',
} as const

/** The theme a merged theme finally went into (itself when not merged, or when the merges loop). */
function absorbingTheme(theme: ArchiveTheme, byKey: Map<string, ArchiveTheme>): ArchiveTheme {
  const seen = new Set<string>([theme.key])
  let current = theme
  while (current.status === 'merged' && current.mergedInto !== null) {
    const next = byKey.get(current.mergedInto)
    if (next === undefined || seen.has(next.key)) return theme
    seen.add(next.key)
    current = next
  }
  return current
}

function themeDescription(theme: ArchiveTheme, byKey: Map<string, ArchiveTheme>): string {
  const lines = [theme.description]
  const into = theme.status === 'merged' && theme.mergedInto !== null ? byKey.get(theme.mergedInto) : undefined
  if (into) lines.push(`Merged into “${into.name}” (${into.key}).`)
  const from = theme.splitFrom !== null ? byKey.get(theme.splitFrom) : undefined
  if (from) lines.push(`Split from “${from.name}” (${from.key}).`)
  return lines.filter((l) => l !== '').join('\n\n')
}

/** Codes for the themes: active (and unplaceable) themes at the top, merged ones under their absorbing theme. */
function codesFor(archive: ArchiveOutline, guids: Guids, noteRefs: Map<string, Note[]>): Xml[] {
  const byKey = new Map(archive.themes.map((t) => [t.key, t]))
  const top: ArchiveTheme[] = []
  const merged: { theme: ArchiveTheme; into: string }[] = []
  for (const theme of archive.themes) {
    const parent = absorbingTheme(theme, byKey)
    if (parent.key === theme.key) top.push(theme)
    else merged.push({ theme, into: parent.key })
  }
  const children = groupBy(merged, (m) => m.into)
  const code = (theme: ArchiveTheme, nested: ArchiveTheme[]): Xml => {
    const description = themeDescription(theme, byKey)
    return {
      '@_guid': guids.theme(theme.key),
      '@_name': xmlLabel(theme.name),
      '@_isCodable': 'true',
      Description: description === '' ? undefined : xmlText(description),
      NoteRef: (noteRefs.get(`theme:${theme.key}`) ?? []).map((n) => ({ '@_targetGUID': n.guid })),
      Code: nested.map((t) => code(t, [])),
    }
  }
  return top.map((t) =>
    code(
      t,
      (children.get(t.key) ?? []).map((m) => m.theme),
    ),
  )
}

type Note = { guid: string; cycle: number; target: string | null; xml: Xml }

function judgementNotes(archive: ArchiveOutline, guids: Guids): Note[] {
  const procedures = new Map(archive.inquiry.template.validityProcedures.map((p) => [p.key, p]))
  const unique = uniqueKeys()
  return archive.cycles.flatMap((cycle) =>
    cycle.judgements.map((j) => {
      const procedure = procedures.get(j.procedureKey)
      // Each member's own judgement is a note of its own, by them; an old archive's judgement names nobody.
      const guid = guids.of('judgement', unique(`${cycle.number}:${j.procedureKey}${j.by ? `:${j.by}` : ''}`))
      const content = `Judgement: ${STATUS_LABEL[j.status]}` + (j.note === '' ? '' : `\n\n${j.note}`)
      const by = j.by ? ` · ${j.by}` : ''
      return {
        guid,
        cycle: cycle.number,
        target: null,
        xml: {
          '@_guid': guid,
          '@_name': xmlLabel(`Validity · cycle ${cycle.number} · ${procedure?.name ?? j.procedureKey}${by}: ${STATUS_LABEL[j.status]}`),
          '@_creatingUser': j.by ? guids.member(j.by) : undefined,
          '@_modifiedDateTime': j.updatedAt,
          Description: procedure ? xmlText(procedure.question) : undefined,
          PlainTextContent: xmlText(content),
        },
      }
    }),
  )
}

function challengeTarget(c: ArchiveChallenge, archive: ArchiveOutline): string {
  if (c.targetKind === 'process') return 'the process'
  if (c.target === null) return `a ${c.targetKind} not in this export`
  const named =
    c.targetKind === 'theme'
      ? archive.themes.find((t) => t.key === c.target)?.name
      : c.targetKind === 'decision'
        ? archive.decisions.find((d) => d.key === c.target)?.title
        : undefined
  return `${c.targetKind} ${c.target}${named ? ` “${named}”` : ''}`
}

function challengeNotes(archive: ArchiveOutline, guids: Guids): Note[] {
  const themes = new Set(archive.themes.map((t) => t.key))
  const records = new Set(archive.records.map((r) => r.key))
  return archive.challenges.map((c) => {
    const guid = guids.of('challenge', c.key)
    const resolution =
      c.resolution === null
        ? 'Not resolved yet.'
        : `Resolution: ${RESOLUTION_LABEL[c.resolution]}.` + (c.resolutionText ? `\n\n${c.resolutionText}` : '')
    const target =
      c.target === null
        ? null
        : c.targetKind === 'theme' && themes.has(c.target)
          ? `theme:${c.target}`
          : c.targetKind === 'record' && records.has(c.target)
            ? `record:${c.target}`
            : null
    return {
      guid,
      cycle: c.cycle,
      target,
      xml: {
        '@_guid': guid,
        '@_name': xmlLabel(`Challenge ${c.key} · cycle ${c.cycle} · ${HAZARD_LABEL[c.hazard]}`),
        '@_creatingUser': guids.member(c.raisedBy),
        '@_creationDateTime': c.createdAt,
        '@_modifiedDateTime': c.resolvedAt ?? undefined,
        Description: xmlText(`Raised by ${c.raisedBy} about ${challengeTarget(c, archive)} (hazard: ${HAZARD_LABEL[c.hazard]}).`),
        PlainTextContent: xmlText(`${c.text}\n\n${resolution}`),
      },
    }
  })
}

function recordDescription(record: ArchiveRecord, archive: ArchiveOutline): string {
  const phase = archive.cycles.find((c) => c.number === record.cycle)?.phases.find((p) => p.position === record.phase)
  const by =
    record.author !== null
      ? `Recorded by ${record.author} (a pseudonym).`
      : `Recorded by ${record.attribution ?? 'a member'}, quoted by name with their consent.`
  return [
    by,
    `Cycle ${record.cycle}${phase ? `, phase “${phase.name}”` : ''}; ${record.wayOfKnowing} knowing.`,
    `Happened ${record.occurredAt.slice(0, 10)}.`,
  ].join(' ')
}

/** A TextSource for each record, its links to themes as selections over the whole text. */
function sourceBuilder(outline: ArchiveOutline, guids: Guids, noteRefs: Map<string, Note[]>): (record: ArchiveRecord) => Xml {
  const unique = uniqueKeys()
  const linksOf = groupBy(
    outline.links.map((link) => ({ link, id: unique(`${link.theme}>${link.record}>${link.linkedBy}`) })),
    ({ link }) => link.record,
  )
  return (record) => {
    const guid = guids.record(record.key)
    const end = String(codePointLength(record.text))
    return {
      '@_guid': guid,
      '@_name': `${record.key} · cycle ${record.cycle} · ${record.wayOfKnowing}`,
      '@_plainTextPath': `internal://${guid}.txt`,
      '@_creatingUser': record.author !== null ? guids.member(record.author) : undefined,
      '@_creationDateTime': record.createdAt,
      Description: xmlText(recordDescription(record, outline)),
      PlainTextSelection: (linksOf.get(record.key) ?? []).map(({ link, id }) => ({
        '@_guid': guids.of('selection', id),
        '@_name': `${record.key} (whole text)`,
        '@_startPosition': '0',
        '@_endPosition': end,
        '@_creatingUser': guids.member(link.linkedBy),
        '@_creationDateTime': link.createdAt,
        Coding: [
          {
            '@_guid': guids.of('coding', id),
            '@_creatingUser': guids.member(link.linkedBy),
            '@_creationDateTime': link.createdAt,
            CodeRef: { '@_targetGUID': guids.theme(link.theme) },
          },
        ],
      })),
      NoteRef: (noteRefs.get(`record:${record.key}`) ?? []).map((n) => ({ '@_targetGUID': n.guid })),
    }
  }
}

/** One Set per cycle that has records or notes, each gathered once rather than searched for per cycle. */
function setsFor(outline: ArchiveOutline, guids: Guids, notes: Note[]): Xml[] {
  const recordsOf = groupBy(outline.records, (r) => r.cycle)
  const notesOf = groupBy(notes, (n) => n.cycle)
  return outline.cycles.flatMap((cycle) => {
    const memberSources = (recordsOf.get(cycle.number) ?? []).map((r) => ({ '@_targetGUID': guids.record(r.key) }))
    const memberNotes = (notesOf.get(cycle.number) ?? []).map((n) => ({ '@_targetGUID': n.guid }))
    if (memberSources.length === 0 && memberNotes.length === 0) return []
    return [
      {
        '@_guid': guids.of('cycle', String(cycle.number)),
        '@_name': `Cycle ${cycle.number}`,
        Description: cycle.focus ? xmlText(`Focus: ${cycle.focus}`) : undefined,
        MemberSource: memberSources,
        MemberNote: memberNotes,
      },
    ]
  })
}

/**
 * The elements of project.qde: the Project element around the sources it is given (none for
 * an outline without records), and a builder of one record's TextSource, so the sources can
 * be built one at a time, their words never all held at once.
 */
export function projectElements(outline: ArchiveOutline): {
  guids: Guids
  project: (sources: Xml[]) => Xml
  source: (record: ArchiveRecord) => Xml
} {
  const guids = guidsFor(outline)
  const notes = [...judgementNotes(outline, guids), ...challengeNotes(outline, guids)]
  const noteRefs = groupBy(
    notes.filter((n) => n.target !== null),
    (n) => n.target!,
  )
  const codes = codesFor(outline, guids, noteRefs)
  const sets = setsFor(outline, guids, notes)
  const project = (sources: Xml[]): Xml => ({
    Project: {
      '@_xmlns': PROJECT_NS,
      '@_xmlns:xsi': XSI_NS,
      '@_xsi:schemaLocation': `${PROJECT_NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd`,
      '@_name': xmlLabel(outline.inquiry.title),
      '@_origin': REFI_ORIGIN,
      '@_creationDateTime': outline.inquiry.createdAt,
      '@_modifiedDateTime': outline.exportedAt,
      Users: { User: outline.members.map((m) => ({ '@_guid': guids.member(m.key), '@_name': m.key })) },
      CodeBook: codes.length > 0 ? { Codes: { Code: codes } } : undefined,
      Sources: sources.length > 0 ? { TextSource: sources } : undefined,
      Notes: notes.length > 0 ? { Note: notes.map((n) => n.xml) } : undefined,
      Sets: sets.length > 0 ? { Set: sets } : undefined,
      Description: outline.inquiry.question === '' ? undefined : xmlText(outline.inquiry.question),
      NoteRef: notes.filter((n) => n.target === null).map((n) => ({ '@_targetGUID': n.guid })),
    },
  })
  return { guids, project, source: sourceBuilder(outline, guids, noteRefs) }
}

/** The themes as a REFI-QDA codebook element (Codebook.xsd); null when there are no themes, since a codebook needs a code. */
export function codebookElement(outline: ArchiveOutline): Xml | null {
  const codes = codesFor(outline, guidsFor(outline), new Map())
  if (codes.length === 0) return null
  const strip = (code: Xml): Xml => ({ ...code, NoteRef: undefined, Code: (code.Code as Xml[]).map(strip) })
  return {
    CodeBook: {
      '@_xmlns': CODEBOOK_NS,
      '@_xmlns:xsi': XSI_NS,
      '@_xsi:schemaLocation': `${CODEBOOK_NS} http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd`,
      '@_origin': REFI_ORIGIN,
      Codes: { Code: codes.map(strip) },
    },
  }
}
