import { describe, expect, test } from 'vitest'
import * as challengeRoute from '~/routes/inquiries.$inquiryId.challenges.$challengeId'
import * as challengesRoute from '~/routes/inquiries.$inquiryId.challenges._index'
import * as recordRoute from '~/routes/inquiries.$inquiryId.records.$recordId'
import { createTestInquiry, moveOn } from '../factories'
import { bodyOf, get, locationOf, post, tableCounts } from './harness'
import { challengePage, circle, db, loaderOf, raised, resolve, row } from './support-challenges'

// Resolving a Challenge: the raiser resolves it as revised, answered or left open, anyone else
// may only answer it, and a Challenge is never deleted.

async function challengeRows(inquiryId: string) {
  return db().selectFrom('challenges').selectAll().where('inquiryId', '=', inquiryId).orderBy('createdAt').execute()
}

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
