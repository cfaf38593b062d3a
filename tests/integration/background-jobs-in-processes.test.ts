import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { proposeGeneral } from '~/features/groups/groups.server'
import { saveMailPreferences } from '~/features/mail/preferences.server'
import { mailPerson } from '~/features/mail/outbox.server'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, type TestPerson } from '../factories'

// `npm start` runs one server process per core, and each runs the background jobs on its own
// timers: closing due proposals, the hourly weekly digests, sending the outbox. Run at the
// same moment in three processes on one database, each proposal closes once, each reader
// gets one digest and each mail is sent once.

const db = () => getDb()
const PROCESSES = 3

type Result = { closed: number; digests: number; sent: number }

/** Starts the jobs in `count` processes, lets them go together once every one is ready, and returns what each did. */
async function runTogether(count: number, outbox: string): Promise<Result[]> {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', 'tests/support/background-jobs.ts'], {
      env: { ...process.env, OUTBOX_DIR: outbox, LOG_LEVEL: 'error' },
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  )
  const outputs = children.map((child) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    const ready = new Promise<void>((resolve, reject) => {
      const check = () => (out.includes('READY') ? resolve() : undefined)
      child.stdout.on('data', check)
      child.once('exit', () => reject(new Error(`a job process ended before it was ready:\n${out}`)))
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    return { text: () => out, ready, exited }
  })
  await Promise.all(outputs.map((o) => o.ready))
  for (const child of children) child.stdin.end('go\n')
  const codes = await Promise.all(outputs.map((o) => o.exited))
  return outputs.map((o, i) => {
    const line = /^RESULT (.*)$/m.exec(o.text())?.[1]
    if (codes[i] !== 0 || !line) throw new Error(`job process ${i + 1} ended with ${codes[i]}:\n${o.text()}`)
    return JSON.parse(line) as Result
  })
}

test('run at once in three processes, each due proposal closes once, each digest is written once and each mail sent once', async () => {
  const people: TestPerson[] = []
  for (let i = 0; i < 9; i += 1) people.push(await createPerson(db(), `Jobs ${i + 1}`))
  const groupId = await createGroupWith(db(), people.slice(0, 3), { name: 'Three at once' })
  const proposals: string[] = []
  for (let i = 0; i < 8; i += 1) proposals.push(await proposeGeneral(db(), people[i % 3]!, groupId, { title: `Due ${i + 1}`, body: '' }))
  await db()
    .updateTable('decisions')
    .set({ closesAt: new Date(Date.now() - 1000).toISOString() })
    .where('id', 'in', proposals)
    .execute()
  for (const person of people) await saveMailPreferences(db(), person, { 'mail.weekly_digest': 'on' })
  for (const [i, person] of people.entries()) {
    for (let n = 0; n < 3; n += 1) {
      await db()
        .transaction()
        .execute((trx) => mailPerson(trx, person.id, 'phase_begun', { subject: `Notice ${i}-${n}`, lines: ['A phase began.'], link: null }))
    }
  }
  const outbox = mkdtempSync(join(tmpdir(), 'inquiry-jobs-'))

  const results = await runTogether(PROCESSES, outbox)

  const total = (key: keyof Result) => results.reduce((sum, r) => sum + r[key], 0)
  // Each proposal closed by exactly one process.
  expect(total('closed')).toBe(proposals.length)
  const rows = await db().selectFrom('decisions').select(['id', 'status']).where('id', 'in', proposals).execute()
  expect(rows.filter((r) => r.status === 'open')).toEqual([])
  // One digest per reader.
  expect(total('digests')).toBe(people.length)
  const digests = await db()
    .selectFrom('mailOutbox')
    .select('personId')
    .where('kind', '=', 'weekly_digest')
    .where(
      'personId',
      'in',
      people.map((p) => p.id),
    )
    .execute()
  expect(digests.map((d) => d.personId).sort()).toEqual(people.map((p) => p.id).sort())
  // Every mail sent, once: one .eml file per mail, and every mail marked sent once.
  const mails = await db().selectFrom('mailOutbox').select(['id', 'status', 'attempts']).execute()
  expect(mails.filter((m) => m.status !== 'sent')).toEqual([])
  expect(mails.filter((m) => m.attempts !== 1)).toEqual([])
  const files = readdirSync(outbox)
  expect(total('sent')).toBe(mails.length)
  expect(files).toHaveLength(mails.length)
  expect(new Set(mails.map((m) => files.filter((f) => f.endsWith(`-${m.id}.eml`)).length))).toEqual(new Set([1]))
  // And the work was shared: more than one process did some of it.
  expect(results.filter((r) => r.closed + r.digests + r.sent > 0).length).toBeGreaterThan(1)
}, 120_000)
