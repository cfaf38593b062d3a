import { describe, expect, test } from 'vitest'
import {
  closingTimeProblem,
  defaultClosing,
  formatClosingTime,
  fromWallTime,
  knownTimeZone,
  limitsInWords,
  toWallTime,
} from '~/features/decisions/core/closing'

const limits = { defaultHours: 72, minHours: 1, maxHours: 336 }
const HOUR = 3_600_000

describe('wall times in a time zone', () => {
  test('a wall time is read in the zone, across daylight saving', () => {
    expect(fromWallTime('2026-12-10T14:30', 'Europe/London')!.toISOString()).toBe('2026-12-10T14:30:00.000Z')
    expect(fromWallTime('2026-07-10T14:30', 'Europe/London')!.toISOString()).toBe('2026-07-10T13:30:00.000Z')
    expect(fromWallTime('2026-07-10T14:30', 'America/New_York')!.toISOString()).toBe('2026-07-10T18:30:00.000Z')
    expect(fromWallTime('2026-12-10T09:00', 'Asia/Kolkata')!.toISOString()).toBe('2026-12-10T03:30:00.000Z')
  })

  test('what is not a wall time is refused, not guessed', () => {
    for (const bad of ['', 'tomorrow', '2026-02-31T10:00', '2026-13-01T10:00', '2026-12-10T25:00', '2026-12-10 14:30:00'])
      expect(fromWallTime(bad, 'UTC'), bad).toBeNull()
  })

  test('toWallTime is the inverse of fromWallTime (outside the hour a clock repeats when it goes back)', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'Pacific/Auckland', 'America/Sao_Paulo']) {
      const instant = new Date('2026-10-20T00:30:00Z')
      expect(fromWallTime(toWallTime(instant, zone), zone)!.getTime()).toBe(instant.getTime())
    }
  })

  test('an unknown zone falls back to UTC, and UTC is named as such', () => {
    expect(knownTimeZone('Mars/Olympus_Mons')).toBe('UTC')
    expect(knownTimeZone(null)).toBe('UTC')
    expect(formatClosingTime('2026-12-10T14:30:00Z', 'UTC')).toBe('Thu, 10 Dec 2026, 14:30 (UTC)')
    expect(formatClosingTime('2026-12-10T14:30:00Z', 'America/New_York')).toBe('Thu, 10 Dec 2026, 09:30 (America/New York)')
  })
})

describe('the limits of a closing time', () => {
  const now = new Date('2026-12-07T12:00:00Z')
  test('within the limits nothing is said', () => {
    expect(closingTimeProblem(new Date(now.getTime() + 2 * HOUR), now, limits)).toBeNull()
    expect(closingTimeProblem(new Date(now.getTime() + 336 * HOUR), now, limits)).toBeNull()
  })
  test('the past, too soon and too far are each refused with the limits in words', () => {
    expect(closingTimeProblem(new Date(now.getTime() - 1), now, limits)).toBe(
      'That time has passed. Choose a closing time between 1 hour and 14 days from now.',
    )
    expect(closingTimeProblem(new Date(now.getTime() + 0.5 * HOUR), now, limits)).toMatch(/^That is too soon/)
    expect(closingTimeProblem(new Date(now.getTime() + 337 * HOUR), now, limits)).toMatch(/^That is further off/)
  })
  test('the default is the rule’s default hours from now', () => {
    expect(defaultClosing(now, limits).toISOString()).toBe('2026-12-10T12:00:00.000Z')
    expect(limitsInWords({ defaultHours: 24, minHours: 6, maxHours: 30 })).toBe('between 6 hours and 30 hours from now')
  })
})
