import { z } from 'zod'

/** How a proposal closes: the rule an inquiry's template (and a pair's) sets for its decisions. */
export const DecisionRuleSchema = z.strictObject({
  /** Share of current members who must have taken a stance. */
  quorum: z
    .number()
    .gt(0)
    .max(1)
    .default(2 / 3),
  /** A single block stops the decision while it stands. */
  blockVetoes: z.boolean().default(true),
  /** Agrees must outnumber disagrees (guards against a quorum of disagreement passing). */
  agreeMustOutnumberDisagree: z.boolean().default(true),
  /**
   * Every stance on the inquiry's proposals is anonymous (docs/design.md §2, anonymous dissent): not
   * only disagree and block, so that taking a stance at all says nothing about which one.
   * The group switches it by a decision (amend_template); a proposer can also make one proposal
   * anonymous. The name is kept from when only dissent could be anonymous.
   */
  allowAnonymousDissent: z.boolean().default(false),
  /**
   * Time to deliberate: a proposal stays open until every member has taken a stance or its
   * closing time comes. The proposer chooses the closing time within these limits, in hours
   * from when it is proposed; unchosen, it closes `defaultHours` after.
   */
  closing: z
    .strictObject({
      defaultHours: z.number().int().min(1).max(8760).default(72),
      minHours: z.number().int().min(1).max(8760).default(1),
      maxHours: z.number().int().min(1).max(8760).default(336),
    })
    .refine((c) => c.minHours <= c.defaultHours && c.defaultHours <= c.maxHours, {
      message: 'closing: minHours ≤ defaultHours ≤ maxHours',
    })
    .default({ defaultHours: 72, minHours: 1, maxHours: 336 }),
})

export type DecisionRule = z.infer<typeof DecisionRuleSchema>
