import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describeIssues, InquiryTemplateSchema, type InquiryTemplate } from './template.schema'

export class TemplateError extends Error {}

/** Parses one template file's text; throws a TemplateError naming the file and each field path. */
export function parseTemplateText(fileLabel: string, text: string): InquiryTemplate {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new TemplateError(`${fileLabel}: not valid JSON (${(error as Error).message})`)
  }
  const parsed = InquiryTemplateSchema.safeParse(raw)
  if (!parsed.success) {
    throw new TemplateError(`${fileLabel}: invalid template\n${describeIssues(parsed.error)}`)
  }
  const expectedSlug = fileLabel.replace(/^.*\//, '').replace(/\.json$/, '')
  if (parsed.data.slug !== expectedSlug) {
    throw new TemplateError(`${fileLabel}: slug: must match the file name ("${expectedSlug}")`)
  }
  return parsed.data
}

export function loadTemplatesFrom(dir: string): Map<string, InquiryTemplate> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  if (files.length === 0) throw new TemplateError(`${dir}: no inquiry templates found`)
  const templates = new Map<string, InquiryTemplate>()
  for (const file of files) {
    const path = join(dir, file)
    const label = relative(process.cwd(), path) || path
    const template = parseTemplateText(label, readFileSync(path, 'utf8'))
    templates.set(template.slug, template)
  }
  return templates
}

let cache: Map<string, InquiryTemplate> | undefined

function templatesDir(): string {
  return resolve(process.env.TEMPLATES_DIR ?? 'inquiry-templates')
}

/** All shipped templates, parsed once; the server calls this at boot so a broken file stops it. */
export function getTemplates(): Map<string, InquiryTemplate> {
  cache ??= loadTemplatesFrom(templatesDir())
  return cache
}

export function listTemplates(): InquiryTemplate[] {
  return [...getTemplates().values()]
}

export function findTemplate(slug: string): InquiryTemplate | undefined {
  return getTemplates().get(slug)
}
