import type { Executor } from '~db/connection'
import { exportableAnonymousStances, isAnonymousRuleJson } from '~/features/decisions/core/anonymity'
import type { StanceValue } from '~/features/decisions/core/rule'
import { listStancesOfDecisions } from '~db/queries/decisions'
import { listChallengesOfCycles, listDecisionsOfCycles } from '~db/queries/exports'
import { groupBy, sortBy, type ArchiveOutline } from './core/archive'
import { inList, type ArchivePeople, type CyclesInScope } from './archive-scope.server'

// The archive's decisions, with their stances, and the challenges raised: published cycles only,
// by member key, with members' names in their texts replaced by keys.

type StanceRow = Awaited<ReturnType<typeof listStancesOfDecisions>>[number]

/** The decisions as the outline holds them, with each decision's key by its id (a challenge may name one). */
export type DecisionOutline = { entries: ArchiveOutline['decisions']; keys: Map<string, string> }

/** The decisions of the published cycles in scope, keyed in an order made from content: when made, title, body. */
export async function readDecisions(
  db: Executor,
  inquiryId: string,
  scope: CyclesInScope,
  people: ArchivePeople,
): Promise<DecisionOutline> {
  const { key, redact } = people
  const rows = await listDecisionsOfCycles(db, inquiryId, inList(scope.publishedIds))
  const decisions = sortBy(
    rows.map((d) => ({ d, title: redact(pseudonymousTitle(d, key)), body: redact(d.body) })),
    (x) => [x.d.createdAt, x.title, x.body],
  )
  const stancesOf = await readStances(
    db,
    decisions.map(({ d }) => d.id),
    key,
  )
  const keys = new Map(decisions.map(({ d }, i) => [d.id, `D${i + 1}`]))
  const entries = decisions
    .filter(({ d }) => key(d.proposedBy))
    .map(({ d, title, body }) => ({
      key: keys.get(d.id)!,
      cycle: d.cycleId ? (scope.numberOf.get(d.cycleId) ?? null) : null,
      kind: d.kind,
      title,
      body,
      status: d.status,
      proposedBy: key(d.proposedBy)!,
      createdAt: d.createdAt,
      closedAt: d.closedAt,
      outcomeNote: d.outcomeNote === null ? null : redact(d.outcomeNote),
      ...decisionStances(d, stancesOf.get(d.id) ?? [], key),
    }))
  return { entries, keys }
}

/** The stances taken on these decisions by members, by decision, each decision's in the order given. */
async function readStances(db: Executor, decisionIds: string[], key: ArchivePeople['key']): Promise<Map<string, StanceRow[]>> {
  const stances = decisionIds.length ? await listStancesOfDecisions(db, decisionIds) : []
  return groupBy(
    stances.filter((s) => key(s.personId)),
    (s) => s.decisionId,
  )
}

/**
 * A decision's stances as the archive holds them. On an anonymous decision (issue 13) none is
 * named or timed, and the tally is left out until it closes, in an order that follows nothing.
 */
function decisionStances(
  decision: { status: string; ruleJson: string; anonymousJson: string },
  named: { personId: string; stance: StanceValue; reason: string | null; createdAt: string }[],
  member: (personId: string) => string | undefined,
) {
  if (!isAnonymousRuleJson(decision.ruleJson)) {
    return {
      stances: named.map((s) => ({ member: member(s.personId)!, stance: s.stance, reasoned: Boolean(s.reason), at: s.createdAt })),
      anonymousStances: exportableAnonymousStances(decision),
    }
  }
  const latest = new Map(named.map((s) => [s.personId, { stance: s.stance, reason: s.reason }]))
  return { stances: [], anonymousStances: exportableAnonymousStances(decision, [...latest.values()]) }
}

/** Titles the app wrote with a member's name say their key instead, so no title links a name to a key. */
function pseudonymousTitle(d: { kind: string; title: string; payloadJson: string }, member: (id: string) => string | undefined): string {
  if (d.kind !== 'devils_advocate') return d.title
  const payload = JSON.parse(d.payloadJson) as { personId?: string }
  // An imported decision has no person in its payload: its title already names a key.
  if (!payload.personId) return d.title
  return d.title.replace(/^.* as devil’s advocate/, `${member(payload.personId) ?? 'A member'} as devil’s advocate`)
}

/** The keys a challenge's target may have in the archive. */
type Targets = { theme: Map<string, string>; record: Map<string, string>; decision: Map<string, string> }

/** The key of what a challenge is about; null for the process, or for something not in the archive. */
function targetKey(c: { targetKind: string; targetId: string | null }, targets: Targets): string | null {
  if (!c.targetId) return null
  if (c.targetKind === 'theme') return targets.theme.get(c.targetId) ?? null
  if (c.targetKind === 'record') return targets.record.get(c.targetId) ?? null
  if (c.targetKind === 'decision') return targets.decision.get(c.targetId) ?? null
  return null
}

/** The challenges raised in the published cycles in scope, keyed in order of when raised, then their text. */
export async function readChallenges(
  db: Executor,
  scope: CyclesInScope,
  people: ArchivePeople,
  targets: Targets,
): Promise<ArchiveOutline['challenges']> {
  const { key, redact } = people
  const rows = await listChallengesOfCycles(db, inList(scope.publishedIds))
  const challenges = sortBy(
    rows.map((c) => ({ c, text: redact(c.text) })),
    (x) => [x.c.createdAt, x.text],
  )
  // Keys count every challenge, those raised by someone the archive cannot name too.
  return challenges.flatMap(({ c, text }, i) =>
    key(c.raisedBy)
      ? [
          {
            key: `C${i + 1}`,
            cycle: scope.numberOf.get(c.cycleId)!,
            raisedBy: key(c.raisedBy)!,
            targetKind: c.targetKind,
            target: targetKey(c, targets),
            hazard: c.hazard,
            text,
            resolution: c.resolution,
            resolutionText: c.resolutionText === null ? null : redact(c.resolutionText),
            resolvedBy: c.resolvedBy ? (key(c.resolvedBy) ?? null) : null,
            resolvedAt: c.resolvedAt,
            createdAt: c.createdAt,
          },
        ]
      : [],
  )
}
