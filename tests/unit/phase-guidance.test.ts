import { describe, expect, test } from 'vitest'
import { askStatusText, groupWaits, phaseAsks, roleSentence, type GuidanceFacts } from '~/features/inquiries/core/guidance'

// Issue 16, item 1: what the current phase asks of me, and what the group waits on, as counts.

const base: GuidanceFacts = {
  inquiryId: 'inq',
  groupId: 'grp',
  cycleNumber: 2,
  kind: 'action',
  senseMaking: false,
  members: 6,
  myRecords: 0,
  ratings: null,
  checkIn: null,
  judgements: null,
  decisions: [],
}

const facts = (change: Partial<GuidanceFacts>): GuidanceFacts => ({ ...base, ...change })

const senseMaking = (change: Partial<GuidanceFacts> = {}): GuidanceFacts =>
  facts({
    kind: 'reflection',
    senseMaking: true,
    checkIn: { mine: false, given: 2 },
    ratings: { round: 'blind', themes: 3, myBlind: 0, myOpen: 0, completeBlind: 4 },
    judgements: { procedures: 8, mine: 0, complete: 1 },
    ...change,
  })

const keys = (f: GuidanceFacts) => phaseAsks(f).map((a) => a.key)
const ask = (f: GuidanceFacts, key: string) => phaseAsks(f).find((a) => a.key === key)!

describe('what the phase asks of me', () => {
  test('an action phase asks for records first, and nothing of ratings, check-ins or judgements', () => {
    expect(keys(facts({}))).toEqual(['records'])
    const records = ask(facts({}), 'records')
    expect(records).toMatchObject({ done: false, optional: false, link: { href: '/inquiries/inq/records#new-heading' } })
    expect(records.text).toMatch(/no records in this phase yet/)
  })

  test('a record written in an action phase marks the ask done, with the count', () => {
    const records = ask(facts({ myRecords: 3 }), 'records')
    expect(records.done).toBe(true)
    expect(records.text).toBe('You have written 3 records in this phase; add more as things happen.')
    expect(ask(facts({ myRecords: 1 }), 'records').text).toMatch(/^You have written 1 record in/)
  })

  test('a planning phase asks for the check-in, and records only as optional', () => {
    const f = facts({ kind: 'reflection', checkIn: { mine: false, given: 0 } })
    expect(keys(f)).toEqual(['check-in', 'records'])
    expect(ask(f, 'check-in')).toMatchObject({ done: false, optional: false, link: { href: '/inquiries/inq#check-in' } })
    expect(ask(f, 'records').optional).toBe(true)
    expect(ask(facts({ kind: 'reflection', checkIn: { mine: true, given: 1 } }), 'check-in').done).toBe(true)
  })

  test('sense-making asks for the check-in, blind ratings, the validity procedures, then records', () => {
    expect(keys(senseMaking())).toEqual(['check-in', 'blind-rating', 'judgements', 'records'])
  })

  test('the blind rating is done only when every theme in the round is rated', () => {
    const partly = ask(senseMaking({ ratings: { round: 'blind', themes: 3, myBlind: 2, myOpen: 0, completeBlind: 0 } }), 'blind-rating')
    expect(partly.done).toBe(false)
    expect(partly.text).toMatch(/you have rated 2 of 3 themes/)
    expect(partly.link.href).toBe('/inquiries/inq/ratings')
    const all = ask(senseMaking({ ratings: { round: 'blind', themes: 3, myBlind: 3, myOpen: 0, completeBlind: 1 } }), 'blind-rating')
    expect(all.done).toBe(true)
  })

  test('with no themes yet, the blind rating points to naming themes', () => {
    const none = ask(senseMaking({ ratings: { round: 'blind', themes: 0, myBlind: 0, myOpen: 0, completeBlind: 0 } }), 'blind-rating')
    expect(none).toMatchObject({ done: false, link: { href: '/inquiries/inq/themes' } })
  })

  test('after the reveal the open round is an optional move, done once I re-rate', () => {
    const open = senseMaking({ ratings: { round: 'open', themes: 3, myBlind: 3, myOpen: 0, completeBlind: 6 } })
    expect(keys(open)).toEqual(['check-in', 'open-rating', 'judgements', 'records'])
    expect(ask(open, 'open-rating')).toMatchObject({ done: false, optional: true })
    const moved = ask(senseMaking({ ratings: { round: 'open', themes: 3, myBlind: 3, myOpen: 1, completeBlind: 6 } }), 'open-rating')
    expect(moved).toMatchObject({ done: true, text: 'You have re-rated 1 theme in the open round.' })
  })

  test('the validity procedures are done when I have judged each, and link to the cycle’s review', () => {
    const some = ask(senseMaking({ judgements: { procedures: 8, mine: 5, complete: 0 } }), 'judgements')
    expect(some).toMatchObject({ done: false, link: { href: '/inquiries/inq/cycles/2/validity' } })
    expect(some.text).toMatch(/you have judged 5 of 8/)
    expect(ask(senseMaking({ judgements: { procedures: 8, mine: 8, complete: 1 } }), 'judgements').done).toBe(true)
    expect(keys(senseMaking({ judgements: null }))).not.toContain('judgements')
    expect(keys(senseMaking({ judgements: { procedures: 0, mine: 0, complete: 0 } }))).not.toContain('judgements')
  })

  test('open proposals ask for my stance, counting those still without one', () => {
    const decisions = [
      { id: 'd1', title: 'Move on', mine: false, given: 3, voters: 6, groupLevel: false },
      { id: 'd2', title: 'Focus', mine: true, given: 4, voters: 6, groupLevel: false },
      { id: 'd3', title: 'Ground rules', mine: false, given: 1, voters: 6, groupLevel: false },
    ]
    const stances = ask(facts({ decisions }), 'stances')
    expect(stances).toMatchObject({ done: false, text: '2 open proposals await your stance.' })
    expect(stances.link).toEqual({ href: '/inquiries/inq#decisions-heading', text: 'Open decisions' })
    const done = ask(facts({ decisions: decisions.map((d) => ({ ...d, mine: true })) }), 'stances')
    expect(done).toMatchObject({ done: true, text: 'You have taken a stance on every open proposal.' })
    expect(keys(facts({ decisions: [] }))).not.toContain('stances')
  })

  test('a group-level proposal still awaiting my stance links to the group’s list of decisions', () => {
    const decisions = [{ id: 'd1', title: 'Ground rules', mine: false, given: 1, voters: 6, groupLevel: true }]
    const stances = ask(facts({ decisions }), 'stances')
    expect(stances.text).toBe('1 open proposal awaits your stance.')
    expect(stances.link.href).toBe('/groups/grp#decisions-heading')
  })

  test('each ask says its state in words', () => {
    expect(askStatusText({ done: true, optional: false })).toBe('Done')
    expect(askStatusText({ done: true, optional: true })).toBe('Done')
    expect(askStatusText({ done: false, optional: false })).toBe('To do')
    expect(askStatusText({ done: false, optional: true })).toBe('Optional')
  })

  test('the role is said as a sentence', () => {
    expect(roleSentence('co-subject')).toMatch(/^In this phase you are all co-subjects/)
    expect(roleSentence('co-researcher')).toMatch(/^In this phase you are all co-researchers/)
  })
})

