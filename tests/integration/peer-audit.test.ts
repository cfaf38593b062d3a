import { describe, expect, test } from 'vitest'
import { deleteAccount, withdrawFromGroup } from '~/features/accounts/withdrawal.server'
import { takeStancesInTurn } from '~/features/decisions/stance-round.server'
import { seedDemo } from '~/features/demo/seed-demo.server'
import * as auditService from '~/features/peer-audit/peer-audit.server'
import * as assessments from '~/features/peer-audit/assessments.server'
import * as auditRoute from '~/routes/groups.$groupId.audit._index'
import * as assessmentRoute from '~/routes/groups.$groupId.audit.$assessmentId'
import * as linkAuditsRoute from '~/routes/network.links.$linkId_.audits'
import { getDb } from '~/utils/db.server'
import { createWorld, type TestPerson, type World } from '../factories'
import { recordAssessment } from '../factories/audit'
import { get, post, tableCounts } from './harness'

// The group's peer review audit (issue 18, item 5): who reads what. A record is its writer's alone
// until shared with the audit group; it reaches the link groups only while shared and consented;
// the framework changes only by the group's decision; withdrawal takes a member's words with them.

const db = () => getDb()
const world = () => createWorld(db(), { senseMaking: false, audit: true })

const auditPage = (w: World, who: TestPerson | null) =>
  get(auditRoute, { path: `/groups/${w.group.id}/audit`, params: { groupId: w.group.id }, cookie: who?.cookie })
const recordPage = (w: World, who: TestPerson | null, assessmentId: string) =>
  get(assessmentRoute, {
    path: `/groups/${w.group.id}/audit/${assessmentId}`,
    params: { groupId: w.group.id, assessmentId },
    cookie: who?.cookie,
  })
const act = (w: World, who: TestPerson, assessmentId: string, form: Record<string, string>) =>
  post(assessmentRoute, {
    path: `/groups/${w.group.id}/audit/${assessmentId}`,
    params: { groupId: w.group.id, assessmentId },
    cookie: who.cookie,
    form,
  })
const linkPage = (w: World, who: TestPerson | null) =>
  get(linkAuditsRoute, { path: `/network/links/${w.audit.linkId}/audits`, params: { linkId: w.audit.linkId }, cookie: who?.cookie })

/** A member of the link group (Hana, from the world's link group), signed in. */
async function hana(w: World): Promise<TestPerson> {
  const row = await db()
    .selectFrom('members')
    .innerJoin('people', 'people.id', 'members.personId')
    .select(['people.id', 'people.email', 'people.displayName'])
    .where('members.groupId', '=', w.audit.linkedGroupId)
    .where('people.displayName', '=', 'Hana')
    .executeTakeFirstOrThrow()
  const { startSession } = await import('~/utils/session.server')
  const cookie = (await startSession(db(), row.id)).split(';')[0]!
  return { ...row, password: '', cookie }
}

const text = async (response: Response) => ({ status: response.status, body: await response.text() })

