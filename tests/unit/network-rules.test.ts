import { describe, expect, test } from 'vitest'
import { FederalPayloadSchema, MAX_CONSECUTIVE_TERMS, rotationProblem } from '~/features/network/core/federal-kinds'
import {
  DEFAULT_FEDERAL_RULE,
  federalOutcome,
  federalRuleInWords,
  FederalRuleSchema,
  type FederalStanceValue,
} from '~/features/network/core/federal-rule'
import { GroupPublicationMessage } from '~/features/network/core/messages'
import {
  graceEndsAt,
  graceEnded,
  shownStanding,
  standingNote,
  standingOf,
  STANDING_MEANINGS,
  type StandingInput,
} from '~/features/network/core/standing'

// The network's pure rules (issue 18): standing from links, the federal decision rule, office
// rotation and the versioned publication message. Each test would fail if its rule were broken.

const DAY = 86_400_000
const T0 = '2026-01-01T00:00:00.000Z'

/** An ISO time `days` (may be fractional or negative) after T0. */
function at(days: number): string {
  return new Date(Date.parse(T0) + days * DAY).toISOString()
}

function standing(input: Partial<StandingInput>) {
  return standingOf({ stage: 'member', validatingLinks: 0, previous: 'member', seekingSince: null, graceDays: 30, now: T0, ...input })
}

describe('standingOf', () => {
  test.each(['forming', 'standing_by', 'laid_down'] as const)('a group at stage %s has that standing whatever its links', (stage) => {
    expect(standing({ stage, validatingLinks: 3, previous: 'full_member', seekingSince: T0 })).toEqual({
      standing: stage,
      seekingSince: null,
    })
  })

  test.each([
    [0, 'member'],
    [1, 'member'],
    [2, 'full_member'],
    [3, 'full_member'],
  ] as const)('a member group with %i validating links is a %s', (validatingLinks, expected) => {
    expect(standing({ validatingLinks })).toEqual({ standing: expected, seekingSince: null })
  })

  test('a full member that loses a link is seeking a link from now', () => {
    const now = at(5)
    expect(standing({ previous: 'full_member', validatingLinks: 1, now })).toEqual({ standing: 'seeking_link', seekingSince: now })
  })

  test('a seeking group within its grace stays seeking, keeping the day it began', () => {
    const result = standing({ previous: 'seeking_link', validatingLinks: 1, seekingSince: T0, graceDays: 30, now: at(29.9) })
    expect(result).toEqual({ standing: 'seeking_link', seekingSince: T0 })
  })

  test('a seeking group whose grace has ended is a member group again', () => {
    const result = standing({ previous: 'seeking_link', validatingLinks: 1, seekingSince: T0, graceDays: 30, now: at(30) })
    expect(result).toEqual({ standing: 'member', seekingSince: null })
  })

  test('a seeking group that regains two validating links is a full member again', () => {
    const result = standing({ previous: 'seeking_link', validatingLinks: 2, seekingSince: T0, graceDays: 30, now: at(10) })
    expect(result).toEqual({ standing: 'full_member', seekingSince: null })
  })

  test('a full member never drops straight to member, however late and however few links', () => {
    for (const validatingLinks of [0, 1]) {
      for (const now of [T0, at(1000)]) {
        const result = standing({ previous: 'full_member', validatingLinks, seekingSince: at(-1000), graceDays: 7, now })
        expect(result).toEqual({ standing: 'seeking_link', seekingSince: now })
      }
    }
  })
})

describe('grace period', () => {
  test('graceEndsAt is seekingSince plus the grace days', () => {
    expect(graceEndsAt(T0, 30)).toBe('2026-01-31T00:00:00.000Z')
    expect(graceEndsAt('2026-02-20T12:30:00.000Z', 14)).toBe('2026-03-06T12:30:00.000Z')
  })

  test('grace has ended at its end exactly, not a millisecond before', () => {
    const end = Date.parse(graceEndsAt(T0, 30))
    expect(graceEnded(T0, 30, new Date(end - 1).toISOString())).toBe(false)
    expect(graceEnded(T0, 30, new Date(end).toISOString())).toBe(true)
    expect(graceEnded(T0, 30, new Date(end + 1).toISOString())).toBe(true)
  })

  test('shownStanding reads a seeking group past its grace as a member group', () => {
    expect(shownStanding('seeking_link', T0, 30, at(29))).toBe('seeking_link')
    expect(shownStanding('seeking_link', T0, 30, at(30))).toBe('member')
  })

  test('shownStanding leaves other standings, and a seeking group with no start, as stored', () => {
    expect(shownStanding('seeking_link', null, 30, at(1000))).toBe('seeking_link')
    expect(shownStanding('full_member', T0, 30, at(1000))).toBe('full_member')
    expect(shownStanding('member', T0, 30, at(1000))).toBe('member')
  })
})

