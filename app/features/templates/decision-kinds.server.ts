import { z } from 'zod'
import type { Executor } from '~db/connection'
import { insertTemplateVersion, nextTemplateVersion } from '~db/queries/templates'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'
import { newId, nowIso } from '~/utils/ids.server'
import { InquiryTemplateSchema } from './template.schema'

const AmendTemplatePayload = z.object({ templateJson: z.string(), summary: z.string() })

declare module '~db/schema' {
  interface DecisionPayloads {
    amend_template: z.infer<typeof AmendTemplatePayload>
  }
}

/** The group revises its forms (proposed by `proposeAmendment`); they take effect as a new version. */
export const amendTemplate: DecisionKindDefinition<'amend_template'> = {
  kind: 'amend_template',
  payload: AmendTemplatePayload,
  inquiryOnly: true,
  apply: (trx, { id, inquiryId, payload }) => applyTemplateAmendment(trx, inquiryId, id, payload),
}

/** The group's amended copy of its template becomes the inquiry's template; every version is kept. */
async function applyTemplateAmendment(
  trx: Executor,
  inquiryId: string,
  decisionId: string,
  payload: { templateJson: string; summary: string },
): Promise<boolean> {
  const parsed = InquiryTemplateSchema.safeParse(JSON.parse(payload.templateJson))
  if (!parsed.success) return false
  const version = await nextTemplateVersion(trx, inquiryId)
  const templateJson = JSON.stringify(parsed.data)
  await trx.updateTable('inquiries').set({ templateJson }).where('id', '=', inquiryId).execute()
  await insertTemplateVersion(trx, {
    id: newId(),
    inquiryId,
    version,
    templateJson,
    summary: payload.summary,
    decisionId,
    createdAt: nowIso(),
  })
  return true
}
