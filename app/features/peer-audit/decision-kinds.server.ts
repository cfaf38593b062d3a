import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'
import { ComponentsSchema } from './core/framework'
import { adoptFramework } from './effects.server'

// The peer review audit's one decision kind (issue 18, item 5): the group adopts a framework
// (the components of the job and the criteria of competence for each), from a shipped template
// or as a revision of its own. Each passing decision writes a new version; nothing else does.

const AuditFramework = z.object({ templateSlug: z.string().max(80).nullable(), components: ComponentsSchema })

declare module '~db/schema' {
  interface DecisionPayloads {
    audit_framework: z.infer<typeof AuditFramework>
  }
}

export const auditFramework: DecisionKindDefinition<'audit_framework'> = {
  kind: 'audit_framework',
  payload: AuditFramework,
  apply: adoptFramework,
}
