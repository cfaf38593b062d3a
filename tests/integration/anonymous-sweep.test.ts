import { unzipSync } from 'fflate'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { exportForMember } from '~/features/exports/exports.server'
import { proposePublish } from '~/features/exports/publish.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as groupRoute from '~/routes/groups.$groupId._index'
import * as plansRoute from '~/routes/inquiries.$inquiryId.plans'
import { getDb } from '~/utils/db.server'
import { agreeUntilClosed, createGroupWith, createPerson, createTestInquiry, type TestPerson } from '../factories'
import { idFrom, listTables, post } from './harness'
import { readEverything } from './sweep'

// Issue 13, item 4, as a sweep: with stances on a proposal anonymous, nothing a member can read
// of the group — every page and `?_data=` request with every id of the group (the decision, the
// group page, the inquiry dashboard and all the rest), every export format, the command line —
// and nothing in the audit table or the app's own output links a person to a stance, gives a
// time per stance, or lists the stances in the order they were cast. Before the decision closes
// there are only counts; after, the reasons show on the decision alone, in canonical order.

const db = () => getDb()

let people: TestPerson[]
let ada: TestPerson, ben: TestPerson, cy: TestPerson, dee: TestPerson
let groupId: string
let inquiryId: string
let decisionId: string

/** Cast in this order (Dee, Cy, Ben) at these times; the canonical order is by stance, then reason. */
const CAST = [
  { who: () => dee, stance: 'agree', reason: 'ZEBRA-reason-of-one-member-5d1f' },
  { who: () => cy, stance: 'block', reason: 'APPLE-reason-of-another-member-a9c3' },
  { who: () => ben, stance: 'agree', reason: 'MANGO-reason-of-a-third-member-77e0' },
] as const
const CANONICAL_REASONS = [CAST[2].reason, CAST[0].reason, CAST[1].reason]
const REASONS = CAST.map((c) => c.reason)

const base = Date.now() + 3 * 60 * 60 * 1000
/** Each stance at its own minute of its own hour, with odd seconds and milliseconds: easy to find if shown. */
const STAMPS = CAST.map((_, i) => new Date(base + i * 61 * 60 * 1000 + (i + 1) * 7_000 + 123 + i))
const CLOSED_AT = new Date(base + 5 * 60 * 60 * 1000 + 29_000)
/** The full ISO time and its minute, as a page or export would write either. */
const stampNeedles = () => STAMPS.flatMap((d) => [d.toISOString(), d.toISOString().slice(0, 16)])

/** A named stance, taken at its own time, that the detectors must find: the control. */
const CONTROL = { reason: 'CONTROL-named-reason-b4c2', at: new Date(base - 40 * 60 * 1000 + 17_321) }
let controlId: string

const logged: string[] = []

function stance(person: TestPerson, value: string, reason: string) {
  return post(decisionRoute, {
    path: `/decisions/${decisionId}`,
    params: { decisionId },
    cookie: person.cookie,
    form: { intent: 'stance', stance: value, reason },
  })
}

/** The labels of the surfaces that contain this text. */
function surfacesWith(surfaces: Map<string, string>, text: string): string[] {
  return [...surfaces].filter(([, body]) => body.includes(text)).map(([label]) => label)
}

const decisionSurfaces = () => [`GET /decisions/${decisionId}`, `GET /decisions/${decisionId} (data)`]

/** The archive's entry for the anonymous decision, from the JSON export. */
async function exportedDecision(viewer: TestPerson) {
  const { body } = await exportForMember(db(), viewer, inquiryId, 'json', {})
  const archive = JSON.parse(new TextDecoder().decode(body)) as {
    decisions: {
      key: string
      title: string
      status: string
      stances: unknown[]
      anonymousStances: { stance: string; reasoned: boolean }[]
    }[]
  }
  return archive.decisions.find((d) => d.title === 'Focus for cycle 1')!
}

/** An export as text (the csv zip and qdpx as their files joined). */
async function exportText(viewer: TestPerson, format: 'html' | 'md' | 'csv') {
  const { body } = await exportForMember(db(), viewer, inquiryId, format, {})
  return format === 'csv'
    ? Object.entries(unzipSync(body))
        .map(([name, b]) => `== ${name}\n${new TextDecoder().decode(b)}`)
        .join('\n')
    : new TextDecoder().decode(body)
}

/** The rows of stances.csv for one decision key, as cells (decision, member, stance, reasoned, at, anonymous). */
async function stanceCsvRows(viewer: TestPerson, key: string): Promise<string[][]> {
  const { body } = await exportForMember(db(), viewer, inquiryId, 'csv', {})
  const file = Object.entries(unzipSync(body)).find(([name]) => name.endsWith('stances.csv'))
  expect(file, 'stances.csv').toBeDefined()
  const lines = new TextDecoder().decode(file![1]).split(/\r?\n/).filter(Boolean)
  expect(lines[0]).toBe('decision,member,stance,reasoned,at,anonymous')
  return lines
    .slice(1)
    .map((l) => l.split(','))
    .filter((cells) => cells[0] === key)
}

