import { describe, expect, test } from 'vitest'
import { computeIndicators, DEFAULT_THRESHOLDS, statusFor, type Threshold } from '~/features/validity/core'
import { healthyCycle as input, indicator, procedures, template } from './fixtures/indicator-input'

// The validity indicators' bands: how a value against a warn and an alert bound reads, and the
// thresholds each indicator uses, from the defaults or the template.

describe('statusFor', () => {
  test('warn below alert: higher is worse, each bound inclusive', () => {
    const t = { warn: 0.1, alert: 0.2 }
    expect(statusFor(0.05, t)).toBe('ok')
    expect(statusFor(0.0999, t)).toBe('ok')
    expect(statusFor(0.1, t)).toBe('warn')
    expect(statusFor(0.15, t)).toBe('warn')
    expect(statusFor(0.2, t)).toBe('alert')
    expect(statusFor(0.9, t)).toBe('alert')
  })

  test('warn above alert: lower is worse, each bound inclusive', () => {
    const t = { warn: 0.6, alert: 0.4 }
    expect(statusFor(0.9, t)).toBe('ok')
    expect(statusFor(0.6001, t)).toBe('ok')
    expect(statusFor(0.6, t)).toBe('warn')
    expect(statusFor(0.5, t)).toBe('warn')
    expect(statusFor(0.4, t)).toBe('alert')
    expect(statusFor(0, t)).toBe('alert')
  })

  test('an alert bound of zero on the lower-is-worse side alerts only at zero', () => {
    const t = { warn: 0.1, alert: 0 }
    expect(statusFor(0, t)).toBe('alert')
    expect(statusFor(0.05, t)).toBe('warn')
    expect(statusFor(0.1, t)).toBe('warn')
    expect(statusFor(0.11, t)).toBe('ok')
  })

  test('equal warn and alert means higher is worse, with no warn band', () => {
    const t = { warn: 0.5, alert: 0.5 }
    expect(statusFor(0.49, t)).toBe('ok')
    expect(statusFor(0.5, t)).toBe('alert')
    expect(statusFor(0.8, t)).toBe('alert')
  })
})

describe('thresholds', () => {
  test('defaults apply when the template gives none', () => {
    const all = computeIndicators(input(), procedures)
    const t = Object.fromEntries(all.map((i) => [i.key, i.threshold]))
    expect(t['conformity-shift']).toEqual({ warn: 0.1, alert: 0.2 })
    expect(t['variance-ratio']).toEqual({ warn: 0.6, alert: 0.4 })
    expect(t['participation-balance']).toEqual({ warn: 0.3, alert: 0.45 })
    expect(t['grounding']).toEqual({ warn: 1, alert: 2 })
    expect(t['research-cycling']).toBeNull()
    expect(t['divergence-balance']).toBeNull()
    expect(t['unaware-projections']).toBeNull()
    expect(all.find((i) => i.key === 'participation-balance')!.thresholds).toEqual({
      'participation-gini': { warn: 0.3, alert: 0.45 },
      'participation-largest-share': { warn: 0.35, alert: 0.5 },
    })
  })

  test("the shipped template's thresholds equal the defaults", () => {
    for (const [key, t] of Object.entries(template.indicatorThresholds)) expect(DEFAULT_THRESHOLDS[key]).toEqual(t)
  })

  test('a template threshold overrides its default key by key', () => {
    const thresholds = { ...template.indicatorThresholds, 'conformity-shift': { warn: 0.3, alert: 0.4 } }
    const i = input({ challengesRaised: 0, thresholds }, { conformityShift: 0.25, changed: 6, changedWithoutReason: 6 })
    const shift = indicator('conformity-shift', i)
    expect(shift.threshold).toEqual({ warn: 0.3, alert: 0.4 })
    expect(shift.status).toBe('ok')
    expect(indicator('conformity-shift', { ...i, thresholds: {} }).status).toBe('alert')
    // Keys the template leaves out keep their defaults.
    expect(indicator('variance-ratio', i).threshold).toEqual({ warn: 0.6, alert: 0.4 })
    expect(indicator('unexplained-moves', i).status).toBe('alert')
  })

  test('the participation largest-share threshold can be overridden separately from the Gini one', () => {
    // Half the contributions among six is 40% of the way from an equal share to all: unequal by default, very unequal at 25%.
    const cycle = (thresholds: Record<string, Threshold>) =>
      indicator('participation-balance', input({ participation: { gini: 0.1, largestShare: 0.5 }, thresholds }))
    expect(cycle({}).status).toBe('ok')
    const p = cycle({ 'participation-largest-share': { warn: 0.2, alert: 0.25 } })
    expect(p.status).toBe('warn')
    expect(p.threshold).toEqual({ warn: 0.3, alert: 0.45 })
    expect(p.thresholds['participation-largest-share']).toEqual({ warn: 0.2, alert: 0.25 })
  })

  test('changing a returned threshold does not change the defaults', () => {
    indicator('grounding', input()).threshold!.warn = 99
    expect(DEFAULT_THRESHOLDS['grounding']).toEqual({ warn: 1, alert: 2 })
  })
})