describe('standingNote', () => {
  test('becoming a seeking group names the grace days', () => {
    expect(standingNote('full_member', 'seeking_link', 45)).toContain('grace period of 45 days')
    expect(standingNote('full_member', 'seeking_link', 90)).toContain('90 days')
  })

  test('becoming a full member says both links validated', () => {
    expect(standingNote('member', 'full_member', 30)).toContain('Both link groups have validated')
  })

  test('a seeking group becoming a member again says the grace ended', () => {
    expect(standingNote('seeking_link', 'member', 30)).toContain('grace period ended')
  })

  test('other changes use the meaning of the new standing', () => {
    expect(standingNote('standing_by', 'member', 30)).toBe(STANDING_MEANINGS.member)
    expect(standingNote('member', 'laid_down', 30)).toBe(STANDING_MEANINGS.laid_down)
  })
})

function stances(spec: Record<string, FederalStanceValue>): Map<string, FederalStanceValue> {
  return new Map(Object.entries(spec))
}

const ABC = ['a', 'b', 'c']

describe('federalOutcome under the default rule (consensus of all member groups)', () => {
  test('passes when every eligible group has cast, one agrees and none blocks', () => {
    const outcome = federalOutcome(DEFAULT_FEDERAL_RULE, ABC, stances({ a: 'agree', b: 'stand_aside', c: 'stand_aside' }))
    expect(outcome).toMatchObject({ status: 'passed', eligible: 3, cast: 3, needed: 3, blocking: [] })
  })

  test('stays open while any eligible group has not cast', () => {
    const outcome = federalOutcome(DEFAULT_FEDERAL_RULE, ABC, stances({ a: 'agree', b: 'agree' }))
    expect(outcome).toMatchObject({ status: 'open', cast: 2, needed: 3 })
  })

  test('one block holds it open whatever the others say', () => {
    const outcome = federalOutcome(DEFAULT_FEDERAL_RULE, ABC, stances({ a: 'agree', b: 'block', c: 'agree' }))
    expect(outcome.status).toBe('open')
    expect(outcome.blocking).toEqual(['b'])
    expect(outcome.explanation).toContain('Held open')
  })

  test('a block holds it open even before the others have cast', () => {
    const outcome = federalOutcome(DEFAULT_FEDERAL_RULE, ABC, stances({ c: 'block' }))
    expect(outcome.status).toBe('open')
    expect(outcome.explanation).toContain('Held open')
  })

  test('stances of groups that are not eligible do not count', () => {
    const passed = federalOutcome(DEFAULT_FEDERAL_RULE, ['a', 'b'], stances({ a: 'agree', b: 'agree', x: 'block' }))
    expect(passed).toMatchObject({ status: 'passed', cast: 2, blocking: [] })
    const open = federalOutcome(DEFAULT_FEDERAL_RULE, ['a', 'b'], stances({ a: 'agree', x: 'agree' }))
    expect(open).toMatchObject({ status: 'open', cast: 1, needed: 2 })
  })

  test('all standing aside leaves it open: no group agrees', () => {
    const outcome = federalOutcome(DEFAULT_FEDERAL_RULE, ABC, stances({ a: 'stand_aside', b: 'stand_aside', c: 'stand_aside' }))
    expect(outcome.status).toBe('open')
    expect(outcome.explanation).toContain('no group agrees')
  })

  test('with no eligible groups it is open', () => {
    const outcome = federalOutcome(DEFAULT_FEDERAL_RULE, [], stances({ x: 'agree' }))
    expect(outcome).toMatchObject({ status: 'open', eligible: 0, cast: 0, needed: 1 })
  })
})

