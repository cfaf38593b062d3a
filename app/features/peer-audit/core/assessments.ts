import { z } from 'zod'
import { criteriaOf, LevelSchema, type Component, type Level } from './framework'

// A practitioner's on-the-job self-assessment against the group's framework, and the peers'
// assessments of it at an audit meeting. "The role of the peers is to enable each individual
// rigorously to deepen the integrity of her or his self-appraisal" (seed 003): so a record is
// its writer's alone until they share it, and reaches link groups only while they consent.

export const ScoreSchema = z.object({
  criterionKey: z.string().min(1),
  level: LevelSchema,
  note: z.string().max(2000).default(''),
})
export const ScoresSchema = z.array(ScoreSchema)
export type Score = z.infer<typeof ScoreSchema>

export const PeerLevelSchema = z.object({ criterionKey: z.string().min(1), level: LevelSchema })
export const PeerLevelsSchema = z.array(PeerLevelSchema)
export type PeerLevel = z.infer<typeof PeerLevelSchema>

/** Reads a JSON column of scores; anything malformed reads as no scores rather than breaking the page. */
export function readScores(json: string): Score[] {
  const parsed = ScoresSchema.safeParse(safeJson(json))
  return parsed.success ? parsed.data : []
}

export function readPeerLevels(json: string): PeerLevel[] {
  const parsed = PeerLevelsSchema.safeParse(safeJson(json))
  return parsed.success ? parsed.data : []
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** Where a record stands: its writer's alone, shared with the audit group, or shared and open to the link groups too. */
export type Sharing = 'private' | 'group' | 'links'

export function sharingOf(row: { sharedAt: string | null; linksConsentAt: string | null }): Sharing {
  if (!row.sharedAt) return 'private'
  return row.linksConsentAt ? 'links' : 'group'
}

export const SHARING_LABELS: Record<Sharing, string> = {
  private: 'Private: only you can read it',
  group: 'Shared with the audit group',
  links: 'Shared with the audit group, and open to its link groups by your consent',
}

/** Who is reading: the writer, another current member of the group, or a member of a group across an active link. */
export type Reader = 'writer' | 'member' | 'link' | 'other'

/** Whether this reader may read the record at all. The facilitator is a member like any other. */
export function mayRead(sharing: Sharing, reader: Reader): boolean {
  if (reader === 'writer') return true
  if (reader === 'member') return sharing !== 'private'
  if (reader === 'link') return sharing === 'links'
  return false
}

/**
 * The form's levels: `level.<criterionKey>` = 1..4 or empty (not assessed this time), with
 * `note.<criterionKey>` beside each. A criterion not in the framework, or a level outside the
 * scale, is refused beside its field.
 */
export function scoresFromForm(
  values: Record<string, string>,
  components: readonly Component[],
  options: { notes: boolean },
): { ok: true; scores: Score[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const scores: Score[] = []
  const known = new Set(criteriaOf(components).map((c) => c.key))
  for (const name of Object.keys(values)) {
    const m = /^(level|note)\.(.+)$/.exec(name)
    if (m && !known.has(m[2]!)) errors[name] = 'That criterion is not in the framework this record is assessed against.'
  }
  for (const c of criteriaOf(components)) {
    const raw = (values[`level.${c.key}`] ?? '').trim()
    const note = options.notes ? (values[`note.${c.key}`] ?? '').trim() : ''
    if (note.length > 2000) errors[`note.${c.key}`] = 'At most 2,000 characters.'
    if (!raw) {
      if (note) errors[`level.${c.key}`] = 'Choose a level for the criterion you wrote a note on, or leave the note empty.'
      continue
    }
    const level = Number(raw)
    const parsed = LevelSchema.safeParse(level)
    if (!/^[1-4]$/.test(raw) || !parsed.success) {
      errors[`level.${c.key}`] = 'Choose a level from 1 to 4, or leave it empty.'
      continue
    }
    scores.push({ criterionKey: c.key, level: parsed.data, note })
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  return { ok: true, scores }
}

export type Comparison = {
  componentName: string
  criterionKey: string
  text: string
  self: Level | null
  note: string
  peers: Level[]
}

/** Per criterion: the self level beside the peers' levels (each peer who gave one), in the framework's order. */
export function compareLevels(
  components: readonly Component[],
  self: readonly Score[],
  peers: readonly (readonly PeerLevel[])[],
): Comparison[] {
  const own = new Map(self.map((s) => [s.criterionKey, s]))
  return criteriaOf(components).map((c) => ({
    componentName: c.componentName,
    criterionKey: c.key,
    text: c.text,
    self: own.get(c.key)?.level ?? null,
    note: own.get(c.key)?.note ?? '',
    peers: peers.flatMap((levels) => levels.filter((l) => l.criterionKey === c.key).map((l) => l.level)),
  }))
}

/** A date as the form takes it (YYYY-MM-DD), a real day, not in the future. */
export function practisedOnProblem(value: string, today: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'Give the date you practised as YYYY-MM-DD.'
  const d = new Date(`${value}T00:00:00Z`)
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return 'That is not a date in the calendar.'
  if (value > today) return 'An on-the-job assessment is of practice that has happened: the date cannot be in the future.'
  if (value < '1900-01-01') return 'Give a date after 1900.'
  return null
}
