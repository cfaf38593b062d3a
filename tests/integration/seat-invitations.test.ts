import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { getCycleAnalysis } from '~/features/analysis/analysis.server'
import { importArchive, parseArchiveText } from '~/features/exports/import.server'
import { ACCOUNT_COLUMNS, PERSON_COLUMNS } from '~/features/groups/seats.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as membersRoute from '~/routes/groups.$groupId.members'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import * as joinRoute from '~/routes/join.$token'
import * as ratingsRoute from '~/routes/inquiries.$inquiryId.ratings'
import { getDb } from '~/utils/db.server'
import { createPerson, type TestPerson } from '../factories'
import { renderPage } from './fuzz-server'
import { bodyOf, get, idFrom, listTables, locationOf, onPostgres, post, tableCounts } from './harness'

// Issue 13, item 2: an inquiry imported from an archive has a placeholder seat for every
// member without an account here. Seats cannot take stances or rate, so they must not count
// toward a decision's quorum nor be waited for by the blind round; and a member can invite
// someone into a seat, who then takes it over and counts from then on.

const db = () => getDb()
const ARCHIVE = readFileSync(new URL('../fixtures/demo-archive.json', import.meta.url), 'utf8')

async function imported() {
  const importer = await createPerson(db(), 'Imogen Importer')
  const { inquiryId, groupId } = await importArchive(db(), parseArchiveText(ARCHIVE), { user: importer, seat: 'Member A' })
  return { importer, inquiryId, groupId }
}

const proposeMove = (person: TestPerson, inquiryId: string, form: Record<string, string> = { step: 'next', reason: '' }) =>
  post(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: person.cookie, form })

const stance = (person: TestPerson, decisionId: string, value = 'agree') =>
  post(decisionRoute, {
    path: `/decisions/${decisionId}`,
    params: { decisionId },
    cookie: person.cookie,
    form: { intent: 'stance', stance: value, reason: '' },
  })

async function decisionRow(id: string) {
  return db().selectFrom('decisions').select(['status', 'outcomeNote']).where('id', '=', id).executeTakeFirstOrThrow()
}

async function currentPhase(inquiryId: string) {
  return db()
    .selectFrom('phases')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select(['cycles.number', 'phases.position', 'phases.templateKey'])
    .where('cycles.inquiryId', '=', inquiryId)
    .where('phases.status', '=', 'current')
    .executeTakeFirstOrThrow()
}

