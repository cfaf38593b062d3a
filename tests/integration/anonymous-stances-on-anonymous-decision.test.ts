import { createHash, createHmac } from 'node:crypto'
import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { bodyOf, idFrom, listColumns, listTables, onPostgres, tableCounts } from './harness'
import { ballots, circle, countNow, db, decisionRow, proposeMoveOn, REASON, stance, view } from './support-anonymous-stances'

// On an anonymous Decision every Stance is anonymous and final; while it is open members see
// only how many have taken one; the tally and the reasons show when it closes, in an order
// that follows nothing; and the database keeps no link, time or order from which anyone could
// recover who took which Stance. One person, one Stance, still holds.

/** An anonymous proposal (by the box) to move on, with the circle's id for it. */
async function anonymousCircle(size = 3) {
  const c = await circle({ size })
  const decisionId = idFrom(await proposeMoveOn(c.ada, c.inquiryId, { anonymousStances: 'on' }), '/decisions')
  return { ...c, decisionId }
}

async function currentPhasePosition(inquiryId: string) {
  const phase = await db()
    .selectFrom('phases')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select('phases.position')
    .where('cycles.inquiryId', '=', inquiryId)
    .where('phases.status', '=', 'current')
    .executeTakeFirstOrThrow()
  return phase.position
}

/** Every row of every table, as text, that mentions both strings: a link between them. */
async function rowsLinking(a: string, b: string): Promise<string[]> {
  const found: string[] = []
  for (const name of await listTables(db())) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db())
    for (const row of rows.rows) {
      const text = JSON.stringify(row)
      if (text.includes(a) && text.includes(b)) found.push(`${name}: ${text}`)
    }
  }
  return found
}

/** Hashes anyone could compute from a decision and a person without a secret. */
function unkeyedHashes(decisionId: string, personId: string): string[] {
  const inputs = [`${decisionId}:${personId}`, `${personId}:${decisionId}`, `${decisionId}${personId}`, personId]
  return inputs.flatMap((input) =>
    ['sha256', 'sha1', 'md5']
      .flatMap((algorithm) =>
        (['hex', 'base64', 'base64url'] as const).map((encoding) => createHash(algorithm).update(input).digest(encoding)),
      )
      .concat((['hex', 'base64url'] as const).map((encoding) => createHmac('sha256', '').update(input).digest(encoding))),
  )
}

