import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'
import { upsertCoGroupSettings } from '~db/queries/co-counselling'
import { nowIso } from '~/utils/ids.server'

// Whether a group sees the totals of the co-counselling sessions booked through it (issue 19):
// the group's own decision, by its own rule. It never sees more than totals.

const TotalsPayload = z.object({ show: z.boolean() })

declare module '~db/schema' {
  interface DecisionPayloads {
    co_counselling_totals: z.infer<typeof TotalsPayload>
  }
}

export const coCounsellingTotals: DecisionKindDefinition<'co_counselling_totals'> = {
  kind: 'co_counselling_totals',
  payload: TotalsPayload,
  apply: async (trx, { id, groupId, payload }) => {
    await upsertCoGroupSettings(trx, { groupId, showTotals: payload.show ? 1 : 0, decisionId: id, decidedAt: nowIso() })
    return true
  },
}
