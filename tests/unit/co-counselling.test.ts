import { describe, expect, test } from 'vitest'
import { ContractSchema, StopTurnSchema } from '~/features/co-counselling/co-counselling.schema'
import { CONTRACTS, isContract } from '~/features/co-counselling/core/contracts'
import { computeLedger, groupTotals, isBalanced, monthOf } from '~/features/co-counselling/core/ledger'
import { ledgerCsv } from '~/features/co-counselling/core/ledger-csv'
import { formatLength, turnLength } from '~/features/co-counselling/core/turn-length'
import { defaultCounsellor, everyoneHasHadATurn, nextClient, runningTurn } from '~/features/co-counselling/core/turns'

// The pure rules of co-counselling (issue 19; seed 000): the three contracts, the balance of
// attention per partner and per month, and how long a turn may run.

const t = (clientId: string, seconds: number, endedAt: string, people: string[]) => ({ clientId, seconds, endedAt, people })

describe('contracts', () => {
  test('there are exactly the three of the principles, and nothing else is one', () => {
    expect(CONTRACTS).toEqual(['free_attention', 'normal', 'intensive'])
    expect(isContract('normal')).toBe(true)
    expect(isContract('directive')).toBe(false)
    expect(ContractSchema.safeParse({ turnId: 't', contract: 'therapy' }).success).toBe(false)
  })
})

describe('the ledger of attention', () => {
  test('in a pair: what one received the other gave, per partner and per month', () => {
    const turns = [
      t('ann', 1500, '2026-11-03T10:30:00Z', ['ann', 'ben']),
      t('ben', 1440, '2026-11-03T11:00:00Z', ['ann', 'ben']),
      t('ann', 1800, '2026-12-01T10:30:00Z', ['ann', 'ben']),
    ]
    const ann = computeLedger('ann', turns)
    const ben = computeLedger('ben', turns)
    expect(ann.partners).toEqual([{ personId: 'ben', given: 1440, received: 3300, balance: 1860 }])
    expect(ben.partners).toEqual([{ personId: 'ann', given: 3300, received: 1440, balance: -1860 }])
    expect(ann.months).toEqual([
      { month: '2026-12', given: 0, received: 1800, balance: 1800 },
      { month: '2026-11', given: 1440, received: 1500, balance: 60 },
    ])
    expect(ann.total.balance + ben.total.balance).toBe(0)
  })

  test('in a group of three each gives attention to every client, so equal turns balance with everyone', () => {
    const people = ['a', 'b', 'c']
    const turns = people.map((p) => t(p, 1200, '2026-12-01T12:00:00Z', people))
    for (const p of people) {
      const ledger = computeLedger(p, turns)
      expect(ledger.partners.map((r) => [r.given, r.received])).toEqual([
        [1200, 1200],
        [1200, 1200],
      ])
      expect(ledger.total).toEqual({ given: 2400, received: 2400, balance: 0 })
      expect(ledger.months).toEqual([{ month: '2026-12', given: 2400, received: 2400, balance: 0 }])
    }
  })

  test('turns of sessions the person was not in do not count', () => {
    expect(computeLedger('ann', [t('ben', 600, '2026-12-01T00:00:00Z', ['ben', 'cy'])]).partners).toEqual([])
  })

  test('a month is read in the person’s own time zone', () => {
    expect(monthOf('2026-11-30T23:30:00Z', 'UTC')).toBe('2026-11')
    expect(monthOf('2026-11-30T23:30:00Z', 'Europe/Berlin')).toBe('2026-12')
  })

  test('nearly balanced is within a minute or a tenth of the time exchanged', () => {
    expect(isBalanced({ given: 1440, received: 1500, balance: 60 })).toBe(true)
    expect(isBalanced({ given: 1800, received: 1980, balance: 180 })).toBe(true)
    expect(isBalanced({ given: 600, received: 1800, balance: 1200 })).toBe(false)
  })

  test('the group sees per month only sessions, turns and time', () => {
    const totals = groupTotals([
      {
        id: 's1',
        turns: [
          { seconds: 1500, endedAt: '2026-12-01T10:00:00Z' },
          { seconds: 1440, endedAt: '2026-12-01T11:00:00Z' },
        ],
      },
      { id: 's2', turns: [{ seconds: 900, endedAt: '2026-11-20T10:00:00Z' }] },
    ])
    expect(totals).toEqual([
      { month: '2026-12', sessions: 1, turns: 2, seconds: 2940 },
      { month: '2026-11', sessions: 1, turns: 1, seconds: 900 },
    ])
  })

  test('the CSV holds times only, and a name cannot become a spreadsheet formula', () => {
    const ledger = computeLedger('ann', [t('ann', 1500, '2026-12-01T00:00:00Z', ['ann', 'ben'])])
    const csv = ledgerCsv(ledger, () => '=HYPERLINK("x")')
    expect(csv.split('\r\n')[0]).toBe('row,partner,month,given_minutes,received_minutes,balance_minutes')
    expect(csv).toContain(`partner,"'=HYPERLINK(""x"")",,0.0,25.0,25.0`)
    expect(csv).toContain('total,,,0.0,25.0,25.0')
  })
})

