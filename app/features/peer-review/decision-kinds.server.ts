import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'
import { applyPrinciplesAmendment } from './effects.server'

const AmendPrinciplesPayload = z.object({ principles: z.array(z.string()), summary: z.string() })

declare module '~db/schema' {
  interface DecisionPayloads {
    amend_principles: z.infer<typeof AmendPrinciplesPayload>
  }
}

/** The pair amends the principles of its work, by a decision of both (proposed by `proposePrinciples`). */
export const amendPrinciples: DecisionKindDefinition<'amend_principles'> = {
  kind: 'amend_principles',
  payload: AmendPrinciplesPayload,
  apply: (trx, { id, groupId, payload }) => applyPrinciplesAmendment(trx, groupId, id, payload),
}
