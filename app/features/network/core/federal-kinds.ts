import { z } from 'zod'
import { FederalRuleSchema } from './federal-rule'

// What a federal proposal may change, and the payload each kind carries. A passed proposal's
// effect changes only the network's own settings and offices: officers hold no power over a
// group's internal affairs (seed 003, "empowering hierarchy").

/** Terms in a row one person may serve in the same office: offices rotate. */
export const MAX_CONSECUTIVE_TERMS = 2

export const FederalPayloadSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('general') }),
  z.strictObject({ kind: z.literal('amend_principles'), principles: z.string().trim().min(1).max(20_000) }),
  z.strictObject({ kind: z.literal('grace_period'), graceDays: z.number().int().min(7).max(730) }),
  z.strictObject({ kind: z.literal('amend_rule'), rule: FederalRuleSchema }),
  z.strictObject({
    kind: z.literal('elect_officer'),
    office: z.string().trim().min(2).max(120),
    personId: z.string().min(1),
    termMonths: z.number().int().min(1).max(36),
  }),
  z.strictObject({ kind: z.literal('recall_officer'), officeId: z.string().min(1) }),
])
export type FederalPayload = z.infer<typeof FederalPayloadSchema>
export type FederalKind = FederalPayload['kind']

export const FEDERAL_KIND_LABELS: Record<FederalKind, string> = {
  general: 'A proposal to the network',
  amend_principles: "Amend the network's principles and procedures",
  grace_period: 'Change the grace period for groups seeking a link',
  amend_rule: "Amend the network's rule for federal decisions",
  elect_officer: 'Elect an officer',
  recall_officer: 'Recall an officer',
}

type Term = { office: string; termStarts: string; termEnds: string; endedAt: string | null }

const GAP = 31 * 86_400_000

/**
 * Why this person cannot be elected to this office for a term starting `now`, or null: a term
 * that follows the last one within a month continues a run, and a run is at most
 * MAX_CONSECUTIVE_TERMS long.
 */
export function rotationProblem(terms: readonly Term[], office: string, now: string): string | null {
  const same = terms
    .filter((t) => t.office.trim().toLowerCase() === office.trim().toLowerCase())
    .sort((a, b) => a.termStarts.localeCompare(b.termStarts))
  let run = 0
  let lastEnd: string | null = null
  for (const t of same) {
    run = lastEnd !== null && Date.parse(t.termStarts) - Date.parse(lastEnd) <= GAP ? run + 1 : 1
    lastEnd = t.endedAt ?? t.termEnds
  }
  const continues = lastEnd !== null && Date.parse(now) - Date.parse(lastEnd) <= GAP
  if (continues && run >= MAX_CONSECUTIVE_TERMS) {
    return `Offices rotate: this person has served ${run} terms in a row as ${office.trim()}, the most the network allows. Someone else may stand.`
  }
  return null
}
