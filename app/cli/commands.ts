import { createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import SQLite from 'better-sqlite3'
import { createDb, parseDatabaseUrl, type Db } from '~db/connection'
import { migrateToLatest } from '~db/migrator'
import { assembleArchive } from '~/features/exports/archive.server'
import { analyseArchive } from '~/features/exports/core/analyse-archive'
import { MAX_ARCHIVE_BYTES } from '~/features/exports/core/archive-schema'
import { EXPORT_FORMATS, type ExportFormat } from '~/features/exports/export.schema'
import { exportFromCommandLine } from '~/features/exports/exports.server'
import { importArchive, parseArchiveText } from '~/features/exports/import.server'
import { DomainError } from '~/utils/errors.server'

// `npm run cli -- <command>`: the facilitator's and administrator's command line, against
// the database DATABASE_URL names. Exports follow exactly the rules of the export page
// (consent, pseudonyms, publication) and are written to the group's audit log.

export const USAGE = `Usage: npm run cli -- <command>

Commands:
  list                                  one line per inquiry: its id, a tab, its title
  import <archive.json> [--owner <email>] [--seat "Member A"]
                                        make a new inquiry from an archive; prints its id
  export <inquiryId> --format <${EXPORT_FORMATS.join('|')}> --out <path> [--cycles 1,2]
                                        write an export (what the group may export, nothing more)
  analyse <inquiryId>                   print the analysis and validity indicators of each published cycle as JSON
  backup <path>                         a consistent copy of the SQLite database, safe while the server runs

The database is DATABASE_URL (default ./data/inquiry.sqlite).`

export type Io = { out: (line: string) => void; err: (line: string) => void }

class UsageError extends Error {}

/** Splits `--name value` options from positional arguments; unknown options are errors; after `--` everything is positional. */
function parseArgs(args: string[], allowed: string[]): { positional: string[]; options: Record<string, string> } {
  const positional: string[] = []
  const options: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') {
      positional.push(...args.slice(i + 1))
      break
    }
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined]
    if (!allowed.includes(name)) throw new UsageError(`Unknown option --${name}. (An id or path that begins with -- goes after a lone --.)`)
    const value = inline ?? args[++i]
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value.`)
    options[name] = value
  }
  return { positional, options }
}

function openDatabase(env: Record<string, string | undefined>): { db: Db } {
  const config = parseDatabaseUrl(env.DATABASE_URL)
  if (config.dialect === 'sqlite' && !existsSync(config.path))
    throw new Error(`There is no database at ${config.path}. Start the app once, or set DATABASE_URL.`)
  return { db: createDb(config) }
}

export async function runCli(argv: string[], io: Io, env: Record<string, string | undefined> = process.env): Promise<number> {
  const [command, ...rest] = argv
  if (!command) {
    io.err(USAGE)
    return 2
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE)
    return 0
  }
  let db: Db | null = null
  try {
    switch (command) {
      case 'list': {
        parseArgs(rest, [])
        ;({ db } = openDatabase(env))
        await migrateToLatest(db)
        const rows = await db.selectFrom('inquiries').select(['id', 'title']).orderBy('createdAt').orderBy('id').execute()
        for (const row of rows) io.out(`${row.id}\t${row.title.replace(/[\t\r\n]+/g, ' ')}`)
        return 0
      }
      case 'import': {
        const { positional, options } = parseArgs(rest, ['owner', 'seat'])
        if (positional.length !== 1) throw new UsageError('import needs exactly one archive file.')
        const file = resolve(positional[0]!)
        if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`No file at ${file}.`)
        if (statSync(file).size > MAX_ARCHIVE_BYTES)
          throw new Error(`${file} is larger than the ${MAX_ARCHIVE_BYTES / 1024 / 1024} MB an archive may be.`)
        ;({ db } = openDatabase(env))
        await migrateToLatest(db)
        io.err(`Reading ${file}…`)
        const archive = parseArchiveText(readFileSync(file, 'utf8'))
        let owner = null
        if (options.owner) {
          const person = await db
            .selectFrom('people')
            .select(['id', 'email', 'displayName'])
            .where('email', '=', options.owner.trim().toLowerCase())
            .where('placeholder', '=', 0)
            .executeTakeFirst()
          if (!person) throw new Error(`No account has the email ${options.owner}.`)
          owner = { user: person, seat: options.seat ?? null }
        } else if (options.seat) {
          throw new UsageError('--seat needs --owner: whose seat is it?')
        }
        io.err(`Importing ${archive.cycles.length} cycles, ${archive.records.length} records, ${archive.ratings.length} ratings…`)
        const result = await importArchive(db, archive, owner)
        if (!owner) io.err('No account holds a seat in the new inquiry; run again with --owner <email> to take one.')
        io.out(result.inquiryId)
        return 0
      }
      case 'export': {
        const { positional, options } = parseArgs(rest, ['format', 'out', 'cycles'])
        if (positional.length !== 1) throw new UsageError('export needs exactly one inquiry id.')
        if (!options.format || !(EXPORT_FORMATS as readonly string[]).includes(options.format))
          throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`)
        if (!options.out) throw new UsageError('--out <path> is required.')
        const cycles = options.cycles?.split(',').map((c) => Number(c.trim()))
        if (cycles?.some((n) => !Number.isInteger(n) || n < 1))
          throw new UsageError('--cycles is a comma-separated list of cycle numbers, like 1,2.')
        const out = resolve(options.out)
        ;({ db } = openDatabase(env))
        await migrateToLatest(db)
        io.err('Building the archive of what the group may export…')
        const exported = await exportFromCommandLine(db, positional[0]!, options.format as ExportFormat, { cycles })
        if (!exported) throw new Error(`No inquiry has the id ${positional[0]}. \`npm run cli -- list\` shows them.`)
        // Streamed to a file beside the target, renamed once whole: a failure part-way leaves no file that looks complete.
        const partial = `${out}.partial`
        let bytes = 0
        try {
          await pipeline(
            Readable.fromWeb(exported.body as NodeReadableStream<Uint8Array>),
            new Transform({
              transform(chunk: Buffer, _encoding, done) {
                bytes += chunk.length
                done(null, chunk)
              },
            }),
            createWriteStream(partial),
          )
          renameSync(partial, out)
        } catch (error) {
          rmSync(partial, { force: true })
          throw error
        }
        io.err(`Wrote ${bytes.toLocaleString('en-GB')} bytes to ${out}.`)
        for (const item of exported.leftOut) io.err(`  left out: ${item.what} — ${item.why}`)
        return 0
      }
      case 'analyse':
      case 'analyze': {
        const { positional } = parseArgs(rest, [])
        if (positional.length !== 1) throw new UsageError('analyse needs exactly one inquiry id.')
        ;({ db } = openDatabase(env))
        await migrateToLatest(db)
        const inquiry = await db.selectFrom('inquiries').selectAll().where('id', '=', positional[0]!).executeTakeFirst()
        if (!inquiry) throw new Error(`No inquiry has the id ${positional[0]}. \`npm run cli -- list\` shows them.`)
        const { archive } = await assembleArchive(db, inquiry)
        const results = analyseArchive(archive)
        const unpublished = archive.cycles.filter((c) => !c.published).map((c) => c.number)
        if (unpublished.length)
          io.err(`Cycles ${unpublished.join(', ')} are not published by the group, so they have no analysis to show here.`)
        io.out(
          JSON.stringify(
            {
              inquiry: { id: inquiry.id, title: inquiry.title },
              cycles: results.map((r) => ({
                cycle: r.cycle,
                analysis: r.analysis,
                indicators: r.indicators.map((i) => ({
                  key: i.key,
                  name: i.name,
                  value: i.value,
                  threshold: i.threshold,
                  thresholds: i.thresholds,
                  status: i.status,
                  reason: i.reason,
                  rule: i.rule,
                  sentence: i.sentence,
                })),
                summary: r.summary,
              })),
            },
            null,
            2,
          ),
        )
        return 0
      }
      case 'backup': {
        const { positional } = parseArgs(rest, [])
        if (positional.length !== 1) throw new UsageError('backup needs exactly one destination path.')
        const config = parseDatabaseUrl(env.DATABASE_URL)
        if (config.dialect !== 'sqlite')
          throw new Error('backup copies the embedded SQLite database; for PostgreSQL use pg_dump (see the README).')
        if (!existsSync(config.path)) throw new Error(`There is no database at ${config.path}.`)
        const destination = resolve(positional[0]!)
        if (destination === config.path) throw new Error('The backup must go to another file than the database itself.')
        if (existsSync(destination)) throw new Error(`${destination} already exists; choose a new file so no backup is overwritten.`)
        // SQLite's online backup API copies page by page and restarts if a writer changes a page,
        // so the copy is consistent while the server keeps writing.
        const source = new SQLite(config.path, { fileMustExist: true })
        try {
          io.err(`Backing up ${config.path}… 0%`)
          let last = 0
          await source.backup(destination, {
            progress: ({ totalPages, remainingPages }) => {
              const done = totalPages ? Math.floor(((totalPages - remainingPages) / totalPages) * 100) : 100
              if (done >= last + 25) {
                io.err(`Backing up… ${done}%`)
                last = done
              }
              return 200
            },
          })
        } finally {
          source.close()
        }
        const check = new SQLite(destination, { readonly: true })
        const integrity = check.pragma('integrity_check', { simple: true })
        check.close()
        if (integrity !== 'ok') throw new Error(`The backup at ${destination} failed its integrity check: ${String(integrity)}`)
        io.err(`Backed up ${config.path} to ${destination} (${statSync(destination).size.toLocaleString('en-GB')} bytes, integrity ok).`)
        io.out(destination)
        return 0
      }
      default:
        throw new UsageError(`Unknown command "${command}".`)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`)
      return 2
    }
    if (error instanceof DomainError || error instanceof Error) {
      io.err(`Error: ${error.message}`)
      return 1
    }
    io.err('Error: something unexpected went wrong.')
    return 1
  } finally {
    await db?.destroy()
  }
}
