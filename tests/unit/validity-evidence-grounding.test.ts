import { describe, expect, test } from 'vitest'
import { type CycleEvidence, type IndicatorInput } from '~/features/validity/core'
import { indicator, input, pair, statusOf } from './fixtures/indicator-evidence'

// Reflection and action: grounding weighs the share of the group and Theme–Record links.

describe('grounding weighs the share of the group and theme–record links', () => {
  const missing = (n: number, m: number, o: Partial<IndicatorInput> = {}) =>
    statusOf('grounding', input({ memberCount: n, membersWithoutActionRecords: m, ...o }))
  const links = (themes: number, linkedToAction: number, more: Partial<NonNullable<CycleEvidence['themeLinks']>> = {}) => ({
    evidence: { themeLinks: { themes, linkedToAction, actionRecordsVisible: 4, ...more } },
  })

  test('six: the count thresholds apply at half the group, and are one level milder below it', () => {
    expect([0, 1, 2, 3, 6].map((m) => missing(6, m))).toEqual(['ok', 'ok', 'warn', 'alert', 'alert'])
    const two = indicator('grounding', input({ membersWithoutActionRecords: 2 }))
    expect(two.reason).toContain('alert at 2 or more')
    expect(two.reason).toContain('less than half the group')
  })

  test('nine: four without records warns, five alerts', () => {
    expect([1, 2, 4, 5].map((m) => missing(9, m))).toEqual(['ok', 'warn', 'warn', 'alert'])
  })

  test('small groups: one of three is ok, two of three alert; one of a group of two warns', () => {
    expect([missing(3, 1), missing(3, 2), missing(2, 1), missing(2, 2)]).toEqual(['ok', 'alert', 'warn', 'alert'])
  })

  test('pair: the action phase is the client’s, so one without action records is the method', () => {
    const p = (m: number, o: Partial<IndicatorInput> = {}) => indicator('grounding', pair({ membersWithoutActionRecords: m, ...o }))
    expect([p(0).status, p(1).status, p(2).status]).toEqual(['ok', 'ok', 'alert'])
    expect(p(1).reason).toContain("in a pair the action phase is the client's")
    // No rated theme linked to a visible action record alerts, once there are two themes to link.
    expect(p(0, { evidence: { pair: true, ...links(2, 0).evidence } }).status).toBe('alert')
    expect(p(0, { evidence: { pair: true, ...links(1, 0).evidence } }).status).toBe('ok')
    expect(p(0, { evidence: { pair: true, ...links(2, 1).evidence } }).status).toBe('ok')
  })

  test('at least half of the rated themes linked to action records makes an alert a warning', () => {
    expect(indicator('grounding', input()).rule).toContain(
      'an alert becomes a warning when at least half of 2 or more rated themes are linked to action-phase records',
    )
    expect(indicator('grounding', input({ membersWithoutActionRecords: 3, ...links(2, 1) })).reason).toContain(
      'made one level milder because at least half of the rated themes are linked',
    )
    expect(missing(6, 3, links(2, 1))).toBe('warn')
    expect(missing(6, 3, links(4, 2))).toBe('warn')
    expect(missing(6, 3, links(3, 1))).toBe('alert')
    // One rated theme is below the minimum for links to count.
    expect(missing(6, 3, links(1, 1))).toBe('alert')
  })

  test('no rated theme linked though action records were shared: alert with a member missing, else warn', () => {
    expect(missing(6, 1, links(3, 0))).toBe('alert')
    expect(missing(6, 0, links(3, 0))).toBe('warn')
    const g = indicator('grounding', input({ membersWithoutActionRecords: 0, ...links(3, 0) }))
    expect(g.reason).toContain('0 of 3 rated themes are linked to an action-phase record')
    // Just below the minimum: one rated theme says nothing about links.
    expect(missing(6, 0, links(1, 0))).toBe('ok')
    // A group that links no theme to any record has shown nothing either way.
    expect(missing(6, 0, links(3, 0, { linked: 0 }))).toBe('ok')
    expect(missing(6, 0, links(3, 0, { linked: 2 }))).toBe('warn')
    expect(missing(6, 0, links(3, 0, { actionRecordsVisible: 0 }))).toBe('ok')
  })

  test('while the action phase is under way, what would warn or alert is not enough to tell', () => {
    const ongoing = { actionPhaseOngoing: true }
    expect([0, 1, 2, 3].map((m) => missing(6, m, ongoing))).toEqual(['ok', 'ok', 'unclear', 'unclear'])
    expect(indicator('grounding', input({ membersWithoutActionRecords: 3, ...ongoing })).reason).toMatch(
      /the action phase is still under way/,
    )
    expect(missing(6, 0, { ...ongoing, ...links(3, 0) })).toBe('unclear')
    expect(statusOf('grounding', pair({ membersWithoutActionRecords: 2, ...ongoing }))).toBe('unclear')
  })

  test('is n/a before the action phase, whatever the links', () => {
    expect(missing(6, 6, { actionPhaseReached: false, ...links(3, 0) })).toBe('n/a')
  })
})
