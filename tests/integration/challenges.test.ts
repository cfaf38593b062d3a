import { describe, expect, test } from 'vitest'
import { proposeGeneral } from '~/features/groups/groups.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as challengeRoute from '~/routes/inquiries.$inquiryId.challenges.$challengeId'
import * as challengesRoute from '~/routes/inquiries.$inquiryId.challenges._index'
import * as validityRoute from '~/routes/inquiries.$inquiryId.cycles.$cycleNumber.validity'
import * as recordRoute from '~/routes/inquiries.$inquiryId.records.$recordId'
import * as themeRoute from '~/routes/inquiries.$inquiryId.themes.$themeId'
import { getDb } from '~/utils/db.server'
import { notFoundResponse } from '~/utils/http.server'
import {
  conclude,
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  moveOn,
  rate,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get, idFrom, importRoute, locationOf, post, tableCounts } from './harness'

// The validity issue, devil's advocate: any member can raise a challenge against a theme, a
// record, a decision or the process, naming the hazard; challenges show on their target and
// in the review; the raiser resolves it as revised, answered or left open, anyone else may
// only answer it, and a challenge is never deleted.

const db = () => getDb()
const NOT_FOUND_BODY = await notFoundResponse().text()
const analysisJson = await importRoute('inquiries.$inquiryId.analysis[.json].tsx')
const validityJson = await importRoute('inquiries.$inquiryId.cycles.$cycleNumber.validity[.json].tsx')

/**
 * Three members (Ada facilitates) and an outsider; cycle 1 is in sense-making with a theme
 * (and a second one), a shared record by Ada, a private one by Ben, and the passed decision
 * that moved the inquiry to its action phase.
 */
