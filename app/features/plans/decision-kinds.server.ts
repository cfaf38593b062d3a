import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'

const FocusPayload = z.object({ cycleId: z.string(), focus: z.string() })

declare module '~db/schema' {
  interface DecisionPayloads {
    focus: z.infer<typeof FocusPayload>
  }
}

/** The cycle's focus, proposed by `proposeFocus`: it becomes the cycle's when the decision passes. */
export const focus: DecisionKindDefinition<'focus'> = {
  kind: 'focus',
  payload: FocusPayload,
  apply: async (trx, { payload: { cycleId, focus } }) => {
    await trx.updateTable('cycles').set({ focus }).where('id', '=', cycleId).execute()
    return true
  },
}
