import { describe, expect, test } from 'vitest'
import { withdrawFromGroup } from '~/features/accounts/withdrawal.server'
import * as concerns from '~/features/conflicts/concerns.server'
import * as conflicts from '~/features/conflicts/conflicts.server'
import { WITHDRAWN_CONCERN } from '~/features/conflicts/erasure.server'
import { answerHelp, getLinkHelpPage } from '~/features/conflicts/help.server'
import { everyoneAgrees } from '~/features/decisions/stance-round.server'
import { getDb } from '~/utils/db.server'
import { createPair, createPerson, createWorld, type World } from '../factories'
import { toGroupStep } from '../factories/conflicts'
import { call, importRoute } from './harness'

// A group's concerns and conflicts (issue 18 item 6): who reads what, who may move a concern, the
// link group that reads only a summary, and withdrawal.

const db = () => getDb()
const detail = 'groups.$groupId.conflicts.$conflictId.tsx'
const index = 'groups.$groupId.conflicts._index.tsx'

async function get(file: string, params: Record<string, string>, cookie: string, path: string) {
  const response = await call(await importRoute(file), 'GET', { path, params, cookie })
  return { status: response.status, body: await response.text() }
}
const concernPage = (w: World, id: string, cookie: string) =>
  get(detail, { groupId: w.group.id, conflictId: id }, cookie, `/groups/${w.group.id}/conflicts/${id}`)
const listPage = (w: World, cookie: string) => get(index, { groupId: w.group.id }, cookie, `/groups/${w.group.id}/conflicts`)

async function decisionBodies(w: World, cookie: string) {
  const ids = await db().selectFrom('decisions').select('id').where('groupId', '=', w.group.id).execute()
  const module = await importRoute('decisions.$decisionId.tsx')
  const bodies: string[] = []
  for (const { id } of ids) {
    const response = await call(module, 'GET', { path: `/decisions/${id}`, params: { decisionId: id }, cookie })
    bodies.push(await response.text())
  }
  return bodies.join('\n')
}

