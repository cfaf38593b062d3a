import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { loadTemplatesFrom, parseTemplateText, TemplateError } from '~/features/templates/templates.server'

const shippedDir = fileURLToPath(new URL('../../inquiry-templates', import.meta.url))
const shippedFiles = readdirSync(shippedDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
const label = 'inquiry-templates/peer-supervision-inquiry.json'

/** A valid template (the shipped peer supervision one) to break one field at a time. */
function validTemplate(): Record<string, any> {
  return JSON.parse(readFileSync(join(shippedDir, 'peer-supervision-inquiry.json'), 'utf8'))
}

function parseError(template: unknown, fileLabel = label): TemplateError {
  const text = typeof template === 'string' ? template : JSON.stringify(template)
  try {
    parseTemplateText(fileLabel, text)
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError)
    return error as TemplateError
  }
  throw new Error('expected the template to be rejected')
}

describe('shipped templates', () => {
  test('the directory holds at least the two required templates', () => {
    expect(shippedFiles).toContain('cooperative-inquiry.json')
    expect(shippedFiles).toContain('peer-supervision-inquiry.json')
  })

  test.each(shippedFiles)('%s parses and its slug matches its file name', (file) => {
    const template = parseTemplateText(`inquiry-templates/${file}`, readFileSync(join(shippedDir, file), 'utf8'))
    expect(template.slug).toBe(file.replace(/\.json$/, ''))
    expect(template.phases.length).toBeGreaterThanOrEqual(2)
  })

  test('loading the shipped directory keys every template by its slug', () => {
    const templates = loadTemplatesFrom(shippedDir)
    expect([...templates.keys()].sort()).toEqual(shippedFiles.map((f) => f.replace(/\.json$/, '')))
    expect(templates.has('cooperative-inquiry')).toBe(true)
    expect(templates.has('peer-supervision-inquiry')).toBe(true)
  })

  test('cooperative inquiry runs reflection, action, optional action, reflection', () => {
    const template = loadTemplatesFrom(shippedDir).get('cooperative-inquiry')!
    expect(template.phases.map((p) => [p.kind, p.optional])).toEqual([
      ['reflection', false],
      ['action', false],
      ['action', true],
      ['reflection', false],
    ])
    expect(template.phases.map((p) => p.role)).toEqual(['co-researcher', 'co-subject', 'co-subject', 'co-researcher'])
  })

  test('peer supervision inquiry has no optional phase', () => {
    const template = loadTemplatesFrom(shippedDir).get('peer-supervision-inquiry')!
    expect(template.phases.length).toBeGreaterThan(0)
    expect(template.phases.some((p) => p.optional)).toBe(false)
  })
})

