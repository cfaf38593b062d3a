import { describe, expect, test } from 'vitest'
import { proposeGeneral } from '~/features/groups/groups.server'
import * as challengeRoute from '~/routes/inquiries.$inquiryId.challenges.$challengeId'
import * as challengesRoute from '~/routes/inquiries.$inquiryId.challenges._index'
import { notFoundResponse } from '~/utils/http.server'
import { conclude, createTestInquiry, createTestRecord, createTestTheme, toSenseMaking } from '../factories'
import { bodyOf, get, idFrom, locationOf, tableCounts } from './harness'
import { challengePage, circle, db, loaderOf, raise, raised, resolve, row } from './support-challenges'

// Raising a Challenge: any member can raise one against a Theme, a Record, a Decision or the
// process, naming the hazard.

const NOT_FOUND_BODY = await notFoundResponse().text()

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
