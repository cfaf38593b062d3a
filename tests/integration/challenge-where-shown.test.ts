import { describe, expect, test } from 'vitest'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as validityRoute from '~/routes/inquiries.$inquiryId.cycles.$cycleNumber.validity'
import * as recordRoute from '~/routes/inquiries.$inquiryId.records.$recordId'
import * as themeRoute from '~/routes/inquiries.$inquiryId.themes.$themeId'
import { moveOn, rate, type TestPerson } from '../factories'
import { bodyOf, get, importRoute } from './harness'
import { circle, db, loaderOf, raised, resolve, type Circle } from './support-challenges'

// Where Challenges show: on their target, in the ValidityReview, and in the analysis.

const analysisJson = await importRoute('inquiries.$inquiryId.analysis[.json].tsx')
const validityJson = await importRoute('inquiries.$inquiryId.cycles.$cycleNumber.validity[.json].tsx')

const themePage = (c: Circle, person: TestPerson, themeId = c.themeId) =>
  loaderOf(themeRoute, `/inquiries/${c.inquiryId}/themes/${themeId}`, { inquiryId: c.inquiryId, themeId }, person)
const recordPage = (c: Circle, person: TestPerson, recordId = c.sharedRecord) =>
  loaderOf(recordRoute, `/inquiries/${c.inquiryId}/records/${recordId}`, { inquiryId: c.inquiryId, recordId }, person)
const decisionPage = (person: TestPerson, decisionId: string) => loaderOf(decisionRoute, `/decisions/${decisionId}`, { decisionId }, person)

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
