import { describe, expect, test } from 'vitest'
import { setInquiryTemplate } from '../factories'
import { bodyOf, idFrom, tableCounts } from './harness'
import { ballots, circle, countNow, db, proposeMoveOn, REASON, stance, view } from './support-anonymous-stances'

// On a named Decision stances stay named and changeable, whatever the inquiry decides later.

describe('on a named decision', () => {
  test('the old anonymous box is refused (400) and nothing is written; stances stay named and changeable', async () => {
    const c = await circle()
    const decisionId = idFrom(await proposeMoveOn(c.ada, c.inquiryId), '/decisions')
    const before = await tableCounts(db())
    const response = await stance(c.ben, decisionId, 'block', REASON, true)
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.anonymous).toBe('Stances on this proposal are given by name: it was not proposed as anonymous.')
    expect(await tableCounts(db())).toEqual(before)
    expect(await ballots(decisionId)).toEqual([])
    expect((await stance(c.ben, decisionId, 'block', REASON)).status).toBe(302)
    // A changed stance needs its reason.
    expect((await stance(c.ben, decisionId, 'abstain')).status).toBe(400)
    expect((await stance(c.ben, decisionId, 'abstain', 'I can live with it after all.')).status).toBe(302)
    const page = await view(c.cy, decisionId)
    expect(page.anonymous).toMatchObject({ on: false, tally: null, reasons: [] })
    expect(page.stances.find((s: { personId: string }) => s.personId === c.ben.id)).toMatchObject({
      stance: 'abstain',
      reason: 'I can live with it after all.',
      earlier: [{ stance: 'block', reason: REASON }],
    })
    // Nor can the count be asked for: a named decision counts as each stance comes in.
    expect((await countNow(c.cy, decisionId)).status).toBe(400)
  })

  test('a decision keeps the rule it was proposed under: making the inquiry anonymous afterwards does not change it', async () => {
    const c = await circle()
    const decisionId = idFrom(await proposeMoveOn(c.ada, c.inquiryId), '/decisions')
    await setInquiryTemplate(db(), c.inquiryId, (t) => (t.decisionRule.allowAnonymousDissent = true))
    expect((await stance(c.ben, decisionId, 'block', REASON)).status).toBe(302)
    expect(await ballots(decisionId)).toEqual([])
    expect((await view(c.ada, decisionId)).anonymous.on).toBe(false)
  })
})
