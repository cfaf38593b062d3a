import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'
import { revealBlindRound } from '~/features/cycles/cycles.server'
import { revealIfComplete } from './ratings.server'

const RevealRatingsPayload = z.object({ cycleId: z.string() })

declare module '~db/schema' {
  interface DecisionPayloads {
    reveal_ratings: z.infer<typeof RevealRatingsPayload>
  }
}

/**
 * Reveals a cycle's blind round: by decision (`proposeReveal`), before everyone has rated or where
 * the template reveals only so; and by itself, where the template reveals on completion, once every
 * member has rated every theme.
 */
export const revealRatings: DecisionKindDefinition<'reveal_ratings'> = {
  kind: 'reveal_ratings',
  payload: RevealRatingsPayload,
  apply: (trx, { payload }) => revealBlindRound(trx, payload.cycleId),
  applyWhenDue: revealIfComplete,
}
