import { describe, expect, expectTypeOf, test } from 'vitest'
import { z } from 'zod'
import { DECISION_KINDS } from '~/features/decision-kinds.server'
import {
  decisionKind,
  parsePayload,
  registerDecisionKind,
  registeredDecisionKinds,
  type DecisionPayloads,
} from '~/features/decisions/registry.server'
import type { DecisionKind } from '~db/schema'

// Every kind, as the registration lists it; the compiler keeps that list whole (DecisionKind is
// the set of kinds the features declare), so a kind declared and not registered fails tsc.
const EVERY_KIND = DECISION_KINDS

describe('the registry of decision kinds', () => {
  test('every decision kind of the schema is registered, exactly once', () => {
    const registered = registeredDecisionKinds()
    expect(new Set(registered).size).toBe(registered.length)
    expect([...registered].sort()).toEqual(Object.keys(EVERY_KIND).sort())
    expectTypeOf<keyof DecisionPayloads>().toEqualTypeOf<DecisionKind>()
  })

  test('each kind has a payload schema and an effect', () => {
    for (const kind of registeredDecisionKinds()) {
      const definition = decisionKind(kind)
      expect(definition.kind).toBe(kind)
      expect(definition.payload).toBeInstanceOf(z.ZodType)
      expect(typeof definition.apply).toBe('function')
    }
  })

  test('a kind cannot be registered twice', () => {
    const again = { kind: 'general' as const, payload: z.object({}), apply: async () => true }
    expect(() => registerDecisionKind(again)).toThrow('The decision kind "general" is registered twice.')
  })

  test('an unknown kind is refused', () => {
    expect(() => decisionKind('seize_power')).toThrow('Unknown decision kind "seize_power".')
    expect(() => parsePayload('seize_power' as DecisionKind, {})).toThrow('Unknown decision kind "seize_power".')
  })

  test('a payload is parsed by its own kind’s schema', () => {
    expect(parsePayload('publish_findings', { throughCycle: 2 })).toEqual({ throughCycle: 2 })
    expect(() => parsePayload('publish_findings', { throughCycle: 0 })).toThrow()
    expect(() => parsePayload('devils_advocate', { cycleId: 'c1' })).toThrow()
  })

  test('only the blind round’s reveal also comes due without a decision', () => {
    const due = registeredDecisionKinds().filter((kind) => decisionKind(kind).applyWhenDue)
    expect(due).toEqual(['reveal_ratings'])
  })
})
