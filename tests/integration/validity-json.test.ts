import { describe, expect, test } from 'vitest'
import { bodyOf, locationOf, tableCounts } from './harness'
import { circle, db, judge, NOT_FOUND_BODY, reviewJson, TEMPLATE, validityPath } from './support-validity-review'

// validity.json: the ValidityReview and its indicators for members, in a stable shape; a 404
// for anyone else.

describe('validity.json', () => {
  test('gives members the review and its indicators; the shape is stable', async () => {
    const c = await circle()
    await judge(c.ben, c.inquiryId, 1, 'chaos-order', 'partly', 'We sat with the confusion for a while.')
    const response = await reviewJson(c.cy, c.inquiryId, 1)
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const body = await bodyOf(response)
    expect(Object.keys(body).sort()).toEqual([
      'answersClosed',
      'challenges',
      'cycle',
      'format',
      'history',
      'indicatorAnswers',
      'indicators',
      'inquiry',
      'procedures',
      'summary',
      'version',
    ])
    expect(body).toMatchObject({
      format: 'cooperative-inquiry.validity',
      version: 2,
      inquiry: { id: c.inquiryId, title: 'How we meet silence' },
      cycle: { number: 1, isCurrent: true, inSenseMaking: true, closed: false, reviewAdoptedAt: null, devilsAdvocate: null },
      challenges: [],
    })
    expect(Object.keys(body.summary).sort()).toEqual(['alert', 'evidence', 'na', 'ok', 'sentence', 'unclear', 'verdict', 'warn'])
    expect(body.summary.ok + body.summary.warn + body.summary.alert + body.summary.unclear + body.summary.na).toBe(11)
    expect(body.indicators.map((i: { key: string }) => i.key)).toEqual([
      'conformity-shift',
      'variance-ratio',
      'unexplained-moves',
      'dissent',
      'participation-balance',
      'grounding',
      'ways-of-knowing',
      'research-cycling',
      'divergence-balance',
      'unaware-projections',
      'authentic-collaboration',
    ])
    for (const indicator of body.indicators) {
      expect(Object.keys(indicator).sort()).toEqual([
        'display',
        'key',
        'name',
        'procedures',
        'reason',
        'rule',
        'sentence',
        'status',
        'threshold',
        'thresholds',
        'value',
      ])
      expect(['ok', 'warn', 'alert', 'unclear', 'n/a']).toContain(indicator.status)
      expect(indicator.sentence.length).toBeGreaterThan(10)
      // Each verdict carries its rule, with every threshold the rule reads (issue 13 §5).
      expect(indicator.rule.length).toBeGreaterThan(10)
      expect(indicator.reason.length).toBeGreaterThan(10)
      if (indicator.threshold) expect(Object.values(indicator.thresholds)[0]).toEqual(indicator.threshold)
    }
    expect(body.indicators.find((i: { key: string }) => i.key === 'participation-balance').thresholds).toEqual({
      'participation-gini': { warn: 0.3, alert: 0.45 },
      'participation-largest-share': { warn: 0.35, alert: 0.5 },
    })
    expect(body.procedures).toHaveLength(TEMPLATE.validityProcedures.length)
    for (const p of body.procedures)
      expect(Object.keys(p).sort()).toEqual(['indicators', 'judgements', 'key', 'mine', 'name', 'question', 'required', 'spread'])
    // Every member's own judgement, the spread out of the group's members, and the viewer's own (Cy has none).
    expect(body.procedures.find((p: { key: string }) => p.key === 'chaos-order')).toMatchObject({
      required: false,
      indicators: [],
      judgements: [{ status: 'partly', note: 'We sat with the confusion for a while.', by: 'Ben', currentMember: true }],
      spread: { met: 0, partly: 1, not_met: 0, n_a: 0, judged: 1, members: 3 },
      mine: null,
    })
    expect(body.procedures.find((p: { key: string }) => p.key === 'research-cycling')).toMatchObject({
      required: true,
      indicators: ['research-cycling'],
      judgements: [],
      spread: { met: 0, partly: 0, not_met: 0, n_a: 0, judged: 0, members: 3 },
      mine: null,
    })
    expect(body.history).toEqual([
      {
        cycle: 1,
        indicators: body.indicators.map((i: { key: string; name: string; status: string }) => ({
          key: i.key,
          name: i.name,
          status: i.status,
        })),
      },
    ])
  })

  test('is a 404 for a non-member, exactly like an inquiry that does not exist, and writes nothing', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    const real = await reviewJson(c.outsider, c.inquiryId, 1)
    const fake = await reviewJson(c.outsider, 'Zz9unknownId0000', 1)
    expect(real.status).toBe(404)
    const text = await real.text()
    expect(text).toBe(NOT_FOUND_BODY)
    expect(text).toBe(await fake.text())
    expect(text).not.toContain('How we meet silence')
    // Cycles that do not exist, for a member.
    for (const cycle of ['2', '0', '-1', 'one', '1.5']) expect((await reviewJson(c.ada, c.inquiryId, cycle)).status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('sends an anonymous visitor to log in and back', async () => {
    const c = await circle()
    const response = await reviewJson(null, c.inquiryId, 1)
    expect(response.status).toBe(302)
    expect(decodeURIComponent(locationOf(response))).toBe(`/login?redirectTo=${validityPath(c.inquiryId, 1)}.json`)
  })
})