describe('federalOutcome under an amended rule', () => {
  const half = FederalRuleSchema.parse({ quorum: 0.5 })

  test('a quorum of one half passes with half the groups cast', () => {
    const outcome = federalOutcome(half, ['a', 'b', 'c', 'd'], stances({ a: 'agree', b: 'stand_aside' }))
    expect(outcome).toMatchObject({ status: 'passed', cast: 2, needed: 2 })
  })

  test('a quorum of one half is not met by fewer than half', () => {
    expect(federalOutcome(half, ['a', 'b', 'c', 'd'], stances({ a: 'agree' })).status).toBe('open')
    expect(federalOutcome(half, ABC, stances({ a: 'agree' }))).toMatchObject({ status: 'open', needed: 2 })
  })

  test('when blocks do not hold it open, it passes once agreements outnumber blocks', () => {
    const rule = FederalRuleSchema.parse({ blocksHoldOpen: false })
    const passed = federalOutcome(rule, ABC, stances({ a: 'agree', b: 'agree', c: 'block' }))
    expect(passed).toMatchObject({ status: 'passed', blocking: ['c'] })
    const tied = federalOutcome(rule, ABC, stances({ a: 'agree', b: 'stand_aside', c: 'block' }))
    expect(tied.status).toBe('open')
  })
})

describe('federalRuleInWords', () => {
  test('the default rule asks every group and lets one block hold it open', () => {
    const words = federalRuleInWords(DEFAULT_FEDERAL_RULE)
    expect(words).toContain('every member group')
    expect(words).toContain('a block from any one group holds it open')
  })

  test('an amended rule states its share and that blocks do not hold it open', () => {
    const words = federalRuleInWords({ quorum: 0.6667, blocksHoldOpen: false })
    expect(words).toContain('at least 67 % of member groups')
    expect(words).toContain('blocks do not hold it open')
    expect(words).not.toContain('every member group')
  })
})

describe('FederalRuleSchema', () => {
  test('defaults to consensus of every group with blocks holding it open', () => {
    expect(FederalRuleSchema.parse({})).toEqual({ quorum: 1, blocksHoldOpen: true })
    expect(DEFAULT_FEDERAL_RULE).toEqual({ quorum: 1, blocksHoldOpen: true })
  })

  test('refuses a quorum of zero or above one, and unknown fields', () => {
    expect(FederalRuleSchema.safeParse({ quorum: 0 }).success).toBe(false)
    expect(FederalRuleSchema.safeParse({ quorum: 1.5 }).success).toBe(false)
    expect(FederalRuleSchema.safeParse({ unanimous: true }).success).toBe(false)
  })
})

type Term = Parameters<typeof rotationProblem>[0][number]

/** A term in an office from `start` to `end` (days after T0), optionally ended early. */
function term(office: string, start: number, end: number, endedAt: number | null = null): Term {
  return { office, termStarts: at(start), termEnds: at(end), endedAt: endedAt === null ? null : at(endedAt) }
}

describe('rotationProblem', () => {
  test('allows at most two terms in a row', () => {
    expect(MAX_CONSECUTIVE_TERMS).toBe(2)
  })

  test('a first term is fine', () => {
    expect(rotationProblem([], 'Convener', at(0))).toBeNull()
  })

  test('a second consecutive term is fine', () => {
    expect(rotationProblem([term('Convener', 0, 365)], 'Convener', at(365))).toBeNull()
  })

  test('a third consecutive term is refused, naming the office', () => {
    const terms = [term('Convener', 0, 365), term('Convener', 365, 730)]
    const problem = rotationProblem(terms, 'Convener', at(730))
    expect(problem).toContain('2 terms in a row as Convener')
    expect(problem).toContain('Offices rotate')
  })

  test('the order the terms come in does not matter', () => {
    const terms = [term('Convener', 365, 730), term('Convener', 0, 365)]
    expect(rotationProblem(terms, 'Convener', at(730))).not.toBeNull()
  })

  test('a gap of more than 31 days between terms resets the run', () => {
    expect(rotationProblem([term('Convener', 0, 365), term('Convener', 397, 760)], 'Convener', at(760))).toBeNull()
    expect(rotationProblem([term('Convener', 0, 365), term('Convener', 396, 760)], 'Convener', at(760))).not.toBeNull()
  })

  test('a gap of more than 31 days before the new term resets the run', () => {
    const terms = [term('Convener', 0, 365), term('Convener', 365, 730)]
    expect(rotationProblem(terms, 'Convener', at(762))).toBeNull()
    expect(rotationProblem(terms, 'Convener', at(761))).not.toBeNull()
  })

  test('terms in different offices are counted apart', () => {
    const terms = [term('Convener', 0, 365), term('Treasurer', 365, 730)]
    expect(rotationProblem(terms, 'Convener', at(730))).toBeNull()
    expect(rotationProblem(terms, 'Treasurer', at(730))).toBeNull()
  })

  test('office names are compared without case or surrounding spaces', () => {
    const terms = [term('convener', 0, 365), term(' CONVENER ', 365, 730)]
    expect(rotationProblem(terms, 'Convener ', at(730))).toContain('as Convener,')
  })

  test('a recalled term ends when it was ended, not when it was due to', () => {
    const recalled = [term('Convener', 0, 365), term('Convener', 365, 730, 400)]
    expect(rotationProblem(recalled, 'Convener', at(420))).not.toBeNull()
    expect(rotationProblem(recalled, 'Convener', at(730))).toBeNull()
    const served = [term('Convener', 0, 365), term('Convener', 365, 730)]
    expect(rotationProblem(served, 'Convener', at(730))).not.toBeNull()
  })
})

