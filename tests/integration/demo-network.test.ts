import { beforeAll, describe, expect, test } from 'vitest'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { getFederalProposal, listFederalForDirectory } from '~/features/network/federal.server'
import { getCalendarAndNewsletter, getNewsletterIssue } from '~/features/network/gatherings.server'
import { getLinkPage } from '~/features/network/links.server'
import { getDirectoryGroups } from '~/features/network/network.server'
import { getDb } from '~/utils/db.server'
import type { SessionUser } from '~/utils/session.server'

// Issue 18 item 8: the demo shows a network of groups at every stage, through the same reads
// the network's pages use: a full member group (the demo's own), a member group mid-validation,
// a forming group, an open federal decision, a Gathering to come and a newsletter issue.

const db = () => getDb()
let groupId: string

const person = (email: string): Promise<SessionUser> =>
  db().selectFrom('people').select(['id', 'email', 'displayName']).where('email', '=', email).executeTakeFirstOrThrow()

beforeAll(async () => {
  ;({ groupId } = await seedDemo(db(), { password: 'demo password for tests' }))
})

describe('the demo’s network of groups', () => {
  test('the demo group is the one full member group, with two links that both validate it, and a statement of its stance', async () => {
    const groups = await getDirectoryGroups(db())
    expect(groups.length).toBeGreaterThanOrEqual(4)
    const full = groups.filter((g) => g.standing === 'full_member')
    expect(full.map((g) => g.id)).toEqual([groupId])
    expect(full[0]!.links).toHaveLength(2)
    expect(full[0]!.validating).toBe(2)
    const words = full[0]!.statement!.text.split(/\s+/).length
    expect(words).toBeGreaterThanOrEqual(80)
    expect(words).toBeLessThanOrEqual(150)
  })

  test('one member group has one link that validates it, and a challenge from its other link group that awaits an answer', async () => {
    const midway = (await getDirectoryGroups(db())).filter((g) => g.standing === 'member' && g.validating === 1)
    expect(midway).toHaveLength(1)
    expect(midway[0]!.links).toHaveLength(2)
    const rosa = await person('rosa@demo.inquiry.local')
    const pages = await Promise.all(midway[0]!.links.map((l) => getLinkPage(db(), rosa, l.id)))
    expect(pages.every((p) => p.ours.id === midway[0]!.id)).toBe(true)
    const validated = pages.filter((p) => p.validations.some((v) => v.verdict === 'validated' && v.ofGroupName === p.ours.name))
    const challenged = pages.filter((p) => p.challenges.some((c) => c.toUs && c.answer === null))
    expect(validated).toHaveLength(1)
    expect(challenged).toHaveLength(1)
    expect(challenged[0]!.link.id).not.toBe(validated[0]!.link.id)
    expect(challenged[0]!.validations).toHaveLength(0)
  })

  test('one group is forming', async () => {
    const forming = (await getDirectoryGroups(db())).filter((g) => g.standing === 'forming')
    expect(forming).toHaveLength(1)
    expect(forming[0]!.statement).toBeNull()
  })

  test('a federal proposal is open: some member groups have cast their stance, others not yet', async () => {
    const open = (await listFederalForDirectory(db())).filter((p) => p.status === 'open')
    expect(open).toHaveLength(1)
    const detail = await getFederalProposal(db(), await person('amara@demo.inquiry.local'), open[0]!.id)
    expect(detail.stances.length).toBeGreaterThanOrEqual(4)
    expect(detail.stances.some((s) => s.stance !== null)).toBe(true)
    expect(detail.stances.some((s) => s.stance === null)).toBe(true)
  })

  test('a Gathering is on the calendar, one newsletter issue has two contributions, and a joint meeting has its note', async () => {
    const amara = await person('amara@demo.inquiry.local')
    const calendar = await getCalendarAndNewsletter(db(), amara)
    const today = new Date().toISOString().slice(0, 10)
    expect(calendar.upcoming.some((g) => g.startsOn > today)).toBe(true)
    expect(calendar.issues).toHaveLength(1)
    expect((await getNewsletterIssue(db(), amara, calendar.issues[0]!.number)).contributions).toHaveLength(2)
    const demo = (await getDirectoryGroups(db())).find((g) => g.id === groupId)!
    const pages = await Promise.all(demo.links.map((l) => getLinkPage(db(), amara, l.id)))
    const notes = pages.flatMap((p) => p.meetings.flatMap((m) => m.notes))
    expect(notes).toHaveLength(1)
  })

  test('the network’s story is true in time: the meeting before its note, the Gathering before its issue, the group founded before it entered', async () => {
    const amara = await person('amara@demo.inquiry.local')
    const now = new Date().toISOString()
    const demo = (await getDirectoryGroups(db())).find((g) => g.id === groupId)!
    const meetings = (await Promise.all(demo.links.map((l) => getLinkPage(db(), amara, l.id)))).flatMap((p) => p.meetings)
    for (const m of meetings) for (const n of m.notes) expect(n.writtenAt > m.startsAt && n.writtenAt <= now).toBe(true)
    const calendar = await getCalendarAndNewsletter(db(), amara)
    expect(calendar.issues[0]!.gatheringTitle).toBe(calendar.past[0]!.title)
    expect(calendar.issues[0]!.publishedAt.slice(0, 10) > calendar.past[0]!.endsOn).toBe(true)
    const founded = await db().selectFrom('groups').select('createdAt').where('id', '=', groupId).executeTakeFirstOrThrow()
    const entered = await db()
      .selectFrom('decisions')
      .select('createdAt')
      .where('groupId', '=', groupId)
      .where('kind', '=', 'network_enter')
      .executeTakeFirstOrThrow()
    expect(entered.createdAt > founded.createdAt && entered.createdAt < now).toBe(true)
  })

  test('no decision of the network’s is left open inside a group', async () => {
    const open = await db().selectFrom('decisions').select('kind').where('status', '=', 'open').execute()
    expect(open.filter((d) => d.kind.startsWith('network_'))).toHaveLength(0)
    const closed = await db().selectFrom('decisions').select('kind').where('status', '=', 'passed').execute()
    expect(closed.filter((d) => d.kind.startsWith('network_')).length).toBeGreaterThan(20)
  })
})