async function groupPage(person: TestPerson, groupId: string) {
  const response = await get(membersRoute, { path: `/groups/${groupId}/members`, params: { groupId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

async function seatLink(person: TestPerson, groupId: string, seatPersonId: string) {
  const response = await post(membersRoute, {
    path: `/groups/${groupId}/members`,
    params: { groupId },
    cookie: person.cookie,
    form: { intent: 'invite', expiresInDays: '7', seatPersonId },
  })
  expect(response.status).toBe(200)
  const { inviteLink } = await bodyOf(response)
  return new URL(inviteLink as string).pathname.split('/').at(-1)!
}

const join = (person: TestPerson, token: string) => post(joinRoute, { path: `/join/${token}`, params: { token }, cookie: person.cookie })

async function seatOf(groupId: string, name: string) {
  return db()
    .selectFrom('members')
    .innerJoin('people', 'people.id', 'members.personId')
    .select(['members.id', 'members.personId', 'members.pseudonymIndex'])
    .where('members.groupId', '=', groupId)
    .where('people.displayName', '=', name)
    .where('people.placeholder', '=', 1)
    .executeTakeFirstOrThrow()
}

/** What a cycle's analysis says, without the names in it (a taken seat shows its new holder's name). */
async function figures(person: TestPerson, inquiryId: string, cycle: number) {
  const { analysis } = await getCycleAnalysis(db(), person, inquiryId, cycle, { acrossCycles: false })
  return {
    memberCount: analysis!.memberCount,
    alpha: [analysis!.blind.alpha, analysis!.open.alpha],
    themes: analysis!.open.themes
      .map((t) => [t.name, t.class, t.stats.median, t.stats.iqr])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    participation: analysis!.participation.members.map((m) => m.total).sort(),
  }
}

describe('placeholder seats do not count in decisions or in waiting for everyone', () => {
  test("an imported inquiry passes a phase change on its one real member's stance, and its blind round opens when that member has rated", async () => {
    const { importer, inquiryId, groupId } = await imported()
    expect(await currentPhase(inquiryId)).toMatchObject({ number: 3, templateKey: 'action-experience' })
    const seats = await db()
      .selectFrom('members')
      .innerJoin('people', 'people.id', 'members.personId')
      .select('people.placeholder')
      .where('members.groupId', '=', groupId)
      .where('members.leftAt', 'is', null)
      .execute()
    expect(seats.filter((s) => s.placeholder === 1)).toHaveLength(5)

    // Straight on to sense-making, skipping the optional second action phase.
    const proposed = await proposeMove(importer, inquiryId, { step: 'next', reason: 'On to sense-making', skipOptional: 'on' })
    const decisionId = idFrom(proposed, '/decisions')
    const view = await bodyOf(
      await get(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: importer.cookie }),
    )
    expect(view.evaluation).toMatchObject({ status: 'open', needed: 1 })
    // The seats take no stances, so they are not listed as waited for.
    expect(view.stances.map((s: { displayName: string }) => s.displayName)).toEqual([importer.displayName])
    expect((await stance(importer, decisionId)).status).toBe(302)
    expect(await decisionRow(decisionId)).toMatchObject({ status: 'passed', outcomeNote: expect.stringContaining('1 of 1 members') })
    expect(await currentPhase(inquiryId)).toMatchObject({ number: 3, templateKey: 'reflection-sense-making' })

    // The blind round waits only for the real member.
    const page = await bodyOf(
      await get(ratingsRoute, { path: `/inquiries/${inquiryId}/ratings`, params: { inquiryId }, cookie: importer.cookie }),
    )
    expect(page.state).toBe('blind')
    expect(page.progress).toEqual({ completed: 0, members: 1 })
    const form: Record<string, string> = { intent: 'blind' }
    for (const theme of page.themes as { id: string }[]) form[`rating.${theme.id}`] = '4'
    expect(
      (await post(ratingsRoute, { path: `/inquiries/${inquiryId}/ratings`, params: { inquiryId }, cookie: importer.cookie, form })).status,
    ).toBe(302)
    const cycle = await db()
      .selectFrom('cycles')
      .select('blindRevealedAt')
      .where('inquiryId', '=', inquiryId)
      .where('number', '=', 3)
      .executeTakeFirstOrThrow()
    expect(cycle.blindRevealedAt).not.toBeNull()
  })

  test('the analysis of an imported archive still counts its seats, as the archive did', async () => {
    const { importer, inquiryId } = await imported()
    for (const cycle of [1, 2]) expect((await figures(importer, inquiryId, cycle)).memberCount).toBe(6)
  })
})

describe('inviting someone into a seat', () => {
  test('the members page lists the seats apart from the members and says how to invite into them', async () => {
    const { importer, groupId } = await imported()
    const page = await groupPage(importer, groupId)
    expect(page.members.map((m: { displayName: string }) => m.displayName)).toEqual([importer.displayName])
    expect(page.seats.map((s: { name: string }) => s.name)).toEqual(['Member B', 'Member C', 'Member D', 'Member E', 'Member F'])
    const { status, html } = await renderPage(`/groups/${groupId}/members`, importer.cookie)
    expect(status).toBe(200)
    expect(html).toContain('Seats from the archive')
    expect(html).toContain('Create a link for this seat')
    expect(html).toMatch(/<option value="[^"]+">Member B<\/option>/)
  })

  test('a seat claimed through its link counts from then on: it passes decisions with the others, and keeps what the seat held', async () => {
    const { importer, inquiryId, groupId } = await imported()
    const seatB = await seatOf(groupId, 'Member B')
    const held = {
      ratings: (await db().selectFrom('ratings').select('id').where('personId', '=', seatB.personId).execute()).length,
      stances: (await db().selectFrom('stances').select('id').where('personId', '=', seatB.personId).execute()).length,
    }
    expect(held.ratings).toBeGreaterThan(0)
    const before = [await figures(importer, inquiryId, 1), await figures(importer, inquiryId, 2)]

    const token = await seatLink(importer, groupId, seatB.personId)
    const spare = await seatLink(importer, groupId, seatB.personId)
    const bea = await createPerson(db(), 'Bea Seated')
    const invitation = await bodyOf(await get(joinRoute, { path: `/join/${token}`, params: { token }, cookie: bea.cookie }))
    expect(invitation.invitation).toMatchObject({ state: 'valid', seat: 'Member B' })
    const { html } = await renderPage(`/join/${token}`, bea.cookie)
    expect(html).toContain('<strong>Member B</strong>')

    const joined = await join(bea, token)
    expect(joined.status).toBe(302)
    expect(locationOf(joined)).toBe(`/groups/${groupId}`)

    // Bea holds the seat's member row, pseudonym and all it held; the seat is gone.
    const mine = await db()
      .selectFrom('members')
      .select(['id', 'pseudonymIndex', 'leftAt'])
      .where('groupId', '=', groupId)
      .where('personId', '=', bea.id)
      .executeTakeFirstOrThrow()
    expect(mine).toEqual({ id: seatB.id, pseudonymIndex: seatB.pseudonymIndex, leftAt: null })
    expect(await db().selectFrom('people').select('id').where('id', '=', seatB.personId).executeTakeFirst()).toBeUndefined()
    expect((await db().selectFrom('ratings').select('id').where('personId', '=', bea.id).execute()).length).toBe(held.ratings)
    expect((await db().selectFrom('stances').select('id').where('personId', '=', bea.id).execute()).length).toBe(held.stances)
    const page = await groupPage(importer, groupId)
    expect(page.members.map((m: { displayName: string }) => m.displayName).sort()).toEqual([bea.displayName, importer.displayName].sort())
    expect(page.seats.map((s: { name: string }) => s.name)).toEqual(['Member C', 'Member D', 'Member E', 'Member F'])
    // The analysis reads as before.
    expect([await figures(importer, inquiryId, 1), await figures(importer, inquiryId, 2)]).toEqual(before)

    // Now two count: the importer alone no longer passes a move, Bea's stance does.
    const decisionId = idFrom(await proposeMove(importer, inquiryId), '/decisions')
    expect((await stance(importer, decisionId)).status).toBe(302)
    expect((await decisionRow(decisionId)).status).toBe('open')
    expect((await stance(bea, decisionId)).status).toBe(302)
    expect(await decisionRow(decisionId)).toMatchObject({ status: 'passed', outcomeNote: expect.stringContaining('2 of 2 members') })
    expect(await currentPhase(inquiryId)).toMatchObject({ number: 3, templateKey: 'action-immersion' })

    // The seat's links are spent: no one else can take it, and nothing is written.
    const carl = await createPerson(db(), 'Carl Late')
    const counts = await tableCounts(db())
    for (const link of [token, spare]) {
      const refused = await join(carl, link)
      expect(refused.status).toBe(410)
      expect((await bodyOf(refused)).formError).toBe('This invitation has been withdrawn. Ask the group for a new link.')
    }
    expect(await tableCounts(db())).toEqual(counts)
    // Joining again through the used link changes nothing for Bea.
    expect(locationOf(await join(bea, token))).toBe(`/groups/${groupId}`)
  })

  test('only a seat of this group can be invited into, and someone who was a member before cannot take one', async () => {
    const { importer, groupId } = await imported()
    const other = await imported()
    const foreign = await seatOf(other.groupId, 'Member B')
    const counts = await tableCounts(db())
    for (const seatPersonId of [foreign.personId, importer.id, 'Zz9unknownId0000']) {
      const refused = await post(membersRoute, {
        path: `/groups/${groupId}/members`,
        params: { groupId },
        cookie: importer.cookie,
        form: { intent: 'invite', expiresInDays: '7', seatPersonId },
      })
      expect(refused.status, seatPersonId).toBe(400)
      expect((await bodyOf(refused)).errors).toEqual({ seatPersonId: 'Choose one of the group’s seats.' })
    }
    expect(await tableCounts(db())).toEqual(counts)

    // Dan joins by an ordinary link and leaves; a seat's link then does not let him back in as the seat.
    const dan = await createPerson(db(), 'Dan Before')
    const ordinary = await post(membersRoute, {
      path: `/groups/${groupId}/members`,
      params: { groupId },
      cookie: importer.cookie,
      form: { intent: 'invite', expiresInDays: '7' },
    })
    const plain = new URL((await bodyOf(ordinary)).inviteLink as string).pathname.split('/').at(-1)!
    expect((await join(dan, plain)).status).toBe(302)
    await db()
      .updateTable('members')
      .set({ leftAt: new Date().toISOString() })
      .where('groupId', '=', groupId)
      .where('personId', '=', dan.id)
      .execute()
    const seatC = await seatOf(groupId, 'Member C')
    const token = await seatLink(importer, groupId, seatC.personId)
    const refused = await join(dan, token)
    expect(refused.status).toBe(409)
    expect(await db().selectFrom('members').select('personId').where('id', '=', seatC.id).executeTakeFirstOrThrow()).toEqual({
      personId: seatC.personId,
    })
  })

  test('taking over a seat moves every column that points at a person', async () => {
    const declared = new Set([...PERSON_COLUMNS, ...ACCOUNT_COLUMNS].map((c) => `${c.table}.${c.column}`))
    const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
    const found: string[] = []
    for (const table of await listTables(db())) {
      const rows = onPostgres()
        ? (
            await sql<{ from: string; to: string }>`
            select kcu.column_name as "from", ccu.table_name as "to" from information_schema.table_constraints tc
            join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name
            join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
            where tc.constraint_type = 'FOREIGN KEY' and tc.table_name = ${table}`.execute(db())
          ).rows
        : (
            await sql<{ from: string; table: string }>`select "from", "table" from pragma_foreign_key_list(${table})`.execute(db())
          ).rows.map((r) => ({ from: r.from, to: r.table }))
      for (const r of rows) if (r.to === 'people') found.push(`${camel(table)}.${camel(r.from)}`)
    }
    // The seat link's own column is cleared by the database when the seat goes.
    const missing = found.filter((c) => c !== 'invitations.seatPersonId' && !declared.has(c))
    expect(found.length).toBeGreaterThan(20)
    expect(missing).toEqual([])
  })
})