describe('what the group waits on', () => {
  test('counts the blind round, check-ins, judgements and each proposal’s stances, as “n of m”', () => {
    const f = senseMaking({
      decisions: [{ id: 'd1', title: 'Reveal the blind ratings of cycle 2', mine: false, given: 3, voters: 6, groupLevel: false }],
    })
    expect(groupWaits(f).map((w) => w.text)).toEqual([
      '4 of 6 have rated blind.',
      '2 of 6 have checked in.',
      '1 of 6 has judged every validity procedure.',
      '3 of 6 have taken a stance on “Reveal the blind ratings of cycle 2”.',
    ])
    expect(groupWaits(f).map(({ acted, of }) => [acted, of])).toEqual([
      [4, 6],
      [2, 6],
      [1, 6],
      [3, 6],
    ])
  })

  test('what everyone has done is no longer waited on', () => {
    const f = senseMaking({
      checkIn: { mine: true, given: 6 },
      ratings: { round: 'blind', themes: 3, myBlind: 3, myOpen: 0, completeBlind: 6 },
      judgements: { procedures: 8, mine: 8, complete: 6 },
      decisions: [{ id: 'd1', title: 'Done deal', mine: true, given: 6, voters: 6, groupLevel: false }],
    })
    expect(groupWaits(f)).toEqual([])
  })

  test('an action phase waits on nothing but open proposals; no themes means no blind round to wait on', () => {
    expect(groupWaits(facts({ myRecords: 0 }))).toEqual([])
    expect(
      groupWaits(senseMaking({ ratings: { round: 'blind', themes: 0, myBlind: 0, myOpen: 0, completeBlind: 0 } })).map((w) => w.key),
    ).not.toContain('blind-rating')
    expect(
      groupWaits(senseMaking({ ratings: { round: 'open', themes: 3, myBlind: 3, myOpen: 0, completeBlind: 6 } })).map((w) => w.key),
    ).not.toContain('blind-rating')
  })

  test('the counts carry no one’s identity: only a key, two numbers and a sentence', () => {
    for (const wait of groupWaits(senseMaking())) expect(Object.keys(wait).sort()).toEqual(['acted', 'key', 'of', 'text'])
  })
})
