import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, expect, test, vi } from 'vitest'
import { runCli } from '~/cli/commands'
import { exportFromCommandLine, type StreamedExport } from '~/features/exports/exports.server'

// Issue 17: the command line streams an export to its file. A failure part-way leaves no file
// that looks whole: it writes beside the target and puts the file in place only once complete.

vi.mock('~/features/exports/exports.server', async (importOriginal) => ({
  ...(await importOriginal<typeof import('~/features/exports/exports.server')>()),
  exportFromCommandLine: vi.fn(),
}))

const dir = mkdtempSync(join(tmpdir(), 'inquiry-cli-stream-'))
afterEach(() => vi.mocked(exportFromCommandLine).mockReset())
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function exported(chunks: string[], failAfter?: Error): StreamedExport {
  let sent = 0
  return {
    filename: 'x.json',
    contentType: 'application/json',
    length: null,
    leftOut: [{ what: 'Private records', why: 'never exported' }],
    body: new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent < chunks.length) controller.enqueue(new TextEncoder().encode(chunks[sent++]))
        else if (failAfter) controller.error(failAfter)
        else controller.close()
      },
    }),
  }
}

async function cli(...argv: string[]) {
  const err: string[] = []
  const code = await runCli(argv, { out: () => {}, err: (l) => err.push(l) }, { DATABASE_URL: process.env.DATABASE_URL })
  return { code, err: err.join('\n') }
}

test('a whole export is written to the file, its size and what it left out said', async () => {
  vi.mocked(exportFromCommandLine).mockResolvedValue(exported(['{"a":', '1}\n']))
  const out = join(dir, 'whole.json')
  const result = await cli('export', 'SomeInquiry00000', '--format', 'json', '--out', out)
  expect(result.code, result.err).toBe(0)
  expect(readFileSync(out, 'utf8')).toBe('{"a":1}\n')
  expect(result.err).toMatch(/Wrote 8 bytes to .*whole\.json/)
  expect(result.err).toMatch(/left out: Private records — never exported/)
  expect(existsSync(`${out}.partial`)).toBe(false)
})

test('an export that fails part-way leaves no file, not even a partial one, and an earlier file untouched', async () => {
  const out = join(dir, 'broken.json')
  writeFileSync(out, 'an earlier export')
  vi.mocked(exportFromCommandLine).mockResolvedValue(exported(['{"records": [', '{"key": "R1"}'], new Error('The records changed')))
  const result = await cli('export', 'SomeInquiry00000', '--format', 'json', '--out', out)
  expect(result.code).toBe(1)
  expect(result.err).toMatch(/Error: The records changed/)
  expect(readFileSync(out, 'utf8')).toBe('an earlier export')
  expect(existsSync(`${out}.partial`)).toBe(false)
})
