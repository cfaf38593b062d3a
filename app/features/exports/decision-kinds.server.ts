import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'
import { applyPublish } from './publish.server'

const PublishFindingsPayload = z.object({ throughCycle: z.number().int().min(1) })

declare module '~db/schema' {
  interface DecisionPayloads {
    publish_findings: z.infer<typeof PublishFindingsPayload>
  }
}

/** The group agrees to publish its findings of cycles 1 to `throughCycle` (proposed by `proposePublish`). */
export const publishFindings: DecisionKindDefinition<'publish_findings'> = {
  kind: 'publish_findings',
  payload: PublishFindingsPayload,
  inquiryOnly: true,
  apply: (trx, { inquiryId, payload }) => applyPublish(trx, inquiryId, payload.throughCycle),
}