async function circle() {
  const ada = await createPerson(db(), 'Ada')
  const ben = await createPerson(db(), 'Ben')
  const cy = await createPerson(db(), 'Cy')
  const outsider = await createPerson(db(), 'Outsider')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people, { name: 'Challenge circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  const decisionId = await moveOn(db(), inquiryId, people)
  const sharedRecord = await createTestRecord(db(), ada, inquiryId, { text: 'I waited and the client spoke.' })
  const privateRecord = await createTestRecord(db(), ben, inquiryId, { text: 'Only for me: I was bored.', visibility: 'private' })
  await toSenseMaking(db(), inquiryId, people)
  const themeId = await createTestTheme(db(), ada, inquiryId, 'Waiting helps')
  const otherThemeId = await createTestTheme(db(), ben, inquiryId, 'Rushing in')
  return { ada, ben, cy, outsider, people, groupId, inquiryId, decisionId, sharedRecord, privateRecord, themeId, otherThemeId }
}

type Circle = Awaited<ReturnType<typeof circle>>

function raise(person: TestPerson | null, inquiryId: string, form: Record<string, string>) {
  return post(challengesRoute, { path: `/inquiries/${inquiryId}/challenges`, params: { inquiryId }, cookie: person?.cookie, form })
}

async function raised(
  person: TestPerson,
  inquiryId: string,
  target: string,
  text = 'We agreed on this far too quickly.',
  hazard = 'consensus_collusion',
) {
  const response = await raise(person, inquiryId, { target, hazard, text })
  expect(response.status).toBe(302)
  return idFrom(response, `/inquiries/${inquiryId}/challenges`)
}

function resolve(person: TestPerson | null, inquiryId: string, challengeId: string, form: Record<string, string>) {
  return post(challengeRoute, {
    path: `/inquiries/${inquiryId}/challenges/${challengeId}`,
    params: { inquiryId, challengeId },
    cookie: person?.cookie,
    form,
  })
}

async function challengeRows(inquiryId: string) {
  return db().selectFrom('challenges').selectAll().where('inquiryId', '=', inquiryId).orderBy('createdAt').execute()
}

async function row(challengeId: string) {
  return db().selectFrom('challenges').selectAll().where('id', '=', challengeId).executeTakeFirstOrThrow()
}

async function loaderOf(module: Parameters<typeof get>[0], path: string, params: Record<string, string>, person: TestPerson) {
  const response = await get(module, { path, params, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

const themePage = (c: Circle, person: TestPerson, themeId = c.themeId) =>
  loaderOf(themeRoute, `/inquiries/${c.inquiryId}/themes/${themeId}`, { inquiryId: c.inquiryId, themeId }, person)
const recordPage = (c: Circle, person: TestPerson, recordId = c.sharedRecord) =>
  loaderOf(recordRoute, `/inquiries/${c.inquiryId}/records/${recordId}`, { inquiryId: c.inquiryId, recordId }, person)
const decisionPage = (person: TestPerson, decisionId: string) => loaderOf(decisionRoute, `/decisions/${decisionId}`, { decisionId }, person)
const challengePage = (c: Circle, person: TestPerson, challengeId: string) =>
  loaderOf(challengeRoute, `/inquiries/${c.inquiryId}/challenges/${challengeId}`, { inquiryId: c.inquiryId, challengeId }, person)

describe('raising a challenge', () => {
  test('on a theme: stored with its raiser, hazard, text and the current cycle, unresolved', async () => {
    const c = await circle()
    const response = await raise(c.cy, c.inquiryId, {
      target: `theme:${c.themeId}`,
      hazard: 'uncritical_subjectivity',
      text: 'Do we know it helps, or do we like to think so?',
    })
    expect(response.status).toBe(302)
    const id = idFrom(response, `/inquiries/${c.inquiryId}/challenges`)
    expect(locationOf(response)).toBe(`/inquiries/${c.inquiryId}/challenges/${id}`)
    const cycle = await db().selectFrom('cycles').select('id').where('inquiryId', '=', c.inquiryId).executeTakeFirstOrThrow()
    expect(await row(id)).toMatchObject({
      inquiryId: c.inquiryId,
      cycleId: cycle.id,
      raisedBy: c.cy.id,
      targetKind: 'theme',
      targetId: c.themeId,
      hazard: 'uncritical_subjectivity',
      text: 'Do we know it helps, or do we like to think so?',
      resolution: null,
      resolutionText: null,
      resolvedBy: null,
      resolvedAt: null,
    })
    const page = await challengePage(c, c.ada, id)
    expect(page.challenge).toMatchObject({
      id,
      raisedByName: 'Cy',
      cycleNumber: 1,
      isMine: false,
      resolution: null,
      target: { label: 'Theme: Waiting helps', path: `/inquiries/${c.inquiryId}/themes/${c.themeId}` },
    })
  })

  test("on a shared record, on a decision of the inquiry, and on the group's process", async () => {
    const c = await circle()
    const onRecord = await raised(
      c.ben,
      c.inquiryId,
      `record:${c.sharedRecord}`,
      'This record explains more than it describes.',
      'uncritical_subjectivity',
    )
    const onDecision = await raised(c.cy, c.inquiryId, `decision:${c.decisionId}`, 'We moved on before everyone had a plan.', 'dominance')
    const onProcess = await raised(c.ada, c.inquiryId, 'process', 'We never talk about how tired we are.', 'unaware_projection')
    expect(await row(onRecord)).toMatchObject({ targetKind: 'record', targetId: c.sharedRecord, raisedBy: c.ben.id })
    expect(await row(onDecision)).toMatchObject({ targetKind: 'decision', targetId: c.decisionId, hazard: 'dominance' })
    expect(await row(onProcess)).toMatchObject({ targetKind: 'process', targetId: null, hazard: 'unaware_projection' })
    expect((await challengePage(c, c.ben, onRecord)).challenge.target).toEqual({
      label: 'Record by Ada: I waited and the client spoke.',
      path: `/inquiries/${c.inquiryId}/records/${c.sharedRecord}`,
    })
    expect((await challengePage(c, c.ben, onDecision)).challenge.target).toEqual({
      label: 'Decision: Move to Action – experience',
      path: `/decisions/${c.decisionId}`,
    })
    expect((await challengePage(c, c.ben, onProcess)).challenge.target).toEqual({ label: "The group's process", path: null })
  })

  test('a private record cannot be challenged, by its author or anyone else: 400 on target, nothing written', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    for (const person of [c.ben, c.ada]) {
      const response = await raise(person, c.inquiryId, {
        target: `record:${c.privateRecord}`,
        hazard: 'other',
        text: 'Challenging something private.',
      })
      expect(response.status).toBe(400)
      const body = await bodyOf(response)
      expect(body.errors.target).toBe('Choose a theme, a shared record or a decision of this inquiry, or the group’s process.')
      // The refusal names nothing of the private record.
      expect(JSON.stringify(body)).not.toContain('bored')
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test("a target that is not this inquiry's is refused with 400 on target and writes nothing", async () => {
    const c = await circle()
    const sibling = await createTestInquiry(db(), c.ada, c.groupId)
    const siblingTheme = await (async () => {
      await toSenseMaking(db(), sibling, c.people)
      return createTestTheme(db(), c.ada, sibling, 'A sibling theme')
    })()
    const siblingRecord = await createTestRecord(db(), c.ada, sibling, { text: 'A sibling record.' })
    const siblingDecision = await db().selectFrom('decisions').select('id').where('inquiryId', '=', sibling).executeTakeFirstOrThrow()
    const before = await tableCounts(db())
    for (const target of [
      `theme:${siblingTheme}`,
      `record:${siblingRecord}`,
      `decision:${siblingDecision.id}`,
      'theme:Zz9unknownId0000',
      'record:Zz9unknownId0000',
      'decision:Zz9unknownId0000',
    ]) {
      const response = await raise(c.ben, c.inquiryId, { target, hazard: 'other', text: 'Pointing somewhere else entirely.' })
      expect(response.status, target).toBe(400)
      expect((await bodyOf(response)).errors.target, target).toBeTruthy()
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a group decision that belongs to no inquiry is not "a decision of this inquiry": 400 on target, nothing written', async () => {
    // The form offers only this inquiry's decisions, the refusal says "a decision of this inquiry",
    // and the decision page shows challenges only of the decision's own inquiry, so a challenge
    // raised here on a group-wide decision would show on no target at all.
    const c = await circle()
    const groupDecision = await proposeGeneral(db(), c.ada, c.groupId, { title: 'Meet fortnightly', body: '' })
    const targets = (await loaderOf(challengesRoute, `/inquiries/${c.inquiryId}/challenges`, { inquiryId: c.inquiryId }, c.ben)).targets
    expect(targets.map((t: { value: string }) => t.value)).not.toContain(`decision:${groupDecision}`)
    const before = await tableCounts(db())
    const response = await raise(c.ben, c.inquiryId, {
      target: `decision:${groupDecision}`,
      hazard: 'dominance',
      text: 'One voice carried this proposal.',
    })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.target).toBe(
      'Choose a theme, a shared record or a decision of this inquiry, or the group’s process.',
    )
    expect(await tableCounts(db())).toEqual(before)
  })

  test('the hazard must be named, and the challenge said in a sentence: 400 beside the field, input kept, nothing written', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    const cases: [Record<string, string>, string, string][] = [
      [{ target: 'process', text: 'We agree too quickly.' }, 'hazard', 'Name the hazard you see.'],
      [{ target: 'process', hazard: '', text: 'We agree too quickly.' }, 'hazard', 'Name the hazard you see.'],
      [{ target: 'process', hazard: 'groupthink', text: 'We agree too quickly.' }, 'hazard', 'Name the hazard you see.'],
      [{ target: 'process', hazard: 'other', text: 'Hmm.' }, 'text', 'Say what you are challenging and why (at least a sentence).'],
      [{ target: 'process', hazard: 'other', text: '          ' }, 'text', 'Say what you are challenging and why (at least a sentence).'],
      [{ target: 'everything', hazard: 'other', text: 'We agree too quickly.' }, 'target', 'Choose what you are challenging.'],
    ]
    for (const [form, field, message] of cases) {
      const response = await raise(c.ben, c.inquiryId, form)
      expect(response.status, JSON.stringify(form)).toBe(400)
      const body = await bodyOf(response)
      expect(body.errors[field], JSON.stringify(form)).toBe(message)
      if (form.text) expect(body.values.text).toBe(form.text)
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a non-member is answered 404 and writes nothing; an anonymous visitor is sent to log in', async () => {
    const c = await circle()
    const id = await raised(c.ada, c.inquiryId, `theme:${c.themeId}`)
    const before = await tableCounts(db())
    for (const target of [`theme:${c.themeId}`, 'process']) {
      const response = await raise(c.outsider, c.inquiryId, { target, hazard: 'other', text: 'An outsider has opinions too.' })
      expect(response.status).toBe(404)
      expect(await response.text()).toBe(NOT_FOUND_BODY)
    }
    const list = await get(challengesRoute, {
      path: `/inquiries/${c.inquiryId}/challenges`,
      params: { inquiryId: c.inquiryId },
      cookie: c.outsider.cookie,
    })
    expect(list.status).toBe(404)
    const one = await get(challengeRoute, {
      path: `/inquiries/${c.inquiryId}/challenges/${id}`,
      params: { inquiryId: c.inquiryId, challengeId: id },
      cookie: c.outsider.cookie,
    })
    expect(one.status).toBe(404)
    expect(await one.text()).toBe(NOT_FOUND_BODY)
    const resolved = await resolve(c.outsider, c.inquiryId, id, { resolution: 'answered', resolutionText: 'I can answer from outside.' })
    expect(resolved.status).toBe(404)
    const anonymous = await raise(null, c.inquiryId, { target: 'process', hazard: 'other', text: 'Nobody knows who I am.' })
    expect(anonymous.status).toBe(302)
    expect(locationOf(anonymous)).toBe(`/login?redirectTo=${encodeURIComponent(`/inquiries/${c.inquiryId}/challenges`)}`)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a concluded inquiry takes no new challenges (409), and its challenges stay on the record', async () => {
    const c = await circle()
    const id = await raised(c.cy, c.inquiryId, 'process')
    await conclude(db(), c.inquiryId, c.people)
    const before = await tableCounts(db())
    const response = await raise(c.ben, c.inquiryId, { target: 'process', hazard: 'other', text: 'One last thought after the end.' })
    expect(response.status).toBe(409)
    expect(await tableCounts(db())).toEqual(before)
    expect((await challengePage(c, c.ada, id)).challenge.id).toBe(id)
  })
})

describe('resolving a challenge', () => {
  test('the raiser may mark it revised, saying what changed', async () => {
    const c = await circle()
    const id = await raised(c.ben, c.inquiryId, `theme:${c.themeId}`)
    const response = await resolve(c.ben, c.inquiryId, id, {
      resolution: 'revised',
      resolutionText: 'We renamed the theme to "Waiting, sometimes".',
    })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe(`/inquiries/${c.inquiryId}/challenges/${id}`)
    const stored = await row(id)
    expect(stored).toMatchObject({
      resolution: 'revised',
      resolutionText: 'We renamed the theme to "Waiting, sometimes".',
      resolvedBy: c.ben.id,
    })
    expect(stored.resolvedAt).not.toBeNull()
    expect((await challengePage(c, c.ada, id)).challenge).toMatchObject({ resolution: 'revised', resolvedByName: 'Ben' })
  })

  test('the raiser may leave it open, and it can still be answered later', async () => {
    const c = await circle()
    const id = await raised(c.ben, c.inquiryId, 'process')
    expect((await resolve(c.ben, c.inquiryId, id, { resolution: 'left_open', resolutionText: '' })).status).toBe(302)
    expect(await row(id)).toMatchObject({ resolution: 'left_open', resolutionText: null, resolvedBy: c.ben.id })
    expect(
      (await resolve(c.cy, c.inquiryId, id, { resolution: 'answered', resolutionText: 'We talked it through in the next meeting.' }))
        .status,
    ).toBe(302)
    expect(await row(id)).toMatchObject({
      resolution: 'answered',
      resolutionText: 'We talked it through in the next meeting.',
      resolvedBy: c.cy.id,
    })
  })

  test('another member may only answer it: revised or left open by someone else is a 403 and writes nothing', async () => {
    const c = await circle()
    const id = await raised(c.ben, c.inquiryId, `theme:${c.themeId}`)
    const before = await tableCounts(db())
    const stored = await row(id)
    for (const form of [
      { resolution: 'revised', resolutionText: 'I changed it for you.' },
      { resolution: 'left_open', resolutionText: '' },
    ]) {
      const response = await resolve(c.ada, c.inquiryId, id, form)
      expect(response.status).toBe(403)
      expect((await bodyOf(response)).errors.resolution).toBe(
        'Only the person who raised a challenge can mark it revised or left open; you can answer it.',
      )
    }
    expect(await tableCounts(db())).toEqual(before)
    expect(await row(id)).toEqual(stored)
    expect((await challengePage(c, c.ada, id)).challenge.isMine).toBe(false)

    const answered = await resolve(c.ada, c.inquiryId, id, {
      resolution: 'answered',
      resolutionText: 'Three of our records show the client speaking after a wait.',
    })
    expect(answered.status).toBe(302)
    expect(await row(id)).toMatchObject({ resolution: 'answered', resolvedBy: c.ada.id, raisedBy: c.ben.id, text: stored.text })
  })

  test('an answer needs words: 400 on resolutionText, nothing written', async () => {
    const c = await circle()
    const id = await raised(c.ben, c.inquiryId, 'process')
    const before = await tableCounts(db())
    for (const [person, form, message] of [
      [c.ada, { resolution: 'answered', resolutionText: '' }, 'Write the answer.'],
      [c.ben, { resolution: 'revised', resolutionText: 'ok' }, 'Say what changed.'],
    ] as const) {
      const response = await resolve(person, c.inquiryId, id, form)
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors.resolutionText).toBe(message)
    }
    const unknown = await resolve(c.ben, c.inquiryId, id, { resolution: 'deleted', resolutionText: 'Gone' })
    expect(unknown.status).toBe(400)
    expect((await bodyOf(unknown)).errors.resolution).toBe('Choose how the challenge is resolved.')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a challenge resolved as revised or answered cannot be resolved again (409), by anyone', async () => {
    const c = await circle()
    const revised = await raised(c.ben, c.inquiryId, `theme:${c.themeId}`)
    const answered = await raised(c.cy, c.inquiryId, 'process')
    expect((await resolve(c.ben, c.inquiryId, revised, { resolution: 'revised', resolutionText: 'We split the theme.' })).status).toBe(302)
    expect((await resolve(c.ada, c.inquiryId, answered, { resolution: 'answered', resolutionText: 'We do, every meeting.' })).status).toBe(
      302,
    )
    const before = await tableCounts(db())
    const rows = await challengeRows(c.inquiryId)
    for (const [person, id, form] of [
      [c.ben, revised, { resolution: 'left_open', resolutionText: '' }],
      [c.ben, revised, { resolution: 'answered', resolutionText: 'Changing my mind about it.' }],
      [c.cy, answered, { resolution: 'revised', resolutionText: 'Actually we changed something.' }],
      [c.cy, answered, { resolution: 'left_open', resolutionText: '' }],
      [c.ben, answered, { resolution: 'answered', resolutionText: 'A second answer over the first.' }],
    ] as const) {
      const response = await resolve(person, c.inquiryId, id, form)
      expect(response.status).toBe(409)
      expect((await bodyOf(response)).formError).toBe('This challenge has already been resolved.')
    }
    expect(await tableCounts(db())).toEqual(before)
    expect(await challengeRows(c.inquiryId)).toEqual(rows)
  })

  test('nothing is ever deleted: not by a "delete" request, not when the target goes, and not when the cycle closes', async () => {
    const c = await circle()
    const onRecord = await raised(c.ben, c.inquiryId, `record:${c.sharedRecord}`, 'This record explains more than it describes.')
    const onTheme = await raised(c.ada, c.inquiryId, `theme:${c.otherThemeId}`)
    await resolve(c.ben, c.inquiryId, onRecord, { resolution: 'answered', resolutionText: 'Ada rewrote it closer to the event.' })
    for (const form of [{ intent: 'delete' }, { resolution: 'deleted', resolutionText: '' }] as Record<string, string>[]) {
      expect((await resolve(c.ben, c.inquiryId, onRecord, form)).status).toBe(400)
    }
    const ids = async () => (await challengeRows(c.inquiryId)).map((r) => r.id).sort()
    expect(await ids()).toEqual([onRecord, onTheme].sort())

    // The record's author deletes the record: the challenge stays, its target no longer shown.
    const deleted = await post(recordRoute, {
      path: `/inquiries/${c.inquiryId}/records/${c.sharedRecord}`,
      params: { inquiryId: c.inquiryId, recordId: c.sharedRecord },
      cookie: c.ada.cookie,
      form: { intent: 'delete', confirmed: 'yes' },
    })
    expect(deleted.status).toBe(302)
    expect(await ids()).toEqual([onRecord, onTheme].sort())
    const page = await challengePage(c, c.cy, onRecord)
    expect(page.challenge).toMatchObject({
      text: 'This record explains more than it describes.',
      resolution: 'answered',
      target: { label: 'Something no longer shown', path: null },
    })
    expect(JSON.stringify(page)).not.toContain('I waited and the client spoke.')

    // The cycle closes: its challenges stay, still listed with their cycle.
    await moveOn(db(), c.inquiryId, c.people)
    expect(await ids()).toEqual([onRecord, onTheme].sort())
    const list = await loaderOf(challengesRoute, `/inquiries/${c.inquiryId}/challenges`, { inquiryId: c.inquiryId }, c.cy)
    expect(list.challenges.map((ch: { id: string; cycleNumber: number }) => [ch.id, ch.cycleNumber]).sort()).toEqual(
      [
        [onRecord, 1],
        [onTheme, 1],
      ].sort(),
    )
  })

  test('a challenge of another inquiry is not found through this one', async () => {
    const c = await circle()
    const id = await raised(c.ben, c.inquiryId, 'process')
    const other = await createTestInquiry(db(), c.ada, c.groupId)
    const before = await tableCounts(db())
    const page = await get(challengeRoute, {
      path: `/inquiries/${other}/challenges/${id}`,
      params: { inquiryId: other, challengeId: id },
      cookie: c.ben.cookie,
    })
    expect(page.status).toBe(404)
    const response = await resolve(c.ben, other, id, { resolution: 'revised', resolutionText: 'Through the wrong door.' })
    expect(response.status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('where challenges show', () => {
  test("on their target's page (theme, record, decision), and only there", async () => {
    const c = await circle()
    const onTheme = await raised(c.ben, c.inquiryId, `theme:${c.themeId}`, 'Do we know that waiting helps?')
    const onRecord = await raised(c.cy, c.inquiryId, `record:${c.sharedRecord}`, 'This is a story about Ada, not the client.')
    const onDecision = await raised(c.ada, c.inquiryId, `decision:${c.decisionId}`, 'We moved on before Cy had a plan.', 'dominance')
    await raised(c.ada, c.inquiryId, 'process', 'We never check in.')

    for (const viewer of c.people) {
      const theme = await themePage(c, viewer)
      expect(theme.challenges.map((ch: { id: string }) => ch.id)).toEqual([onTheme])
      expect(theme.challenges[0]).toMatchObject({
        text: 'Do we know that waiting helps?',
        raisedByName: 'Ben',
        hazard: 'consensus_collusion',
        resolution: null,
      })
      expect((await themePage(c, viewer, c.otherThemeId)).challenges).toEqual([])
      const record = await recordPage(c, viewer)
      expect(record.challenges.map((ch: { id: string }) => ch.id)).toEqual([onRecord])
      const decision = await decisionPage(viewer, c.decisionId)
      expect(decision.challenges.map((ch: { id: string }) => ch.id)).toEqual([onDecision])
      expect(decision.challenges[0]).toMatchObject({ hazard: 'dominance', raisedByName: 'Ada' })
    }
    // A private record shows no challenges, to its author either.
    expect((await recordPage(c, c.ben, c.privateRecord)).challenges).toEqual([])

    // A resolution shows on the target too.
    await resolve(c.ada, c.inquiryId, onTheme, { resolution: 'answered', resolutionText: 'Six records say so.' })
    expect((await themePage(c, c.cy)).challenges[0]).toMatchObject({ resolution: 'answered', resolutionText: 'Six records say so.' })
  })

  test("in the cycle's validity review, page and JSON, with their resolution", async () => {
    const c = await circle()
    const onTheme = await raised(c.ben, c.inquiryId, `theme:${c.themeId}`, 'Do we know that waiting helps?')
    const onProcess = await raised(c.cy, c.inquiryId, 'process', 'We never check in.', 'unaware_projection')
    await resolve(c.cy, c.inquiryId, onProcess, { resolution: 'revised', resolutionText: 'We now open with a check-in.' })

    const page = await loaderOf(
      validityRoute,
      `/inquiries/${c.inquiryId}/cycles/1/validity`,
      { inquiryId: c.inquiryId, cycleNumber: '1' },
      c.ada,
    )
    expect(page.challenges.map((ch: { id: string }) => ch.id).sort()).toEqual([onTheme, onProcess].sort())
    expect(page.challenges.find((ch: { id: string }) => ch.id === onProcess)).toMatchObject({
      resolution: 'revised',
      resolutionText: 'We now open with a check-in.',
      target: { label: "The group's process" },
    })
    const dissent = page.indicators.find((i: { key: string }) => i.key === 'dissent')
    expect(dissent.sentence).toMatch(/^2 challenges were raised/)

    const json = await bodyOf(
      await get(validityJson, {
        path: `/inquiries/${c.inquiryId}/cycles/1/validity.json`,
        params: { inquiryId: c.inquiryId, cycleNumber: '1' },
        cookie: c.ada.cookie,
      }),
    )
    expect(json.challenges.find((ch: { id: string }) => ch.id === onTheme)).toEqual({
      id: onTheme,
      hazard: 'consensus_collusion',
      target: 'Theme: Waiting helps',
      text: 'Do we know that waiting helps?',
      raisedBy: 'Ben',
      resolution: null,
      resolutionText: null,
      createdAt: expect.any(String),
    })

    // Cycle 2's review holds only cycle 2's challenges.
    await moveOn(db(), c.inquiryId, c.people)
    const later = await raised(c.ada, c.inquiryId, 'process', 'A new cycle, the same habits.')
    const two = await loaderOf(
      validityRoute,
      `/inquiries/${c.inquiryId}/cycles/2/validity`,
      { inquiryId: c.inquiryId, cycleNumber: '2' },
      c.ben,
    )
    expect(two.challenges.map((ch: { id: string }) => ch.id)).toEqual([later])
  })

  test("a challenge counts toward its raiser's participation in the cycle's analysis", async () => {
    // docs/design.md §4: participation balance counts records, words, themes proposed, challenges and stances.
    const c = await circle()
    await raised(c.cy, c.inquiryId, `theme:${c.themeId}`)
    await raised(c.cy, c.inquiryId, 'process')
    for (const person of c.people) await rate(db(), person, c.inquiryId, 'blind', { [c.themeId]: 3, [c.otherThemeId]: 4 })
    const response = await get(analysisJson, {
      path: `/inquiries/${c.inquiryId}/analysis.json?cycle=1`,
      params: { inquiryId: c.inquiryId },
      cookie: c.ada.cookie,
    })
    expect(response.status).toBe(200)
    const { analysis } = await bodyOf(response)
    const challenges = Object.fromEntries(
      analysis.participation.members.map((m: { name: string; challenges: number }) => [m.name, m.challenges]),
    )
    expect(challenges).toEqual({ Ada: 0, Ben: 0, Cy: 2 })
  })
})