describe('FederalPayloadSchema', () => {
  test('accepts each kind with its own fields', () => {
    for (const payload of [
      { kind: 'general' },
      { kind: 'amend_principles', principles: 'We stand by each other.' },
      { kind: 'grace_period', graceDays: 7 },
      { kind: 'amend_rule', rule: { quorum: 0.5 } },
      { kind: 'elect_officer', office: 'Convener', personId: 'p1', termMonths: 12 },
      { kind: 'recall_officer', officeId: 'o1' },
    ]) {
      expect(FederalPayloadSchema.safeParse(payload).success, payload.kind).toBe(true)
    }
  })

  test('an amended rule is filled in with the defaults', () => {
    expect(FederalPayloadSchema.parse({ kind: 'amend_rule', rule: {} })).toEqual({
      kind: 'amend_rule',
      rule: { quorum: 1, blocksHoldOpen: true },
    })
  })

  test('refuses a grace period shorter than a week', () => {
    expect(FederalPayloadSchema.safeParse({ kind: 'grace_period', graceDays: 3 }).success).toBe(false)
  })

  test('refuses an unknown kind', () => {
    expect(FederalPayloadSchema.safeParse({ kind: 'dissolve_group', groupId: 'g1' }).success).toBe(false)
  })

  test('refuses fields the kind does not carry', () => {
    expect(FederalPayloadSchema.safeParse({ kind: 'general', graceDays: 30 }).success).toBe(false)
    expect(FederalPayloadSchema.safeParse({ kind: 'recall_officer', officeId: 'o1', groupId: 'g1' }).success).toBe(false)
  })
})

const uri = (n: number) => `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

function publication() {
  return {
    type: 'network.group',
    version: 1,
    uri: uri(1),
    name: 'North Circle',
    standing: 'full_member',
    route: 'Peer supervision',
    description: null,
    memberCount: 6,
    statements: [{ uri: uri(2), version: 1, text: 'Our stance.', publishedAt: T0 }],
    history: [{ at: T0, standing: 'member', note: 'Published its statement.' }],
    links: [
      {
        uri: uri(3),
        askingGroup: uri(1),
        answeringGroup: uri(4),
        status: 'active',
        askedAt: T0,
        answeredAt: at(1),
        endedAt: null,
        reason: null,
      },
    ],
    validations: [
      { uri: uri(5), link: uri(3), byGroup: uri(4), ofGroup: uri(1), verdict: 'validated', reasons: 'Seen it work.', decidedAt: at(2) },
    ],
    federalStances: [{ proposal: uri(6), group: uri(1), stance: 'agree', reason: 'Yes.', castAt: at(3) }],
  }
}

describe('GroupPublicationMessage', () => {
  test('accepts a well-formed version 1 message', () => {
    expect(GroupPublicationMessage.parse(publication())).toEqual(publication())
  })

  test('refuses a bare integer id where a URI belongs', () => {
    const top = GroupPublicationMessage.safeParse({ ...publication(), uri: '42' })
    expect(top.error?.issues.map((i) => i.path)).toEqual([['uri']])
    const message = publication()
    message.validations[0]!.ofGroup = '42'
    const nested = GroupPublicationMessage.safeParse(message)
    expect(nested.error?.issues.map((i) => i.path)).toEqual([['validations', 0, 'ofGroup']])
  })

  test('refuses a version 2 message', () => {
    const result = GroupPublicationMessage.safeParse({ ...publication(), version: 2 })
    expect(result.error?.issues.map((i) => i.path)).toEqual([['version']])
  })

  test('refuses a field it does not define, such as records', () => {
    const result = GroupPublicationMessage.safeParse({ ...publication(), records: [] })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['records'] })
  })
})
