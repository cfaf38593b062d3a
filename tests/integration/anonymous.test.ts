import { createHash, createHmac } from 'node:crypto'
import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInquiry, setInquiryTemplate, type TestPerson } from '../factories'
import { bodyOf, get, idFrom, listTables, post, tableCounts } from './harness'

// The validity issue, anonymous dissent: where the template allows, a member can take a
// disagree or block stance anonymously. The count and reasons are visible, the person is
// not, and the database keeps no link from which anyone could recover who it was; one
// person, one stance, is still enforced.

const db = () => getDb()

const REASON = 'I am not ready to act on this, and I find it hard to say so here.'

/**
 * Three members (Ada facilitates) and an outsider; the inquiry's template allows anonymous
 * dissent unless told otherwise (set before the proposal: a decision takes its rule then),
 * and Ada has proposed moving to the action phase.
 */
async function circle(options: { allow?: boolean } = {}) {
  const ada = await createPerson(db(), 'Ada')
  const ben = await createPerson(db(), 'Ben')
  const cy = await createPerson(db(), 'Cy')
  const outsider = await createPerson(db(), 'Outsider')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people, { name: 'Dissent circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  if (options.allow !== false) await setInquiryTemplate(db(), inquiryId, (t) => (t.decisionRule.allowAnonymousDissent = true))
  const proposed = await post(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: ada.cookie, form: { step: 'next', reason: '' } })
  const decisionId = idFrom(proposed, '/decisions')
  return { ada, ben, cy, outsider, people, groupId, inquiryId, decisionId }
}

function stance(person: TestPerson, decisionId: string, value: string, reason = '', anonymous = false) {
  const form: Record<string, string> = { intent: 'stance', stance: value, reason }
  if (anonymous) form.anonymous = 'on'
  return post(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: person.cookie, form })
}

