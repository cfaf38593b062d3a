import { describe, expect, test } from 'vitest'
import { agreeUntilClosed, moveOn, toSenseMaking } from '../factories'
import { bodyOf, idFrom, tableCounts } from './harness'
import { circle, cycleRow, db, review, validityAction } from './support-validity-review'

// The devil's advocate of a Cycle: the platform suggests who has held the role least, and the
// group confirms by Decision.

describe("the devil's advocate", () => {
  test('the platform suggests the member who has held the role least, and the group confirms by decision', async () => {
    const c = await circle()
    const members = async (cycle: number) =>
      Object.fromEntries(
        (await review(c.ada, c.inquiryId, cycle)).devilsAdvocate.members.map((m: { name: string; times: number }) => [m.name, m.times]),
      )

    // No one has held it: any member may be suggested.
    let view = await review(c.ada, c.inquiryId, 1)
    expect(view.devilsAdvocate.required).toBe(false)
    expect(view.devilsAdvocate.suggestion.times).toBe(0)
    expect(await members(1)).toEqual({ Ada: 0, Ben: 0, Cy: 0 })

    const first = idFrom(await validityAction(c.ben, c.inquiryId, 1, { intent: 'devils-advocate', personId: c.ada.id }), '/decisions')
    expect((await review(c.ben, c.inquiryId, 1)).devilsAdvocate.openDecisionId).toBe(first)
    // One proposal at a time.
    const twice = await validityAction(c.cy, c.inquiryId, 1, { intent: 'devils-advocate', personId: c.cy.id })
    expect(twice.status).toBe(409)
    expect((await bodyOf(twice)).formError).toBe('A proposal for this cycle’s devil’s advocate is already open.')
    expect(await agreeUntilClosed(db(), first, c.people)).toBe('passed')
    expect((await cycleRow(c.inquiryId, 1)).devilsAdvocateId).toBe(c.ada.id)

    // Cycle 2: Ada has held it once, so the suggestion is someone who has not.
    await moveOn(db(), c.inquiryId, c.people)
    view = await review(c.ada, c.inquiryId, 2)
    expect(await members(2)).toEqual({ Ada: 1, Ben: 0, Cy: 0 })
    expect(['Ben', 'Cy']).toContain(view.devilsAdvocate.suggestion.name)
    expect(view.devilsAdvocate.suggestion.times).toBe(0)
    const second = idFrom(await validityAction(c.cy, c.inquiryId, 2, { intent: 'devils-advocate', personId: c.ben.id }), '/decisions')
    expect(await agreeUntilClosed(db(), second, c.people)).toBe('passed')

    // Cycle 3: only Cy has never held it.
    await toSenseMaking(db(), c.inquiryId, c.people)
    await moveOn(db(), c.inquiryId, c.people)
    view = await review(c.ben, c.inquiryId, 3)
    expect(await members(3)).toEqual({ Ada: 1, Ben: 1, Cy: 0 })
    expect(view.devilsAdvocate.suggestion).toEqual({ personId: c.cy.id, name: 'Cy', times: 0 })
  })

  test('only a current member can be proposed (400 on personId), and nothing is written', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    for (const personId of [c.outsider.id, 'Zz9unknownId0000', '']) {
      const response = await validityAction(c.ada, c.inquiryId, 1, { intent: 'devils-advocate', personId })
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors.personId).toMatch(/^Choose (a current member|a member)\.$/)
    }
    expect(await tableCounts(db())).toEqual(before)
  })
})