/** The six counts (agree, abstain, disagree, block, of which anonymous, with a reason) in a report's decision table row. */
function tallyRow(text: string, format: 'html' | 'md', title: string): string[] {
  if (format === 'md') {
    const line = text.split('\n').find((l) => l.startsWith('|') && l.includes(title))
    return (line ?? '')
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean)
      .slice(-6)
  }
  const row = [...text.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(title)) ?? ''
  return [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim()).slice(-6)
}

/** Audit rows and what they say, as text. */
async function auditText(): Promise<string[]> {
  const rows = await sql<Record<string, unknown>>`select * from audit_events`.execute(db())
  return rows.rows.map((r) => JSON.stringify(r))
}

beforeAll(async () => {
  people = [
    await createPerson(db(), 'Ada Quill'),
    await createPerson(db(), 'Ben Harrow'),
    await createPerson(db(), 'Cy Marsh'),
    await createPerson(db(), 'Dee Fallow'),
  ]
  ;[ada, ben, cy, dee] = people as [TestPerson, TestPerson, TestPerson, TestPerson]
  groupId = await createGroupWith(db(), people, { name: 'Sweep circle' })
  inquiryId = await createTestInquiry(db(), ada, groupId)
  // Cycle 1 is published, so its decisions go into every export.
  expect(await agreeUntilClosed(db(), await proposePublish(db(), ada, inquiryId, 1), people)).toBe('passed')
  const proposed = await post(plansRoute, {
    path: `/inquiries/${inquiryId}/plans`,
    params: { inquiryId },
    cookie: ada.cookie,
    form: { intent: 'focus', focus: 'What we leave unsaid when a client falls silent.', anonymousStances: 'on' },
  })
  decisionId = idFrom(proposed, '/decisions')
  controlId = idFrom(
    await post(groupRoute, {
      path: `/groups/${groupId}`,
      params: { groupId },
      cookie: ada.cookie,
      form: { intent: 'propose', title: 'Meet fortnightly', body: '' },
    }),
    '/decisions',
  )

  // Anything the app writes to its output while stances are taken is kept, to be read below.
  for (const method of ['log', 'info', 'warn', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')))
  }
  vi.useFakeTimers({ toFake: ['Date'] })
  try {
    vi.setSystemTime(CONTROL.at)
    const named = await post(decisionRoute, {
      path: `/decisions/${controlId}`,
      params: { decisionId: controlId },
      cookie: ben.cookie,
      form: { intent: 'stance', stance: 'disagree', reason: CONTROL.reason },
    })
    expect(named.status).toBe(302)
    for (const [i, c] of CAST.entries()) {
      vi.setSystemTime(STAMPS[i]!)
      expect((await stance(c.who(), c.stance, c.reason)).status).toBe(302)
    }
  } finally {
    vi.useRealTimers()
  }
})

afterAll(() => {
  vi.restoreAllMocks()
})

describe('anonymous stances, swept', () => {
  test('before it closes: everywhere, only how many have taken a stance — no reasons, no names beside stances, no times', async () => {
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe('open')
    for (const viewer of [ada, ben]) {
      const surfaces = await readEverything(db(), viewer, groupId)
      expect(surfaces.size).toBeGreaterThan(20)
      // The sweep reads the decision, the group page and the inquiry dashboard, each as a page and as data.
      for (const path of [`/decisions/${decisionId}`, `/groups/${groupId}`, `/inquiries/${inquiryId}`]) {
        for (const label of [`GET ${path}`, `GET ${path} (data)`]) expect(surfaces.get(label)?.startsWith('200\n'), label).toBe(true)
      }
      // The detectors find what is there: a named stance shows with its reason and its time, beside its member.
      const control = surfaces.get(`GET /decisions/${controlId} (data)`)!
      expect(control).toContain(CONTROL.reason)
      expect(control).toContain(CONTROL.at.toISOString())
      expect(control).toContain(ben.displayName)
      for (const reason of REASONS) expect(surfacesWith(surfaces, reason), reason).toEqual([])
      for (const stamp of stampNeedles()) expect(surfacesWith(surfaces, stamp), stamp).toEqual([])
      const data = JSON.parse(surfaces.get(`GET /decisions/${decisionId} (data)`)!.split('\n').slice(1).join('\n'))
      expect(data.anonymous).toMatchObject({ on: true, given: 3, voters: 4, tally: null, reasons: [] })
      expect(data.stances).toEqual([])
      expect(data.myAnonymous).toBe(viewer === ben)
    }
    // Nothing was written to the app's output while the stances were taken.
    expect(logged).toEqual([])
  }, 60_000)

  test('before it closes, no export carries a tally of it: the archive lists no stance of it, stances.csv no row, the reports count nothing', async () => {
    const exported = await exportedDecision(ada)
    expect(exported).toMatchObject({ status: 'open', stances: [], anonymousStances: [] })
    expect(await stanceCsvRows(ada, exported.key)).toEqual([])
    for (const format of ['html', 'md'] as const) {
      const text = await exportText(ada, format)
      expect(text, format).toContain(exported.title)
      // Its tally row reads all noughts: one count in a report would tell what has been said so far.
      expect(tallyRow(text, format, exported.title), format).toEqual(['0', '0', '0', '0', '0', '0'])
    }
  })

  test('after it closes: the tally and the reasons, on the decision alone, in canonical order; still no names beside them, no times per stance', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(CLOSED_AT)
      const counted = await post(decisionRoute, {
        path: `/decisions/${decisionId}`,
        params: { decisionId },
        cookie: ada.cookie,
        form: { intent: 'count' },
      })
      expect(counted.status).toBe(302)
    } finally {
      vi.useRealTimers()
    }
    const row = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'rejected', closedAt: CLOSED_AT.toISOString() })

    for (const viewer of [ada, dee]) {
      const surfaces = await readEverything(db(), viewer, groupId)
      for (const reason of REASONS) {
        // The reasons show on the decision's page and its data, nowhere else (exports keep only "a reason was given").
        expect(surfacesWith(surfaces, reason), reason).toEqual(decisionSurfaces())
      }
      for (const label of decisionSurfaces()) {
        const body = surfaces.get(label)!
        // Listed by stance, then alphabetically: not Dee's, Cy's, Ben's order of casting.
        const positions = CANONICAL_REASONS.map((r) => body.indexOf(r))
        expect(positions, label).toEqual([...positions].sort((a, b) => a - b))
        expect(
          REASONS.map((r) => body.indexOf(r)),
          label,
        ).not.toEqual([...REASONS.map((r) => body.indexOf(r))].sort((a, b) => a - b))
      }
      const data = JSON.parse(surfaces.get(`GET /decisions/${decisionId} (data)`)!.split('\n').slice(1).join('\n'))
      expect(data.stances).toEqual([])
      expect(data.anonymous.tally).toEqual({ agree: 2, abstain: 0, disagree: 0, block: 1 })
      // Each reason stands with its stance and nothing else: no person, no time.
      expect(data.anonymous.reasons).toEqual([
        { stance: 'agree', reason: CAST[2].reason },
        { stance: 'agree', reason: CAST[0].reason },
        { stance: 'block', reason: CAST[1].reason },
      ])
      // No stance's time anywhere; the closing time is the decision's, and is shown.
      for (const stamp of stampNeedles()) expect(surfacesWith(surfaces, stamp), stamp).toEqual([])
      expect(surfacesWith(surfaces, CLOSED_AT.toISOString())).toContain(`GET /decisions/${decisionId} (data)`)
    }

    // The archive: no named stance, the anonymous ones in canonical order, with no member and no time.
    const exported = await exportedDecision(ada)
    expect(exported.stances).toEqual([])
    expect(exported.anonymousStances).toEqual([
      { stance: 'agree', reasoned: true },
      { stance: 'agree', reasoned: true },
      { stance: 'block', reasoned: true },
    ])
    // stances.csv: the same, with no member and no time, in the same order; the reports count them.
    expect(await stanceCsvRows(ada, exported.key)).toEqual([
      [exported.key, '', 'agree', 'true', '', 'true'],
      [exported.key, '', 'agree', 'true', '', 'true'],
      [exported.key, '', 'block', 'true', '', 'true'],
    ])
    for (const format of ['html', 'md'] as const)
      expect(tallyRow(await exportText(ada, format), format, exported.title), format).toEqual(['2', '0', '0', '1', '3', '3'])
  }, 60_000)

  test('the audit table and every other table hold no link from a voter to the decision, and no time of a stance', async () => {
    const audit = await auditText()
    expect(audit.length).toBeGreaterThan(0)
    expect(audit.filter((r) => r.includes(decisionId))).toEqual([])
    for (const stamp of STAMPS) expect(audit.filter((r) => r.includes(stamp.toISOString().slice(0, 16)))).toEqual([])
    for (const table of await listTables(db())) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db())
      for (const r of rows.rows) {
        const text = JSON.stringify(r)
        for (const voter of [ben, cy, dee]) expect(text.includes(decisionId) && text.includes(voter.id), `${table}: ${text}`).toBe(false)
        for (const stamp of STAMPS) expect(text, table).not.toContain(stamp.toISOString().slice(0, 16))
      }
    }
    expect(logged).toEqual([])
  })
})
