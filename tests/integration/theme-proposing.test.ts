import { describe, expect, test } from 'vitest'
import * as themesRoute from '~/routes/inquiries.$inquiryId.themes._index'
import { type TestPerson } from '../factories'
import { bodyOf, idFrom, post, tableCounts } from './harness'
import { circle, db, eventsOf, themeRow, themesList, themesPath } from './support-themes'

// Proposing a Theme: any member names one in a reflection phase.

function proposeVia(person: TestPerson, inquiryId: string, form: Record<string, string>) {
  return post(themesRoute, { path: themesPath(inquiryId), params: { inquiryId }, cookie: person.cookie, form })
}

describe('proposing a theme', () => {
  test('in sense-making any member proposes a theme: stored with its proposer and cycle, "proposed" begins its history', async () => {
    const c = await circle()
    const response = await proposeVia(c.ben, c.inquiryId, {
      name: '  The urge to fill silence  ',
      description: 'Speaking to ease our own discomfort',
    })
    expect(response.status).toBe(302)
    const themeId = idFrom(response, `/inquiries/${c.inquiryId}/themes`)
    const cycle = await db()
      .selectFrom('cycles')
      .select('id')
      .where('inquiryId', '=', c.inquiryId)
      .where('number', '=', 1)
      .executeTakeFirstOrThrow()
    expect(await themeRow(themeId)).toMatchObject({
      inquiryId: c.inquiryId,
      name: 'The urge to fill silence',
      description: 'Speaking to ease our own discomfort',
      proposedBy: c.ben.id,
      firstCycleId: cycle.id,
      status: 'active',
      mergedIntoId: null,
      splitFromId: null,
    })
    expect(await eventsOf(themeId)).toEqual([{ kind: 'proposed', personId: c.ben.id, detail: { name: 'The urge to fill silence' } }])
    const list = await themesList(c.cy, c.inquiryId)
    expect(list.canEdit).toBe(true)
    expect(list.themes.map((t) => t.name)).toEqual(['The urge to fill silence'])
  })

  test('in the planning phase, also a reflection phase, a theme can be proposed', async () => {
    const c = await circle({ stopIn: 'planning' })
    const response = await proposeVia(c.cy, c.inquiryId, { name: 'What we expect to find', description: '' })
    expect(response.status).toBe(302)
    expect(await themeRow(idFrom(response, `/inquiries/${c.inquiryId}/themes`))).toMatchObject({ proposedBy: c.cy.id, status: 'active' })
  })

  test('in an action phase proposing is a 409 with a plain message, and nothing is written', async () => {
    const c = await circle({ stopIn: 'action' })
    const before = await tableCounts(db())
    const response = await proposeVia(c.ada, c.inquiryId, { name: 'Too early', description: '' })
    expect(response.status).toBe(409)
    const body = await bodyOf(response)
    expect(body.formError).toMatch(/reflection phases/)
    expect(body.formError).not.toMatch(/Error|SQL|\n\s+at /)
    expect(await tableCounts(db())).toEqual(before)
    expect((await themesList(c.ada, c.inquiryId)).canEdit).toBe(false)
  })

  test('a theme name that is too short is a 400 beside the name field', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    const response = await proposeVia(c.ada, c.inquiryId, { name: 'x', description: '' })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.name).toBe('Give the theme a short name.')
    expect(await tableCounts(db())).toEqual(before)
  })
})
