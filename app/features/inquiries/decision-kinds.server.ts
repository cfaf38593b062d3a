import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'
import { applyConclude, applyNextCycle, applyPhaseChange } from '~/features/cycles/cycles.server'
import { applyHandoverPlan } from '~/features/facilitation/handover.server'

const PhaseChangePayload = z.object({ fromPhaseId: z.string(), toPhaseId: z.string(), skippedPhaseIds: z.array(z.string()) })
const NextCyclePayload = z.object({ fromCycleId: z.string() })
const ConcludePayload = z.object({})

declare module '~db/schema' {
  interface DecisionPayloads {
    phase_change: z.infer<typeof PhaseChangePayload>
    next_cycle: z.infer<typeof NextCyclePayload>
    conclude: z.infer<typeof ConcludePayload>
  }
}

// The three ways an inquiry moves on, proposed by `proposeMoveOn`.

/** Moves to another phase of the current cycle (skipping those in between). */
export const phaseChange: DecisionKindDefinition<'phase_change'> = {
  kind: 'phase_change',
  payload: PhaseChangePayload,
  inquiryOnly: true,
  apply: (trx, { inquiryId, payload }) => applyPhaseChange(trx, inquiryId, payload),
}

/** Closes the current cycle and begins the next. */
export const nextCycle: DecisionKindDefinition<'next_cycle'> = {
  kind: 'next_cycle',
  payload: NextCyclePayload,
  inquiryOnly: true,
  apply: async (trx, { id, inquiryId, payload }) => {
    if (!(await applyNextCycle(trx, inquiryId, payload, id))) return false
    // The group's handover plan acts as the new cycle begins (issue 19).
    await applyHandoverPlan(trx, inquiryId)
    return true
  },
}

/** Concludes the inquiry. */
export const conclude: DecisionKindDefinition<'conclude'> = {
  kind: 'conclude',
  payload: ConcludePayload,
  inquiryOnly: true,
  apply: (trx, { id, inquiryId }) => applyConclude(trx, inquiryId, id),
}
