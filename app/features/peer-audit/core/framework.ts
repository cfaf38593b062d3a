import { z } from 'zod'

// A group's peer review audit framework (issue 18, item 5; seed 003, after Heron 1993): the main
// components of the job, and the criteria of competence for each. The group identifies and
// revises them; each version is adopted by the group's decision. Keys stay the same across
// revisions, so an assessment made under an earlier version still reads against its criteria.

const KEY = /^[a-z0-9][a-z0-9-]{0,47}$/
const key = z.string().regex(KEY, 'A key is lower-case letters, digits and dashes (at most 48).')

export const CriterionSchema = z.object({
  key,
  text: z.string().trim().min(1, 'A criterion needs its words.').max(500, 'A criterion is at most 500 characters.'),
})

export const ComponentSchema = z.object({
  key,
  name: z.string().trim().min(1, 'A component needs a name.').max(200, 'A component name is at most 200 characters.'),
  description: z.string().trim().max(1000, 'A description is at most 1,000 characters.').default(''),
  criteria: z.array(CriterionSchema).min(1, 'Each component needs at least one criterion.').max(30),
})

/** The components of a framework: at least one, keys unique among components and among criteria. */
export const ComponentsSchema = z
  .array(ComponentSchema)
  .min(1, 'A framework needs at least one component.')
  .max(30, 'A framework has at most 30 components.')
  .superRefine((components, ctx) => {
    const seen = new Set<string>()
    for (const c of components) {
      if (seen.has(c.key)) ctx.addIssue({ code: 'custom', message: `The component key “${c.key}” is used twice.` })
      seen.add(c.key)
    }
    const criteria = new Set<string>()
    for (const k of components.flatMap((c) => c.criteria.map((x) => x.key))) {
      if (criteria.has(k)) ctx.addIssue({ code: 'custom', message: `The criterion key “${k}” is used twice.` })
      criteria.add(k)
    }
  })

export type Component = z.infer<typeof ComponentSchema>
export type Criterion = z.infer<typeof CriterionSchema>

/** The levels a practitioner assesses themselves at: 1 to 4. */
export const LEVELS = [1, 2, 3, 4] as const
export type Level = (typeof LEVELS)[number]
export const LevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])

export const LevelScaleSchema = z
  .array(z.object({ level: LevelSchema, label: z.string().trim().min(1).max(60), meaning: z.string().trim().max(300).default('') }))
  .length(4, 'A level scale names each of the levels 1 to 4.')
  .refine((scale) => scale.every((s, i) => s.level === i + 1), 'The scale lists the levels 1 to 4, in order.')

export type LevelScale = z.infer<typeof LevelScaleSchema>

export const DEFAULT_SCALE: LevelScale = [
  { level: 1, label: 'Not yet', meaning: 'I did not meet this criterion on this occasion.' },
  { level: 2, label: 'Developing', meaning: 'I met it in part, or unevenly.' },
  { level: 3, label: 'Competent', meaning: 'I met it as a competent practitioner would.' },
  { level: 4, label: 'A strength', meaning: 'I met it well: others could learn from how I did it.' },
]

/** A practice template shipped in inquiry-templates/practices/: a starting framework a group adopts and revises. */
export const PracticeTemplateSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/),
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(200),
  summary: z.string().trim().min(1).max(2000),
  levels: LevelScaleSchema.default(DEFAULT_SCALE),
  components: ComponentsSchema,
})

export type PracticeTemplate = z.infer<typeof PracticeTemplateSchema>

/** A key from words: lower-case, dashes, at most 48 characters; "item" when nothing is left. */
export function keyFrom(words: string): string {
  const slug = words
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '')
  return slug || 'item'
}

function unique(base: string, taken: Set<string>): string {
  let candidate = base
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${base}-${n}`
  taken.add(candidate)
  return candidate
}

/**
 * The framework as the editor's text: a component per "# " line ("# [key] Name | description"),
 * its criteria below it as "- [key] words". The keys in brackets keep a renamed item the same.
 */
export function frameworkToText(components: readonly Component[]): string {
  return components
    .map((c) =>
      [`# [${c.key}] ${c.name}${c.description ? ` | ${c.description}` : ''}`, ...c.criteria.map((x) => `- [${x.key}] ${x.text}`)].join(
        '\n',
      ),
    )
    .join('\n\n')
}

