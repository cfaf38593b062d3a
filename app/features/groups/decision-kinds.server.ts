import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'

const GroundRulesPayload = z.object({ groundRules: z.string() })

declare module '~db/schema' {
  interface DecisionPayloads {
    ground_rules: z.infer<typeof GroundRulesPayload>
  }
}

/** The group's ground rules, proposed by `proposeGroundRules`: they become the group's when the decision passes. */
export const groundRules: DecisionKindDefinition<'ground_rules'> = {
  kind: 'ground_rules',
  payload: GroundRulesPayload,
  apply: async (trx, { groupId, payload: { groundRules } }) => {
    await trx.updateTable('groups').set({ groundRules }).where('id', '=', groupId).execute()
    return true
  },
}
