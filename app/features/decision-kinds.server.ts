// Every kind of decision, registered in one place. Each feature declares the kinds it owns in its
// own decision-kinds.server.ts; `decisions` knows only the registry, never the features. Import this
// module once where a process starts (the server's boot, the seed scripts, the test setup).
// A new kind: one file in the feature that owns it, and one line in DECISION_KINDS below.
import type { DecisionKind } from '~db/schema'
import { registerDecisionKind, type DecisionKindDefinition } from '~/features/decisions/registry.server'
import { coCounsellingTotals } from '~/features/co-counselling/decision-kinds.server'
import { CONFLICT_KINDS } from '~/features/conflicts/decision-kinds.server'
import { general } from '~/features/decisions/decision-kinds.server'
import { publishFindings } from '~/features/exports/decision-kinds.server'
import { groundRules } from '~/features/groups/decision-kinds.server'
import { conclude, nextCycle, phaseChange } from '~/features/inquiries/decision-kinds.server'
import { NETWORK_KINDS } from '~/features/network/decision-kinds.server'
import { auditFramework } from '~/features/peer-audit/decision-kinds.server'
import { amendPrinciples } from '~/features/peer-review/decision-kinds.server'
import { focus } from '~/features/plans/decision-kinds.server'
import { revealRatings } from '~/features/ratings/decision-kinds.server'
import { amendTemplate } from '~/features/templates/decision-kinds.server'
import { adoptValidityReview, devilsAdvocate } from '~/features/validity/decision-kinds.server'

/**
 * Every kind, by name. The compiler holds this list whole: a kind a feature declares (in
 * DecisionPayloads) and does not list here, or lists under another name, fails the typecheck.
 */
export const DECISION_KINDS: { [K in DecisionKind]: DecisionKindDefinition<K> } = {
  phase_change: phaseChange,
  next_cycle: nextCycle,
  conclude,
  focus,
  ground_rules: groundRules,
  reveal_ratings: revealRatings,
  adopt_review: adoptValidityReview,
  devils_advocate: devilsAdvocate,
  amend_template: amendTemplate,
  amend_principles: amendPrinciples,
  publish_findings: publishFindings,
  general,
  audit_framework: auditFramework,
  co_counselling_totals: coCounsellingTotals,
  ...NETWORK_KINDS,
  ...CONFLICT_KINDS,
}

for (const definition of Object.values(DECISION_KINDS)) registerDecisionKind(definition as DecisionKindDefinition<DecisionKind>)