describe('on an anonymous decision', () => {
  test('every stance is anonymous, agree and abstain too, box or no box: no stance row, only a keyed ballot', async () => {
    const c = await anonymousCircle(4)
    expect((await stance(c.ada, c.decisionId, 'agree')).status).toBe(302)
    expect((await stance(c.ben, c.decisionId, 'abstain', 'Not my call.', true)).status).toBe(302)
    expect((await stance(c.cy, c.decisionId, 'disagree', REASON)).status).toBe(302)
    expect(await db().selectFrom('stances').selectAll().where('decisionId', '=', c.decisionId).execute()).toEqual([])
    expect(await ballots(c.decisionId)).toHaveLength(3)
    expect(JSON.parse((await decisionRow(c.decisionId)).anonymousJson)).toEqual([
      { stance: 'agree', reason: null },
      { stance: 'abstain', reason: 'Not my call.' },
      { stance: 'disagree', reason: REASON },
    ])
  })

  test('while open, members see only how many have taken a stance: no tally, no reasons, no names, no times', async () => {
    const c = await anonymousCircle(4)
    expect((await stance(c.ben, c.decisionId, 'block', REASON)).status).toBe(302)
    expect((await stance(c.ada, c.decisionId, 'agree', 'Let us go on.')).status).toBe(302)
    for (const viewer of c.people) {
      const page = await view(viewer, c.decisionId)
      expect(page.decision.status).toBe('open')
      expect(page.anonymous).toEqual({
        on: true,
        given: 2,
        voters: 4,
        needed: 3,
        canCount: false,
        tally: null,
        reasons: [],
        warning:
          'With 4 members who can take a stance, anonymity hides little: a tally with one dissent leaves each of the others only 3 people it could be.',
      })
      expect(page.stances).toEqual([])
      expect(page.evaluation).toBeNull()
      expect(page.myStance).toBeNull()
      const text = JSON.stringify(page)
      for (const hidden of [REASON, 'Let us go on.', '"block"', '"agree"', 'blocks it']) expect(text, hidden).not.toContain(hidden)
      // Only the viewer is told whether they have taken theirs.
      expect(page.myAnonymous).toBe(viewer === c.ada || viewer === c.ben)
    }
  })

  test('it is not counted the moment it could pass: it waits for everyone, or for a member to ask once the quorum has spoken', async () => {
    const c = await anonymousCircle(4)
    expect(await currentPhasePosition(c.inquiryId)).toBe(1)
    expect((await stance(c.ada, c.decisionId, 'agree')).status).toBe(302)
    // Too early to count: 409, nothing changes.
    const early = await countNow(c.cy, c.decisionId)
    expect(early.status).toBe(409)
    expect((await bodyOf(early)).formError).toBe('The stances can be counted once 3 of 4 members have taken one; 1 has so far.')
    expect((await stance(c.ben, c.decisionId, 'agree')).status).toBe(302)
    expect((await stance(c.cy, c.decisionId, 'agree')).status).toBe(302)
    // A named decision would have passed here; an anonymous one stays open, telling no one whether anyone blocked.
    expect((await decisionRow(c.decisionId)).status).toBe('open')
    expect(await currentPhasePosition(c.inquiryId)).toBe(1)
    expect((await view(c.ada, c.decisionId)).anonymous).toMatchObject({ given: 3, canCount: true, tally: null })
    // Any member may ask for the count, one who has not taken a stance too; then it takes effect.
    expect((await countNow(c.people[3]!, c.decisionId)).status).toBe(302)
    const row = await decisionRow(c.decisionId)
    expect(row).toMatchObject({ status: 'passed', outcomeNote: 'Passed: 3 of 4 members took a stance, 3 agreed, no one blocked.' })
    expect(await currentPhasePosition(c.inquiryId)).toBe(2)
    expect(await ballots(c.decisionId)).toEqual([])
    expect((await view(c.ben, c.decisionId)).anonymous).toMatchObject({
      tally: { agree: 3, abstain: 0, disagree: 0, block: 0 },
      reasons: [],
    })
    // Once counted, no one can add a stance.
    expect((await stance(c.people[3]!, c.decisionId, 'block')).status).toBe(409)
    expect((await countNow(c.ada, c.decisionId)).status).toBe(409)
  })

  test('counted on request, what has not passed is rejected; counted when everyone has spoken, a block stops it', async () => {
    const c = await anonymousCircle(4)
    for (const [person, value] of [
      [c.ada, 'agree'],
      [c.ben, 'block'],
      [c.cy, 'agree'],
    ] as const)
      expect((await stance(person, c.decisionId, value)).status).toBe(302)
    expect((await countNow(c.ada, c.decisionId)).status).toBe(302)
    expect(await decisionRow(c.decisionId)).toMatchObject({
      status: 'rejected',
      outcomeNote: 'Not passed when counted: 3 of 4 members had taken a stance and 1 member blocks it.',
    })
    expect(await currentPhasePosition(c.inquiryId)).toBe(1)

    const d = await anonymousCircle(3)
    expect((await stance(d.ben, d.decisionId, 'block', REASON)).status).toBe(302)
    expect((await stance(d.ada, d.decisionId, 'agree', 'Zest for it.')).status).toBe(302)
    expect((await decisionRow(d.decisionId)).status).toBe('open')
    expect((await stance(d.cy, d.decisionId, 'agree', 'About time.')).status).toBe(302)
    expect(await decisionRow(d.decisionId)).toMatchObject({
      status: 'rejected',
      outcomeNote: 'Not passed: everyone has taken a stance and 1 member blocks it.',
    })
    for (const viewer of d.people) {
      const page = await view(viewer, d.decisionId)
      // The tally and the reasons, by stance and then alphabetically: not in the order given.
      expect(page.anonymous).toMatchObject({
        tally: { agree: 2, abstain: 0, disagree: 0, block: 1 },
        reasons: [
          { stance: 'agree', reason: 'About time.' },
          { stance: 'agree', reason: 'Zest for it.' },
          { stance: 'block', reason: REASON },
        ],
      })
      expect(page.stances).toEqual([])
      expect(page.myAnonymous).toBe(false)
    }
  })

  test('one person, one stance: a second one, named or anonymous, of any kind, is refused (409) and nothing is written', async () => {
    const c = await anonymousCircle(4)
    expect((await stance(c.ben, c.decisionId, 'agree', 'Fine by me.')).status).toBe(302)
    const before = await tableCounts(db())
    const anonymousJson = (await decisionRow(c.decisionId)).anonymousJson
    for (const [value, box] of [
      ['agree', false],
      ['block', false],
      ['block', true],
      ['abstain', true],
    ] as const) {
      const response = await stance(c.ben, c.decisionId, value, 'Second go', box)
      expect(response.status, `${value} ${box}`).toBe(409)
      expect((await bodyOf(response)).formError).toBe(
        'You took your stance on this decision anonymously; it stands as given and cannot be changed.',
      )
    }
    expect(await tableCounts(db())).toEqual(before)
    expect((await decisionRow(c.decisionId)).anonymousJson).toBe(anonymousJson)
    expect(await ballots(c.decisionId)).toHaveLength(1)
  })

  test("a non-member's stance or count is a 404 and writes nothing", async () => {
    const c = await anonymousCircle()
    const before = await tableCounts(db())
    expect((await stance(c.outsider, c.decisionId, 'block', 'From outside')).status).toBe(404)
    expect((await countNow(c.outsider, c.decisionId)).status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('the database holds no author, time or order: no stance row, a keyed ballot with no time and no row number, deleted at close', async () => {
    const c = await anonymousCircle()
    expect((await stance(c.ben, c.decisionId, 'block', REASON)).status).toBe(302)
    expect(
      await db().selectFrom('stances').selectAll().where('decisionId', '=', c.decisionId).where('personId', '=', c.ben.id).execute(),
    ).toEqual([])
    const decision = await decisionRow(c.decisionId)
    expect(JSON.parse(decision.anonymousJson)).toEqual([{ stance: 'block', reason: REASON }])
    for (const trace of [c.ben.id, c.ben.email, c.ben.displayName]) expect(JSON.stringify(decision)).not.toContain(trace)

    // While open, one ballot: a hash no one can compute from the decision and a member without the instance's secret.
    const open = await ballots(c.decisionId)
    expect(open).toHaveLength(1)
    expect(Object.keys(open[0]!).sort()).toEqual(['decisionId', 'voterHash'])
    expect((await listColumns(db(), 'anonymous_ballots')).map((col) => col.name).sort()).toEqual(['decision_id', 'voter_hash'])
    const hash = open[0]!.voterHash
    expect(hash).not.toContain(c.ben.id)
    for (const person of c.people) expect(unkeyedHashes(c.decisionId, person.id)).not.toContain(hash)
    if (!onPostgres()) {
      // No row number either: a rowid would keep the order in which the ballots were cast.
      await expect(sql`select rowid from anonymous_ballots`.execute(db())).rejects.toThrow(/no such column: rowid/)
    }

    // Everyone has spoken: it closes, the ballots go, and no row anywhere links Ben (or Cy) to the decision.
    expect((await stance(c.ada, c.decisionId, 'agree')).status).toBe(302)
    expect((await stance(c.cy, c.decisionId, 'agree')).status).toBe(302)
    expect((await decisionRow(c.decisionId)).status).toBe('rejected')
    expect(await ballots(c.decisionId)).toEqual([])
    expect(await rowsLinking(c.decisionId, c.ben.id)).toEqual([])
    expect(await rowsLinking(c.decisionId, c.cy.id)).toEqual([])
    // The detector does see a link where there is one: Ada proposed it.
    expect((await rowsLinking(c.decisionId, c.ada.id)).length).toBeGreaterThanOrEqual(1)
  })

  test('neither the stored list nor the page follows the order of casting: runs in different orders give the same canonical list', async () => {
    const cast: [number, string, string][] = [
      [0, 'block', 'Not like this.'],
      [1, 'agree', 'Yes, and soon.'],
      [2, 'disagree', 'Too early for me.'],
      [3, 'agree', 'About time.'],
      [4, 'abstain', 'Not my call.'],
    ]
    const canonical = [
      { stance: 'agree', reason: 'About time.' },
      { stance: 'agree', reason: 'Yes, and soon.' },
      { stance: 'abstain', reason: 'Not my call.' },
      { stance: 'disagree', reason: 'Too early for me.' },
      { stance: 'block', reason: 'Not like this.' },
    ]
    const orders = [
      [0, 1, 2, 3, 4],
      [4, 3, 2, 1, 0],
      [2, 4, 1, 0, 3],
    ]
    const stored = new Set<string>()
    for (const order of orders) {
      const c = await anonymousCircle(5)
      for (const [i, at] of order.entries()) {
        const [who, value, reason] = cast[at]!
        expect((await stance(c.people[who]!, c.decisionId, value, reason)).status).toBe(302)
        // Even while open the stored list is in canonical order, whatever came last.
        const sofar = JSON.parse((await decisionRow(c.decisionId)).anonymousJson) as { stance: string; reason: string }[]
        expect(sofar).toEqual(canonical.filter((s) => order.slice(0, i + 1).some((k) => cast[k]![2] === s.reason)))
      }
      const row = await decisionRow(c.decisionId)
      expect(row.status).toBe('rejected')
      stored.add(row.anonymousJson)
      const shown = (await view(c.ada, c.decisionId)).anonymous.reasons
      expect(shown).toEqual(canonical)
      // The casting order was not the canonical one in any run here, so a page that kept it would differ.
      expect(order.map((k) => cast[k]![2])).not.toEqual(canonical.map((s) => s.reason))
    }
    expect(stored.size).toBe(1)
  })
})