export type ParsedFramework = { ok: true; components: Component[] } | { ok: false; error: string }

const LINE = /^\s*(#|-)\s*(?:\[([^\]]*)\])?\s*(.*)$/

/** Reads the editor's text back (see frameworkToText); a line it cannot read is named with its number. */
export function parseFrameworkText(text: string): ParsedFramework {
  const components: { key: string; name: string; description: string; criteria: Criterion[] }[] = []
  const componentKeys = new Set<string>()
  const criterionKeys = new Set<string>()
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  for (const [index, raw] of lines.entries()) {
    if (!raw.trim()) continue
    const at = `Line ${index + 1}`
    const match = LINE.exec(raw)
    if (!match) return { ok: false, error: `${at}: start a component with “# ” and each of its criteria with “- ”.` }
    const [, mark, givenKey, rest = ''] = match
    if (givenKey !== undefined && givenKey.trim() && !KEY.test(givenKey.trim()))
      return { ok: false, error: `${at}: the key in brackets may hold only lower-case letters, digits and dashes.` }
    if (mark === '#') {
      const [name = '', ...description] = rest.split('|')
      if (!name.trim()) return { ok: false, error: `${at}: the component needs a name after “#”.` }
      const wanted = givenKey?.trim() || keyFrom(name)
      if (givenKey?.trim() && componentKeys.has(wanted)) return { ok: false, error: `${at}: the key [${wanted}] is used twice.` }
      components.push({ key: unique(wanted, componentKeys), name: name.trim(), description: description.join('|').trim(), criteria: [] })
    } else {
      const current = components.at(-1)
      if (!current) return { ok: false, error: `${at}: a criterion comes under a component; start with a “# ” line.` }
      if (!rest.trim()) return { ok: false, error: `${at}: the criterion needs its words after “-”.` }
      const wanted = givenKey?.trim() || keyFrom(rest)
      if (givenKey?.trim() && criterionKeys.has(wanted)) return { ok: false, error: `${at}: the key [${wanted}] is used twice.` }
      current.criteria.push({ key: unique(wanted, criterionKeys), text: rest.trim() })
    }
  }
  const parsed = ComponentsSchema.safeParse(components)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const component = typeof issue.path[0] === 'number' ? components[issue.path[0]] : undefined
    return { ok: false, error: component ? `${component.name}: ${issue.message}` : issue.message }
  }
  return { ok: true, components: parsed.data }
}

/** What a revision changes, in words, for the decision's body: components and criteria added, removed or reworded. */
export function describeRevision(before: readonly Component[], after: readonly Component[]): string[] {
  const changes: string[] = []
  const old = new Map(before.map((c) => [c.key, c]))
  const now = new Map(after.map((c) => [c.key, c]))
  for (const c of after) {
    const was = old.get(c.key)
    if (!was) {
      changes.push(`Add the component “${c.name}”.`)
      continue
    }
    if (was.name !== c.name) changes.push(`Rename the component “${was.name}” to “${c.name}”.`)
    if (was.description !== c.description) changes.push(`Reword the description of “${c.name}”.`)
    const oldCriteria = new Map(was.criteria.map((x) => [x.key, x]))
    const newKeys = new Set(c.criteria.map((x) => x.key))
    for (const x of c.criteria) {
      const prior = oldCriteria.get(x.key)
      if (!prior) changes.push(`Add under “${c.name}”: “${x.text}”`)
      else if (prior.text !== x.text) changes.push(`Reword under “${c.name}”: “${prior.text}” → “${x.text}”`)
    }
    for (const x of was.criteria) if (!newKeys.has(x.key)) changes.push(`Remove from “${c.name}”: “${x.text}”`)
  }
  for (const c of before) if (!now.has(c.key)) changes.push(`Remove the component “${c.name}”.`)
  return changes
}

/** Every criterion of a framework, with the component it belongs to, in order. */
export function criteriaOf(components: readonly Component[]) {
  return components.flatMap((c) => c.criteria.map((x) => ({ componentKey: c.key, componentName: c.name, key: x.key, text: x.text })))
}
