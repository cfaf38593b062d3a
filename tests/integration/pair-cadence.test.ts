import { describe, expect, test } from 'vitest'
import { bodyOf, tableCounts } from './harness'
import { db, newPair, pairPage, pairPost } from './support-pairs'

// A pair's cadence: how often they hold a PeerReview, and the next date.

describe('cadence', () => {
  test('either of the pair sets how often they review and the next date; the pair page shows both', async () => {
    const { client, practitioner, groupId } = await newPair({ consent: true })
    expect((await pairPage(client, groupId)).settings).toEqual({ cadenceDays: 28, nextReviewOn: null, status: 'active', statusNote: null })
    expect((await pairPost(practitioner, groupId, { intent: 'cadence', cadenceDays: '14', nextReviewOn: '2030-01-15' })).status).toBe(302)
    expect((await pairPage(client, groupId)).settings).toMatchObject({ cadenceDays: 14, nextReviewOn: '2030-01-15' })
    expect((await pairPost(client, groupId, { intent: 'cadence', cadenceDays: '21', nextReviewOn: '' })).status).toBe(302)
    expect((await pairPage(practitioner, groupId)).settings).toMatchObject({ cadenceDays: 21, nextReviewOn: null })
  })

  test.each([
    ['cadenceDays', { cadenceDays: '0', nextReviewOn: '' }, 'At least one day.'],
    ['cadenceDays', { cadenceDays: '366', nextReviewOn: '' }, 'At most a year.'],
    ['cadenceDays', { cadenceDays: '2.5', nextReviewOn: '' }, 'Use whole days.'],
    ['cadenceDays', { cadenceDays: 'often', nextReviewOn: '' }, undefined],
    ['cadenceDays', { cadenceDays: '', nextReviewOn: '' }, undefined],
    ['nextReviewOn', { cadenceDays: '14', nextReviewOn: 'next Tuesday' }, 'Give a date, or leave it empty.'],
    ['nextReviewOn', { cadenceDays: '14', nextReviewOn: '15/01/2030' }, 'Give a date, or leave it empty.'],
  ])('a bad %s (%j) answers 400 beside that field, keeps the input and changes nothing', async (field, form, message) => {
    const { client, groupId } = await newPair({ consent: true })
    const before = await tableCounts(db())
    const response = await pairPost(client, groupId, { intent: 'cadence', ...form })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(Object.keys(body.errors)).toEqual([field])
    if (message) expect(body.errors[field]).toBe(message)
    else expect(body.errors[field]).toMatch(/\w/)
    expect(body.values).toMatchObject(form)
    expect(await tableCounts(db())).toEqual(before)
    expect((await pairPage(client, groupId)).settings).toMatchObject({ cadenceDays: 28, nextReviewOn: null })
  })

  test.each(['2030-13-01', '2030-02-30', '2030-04-31', '2030-00-10'])(
    'a date that does not exist (%s) answers 400 beside nextReviewOn and changes nothing',
    async (nextReviewOn) => {
      const { client, groupId } = await newPair({ consent: true })
      const before = await tableCounts(db())
      const response = await pairPost(client, groupId, { intent: 'cadence', cadenceDays: '14', nextReviewOn })
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors.nextReviewOn).toMatch(/\w/)
      expect(await tableCounts(db())).toEqual(before)
      expect((await pairPage(client, groupId)).settings).toMatchObject({ cadenceDays: 28, nextReviewOn: null })
    },
  )
})