async function view(person: TestPerson, decisionId: string) {
  const response = await get(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

async function decisionRow(decisionId: string) {
  return db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
}

async function ballots(decisionId: string) {
  return db().selectFrom('anonymousBallots').selectAll().where('decisionId', '=', decisionId).execute()
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
    ['sha256', 'sha1', 'md5'].flatMap((algorithm) =>
      (['hex', 'base64', 'base64url'] as const).map((encoding) => createHash(algorithm).update(input).digest(encoding)),
    ).concat((['hex', 'base64url'] as const).map((encoding) => createHmac('sha256', '').update(input).digest(encoding))),
  )
}

describe('an anonymous block, where the template allows it', () => {
  test('counts toward the decision rule: it keeps the decision open, and then stops it', async () => {
    const c = await circle()
    expect((await stance(c.ben, c.decisionId, 'block', REASON, true)).status).toBe(302)
    expect((await stance(c.ada, c.decisionId, 'agree')).status).toBe(302)
    // Two stances meet the quorum and no one blocks by name, yet the anonymous block holds it open.
    let page = await view(c.cy, c.decisionId)
    expect(page.decision.status).toBe('open')
    expect(page.evaluation.counts).toEqual({ agree: 1, abstain: 0, disagree: 0, block: 1 })
    expect(page.evaluation.explanation).toBe('Open: 1 member blocks it.')
    const phases = await db()
      .selectFrom('phases').innerJoin('cycles', 'cycles.id', 'phases.cycleId').select('phases.status')
      .where('cycles.inquiryId', '=', c.inquiryId).orderBy('phases.position').execute()
    expect(phases[0]!.status).toBe('current')

    // When everyone has spoken, the block still stands: not passed.
    expect((await stance(c.cy, c.decisionId, 'agree')).status).toBe(302)
    page = await view(c.cy, c.decisionId)
    expect(page.decision.status).toBe('rejected')
    expect(page.decision.outcomeNote).toBe('Not passed: everyone has taken a stance and 1 member blocks it.')
  })

  test('shows as a count with its reason, and no name, to every member', async () => {
    const c = await circle()
    expect((await stance(c.ben, c.decisionId, 'block', REASON, true)).status).toBe(302)
    expect((await stance(c.cy, c.decisionId, 'disagree', 'I would rather say it by name.')).status).toBe(302)
    for (const viewer of [c.ada, c.ben, c.cy]) {
      const page = await view(viewer, c.decisionId)
      expect(page.anonymous).toEqual({ allowed: true, disagree: 0, block: 1, reasons: [{ stance: 'block', reason: REASON }] })
      // Ben is listed as a member who has taken no stance by name; the named disagree is Cy's.
      const byName = Object.fromEntries(page.stances.map((s: { displayName: string; stance: string | null; reason: string | null }) => [s.displayName, [s.stance, s.reason]]))
      expect(byName).toEqual({ Ada: [null, null], Ben: [null, null], Cy: ['disagree', 'I would rather say it by name.'] })
      // Nothing in what others receive ties the reason to Ben.
      if (viewer !== c.ben) {
        expect(page.myAnonymous).toBe(false)
        const benEntry = JSON.stringify(page.stances.find((s: { personId: string }) => s.personId === c.ben.id))
        expect(benEntry).not.toContain('block')
        expect(benEntry).not.toContain(REASON)
        // The reason appears once, in the anonymous summary.
        expect(JSON.stringify(page).split(REASON).length - 1).toBe(1)
      }
    }
    // Ben alone is told that he has taken an anonymous stance here.
    expect((await view(c.ben, c.decisionId)).myAnonymous).toBe(true)
  })

  test('the database holds no author for it: no stance row, no person in the decision, a keyed ballot hash deleted at close', async () => {
    const c = await circle()
    expect((await stance(c.ben, c.decisionId, 'block', REASON, true)).status).toBe(302)

    // No stance row for Ben on this decision.
    expect(await db().selectFrom('stances').selectAll().where('decisionId', '=', c.decisionId).where('personId', '=', c.ben.id).execute()).toEqual([])
    // The decision keeps the stance and reason only.
    const decision = await decisionRow(c.decisionId)
    expect(JSON.parse(decision.anonymousJson)).toEqual([{ stance: 'block', reason: REASON }])
    for (const trace of [c.ben.id, c.ben.email, c.ben.displayName]) expect(JSON.stringify(decision)).not.toContain(trace)

    // While the decision is open, one ballot row, holding a hash that is not Ben's id nor any hash
    // that could be computed from the decision and a member without the instance's secret.
    const open = await ballots(c.decisionId)
    expect(open).toHaveLength(1)
    expect(Object.keys(open[0]!).sort()).toEqual(['decisionId', 'voterHash'])
    const hash = open[0]!.voterHash
    expect(hash).not.toBe(c.ben.id)
    expect(hash).not.toContain(c.ben.id)
    for (const person of c.people) expect(unkeyedHashes(c.decisionId, person.id)).not.toContain(hash)

    // The decision closes: the ballot is deleted, and no row anywhere links Ben to the decision.
    expect((await stance(c.ada, c.decisionId, 'agree')).status).toBe(302)
    expect((await stance(c.cy, c.decisionId, 'agree')).status).toBe(302)
    expect((await decisionRow(c.decisionId)).status).toBe('rejected')
    expect(await ballots(c.decisionId)).toEqual([])
    expect(await rowsLinking(c.decisionId, c.ben.id)).toEqual([])
    // The detector does see a link where there is one: Ada's named stance and her proposal.
    expect((await rowsLinking(c.decisionId, c.ada.id)).length).toBeGreaterThanOrEqual(2)
    expect(JSON.parse((await decisionRow(c.decisionId)).anonymousJson)).toEqual([{ stance: 'block', reason: REASON }])
    // The count and reason stay visible after the close.
    expect((await view(c.ada, c.decisionId)).anonymous).toMatchObject({ block: 1, reasons: [{ stance: 'block', reason: REASON }] })
  })

  test('ballots of a decision that passes are deleted too', async () => {
    const c = await circle()
    expect((await stance(c.ben, c.decisionId, 'disagree', 'Too soon', true)).status).toBe(302)
    expect(await ballots(c.decisionId)).toHaveLength(1)
    expect((await stance(c.ada, c.decisionId, 'agree')).status).toBe(302)
    expect((await stance(c.cy, c.decisionId, 'agree')).status).toBe(302)
    expect((await decisionRow(c.decisionId)).status).toBe('passed')
    expect(await ballots(c.decisionId)).toEqual([])
    expect(await rowsLinking(c.decisionId, c.ben.id)).toEqual([])
  })

  test('the same person cannot then take a named stance (409) nor a second anonymous one (409); nothing is written', async () => {
    const c = await circle()
    expect((await stance(c.ben, c.decisionId, 'block', REASON, true)).status).toBe(302)
    const before = await tableCounts(db())
    const anonymousJson = (await decisionRow(c.decisionId)).anonymousJson
    for (const [value, anonymous] of [['agree', false], ['block', false], ['block', true], ['disagree', true]] as const) {
      const response = await stance(c.ben, c.decisionId, value, 'Second go', anonymous)
      expect(response.status, `${value} ${anonymous}`).toBe(409)
      expect((await bodyOf(response)).formError).toBe('You took an anonymous stance on this decision; it stands as given and cannot be changed.')
    }
    expect(await tableCounts(db())).toEqual(before)
    expect((await decisionRow(c.decisionId)).anonymousJson).toBe(anonymousJson)
  })

  test('someone who took a named stance cannot add an anonymous one (409)', async () => {
    const c = await circle()
    expect((await stance(c.cy, c.decisionId, 'abstain')).status).toBe(302)
    const before = await tableCounts(db())
    const response = await stance(c.cy, c.decisionId, 'block', REASON, true)
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toBe('You have already taken a named stance on this decision; change that instead.')
    expect(await tableCounts(db())).toEqual(before)
    expect((await decisionRow(c.decisionId)).anonymousJson).toBe('[]')
  })

  test('agree and abstain cannot be anonymous: 400 on anonymous, nothing written', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    for (const value of ['agree', 'abstain']) {
      const response = await stance(c.ben, c.decisionId, value, '', true)
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors.anonymous).toBe('Only disagree and block can be given anonymously.')
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a non-member\'s anonymous stance is a 404 and writes nothing', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    const response = await stance(c.outsider, c.decisionId, 'block', 'From outside', true)
    expect(response.status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('where the template does not allow anonymous dissent', () => {
  test('an anonymous stance is a 400 on anonymous and writes nothing', async () => {
    const c = await circle({ allow: false })
    expect((await view(c.ada, c.decisionId)).anonymous.allowed).toBe(false)
    const before = await tableCounts(db())
    for (const value of ['block', 'disagree']) {
      const response = await stance(c.ben, c.decisionId, value, REASON, true)
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors.anonymous).toBe('This inquiry does not allow anonymous stances.')
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a decision keeps the rule it was proposed under: allowing it afterwards does not open it to anonymous stances', async () => {
    const c = await circle({ allow: false })
    await setInquiryTemplate(db(), c.inquiryId, (t) => (t.decisionRule.allowAnonymousDissent = true))
    const response = await stance(c.ben, c.decisionId, 'block', REASON, true)
    expect(response.status).toBe(400)
    expect(await ballots(c.decisionId)).toEqual([])
  })
})
