import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PracticeTemplateSchema, type PracticeTemplate } from './core/framework'

// The shipped peer review audit frameworks: inquiry-templates/practices/peer-review-audit-*.json,
// beside the inquiry templates (which are read only from the folder's top, so these never reach
// them). Other practices keep their own files in the same folder; this reads only its own.

const PREFIX = 'peer-review-audit-'

export class PracticeTemplateError extends Error {}

/** Parses one file's text; a broken file is named with the field path. */
export function parsePracticeTemplate(label: string, text: string): PracticeTemplate {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new PracticeTemplateError(`${label}: not valid JSON (${(error as Error).message})`)
  }
  const parsed = PracticeTemplateSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n')
    throw new PracticeTemplateError(`${label}: invalid practice template\n${issues}`)
  }
  const expected = label.replace(/^.*\//, '').replace(/\.json$/, '')
  if (parsed.data.slug !== expected) throw new PracticeTemplateError(`${label}: slug: must match the file name ("${expected}")`)
  return parsed.data
}

export function loadPracticeTemplatesFrom(dir: string): Map<string, PracticeTemplate> {
  const templates = new Map<string, PracticeTemplate>()
  if (!existsSync(dir)) return templates
  for (const file of readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith('.json'))
    .sort()) {
    const template = parsePracticeTemplate(join('practices', file), readFileSync(join(dir, file), 'utf8'))
    templates.set(template.slug, template)
  }
  return templates
}

let cache: Map<string, PracticeTemplate> | undefined

/** The shipped audit templates, parsed once (from the same TEMPLATES_DIR base as the inquiry templates). */
export function auditTemplates(): Map<string, PracticeTemplate> {
  cache ??= loadPracticeTemplatesFrom(join(resolve(process.env.TEMPLATES_DIR ?? 'inquiry-templates'), 'practices'))
  return cache
}

export function findAuditTemplate(slug: string | null | undefined): PracticeTemplate | undefined {
  return slug ? auditTemplates().get(slug) : undefined
}
