import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'
import { applyAdoptValidityReview, applyDevilsAdvocate } from './effects.server'

const AdoptValidityReviewPayload = z.object({ cycleId: z.string() })
const DevilsAdvocatePayload = z.object({ cycleId: z.string(), personId: z.string() })

declare module '~db/schema' {
  interface DecisionPayloads {
    adopt_review: z.infer<typeof AdoptValidityReviewPayload>
    devils_advocate: z.infer<typeof DevilsAdvocatePayload>
  }
}

/** The group adopts a cycle's validity review, which lets the cycle close (proposed by `proposeAdoptValidityReview`). */
export const adoptValidityReview: DecisionKindDefinition<'adopt_review'> = {
  kind: 'adopt_review',
  payload: AdoptValidityReviewPayload,
  apply: (trx, { payload }) => applyAdoptValidityReview(trx, payload.cycleId),
}

/** The group confirms a member as the cycle's devil's advocate (proposed by `proposeDevilsAdvocate`). */
export const devilsAdvocate: DecisionKindDefinition<'devils_advocate'> = {
  kind: 'devils_advocate',
  payload: DevilsAdvocatePayload,
  apply: (trx, { payload: { cycleId, personId } }) => applyDevilsAdvocate(trx, cycleId, personId),
}
