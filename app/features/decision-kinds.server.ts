// Every kind of decision, registered in one place. Each feature declares the kinds it owns in its
// own decision-kinds.server.ts; `decisions` knows only the registry, never the features. Import this
// module once where a process starts (the server's boot, the seed scripts, the test setup).
// A new kind: one file in the feature that owns it, and one line here.
import { registerDecisionKind } from '~/features/decisions/registry.server'
import { general } from '~/features/decisions/decision-kinds.server'
import { publishFindings } from '~/features/exports/decision-kinds.server'
import { groundRules } from '~/features/groups/decision-kinds.server'
import { conclude, nextCycle, phaseChange } from '~/features/inquiries/decision-kinds.server'
import { amendPrinciples } from '~/features/peer-review/decision-kinds.server'
import { focus } from '~/features/plans/decision-kinds.server'
import { revealRatings } from '~/features/ratings/decision-kinds.server'
import { amendTemplate } from '~/features/templates/decision-kinds.server'
import { adoptReview, devilsAdvocate } from '~/features/validity/decision-kinds.server'

registerDecisionKind(phaseChange)
registerDecisionKind(nextCycle)
registerDecisionKind(conclude)
registerDecisionKind(focus)
registerDecisionKind(groundRules)
registerDecisionKind(revealRatings)
registerDecisionKind(adoptReview)
registerDecisionKind(devilsAdvocate)
registerDecisionKind(amendTemplate)
registerDecisionKind(amendPrinciples)
registerDecisionKind(publishFindings)
registerDecisionKind(general)
