import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '~/cli/commands'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { EXPORT_FORMATS } from '~/features/exports/export.schema'
import { getDb } from '~/utils/db.server'
import { createPerson } from '../factories'

// `npm run cli -- <command>` (issue 6): list, import, export, analyse and backup against
// DATABASE_URL, with clear errors and a non-zero exit for bad arguments or files.

const dir = mkdtempSync(join(tmpdir(), 'inquiry-cli-'))
let inquiryId: string

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { DATABASE_URL: process.env.DATABASE_URL })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

beforeAll(async () => {
  ;({ inquiryId } = await seedDemo(getDb(), { password: 'demo password for tests' }))
})

describe('the command line', () => {
  test('list prints one line per inquiry: id, a tab, the title', async () => {
    const { code, out } = await cli('list')
    expect(code).toBe(0)
    const inquiries = await getDb().selectFrom('inquiries').select(['id', 'title']).execute()
    expect(out.split('\n').sort()).toEqual(inquiries.map((i) => `${i.id}\t${i.title}`).sort())
  })

  test('analyse prints each published cycle’s analysis and indicators with value, threshold and status', async () => {
    const { code, out, err } = await cli('analyse', inquiryId)
    expect(code).toBe(0)
    const result = JSON.parse(out)
    expect(result.cycles.map((c: { cycle: number }) => c.cycle)).toEqual([1, 2])
    const first = result.cycles[0]
    expect(first.analysis.open.themes.length).toBeGreaterThan(0)
    expect(first.indicators.find((i: { key: string }) => i.key === 'dissent')).toMatchObject({
      status: 'alert',
      threshold: null,
      value: expect.any(Number),
    })
    expect(err).toMatch(/Cycles 3 are not published|Cycles 3 /)
  })

  test.each(EXPORT_FORMATS)('export --format %s writes the file and names what it left out', async (format) => {
    const out = join(dir, `demo.${format}`)
    const result = await cli('export', inquiryId, '--format', format, '--out', out)
    expect(result.code, result.err).toBe(0)
    expect(existsSync(out)).toBe(true)
    expect(readFileSync(out).length).toBeGreaterThan(100)
    expect(result.err).toMatch(/left out: \d+ records left out — no consent/)
    const audit = await getDb().selectFrom('auditEvents').select('detailJson').where('kind', '=', 'exported').execute()
    expect(audit.some((a) => JSON.parse(a.detailJson).format === format && JSON.parse(a.detailJson).via === 'command line')).toBe(true)
  })

  test('import of an exported archive prints a new inquiry whose analysis equals the original’s', async () => {
    const owner = await createPerson(getDb(), 'Owen Owner')
    const archive = join(dir, 'round-trip.json')
    expect((await cli('export', inquiryId, '--format', 'json', '--out', archive)).code).toBe(0)
    const imported = await cli('import', archive, '--owner', owner.email, '--seat', 'Member C')
    expect(imported.code, imported.err).toBe(0)
    const newId = imported.out.trim()
    expect(newId).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(newId).not.toBe(inquiryId)
    const before = JSON.parse((await cli('analyse', inquiryId)).out)
    const after = JSON.parse((await cli('analyse', newId)).out)
    expect(after.cycles).toEqual(before.cycles)
    // After a lone -- every argument is positional, whatever it begins with.
    expect(JSON.parse((await cli('analyse', '--', newId)).out).cycles).toEqual(before.cycles)
    const seat = await getDb()
      .selectFrom('members')
      .innerJoin('inquiries', 'inquiries.groupId', 'members.groupId')
      .select(['members.pseudonymIndex'])
      .where('inquiries.id', '=', newId)
      .where('members.personId', '=', owner.id)
      .executeTakeFirstOrThrow()
    expect(seat.pseudonymIndex).toBe(2)
  })

  test('bad arguments and files get a clear message and a non-zero exit', async () => {
    const garbage = join(dir, 'garbage.json')
    writeFileSync(garbage, '{"format": "cooperative-inquiry-archive", "version": 99}')
    const cases: [string[], number, RegExp][] = [
      [[], 2, /Usage: npm run cli/],
      [['fly'], 2, /Unknown command "fly"/],
      [['export', inquiryId, '--out', join(dir, 'x')], 2, /--format must be one of html, md, csv, json, qdpx, qdc/],
      [['export', inquiryId, '--format', 'pdf', '--out', join(dir, 'x')], 2, /--format must be one of/],
      [['export', inquiryId, '--format', 'md'], 2, /--out <path> is required/],
      [['export', 'NoSuchInquiry000', '--format', 'md', '--out', join(dir, 'x')], 1, /No inquiry has the id NoSuchInquiry000/],
      [['export', inquiryId, '--format', 'md', '--out', join(dir, 'x'), '--cycles', 'one'], 2, /--cycles is a comma-separated list/],
      [['import', join(dir, 'missing.json')], 1, /No file at/],
      [['import', garbage], 1, /version 99; this installation reads version 1/],
      [['import', garbage, '--seat', 'Member A'], 1, /version 99/],
      [['analyse'], 2, /analyse needs exactly one inquiry id/],
      [['list', '--verbose', 'yes'], 2, /Unknown option --verbose/],
    ]
    for (const [argv, code, message] of cases) {
      const result = await cli(...argv)
      expect(result.code, argv.join(' ')).toBe(code)
      expect(result.err, argv.join(' ')).toMatch(message)
    }
  })

  test('backup is for the embedded database: on PostgreSQL it points to pg_dump', async () => {
    const out: string[] = []
    const code = await runCli(
      ['backup', join(dir, 'pg.sqlite')],
      { out: (l) => out.push(l), err: (l) => out.push(l) },
      { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    )
    expect(code).toBe(1)
    expect(out.join()).toMatch(/for PostgreSQL use pg_dump/)
  })

  test('a database that does not exist is an error, not a new empty database', async () => {
    const missing = join(dir, 'nowhere', 'none.sqlite')
    const out: string[] = []
    const code = await runCli(['list'], { out: (l) => out.push(l), err: (l) => out.push(l) }, { DATABASE_URL: missing })
    expect(code).toBe(1)
    expect(out.join()).toMatch(/There is no database at/)
    expect(existsSync(missing)).toBe(false)
  })
})
