import type { z } from 'zod'
import type { Executor } from '~db/connection'
import type { Decision, DecisionKind, DecisionPayloads } from '~db/schema'

export type { DecisionPayloads }

/**
 * The registry of decision kinds. Each feature declares the kinds it owns in its own
 * `decision-kinds.server.ts` (payload and effect), and `app/features/decision-kinds.server.ts`
 * registers them all, once, where a process starts. `decisions` knows this registry and no feature.
 *
 * What every kind shares stays in `decisions.server.ts`: any current member may propose, and the
 * decision rule the proposal carries closes it. What is particular to a kind at proposal time (one
 * open proposal at a time, a pair's quorum of one, its title) is checked by the service that proposes it.
 */

export type PayloadOf<K extends DecisionKind> = K extends keyof DecisionPayloads ? DecisionPayloads[K] : never

/** A decision that has passed, as its effect sees it. */
export type PassedDecision<P, InquiryId = string | null> = { id: string; groupId: string; inquiryId: InquiryId; payload: P }

/**
 * What a passed decision does, inside the transaction that closes it (and with that transaction).
 * It returns false when the world has moved on (the phase already changed, the cycle ended): the
 * decision then closes as superseded and takes no effect.
 */
type Effect<P> =
  | {
      /** The effect lands on the decision's inquiry: one made outside an inquiry takes none, and its payload is not read. */
      inquiryOnly: true
      apply: (trx: Executor, decision: PassedDecision<P, string>) => Promise<boolean>
    }
  | { inquiryOnly?: false; apply: (trx: Executor, decision: PassedDecision<P>) => Promise<boolean> }

export type DecisionKindDefinition<K extends DecisionKind> = Effect<PayloadOf<K>> & {
  kind: K
  /** The payload a proposal of this kind carries: checked when it is proposed, and read back when it passes. */
  payload: z.ZodType<PayloadOf<K>>
  /**
   * The same effect, come due without a decision once what it waits for is complete (the blind
   * round, once everyone has rated). `applyDueEffects` runs it after anything that can complete
   * it; true when it took effect.
   */
  applyWhenDue?: (trx: Executor, inquiryId: string) => Promise<boolean>
}

/** A definition as the registry keeps it: its payload is parsed by its own schema before `apply` sees it. */
type Registered = {
  kind: DecisionKind
  payload: z.ZodType
  inquiryOnly?: boolean
  apply: (trx: Executor, decision: PassedDecision<unknown, string | null>) => Promise<boolean>
  applyWhenDue?: (trx: Executor, inquiryId: string) => Promise<boolean>
}

const registry = new Map<string, Registered>()

export function registerDecisionKind<K extends DecisionKind>(definition: DecisionKindDefinition<K>): void {
  if (registry.has(definition.kind)) throw new Error(`The decision kind "${definition.kind}" is registered twice.`)
  registry.set(definition.kind, definition as unknown as Registered)
}

function requireRegistered() {
  if (registry.size === 0) {
    throw new Error('No decision kinds are registered: import ~/features/decision-kinds.server where the process starts.')
  }
}

/** The definition of a kind; an unknown kind is refused. */
export function decisionKind(kind: string): Readonly<Registered> {
  requireRegistered()
  const definition = registry.get(kind)
  if (!definition) throw new Error(`Unknown decision kind "${kind}".`)
  return definition
}

/** Every registered kind, in the order of registration. */
export function registeredDecisionKinds(): DecisionKind[] {
  return [...registry.keys()] as DecisionKind[]
}

/** A proposal's payload as it is kept: parsed by its kind's schema (a ZodError when it does not fit). */
export function parsePayload(kind: DecisionKind, payload: unknown): unknown {
  return decisionKind(kind).payload.parse(payload)
}

/** What a decision does when it passes; false when the world moved on (e.g. the phase already changed). */
export async function applyDecisionEffect(trx: Executor, decision: Decision): Promise<boolean> {
  const raw: unknown = JSON.parse(decision.payloadJson)
  const definition = decisionKind(decision.kind)
  if (definition.inquiryOnly && !decision.inquiryId) return false
  const payload = definition.payload.parse(raw)
  return definition.apply(trx, { id: decision.id, groupId: decision.groupId, inquiryId: decision.inquiryId, payload })
}

/**
 * Applies, in an inquiry, every effect that has come due without a decision (the blind round
 * revealed once everyone has rated). Call it after anything that can complete one: a member
 * leaving or withdrawing, themes merging.
 */
export async function applyDueEffects(trx: Executor, inquiryId: string): Promise<void> {
  requireRegistered()
  for (const definition of registry.values()) {
    if (definition.applyWhenDue) await definition.applyWhenDue(trx, inquiryId)
  }
}
