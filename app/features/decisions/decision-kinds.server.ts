import { z } from 'zod'
import type { DecisionKindDefinition } from './registry.server'

const GeneralPayload = z.object({})

declare module '~db/schema' {
  interface DecisionPayloads {
    general: z.infer<typeof GeneralPayload>
  }
}

/** A proposal of the group's own wording: passing it records the group's agreement, and changes nothing else. */
export const general: DecisionKindDefinition<'general'> = {
  kind: 'general',
  payload: GeneralPayload,
  apply: async () => true,
}
