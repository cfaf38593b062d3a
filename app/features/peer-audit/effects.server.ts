import type { Executor } from '~db/connection'
import { findGroup } from '~db/queries/groups'
import { findCurrentFramework, insertFramework } from '~db/queries/peer-audit'
import { newId, nowIso } from '~/utils/ids.server'
import type { Component } from './core/framework'

type Passed<P> = { id: string; groupId: string; payload: P }

/** A passed `audit_framework` decision: the framework's next version. A pair keeps no audit, so it takes no effect there. */
export async function adoptFramework(trx: Executor, decision: Passed<{ templateSlug: string | null; components: Component[] }>) {
  const group = await findGroup(trx, decision.groupId)
  if (group?.kind !== 'inquiry_group') return false
  const current = await findCurrentFramework(trx, decision.groupId)
  await insertFramework(trx, {
    id: newId(),
    groupId: decision.groupId,
    version: (current?.version ?? 0) + 1,
    templateSlug: decision.payload.templateSlug,
    componentsJson: JSON.stringify(decision.payload.components),
    decisionId: decision.id,
    adoptedAt: nowIso(),
  })
  return true
}
