import type { Executor } from '~db/connection'
import { findNetworkSettings, insertNetworkSettings, updateNetworkSettings } from '~db/queries/network'
import { nowIso } from '~/utils/ids.server'
import { DEFAULT_FEDERAL_RULE, FederalRuleSchema, type FederalRule } from './core/federal-rule'

// The network's own settings: its principles and procedures, the grace period for a group seeking
// a link, and its rule for federal decisions. Changed only by federal decision.

export const DEFAULT_GRACE_DAYS = 180

export const DEFAULT_PRINCIPLES = [
  'Participation is open to any practitioner. Groups of five to nine practitioners take whatever time they need to come to stand by each other.',
  'A group that stands by its members publishes a statement of its ethical stance toward clients, and links with two other groups, who validate the process by which it stands by.',
  'Groups are autonomous: each decides its own practice, its route to standing by, and its forms of supervision and conflict resolution. Federal decisions are made by consensus of groups.',
  'Officers are elected for a term and rotate; they hold no power over any group’s internal affairs.',
].join('\n\n')

export type NetworkSettings = { principles: string; graceDays: number; rule: FederalRule; updatedAt: string | null }

export async function readNetworkSettings(db: Executor): Promise<NetworkSettings> {
  const row = await findNetworkSettings(db)
  if (!row) return { principles: DEFAULT_PRINCIPLES, graceDays: DEFAULT_GRACE_DAYS, rule: DEFAULT_FEDERAL_RULE, updatedAt: null }
  const rule = FederalRuleSchema.safeParse(JSON.parse(row.ruleJson))
  return {
    principles: row.principles,
    graceDays: row.graceDays,
    rule: rule.success ? rule.data : DEFAULT_FEDERAL_RULE,
    updatedAt: row.updatedAt,
  }
}

/** Changes the settings, inside a passed federal decision's transaction. */
export async function changeNetworkSettings(trx: Executor, change: Partial<Omit<NetworkSettings, 'updatedAt'>>): Promise<void> {
  const current = await readNetworkSettings(trx)
  const next = { ...current, ...change }
  const row = { principles: next.principles, graceDays: next.graceDays, ruleJson: JSON.stringify(next.rule), updatedAt: nowIso() }
  if (current.updatedAt === null && !(await findNetworkSettings(trx))) await insertNetworkSettings(trx, { id: 'network', ...row })
  else await updateNetworkSettings(trx, row)
}
