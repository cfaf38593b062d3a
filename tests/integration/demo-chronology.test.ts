import { beforeAll, describe, expect, test } from 'vitest'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { getDb } from '~/utils/db.server'

// Issue 13 §6: the demo's story must be true in time. Every row is stamped by the services
// through the demo's story clock, so what happened in a phase is dated inside that phase.

const db = () => getDb()
let inquiryId: string
let groupId: string
const now = () => new Date().toISOString()

beforeAll(async () => {
  ;({ inquiryId, groupId } = await seedDemo(db(), { password: 'demo password for tests' }))
})

describe('the demo’s chronology', () => {
  test('every record happened and was written inside its own phase, and phases follow each other', async () => {
    const phases = await db()
      .selectFrom('phases')
      .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
      .select(['phases.id', 'phases.startedAt', 'phases.endedAt', 'phases.status', 'cycles.number', 'phases.position'])
      .where('cycles.inquiryId', '=', inquiryId)
      .where('phases.status', 'in', ['done', 'current'])
      .orderBy('cycles.number')
      .orderBy('phases.position')
      .execute()
    expect(phases.length).toBeGreaterThan(6)
    for (const [i, p] of phases.entries()) {
      expect(p.startedAt).not.toBeNull()
      if (p.status === 'done') expect(p.endedAt! >= p.startedAt!).toBe(true)
      if (i > 0)
        expect(p.startedAt! >= phases[i - 1]!.endedAt!, `phase ${p.number}.${p.position} starts after the one before ends`).toBe(true)
    }
    const first = phases[0]!.startedAt!
    expect(Date.now() - Date.parse(first)).toBeGreaterThan(60 * 86_400_000)
    const records = await db()
      .selectFrom('records')
      .select(['phaseId', 'occurredAt', 'createdAt'])
      .where('inquiryId', '=', inquiryId)
      .execute()
    expect(records.length).toBeGreaterThan(30)
    for (const r of records) {
      const phase = phases.find((p) => p.id === r.phaseId)!
      const end = phase.endedAt ?? now()
      const occurred = new Date(r.occurredAt).toISOString()
      expect(occurred >= phase.startedAt! && occurred <= end, `${r.occurredAt} inside ${phase.startedAt}…${end}`).toBe(true)
      expect(r.createdAt >= occurred && r.createdAt <= end, `written ${r.createdAt} after ${occurred}, before ${end}`).toBe(true)
    }
  })

  test('stances come after their proposal and no later than its close; themes and ratings inside their cycle', async () => {
    const decisions = await db().selectFrom('decisions').select(['id', 'createdAt', 'closedAt']).where('groupId', '=', groupId).execute()
    for (const d of decisions) {
      const stances = await db().selectFrom('stances').select('createdAt').where('decisionId', '=', d.id).execute()
      for (const s of stances) {
        expect(s.createdAt >= d.createdAt).toBe(true)
        if (d.closedAt) expect(s.createdAt <= d.closedAt).toBe(true)
      }
    }
    const cycles = await db().selectFrom('cycles').select(['id', 'startedAt', 'endedAt']).where('inquiryId', '=', inquiryId).execute()
    for (const c of cycles) {
      const end = c.endedAt ?? now()
      const ratings = await db().selectFrom('ratings').select('createdAt').where('cycleId', '=', c.id).execute()
      const themes = await db().selectFrom('themes').select('createdAt').where('firstCycleId', '=', c.id).execute()
      for (const row of [...ratings, ...themes]) expect(row.createdAt >= c.startedAt && row.createdAt <= end).toBe(true)
    }
  })

  test('members join after the group is founded and before anything they wrote; the activity log is in story order', async () => {
    const group = await db().selectFrom('groups').select('createdAt').where('id', '=', groupId).executeTakeFirstOrThrow()
    const members = await db().selectFrom('members').select(['personId', 'joinedAt']).where('groupId', '=', groupId).execute()
    for (const m of members) {
      expect(m.joinedAt >= group.createdAt).toBe(true)
      const firstRecord = await db()
        .selectFrom('records')
        .select('createdAt')
        .where('authorId', '=', m.personId)
        .orderBy('createdAt')
        .executeTakeFirst()
      if (firstRecord) expect(firstRecord.createdAt > m.joinedAt).toBe(true)
    }
    const events = await db()
      .selectFrom('auditEvents')
      .select(['kind', 'createdAt'])
      .where('groupId', '=', groupId)
      .orderBy('createdAt')
      .execute()
    expect(events[0]!.kind).toBe('group_created')
    expect(events.at(-1)!.kind).toBe('demo_seeded')
  })
  test('the pair’s agenda items and outcome choices fall inside their review, and reviews follow each other', async () => {
    const reviews = await db().selectFrom('peerReviews').select(['id', 'openedAt', 'closedAt']).orderBy('number').execute()
    expect(reviews.length).toBe(3)
    for (const [i, r] of reviews.entries()) {
      if (i > 0) expect(r.openedAt > reviews[i - 1]!.closedAt!).toBe(true)
      const items = await db().selectFrom('agendaItems').select('createdAt').where('reviewId', '=', r.id).execute()
      const choices = await db().selectFrom('outcomeChoices').select('createdAt').where('reviewId', '=', r.id).execute()
      for (const row of [...items, ...choices])
        expect(row.createdAt >= r.openedAt && row.createdAt <= r.closedAt!, `${row.createdAt} in ${r.openedAt}…${r.closedAt}`).toBe(true)
    }
  })
})