describe('broken templates are rejected with the file and field path', () => {
  test('an unknown top-level key is named', () => {
    const template = validTemplate()
    template.promts = ['a typo']
    const error = parseError(template)
    expect(error.message).toContain(label)
    expect(error.message).toMatch(/\(root\): Unrecognized key: "promts"/)
  })

  test('an unknown key inside a phase is named with the phase path', () => {
    const template = validTemplate()
    template.phases[0].promts = ['a typo']
    const error = parseError(template)
    expect(error.message).toContain(label)
    expect(error.message).toMatch(/phases\.0: .*"promts"/)
  })

  test('a phase kind outside reflection and action is refused', () => {
    const template = validTemplate()
    template.phases[1].kind = 'immersion'
    const error = parseError(template)
    expect(error.message).toContain(label)
    expect(error.message).toContain('phases.1.kind:')
  })

  test('an action phase held as co-researcher is refused on the role field', () => {
    const template = validTemplate()
    template.phases[1].role = 'co-researcher'
    const error = parseError(template)
    expect(error.message).toContain(label)
    expect(error.message).toContain('phases.1.role: reflection phases are held as co-researchers')
  })

  test('a reflection phase held as co-subject is refused on the role field', () => {
    const template = validTemplate()
    template.phases[0].role = 'co-subject'
    expect(parseError(template).message).toContain('phases.0.role:')
  })

  test('a duplicate phase key is refused at the second occurrence', () => {
    const template = validTemplate()
    template.phases[2].key = template.phases[0].key
    const error = parseError(template)
    expect(error.message).toContain(label)
    expect(error.message).toContain(`phases.2.key: duplicate phase key "${template.phases[0].key}"`)
  })

  test.each([
    [5, 5],
    [5, 1],
  ])('a rating scale from %i to %i is refused on max', (min, max) => {
    const template = validTemplate()
    template.ratingScale = { min, max, labels: {} }
    const error = parseError(template)
    expect(error.message).toContain(label)
    expect(error.message).toContain('ratingScale.max: max must be greater than min')
  })

  test('text that is not JSON is refused with the file name', () => {
    const error = parseError('{ "slug": ')
    expect(error.message).toContain(label)
    expect(error.message).toContain('not valid JSON')
  })

  test('a slug that differs from the file name is refused', () => {
    const error = parseError(validTemplate(), 'inquiry-templates/renamed.json')
    expect(error.message).toContain('inquiry-templates/renamed.json')
    expect(error.message).toContain('slug: must match the file name ("renamed")')
  })
})

describe('loading a directory', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })

  test('a file whose slug does not match its name stops the load, naming that file', () => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'))
    writeFileSync(join(dir, 'peer-supervision-inquiry.json'), JSON.stringify(validTemplate()))
    writeFileSync(join(dir, 'other-name.json'), JSON.stringify(validTemplate()))
    expect(() => loadTemplatesFrom(dir!)).toThrow(TemplateError)
    expect(() => loadTemplatesFrom(dir!)).toThrow(/other-name\.json: slug: must match the file name \("other-name"\)/)
  })

  test('a broken file stops the load with its name and field path', () => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'))
    const template = validTemplate()
    template.phases[0].promts = ['a typo']
    writeFileSync(join(dir, 'peer-supervision-inquiry.json'), JSON.stringify(template))
    expect(() => loadTemplatesFrom(dir!)).toThrow(/peer-supervision-inquiry\.json: invalid template\nphases\.0: .*"promts"/)
  })

  test('only .json files are read, keyed by slug', () => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'))
    writeFileSync(join(dir, 'peer-supervision-inquiry.json'), JSON.stringify(validTemplate()))
    writeFileSync(join(dir, 'README.md'), '# not a template')
    const templates = loadTemplatesFrom(dir)
    expect([...templates.keys()]).toEqual(['peer-supervision-inquiry'])
  })

  test('an empty directory is refused', () => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'))
    expect(() => loadTemplatesFrom(dir!)).toThrow(/no inquiry templates found/)
  })
})

describe('defaults', () => {
  test('a template without a decision rule gets a two-thirds quorum and blocking vetoes', () => {
    const template = validTemplate()
    delete template.decisionRule
    const parsed = parseTemplateText(label, JSON.stringify(template))
    expect(parsed.decisionRule.quorum).toBeCloseTo(2 / 3, 10)
    expect(parsed.decisionRule.blockVetoes).toBe(true)
    expect(parsed.decisionRule.agreeMustOutnumberDisagree).toBe(true)
  })

  test('a partial decision rule keeps its own values and defaults the rest', () => {
    const template = validTemplate()
    template.decisionRule = { quorum: 0.5 }
    const parsed = parseTemplateText(label, JSON.stringify(template))
    expect(parsed.decisionRule.quorum).toBe(0.5)
    expect(parsed.decisionRule.blockVetoes).toBe(true)
  })

  test('a phase without optional is required', () => {
    const template = validTemplate()
    delete template.phases[1].optional
    expect(parseTemplateText(label, JSON.stringify(template)).phases[1]!.optional).toBe(false)
  })
})
