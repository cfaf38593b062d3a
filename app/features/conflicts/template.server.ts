import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ConflictTemplateSchema, type ConflictForm } from './core/form'

// The shipped starting draft of a form (inquiry-templates/practices/conflict-resolution.json),
// from the same base as the inquiry templates (TEMPLATES_DIR). The templates loader reads only the
// folder's top level, so this subfolder is the practices' own. Read once, checked by zod.

let cache: (ConflictForm & { name: string; summary: string }) | undefined

export function conflictTemplate(): ConflictForm & { name: string; summary: string } {
  if (cache) return cache
  const path = resolve(process.env.TEMPLATES_DIR ?? 'inquiry-templates', 'practices', 'conflict-resolution.json')
  const parsed = ConflictTemplateSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const { intro, steps, name, summary } = parsed.data
  cache = { intro, steps, name, summary }
  return cache
}