describe('a private record', () => {
  test('is invisible to another member, the facilitator and non-members, on every route', async () => {
    const w = await world()
    const { alice, bob, carol, outsider } = w.people
    // Alice facilitates the group; Carol's private record is hers alone.
    const secret = `Carol's private words ${w.tag}`
    const id = await recordAssessment(db(), carol, w.group.id, `Carol's private occasion ${w.tag}`, secret)
    const linked = await hana(w)
    for (const who of [alice, bob, outsider, linked]) {
      const index = await text(await auditPage(w, who))
      expect(index.body).not.toContain(secret)
      expect(index.body).not.toContain(`Carol's private occasion ${w.tag}`)
      const page = await text(await recordPage(w, who, id))
      expect(page.status, who.displayName).toBe(404)
      expect(page.body).not.toContain(secret)
      expect((await text(await linkPage(w, who))).body).not.toContain(secret)
    }
    const own = await text(await recordPage(w, carol, id))
    expect(own.status).toBe(200)
    expect(own.body).toContain(secret)
    expect((await text(await auditPage(w, carol))).body).toContain(`Carol's private occasion ${w.tag}`)
  })

  test('a peer assessment of it is refused, and the writer may not assess their own', async () => {
    const w = await world()
    const { alice, bob } = w.people
    const before = await tableCounts(db())
    const bobs = await act(w, bob, w.audit.privateId, { intent: 'peer', feedback: 'Seen it.' })
    expect(bobs.status).toBe(404)
    const own = await act(w, alice, w.audit.sharedId, { intent: 'peer', feedback: 'Me on me.' })
    expect(own.status).toBe(403)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('only its writer edits or deletes it, only while private; deleting asks first', async () => {
    const w = await world()
    const { alice, bob } = w.people
    const form = { intent: 'update', practisedOn: '2026-11-21', occasion: 'Revisited', reflection: 'More.', 'level.clear-agreement': '2' }
    expect((await act(w, bob, w.audit.sharedId, form)).status).toBe(403)
    const shared = await act(w, alice, w.audit.sharedId, form)
    expect(shared.status).toBe(409)
    expect(await shared.text()).toContain('un-share it first')
    expect((await act(w, alice, w.audit.privateId, form)).status).toBe(302)
    expect((await recordPage(w, alice, w.audit.privateId).then(text)).body).toContain('Revisited')

    const asked = await act(w, alice, w.audit.privateId, { intent: 'delete' })
    expect(await asked.json()).toMatchObject({ confirm: { intent: 'delete' } })
    expect((await act(w, alice, w.audit.privateId, { intent: 'delete', confirmed: 'yes' })).status).toBe(302)
    expect((await recordPage(w, alice, w.audit.privateId)).status).toBe(404)
  })

  test('bad input is refused beside its field, the input kept, nothing written', async () => {
    const w = await world()
    const { alice } = w.people
    const before = await tableCounts(db())
    const send = (form: Record<string, string>) =>
      post(auditRoute, { path: `/groups/${w.group.id}/audit`, params: { groupId: w.group.id }, cookie: alice.cookie, form })
    const base = { intent: 'assess', practisedOn: '2026-11-20', occasion: 'A session', reflection: '', 'level.clear-agreement': '3' }
    const cases: [Record<string, string>, string][] = [
      [{ ...base, 'level.clear-agreement': '5' }, 'level.clear-agreement'],
      [{ ...base, 'level.no-such-criterion': '2' }, 'level.no-such-criterion'],
      [{ ...base, 'level.clear-agreement': '' }, 'level.clear-agreement'],
      [{ ...base, occasion: '  ' }, 'occasion'],
      [{ ...base, practisedOn: '2999-01-01' }, 'practisedOn'],
      [{ ...base, practisedOn: '2026-02-30' }, 'practisedOn'],
      [{ intent: 'revise', framework: 'Listening\n- I listened.' }, 'framework'],
      [{ intent: 'revise', framework: '# Listening' }, 'framework'],
      [{ intent: 'adopt', templateSlug: 'no-such-template' }, 'templateSlug'],
      [{ intent: 'meeting', heldOn: 'soon', title: 'Meeting' }, 'heldOn'],
    ]
    for (const [form, field] of cases) {
      const response = await send(form)
      expect(response.status, JSON.stringify(form)).toBe(400)
      const body = (await response.json()) as { errors: Record<string, string>; values: Record<string, string> }
      expect(body.errors[field], JSON.stringify(form)).toBeTruthy()
      expect(body.values).toMatchObject(form)
    }
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('a shared record', () => {
  test('is read by the group’s members with the peers’ levels beside the self level, and not by the link groups', async () => {
    const w = await world()
    const { bob } = w.people
    const page = await recordPage(w, bob, w.audit.sharedId)
    expect(page.status).toBe(200)
    const data = (await page.json()) as Awaited<ReturnType<typeof assessments.getAssessmentPage>>
    expect(data.assessment.reflection).toBe(w.audit.sharedText)
    expect(data.peerAssessments.map((p) => p.feedback)).toEqual([w.audit.peerFeedback])
    expect(data.comparison.find((c) => c.criterionKey === 'clear-agreement')).toMatchObject({ self: 3, peers: [4] })
    expect(data.comparison.find((c) => c.criterionKey === 'boundaries-held')).toMatchObject({ self: 2, peers: [] })
    expect((await auditPage(w, bob).then(text)).body).toContain(`An ending, ${w.tag}`)
    expect((await linkPage(w, await hana(w)).then(text)).body).not.toContain(w.audit.sharedText)
  })

  test('reaches the link groups only while its writer consents, and is gone at once when consent is withdrawn', async () => {
    const w = await world()
    const { alice, bob } = w.people
    const linked = await hana(w)
    const readByLink = async () => (await linkPage(w, linked).then(text)).body.includes(w.audit.sharedText)
    expect(await readByLink()).toBe(false)
    expect((await act(w, alice, w.audit.sharedId, { intent: 'consent' })).status).toBe(302)
    expect(await readByLink()).toBe(true)
    // The link group reads the writer's record, not the peers' words on it.
    expect((await linkPage(w, linked).then(text)).body).not.toContain(w.audit.peerFeedback)
    // Bob, in Alice's own group, does not read his group's records through the link: they are the other group's page.
    expect((await linkPage(w, bob).then(text)).body).not.toContain(w.audit.sharedText)
    expect((await act(w, alice, w.audit.sharedId, { intent: 'withdraw-consent' })).status).toBe(302)
    expect(await readByLink()).toBe(false)

    // Taking the record back ends consent with it: sharing again does not bring it back to the link groups.
    await act(w, alice, w.audit.sharedId, { intent: 'consent' })
    await act(w, alice, w.audit.sharedId, { intent: 'unshare' })
    expect(await readByLink()).toBe(false)
    expect((await recordPage(w, bob, w.audit.sharedId)).status).toBe(404)
    await act(w, alice, w.audit.sharedId, { intent: 'share' })
    expect(await readByLink()).toBe(false)
    expect((await recordPage(w, bob, w.audit.sharedId)).status).toBe(200)
  })

  test('consent is refused while the record is not shared', async () => {
    const w = await world()
    const before = await tableCounts(db())
    const response = await act(w, w.people.alice, w.audit.privateId, { intent: 'consent' })
    expect(response.status).toBe(409)
    expect(await response.text()).toContain('Share the assessment with your audit group first')
    const row = await db()
      .selectFrom('auditAssessments')
      .select('linksConsentAt')
      .where('id', '=', w.audit.privateId)
      .executeTakeFirstOrThrow()
    expect(row.linksConsentAt).toBeNull()
    expect(await tableCounts(db())).toEqual(before)
  })

  test('the link group’s page is for the two groups’ members only, and shows nothing once the link ends', async () => {
    const w = await world()
    expect((await linkPage(w, w.people.outsider)).status).toBe(404)
    expect((await linkPage(w, w.people.dana)).status).toBe(404)
    const own = await linkPage(w, w.people.alice).then(text)
    expect(own.body).toContain(w.audit.linkedText)
    await db().updateTable('networkLinks').set({ status: 'ended' }).where('id', '=', w.audit.linkId).execute()
    expect((await linkPage(w, w.people.alice).then(text)).body).not.toContain(w.audit.linkedText)
  })
})

describe('the framework', () => {
  test('changes only through a passed decision of the group', async () => {
    const w = await world()
    const { alice, bob, carol } = w.people
    const version = async () =>
      (
        await db()
          .selectFrom('auditFrameworks')
          .select('version')
          .where('groupId', '=', w.group.id)
          .orderBy('version', 'desc')
          .executeTakeFirst()
      )?.version
    expect(await version()).toBe(1)
    const current = await auditService.getAuditPage(db(), alice, w.group.id)
    const text = `${current.audit!.framework!.text}\n\n# Endings | How the work ends\n- I prepared the ending with the client.`
    const decisionId = await auditService.proposeRevision(db(), bob, w.group.id, { framework: text, why: '' })
    const decision = await db().selectFrom('decisions').select(['kind', 'body']).where('id', '=', decisionId).executeTakeFirstOrThrow()
    expect(decision.kind).toBe('audit_framework')
    expect(decision.body).toContain('Add the component “Endings”.')
    await takeStancesInTurn(db(), decisionId, [
      { person: alice, stance: 'agree' },
      { person: bob, stance: 'agree' },
    ])
    expect(await version()).toBe(1)
    await takeStancesInTurn(db(), decisionId, [{ person: carol, stance: 'block', reason: 'Not yet.' }])
    expect(await version()).toBe(1)
    await takeStancesInTurn(db(), decisionId, [{ person: carol, stance: 'agree', reason: 'We talked it through.' }])
    expect(await version()).toBe(2)
    const page = await auditService.getAuditPage(db(), alice, w.group.id)
    expect(page.audit!.framework!.components.map((c) => c.name)).toContain('Endings')
    expect(page.audit!.versions.map((v) => v.version)).toEqual([2, 1])
    // An earlier record still reads against the version it was made under.
    const old = await assessments.getAssessmentPage(db(), alice, w.group.id, w.audit.privateId)
    expect(old.assessment.frameworkVersion).toBe(1)
    expect(old.components.map((c) => c.name)).not.toContain('Endings')
    // Proposing the framework as it stands is refused beside the field.
    await expect(
      auditService.proposeRevision(db(), bob, w.group.id, { framework: page.audit!.framework!.text, why: '' }),
    ).rejects.toMatchObject({
      status: 400,
      field: 'framework',
    })
  })

  test('a pair is told the audit is a practitioner group’s practice, and nothing is written', async () => {
    const w = await world()
    const pairId = w.pairs.ready.id
    const response = await get(auditRoute, { path: `/groups/${pairId}/audit`, params: { groupId: pairId }, cookie: w.people.alice.cookie })
    expect(response.status).toBe(200)
    expect((await response.json()).pairMessage).toContain('practitioner group')
    const before = await tableCounts(db())
    for (const form of <Record<string, string>[]>[
      { intent: 'adopt', templateSlug: 'peer-review-audit-counselling' },
      { intent: 'meeting', heldOn: '2027-01-01', title: 'A meeting' },
    ]) {
      const posted = await post(auditRoute, {
        path: `/groups/${pairId}/audit`,
        params: { groupId: pairId },
        cookie: w.people.alice.cookie,
        form,
      })
      expect(posted.status).toBe(409)
    }
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('withdrawal and account deletion', () => {
  test('a withdrawing member’s records and peer assessments in the group go; the others’ stay', async () => {
    const w = await world()
    const { alice, bob } = w.people
    await withdrawFromGroup(db(), bob, w.group.id, { confirm: 'withdraw' })
    const peer = await db().selectFrom('auditPeerAssessments').select('feedback').where('feedback', '=', w.audit.peerFeedback).execute()
    expect(peer).toEqual([])
    const meeting = await db().selectFrom('auditMeetings').select('createdBy').where('id', '=', w.audit.meetingId).executeTakeFirstOrThrow()
    expect(meeting.createdBy).toBeNull()
    expect(await db().selectFrom('auditAssessments').select('id').where('personId', '=', alice.id).execute()).toHaveLength(2)

    await withdrawFromGroup(db(), alice, w.group.id, { confirm: 'withdraw' })
    expect(await db().selectFrom('auditAssessments').select('id').where('personId', '=', alice.id).execute()).toEqual([])
    expect(await db().selectFrom('auditAssessments').select('id').where('id', '=', w.audit.carolSharedId).execute()).toHaveLength(1)
  })

  test('what the others wrote in the audit keeps its words, with a withdrawn member’s name rewritten out', async () => {
    const w = await world()
    const { alice } = w.people
    // Bob's peer assessment now reads Carol's record, and names Alice; Carol's reflection names her too.
    await db()
      .updateTable('auditPeerAssessments')
      .set({ assessmentId: w.audit.carolSharedId, feedback: `Alice said the same at our meeting, ${w.tag}` })
      .where('feedback', '=', w.audit.peerFeedback)
      .execute()
    await db()
      .updateTable('auditAssessments')
      .set({ reflection: `Alice helped me see it, ${w.tag}` })
      .where('id', '=', w.audit.carolSharedId)
      .execute()
    await withdrawFromGroup(db(), alice, w.group.id, { confirm: 'withdraw' })
    const feedback = await db()
      .selectFrom('auditPeerAssessments')
      .select('feedback')
      .where('assessmentId', '=', w.audit.carolSharedId)
      .execute()
    expect(feedback.map((f) => f.feedback)).toEqual([`A former member said the same at our meeting, ${w.tag}`])
    const record = await db()
      .selectFrom('auditAssessments')
      .select('reflection')
      .where('id', '=', w.audit.carolSharedId)
      .executeTakeFirstOrThrow()
    expect(record.reflection).toBe(`A former member helped me see it, ${w.tag}`)
  })

  test('deleting an account removes its audit records everywhere', async () => {
    const w = await world()
    const linked = await hana(w)
    await deleteAccount(db(), linked, { confirm: 'delete my account' })
    expect(await db().selectFrom('auditAssessments').select('id').where('personId', '=', linked.id).execute()).toEqual([])
    expect((await linkPage(w, w.people.alice).then(text)).body).not.toContain(w.audit.linkedText)
  })
})

test('the demo group keeps a peer review audit: a revised framework, shared records, peers’ assessments', async () => {
  const { groupId } = await seedDemo(db(), { password: 'demo password for tests' })
  const frameworks = await db().selectFrom('auditFrameworks').select('version').where('groupId', '=', groupId).execute()
  expect(frameworks.map((f) => f.version).sort()).toEqual([1, 2])
  const shared = await db()
    .selectFrom('auditAssessments')
    .select('linksConsentAt')
    .where('groupId', '=', groupId)
    .where('sharedAt', 'is not', null)
    .execute()
  expect(shared).toHaveLength(2)
  expect(shared.filter((s) => s.linksConsentAt)).toHaveLength(1)
  expect(await db().selectFrom('auditPeerAssessments').select('id').execute()).not.toHaveLength(0)
})