describe('who reads a concern', () => {
  test('a concern at a step between those involved is hidden from every other member (page, list, decisions, data), and shown once it reaches the group', async () => {
    const w = await createWorld(db(), { senseMaking: false, conflicts: true })
    const { alice, bob, carol, outsider } = w.people
    const { hidden } = w.conflicts
    const stranger = await get(detail, { groupId: w.group.id, conflictId: 'Zz9unknownId0000' }, alice.cookie, '/x')
    const page = await concernPage(w, hidden.id, alice.cookie)
    expect(page).toEqual(stranger)
    expect(page.status).toBe(404)
    const list = await listPage(w, alice.cookie)
    expect(list.status).toBe(200)
    for (const s of [hidden.id, hidden.text]) expect(list.body).not.toContain(s)
    expect(await decisionBodies(w, alice.cookie)).not.toContain(hidden.text)
    // The data request of the service itself, as ?_data= would give it.
    expect(JSON.stringify(await conflicts.getConflictsPage(db(), alice, w.group.id))).not.toContain(hidden.id)
    await expect(conflicts.getConflictPage(db(), alice, w.group.id, hidden.id)).rejects.toMatchObject({ code: 'not_found' })
    // Those involved read it: Carol raised it, Bob is named in it.
    expect((await concernPage(w, hidden.id, bob.cookie)).body).toContain(hidden.text)
    await concerns.addNote(db(), carol, w.group.id, hidden.id, { note: 'We talked on the phone.' })
    // Alice may not write at their step either.
    await expect(concerns.addNote(db(), alice, w.group.id, hidden.id, { note: 'x' })).rejects.toMatchObject({ code: 'not_found' })

    await toGroupStep(db(), carol, w.group.id, hidden.id)
    const after = await concernPage(w, hidden.id, alice.cookie)
    expect(after.status).toBe(200)
    expect(after.body).toContain(hidden.text)
    expect(after.body).toContain('We talked on the phone.')
    expect((await listPage(w, alice.cookie)).body).toContain(hidden.id)
    // At the group's step any member may note it, but only those involved move it on or close it.
    await concerns.addNote(db(), alice, w.group.id, hidden.id, { note: 'The group heard it.' })
    await expect(
      concerns.closeConcern(db(), alice, w.group.id, hidden.id, { outcome: 'misunderstanding', outcomeNote: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' })
    // Never anyone outside the group.
    expect((await concernPage(w, hidden.id, outsider.cookie)).status).toBe(404)
  })

  test('the facilitator has no special sight', async () => {
    const w = await createWorld(db(), { senseMaking: false, conflicts: true })
    const facilitator = await db()
      .selectFrom('members')
      .select('isFacilitator')
      .where('groupId', '=', w.group.id)
      .where('personId', '=', w.people.alice.id)
      .executeTakeFirstOrThrow()
    expect(facilitator.isFacilitator).toBe(1)
    expect((await concernPage(w, w.conflicts.hidden.id, w.people.alice.cookie)).status).toBe(404)
  })
})

describe('the steps and the outcome', () => {
  test('moving past the last step is refused; an outcome outside the five is refused; closing works at any step', async () => {
    const w = await createWorld(db(), { senseMaking: false, conflicts: true })
    const { alice, bob } = w.people
    const { shared } = w.conflicts
    const module = await importRoute(detail)
    const params = { groupId: w.group.id, conflictId: shared.id }
    const path = `/groups/${w.group.id}/conflicts/${shared.id}`
    await concerns.moveOn(db(), bob, w.group.id, shared.id, { fromStep: shared.stepKey, note: 'Next: the link group.' })
    const row = await db().selectFrom('conflicts').select('stepKey').where('id', '=', shared.id).executeTakeFirstOrThrow()
    const past = await call(module, 'POST', { path, params, cookie: alice.cookie, form: { intent: 'move', fromStep: row.stepKey } })
    expect(past.status).toBe(409)
    expect(await past.text()).toContain('last step')
    const bad = await call(module, 'POST', {
      path,
      params,
      cookie: alice.cookie,
      form: { intent: 'outcome', outcome: 'victory', outcomeNote: 'We won.' },
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('one of the five outcomes')
    const ok = await call(module, 'POST', {
      path,
      params,
      cookie: bob.cookie,
      form: { intent: 'outcome', outcome: 'honourable_difference', outcomeNote: 'Both ways stand.' },
    })
    expect(ok.status).toBe(302)
    const page = await concernPage(w, shared.id, alice.cookie)
    expect(page.body).toContain('An honourable difference')
    expect(page.body).toContain('acknowledged and accommodated')
    await expect(concerns.withdrawConcern(db(), alice, w.group.id, shared.id)).rejects.toMatchObject({ code: 'conflict' })
  })

  test('a group with no form cannot have a concern raised; a pair has no form at all', async () => {
    const w = await createWorld(db(), { senseMaking: false })
    const { alice, bob } = w.people
    await expect(
      concerns.raiseConcern(db(), alice, w.group.id, { about: 'practice', concern: 'x', named: [bob.id] }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('Agree one first') })
    const pairId = await createPair(db(), alice, w.people.dana)
    await expect(concerns.proposeForm(db(), alice, pairId, { intro: '', steps: 'Talk | involved' })).rejects.toMatchObject({
      code: 'conflict',
    })
  })

  test('a bad line of the form is refused beside the steps field, and each passing decision writes a new version', async () => {
    const w = await createWorld(db(), { senseMaking: false, conflicts: true })
    const { alice, bob, carol } = w.people
    await expect(concerns.proposeForm(db(), alice, w.group.id, { intro: '', steps: 'Talk | somewhere' })).rejects.toMatchObject({
      field: 'steps',
    })
    const id = await concerns.proposeForm(db(), alice, w.group.id, { intro: 'Shorter.', steps: 'Talk | involved\nMeet | group' })
    expect(await everyoneAgrees(db(), id, [alice, bob, carol])).toBe('passed')
    const versions = await db().selectFrom('conflictForms').select('version').where('groupId', '=', w.group.id).execute()
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2])
    // The shared concern keeps the version it was raised under.
    expect((await conflicts.getConflictPage(db(), alice, w.group.id, w.conflicts.shared.id)).steps).toHaveLength(4)
  })
})

describe('a link group asked to help', () => {
  test('reads only the summary the group decided to send, never the record; the asking is by passed decision only', async () => {
    const w = await createWorld(db(), { senseMaking: false, conflicts: true, network: true })
    const { alice, bob, carol } = w.people
    // Alice is in group A, asked by B: she reads B's summary, and B's concern is not hers to open.
    const page = await getLinkHelpPage(db(), alice, w.network.linkId)
    expect(JSON.stringify(page)).toContain(w.conflicts.help.summary)
    expect(JSON.stringify(page)).not.toContain(w.conflicts.help.concernText)
    expect(page.toUs[0]).not.toHaveProperty('conflictId')
    const bConcern = await db()
      .selectFrom('conflictHelpRequests')
      .select('conflictId')
      .where('id', '=', w.conflicts.help.requestId)
      .executeTakeFirstOrThrow()
    await expect(conflicts.getConflictPage(db(), alice, w.network.b.id, bConcern.conflictId)).rejects.toMatchObject({ code: 'not_found' })
    await answerHelp(db(), alice, w.network.linkId, { requestId: w.conflicts.help.requestId, answer: 'We can come.' })
    await expect(
      answerHelp(db(), bob, w.network.linkId, { requestId: w.conflicts.help.requestId, answer: 'Again.' }),
    ).rejects.toMatchObject({ code: 'conflict' })
    // B reads the answer on its concern.
    expect(JSON.stringify(await conflicts.getConflictPage(db(), carol, w.network.b.id, bConcern.conflictId))).toContain('We can come.')
    // The outsider, in neither group, is told the page does not exist.
    await expect(getLinkHelpPage(db(), w.people.outsider, w.network.linkId)).rejects.toMatchObject({ code: 'not_found' })

    // In A: a concern at a step between those involved cannot be sent; one at the group's step only once the decision passes.
    const early = await concerns.raiseConcern(db(), alice, w.network.a.id, { about: 'practice', concern: 'Early', named: [bob.id] })
    await expect(
      concerns.proposeHelp(db(), alice, w.network.a.id, early, { linkId: w.network.linkId, summary: 'too soon' }),
    ).rejects.toMatchObject({ code: 'conflict' })
    const linked = w.conflicts.linked.id
    const decisionId = await concerns.proposeHelp(db(), alice, w.network.a.id, linked, {
      linkId: w.network.linkId,
      summary: 'Please help us.',
    })
    const payload = await db()
      .selectFrom('decisions')
      .select(['payloadJson', 'body'])
      .where('id', '=', decisionId)
      .executeTakeFirstOrThrow()
    expect(payload.payloadJson).not.toContain('How we share the room')
    expect(payload.body).not.toContain('How we share the room')
    const count = () => db().selectFrom('conflictHelpRequests').select('id').where('conflictId', '=', linked).execute()
    expect(await count()).toHaveLength(0)
    expect(await everyoneAgrees(db(), decisionId, [alice, bob])).toBe('passed')
    expect(await count()).toHaveLength(1)
    // Carol (in B) reads the summary only.
    const theirs = JSON.stringify(await getLinkHelpPage(db(), carol, w.network.linkId))
    expect(theirs).toContain('Please help us.')
    expect(theirs).not.toContain('How we share the room')
  })
})

describe('withdrawal', () => {
  test('a withdrawing member takes their words: a concern they raised keeps its place with a marker; their notes and parts go; their name leaves the others’ notes', async () => {
    const w = await createWorld(db(), { senseMaking: false, conflicts: true })
    const { alice, bob, carol } = w.people
    const { shared } = w.conflicts
    await concerns.addNote(db(), bob, w.group.id, shared.id, { note: 'Alice and I met at the group.' })
    await withdrawFromGroup(db(), alice, w.group.id, { confirm: 'withdraw' })
    const page = JSON.stringify(await conflicts.getConflictPage(db(), carol, w.group.id, shared.id))
    expect(page).toContain(WITHDRAWN_CONCERN)
    expect(page).not.toContain(shared.text)
    expect(page).not.toContain(shared.note)
    expect(page).not.toContain('Alice')
    expect(page).toContain('A former member and I met at the group.')
    const parties = await db().selectFrom('conflictParties').select('personId').where('personId', '=', alice.id).execute()
    expect(parties).toEqual([])
    const row = await db().selectFrom('conflicts').select(['status', 'raisedBy']).where('id', '=', shared.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'withdrawn', raisedBy: null })
  })

  test('someone outside the group is refused the page of concerns', async () => {
    const w = await createWorld(db(), { senseMaking: false, conflicts: true })
    const newcomer = await createPerson(db(), 'Newcomer')
    const list = JSON.stringify(await conflicts.getConflictsPage(db(), w.people.alice, w.group.id))
    expect(list).toContain(w.conflicts.shared.id)
    await expect(conflicts.getConflictsPage(db(), newcomer, w.group.id)).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('the demo', () => {
  test('the demo group has agreed a form, and every member reads a concern closed as an honourable difference', async () => {
    const { seedDemo } = await import('~/features/demo/seed-demo.server')
    const { groupId } = await seedDemo(db(), { password: 'demo password for tests' })
    const member = await db()
      .selectFrom('members')
      .innerJoin('people', 'people.id', 'members.personId')
      .select(['people.id', 'people.email', 'people.displayName'])
      .where('members.groupId', '=', groupId)
      .where('people.email', '=', 'dev@demo.inquiry.local')
      .executeTakeFirstOrThrow()
    const page = await conflicts.getConflictsPage(db(), member, groupId)
    expect(page.form?.version).toBe(1)
    expect(page.concerns.map((c) => c.outcome)).toEqual(['An honourable difference'])
  })
})
