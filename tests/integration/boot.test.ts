import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'

// boot() is what the server runs before it listens. Each test here needs fresh module
// state (templates are cached per process), so it imports boot after setting the env.

describe('boot', () => {
  test('a broken template stops the boot, naming the file and the field path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'))
    const good = JSON.parse(readFileSync('inquiry-templates/cooperative-inquiry.json', 'utf8'))
    good.phases[1].promts = good.phases[1].prompts
    writeFileSync(join(dir, 'cooperative-inquiry.json'), JSON.stringify(good))
    process.env.TEMPLATES_DIR = dir
    const { boot } = await import('~/boot.server')
    const log: string[] = []
    const failure = await boot((line) => log.push(line)).then(
      () => null,
      (error: unknown) => error as Error,
    )
    expect(failure).toBeInstanceOf(Error)
    expect(failure!.message).toContain('cooperative-inquiry.json')
    expect(failure!.message).toContain('phases.1')
    expect(failure!.message).toContain('promts')
    expect(log.some((l) => l.startsWith('migrations applied'))).toBe(false)
    delete process.env.TEMPLATES_DIR
  })
})
