import { z } from 'zod'

// A group's written form of conflict resolution (seed 003, "Forms of conflict resolution": each
// local group works out and agrees its own). The form is the steps a concern follows, in order,
// each saying who it is between: those involved, or the whole group.

export const AUDIENCES = ['involved', 'group'] as const
export type Audience = (typeof AUDIENCES)[number]

export const AUDIENCE_LABELS: Record<Audience, string> = {
  involved: 'between those involved',
  group: 'with the whole group',
}

export const MAX_STEPS = 12
const KEY = /^[a-z0-9][a-z0-9-]{0,39}$/

export const ConflictStepSchema = z.object({
  key: z.string().regex(KEY, 'A step key is lower-case letters, digits and dashes.'),
  name: z.string().trim().min(1, 'Each step needs a name.').max(120, 'A step name is at most 120 characters.'),
  description: z.string().trim().max(2000, 'A step description is at most 2,000 characters.'),
  audience: z.enum(AUDIENCES, { message: 'Each step is between those involved or with the whole group.' }),
})

export const ConflictFormSchema = z.object({
  intro: z.string().trim().max(8000, 'The introduction is at most 8,000 characters.'),
  steps: z
    .array(ConflictStepSchema)
    .min(1, 'The form needs at least one step.')
    .max(MAX_STEPS, `A form has at most ${MAX_STEPS} steps.`)
    .refine((steps) => new Set(steps.map((s) => s.key)).size === steps.length, 'Two steps have the same key.'),
})

export type ConflictStep = z.infer<typeof ConflictStepSchema>
export type ConflictForm = z.infer<typeof ConflictFormSchema>

/** The starting draft shipped in inquiry-templates/practices/conflict-resolution.json. */
export const ConflictTemplateSchema = ConflictFormSchema.extend({
  slug: z.literal('conflict-resolution'),
  version: z.number().int().positive(),
  name: z.string().min(1),
  summary: z.string(),
})

/** A step's key from its name: lower-case words joined by dashes, unique within the form. */
export function stepKey(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32)
      .replace(/-+$/, '') || 'step'
  let key = base
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`
  return key
}

const AUDIENCE_WORDS: Record<string, Audience> = {
  involved: 'involved',
  'those involved': 'involved',
  'between those involved': 'involved',
  group: 'group',
  'whole group': 'group',
  'the group': 'group',
  'the whole group': 'group',
  'with the whole group': 'group',
}

/**
 * The steps as a form's textarea gives them, one a line: "name | audience | description", the
 * audience `involved` or `group`. Returns the steps, or the first problem in words (with its line).
 * A step kept from an earlier version keeps its key, so a concern under way finds its step again.
 */
export function parseStepsText(
  text: string,
  earlier: readonly ConflictStep[] = [],
): { ok: true; steps: ConflictStep[] } | { ok: false; message: string } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
  if (lines.length === 0) return { ok: false, message: 'Write at least one step: name | involved or group | what happens.' }
  if (lines.length > MAX_STEPS) return { ok: false, message: `A form has at most ${MAX_STEPS} steps; this has ${lines.length}.` }
  const taken = new Set<string>()
  const steps: ConflictStep[] = []
  for (const [i, line] of lines.entries()) {
    const [name = '', audience = '', ...rest] = line.split('|').map((p) => p.trim())
    const where = `Line ${i + 1}`
    if (!name) return { ok: false, message: `${where}: give the step a name before the first “|”.` }
    if (name.length > 120) return { ok: false, message: `${where}: a step name is at most 120 characters.` }
    const chosen = AUDIENCE_WORDS[audience.toLowerCase()]
    if (!chosen)
      return { ok: false, message: `${where}: after the name, say who the step is between: “involved” (those involved) or “group”.` }
    const description = rest.join(' | ')
    if (description.length > 2000) return { ok: false, message: `${where}: a step description is at most 2,000 characters.` }
    const kept = earlier.find((s) => s.name.toLowerCase() === name.toLowerCase() && !taken.has(s.key))
    const key = kept?.key ?? stepKey(name, new Set([...taken, ...earlier.map((s) => s.key)]))
    taken.add(key)
    steps.push({ key, name, audience: chosen, description })
  }
  return { ok: true, steps }
}

/** The steps as the textarea shows them: the inverse of parseStepsText. */
export function stepsToText(steps: readonly ConflictStep[]): string {
  return steps.map((s) => [s.name, s.audience, s.description].filter((p, i) => i < 2 || p).join(' | ')).join('\n')
}

/** The step with this key, and its place (0-based) in the form; undefined when the form has no such step. */
export function findStep(steps: readonly ConflictStep[], key: string): { step: ConflictStep; index: number } | undefined {
  const index = steps.findIndex((s) => s.key === key)
  return index < 0 ? undefined : { step: steps[index]!, index }
}

/** The step after this one, or null at the last step (or a key the form does not have). */
export function nextStep(steps: readonly ConflictStep[], key: string): ConflictStep | null {
  const found = findStep(steps, key)
  return found ? (steps[found.index + 1] ?? null) : null
}

/** Reads a kept form's steps (conflict_forms.steps_json); a row that does not parse is an error, never an empty form. */
export function parseStepsJson(json: string): ConflictStep[] {
  return z.array(ConflictStepSchema).parse(JSON.parse(json))
}