describe('how long a turn ran', () => {
  const base = { startedAt: '2026-12-01T10:00:00.000Z', minutesEach: 30, overrunMinutes: 5 }
  const at = (minutes: number) => new Date(Date.parse(base.startedAt) + minutes * 60_000).toISOString()

  test('the server’s clock measures when nothing is given', () => {
    expect(turnLength({ ...base, now: at(31) })).toEqual({ ok: true, seconds: 1860, source: 'server' })
  })

  test('a turn longer than the minutes each plus the overrun is refused', () => {
    expect(turnLength({ ...base, now: at(36) })).toMatchObject({ ok: false, problem: 'too_long', limitSeconds: 2100 })
    expect(turnLength({ ...base, now: at(35) })).toMatchObject({ ok: true, seconds: 2100 })
  })

  test('the counsellor’s whole minutes rescue a turn whose stop was forgotten', () => {
    expect(turnLength({ ...base, now: at(90), enteredMinutes: 30 })).toEqual({ ok: true, seconds: 1800, source: 'entered' })
    expect(turnLength({ ...base, now: at(90), enteredMinutes: 40 })).toMatchObject({ ok: false, problem: 'too_long' })
  })

  test('the phone’s measured seconds count, within a minute of the server’s clock', () => {
    expect(turnLength({ ...base, now: at(10), measuredSeconds: 612 })).toEqual({ ok: true, seconds: 612, source: 'measured' })
    expect(turnLength({ ...base, now: at(10), measuredSeconds: 661 })).toMatchObject({ ok: false, problem: 'longer_than_elapsed' })
  })

  test('the stop form takes whole seconds and whole minutes only', () => {
    expect(StopTurnSchema.parse({ turnId: 't', seconds: '', minutes: '25' })).toEqual({ turnId: 't', seconds: undefined, minutes: 25 })
    expect(StopTurnSchema.safeParse({ turnId: 't', minutes: '25.5' }).success).toBe(false)
  })

  test('lengths read as minutes and seconds', () => {
    expect([formatLength(1500), formatLength(1530), formatLength(45)]).toEqual(['25 min', '25 min 30 s', '45 s'])
  })
})

describe('turns in a session', () => {
  test('clients go in seat order, one turn at a time, and the session is done when each has had theirs', () => {
    const seats = ['a', 'b', 'c']
    const turns = [{ clientId: 'a', counsellorId: 'b', endedAt: '2026-12-01T10:30:00Z' }]
    expect(nextClient(seats, turns)).toBe('b')
    expect(runningTurn(turns)).toBeUndefined()
    const running = [...turns, { clientId: 'b', counsellorId: 'c', endedAt: null }]
    expect(runningTurn(running)?.clientId).toBe('b')
    expect(everyoneHasHadATurn(seats, running)).toBe(false)
    expect(defaultCounsellor(seats, 'c')).toBe('a')
    expect(defaultCounsellor(['a', 'b'], 'a')).toBe('b')
  })
})
