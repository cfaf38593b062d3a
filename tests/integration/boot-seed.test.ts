import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'

describe('boot on an empty database', () => {
  test('seeds the demo inquiry once, through decisions, and prints the logins', async () => {
    process.env.SEED_DEMO = 'true'
    const { boot } = await import('~/boot.server')
    const log: string[] = []
    await boot((line) => log.push(line))
    const db = getDb()
    const people = await db.selectFrom('people').select(['email', 'isDemo']).execute()
    // Six practitioners in the inquiry group, one of their clients in the demo pair, and twelve
    // practitioners of the network's other four groups.
    expect(people).toHaveLength(19)
    expect(people.every((p) => p.isDemo === 1)).toBe(true)
    const banner = log.find((l) => l.includes('Demo inquiry'))!
    // The login list: the inquiry group, the client, and one member of three other groups.
    const listed = new Set(banner.split('\n').map((line) => line.trim().split(/\s+/)[0]))
    expect(people.filter((p) => listed.has(p.email))).toHaveLength(10)

    const cycles = await db
      .selectFrom('cycles')
      .innerJoin('inquiries', 'inquiries.id', 'cycles.inquiryId')
      .select(['cycles.number', 'cycles.focus', 'cycles.endedAt'])
      .where('inquiries.templateSlug', '=', 'cooperative-inquiry')
      .orderBy('cycles.number')
      .execute()
    expect(cycles.map((c) => c.number)).toEqual([1, 2, 3])
    expect(cycles.every((c) => c.focus)).toBe(true)
    const current = await db.selectFrom('phases').select(['templateKey']).where('status', '=', 'current').execute()
    expect(current).toEqual([{ templateKey: 'action-experience' }])
    // Every phase change was a decision that passed.
    const moves = await db.selectFrom('decisions').select(['status']).where('kind', 'in', ['phase_change', 'next_cycle']).execute()
    expect(moves.length).toBeGreaterThanOrEqual(8)
    expect(moves.every((m) => m.status === 'passed')).toBe(true)
    const ways = await db.selectFrom('records').select('wayOfKnowing').distinct().execute()
    expect(ways).toHaveLength(4)
    const group = await db.selectFrom('groups').select('groundRules').where('kind', '=', 'inquiry_group').executeTakeFirstOrThrow()
    expect(group.groundRules).toBeTruthy()

    // A second boot finds people and seeds nothing more.
    await boot(() => {})
    expect(await db.selectFrom('people').select('id').execute()).toHaveLength(19)
    process.env.SEED_DEMO = 'false'
  })
})
