import { z } from 'zod'

export const StanceSchema = z.object({
  stance: z.enum(['agree', 'abstain', 'disagree', 'block'], { message: 'Choose agree, abstain, disagree or block.' }),
  reason: z
    .string()
    .trim()
    .max(2000, 'Use at most 2,000 characters.')
    .optional()
    .transform((v) => (v ? v : null)),
  /**
   * Kept for forms that still send it: on an anonymous decision every stance is anonymous
   * whether or not it is ticked, and on a named one ticking it is refused.
   */
  anonymous: z.literal('on', { message: 'Tick the box, or leave it empty.' }).optional(),
})

/**
 * What every proposal form may add: the box "stances on this proposal are anonymous", and the
 * closing time (a `datetime-local` value in the proposer's time zone; empty: the rule's default).
 */
export const AnonymousProposalSchema = z.object({
  anonymousStances: z.literal('on', { message: 'Tick the box, or leave it empty.' }).optional(),
  closesAt: z
    .string()
    .trim()
    .max(40, 'Give the closing time as a date and a time.')
    .optional()
    .transform((v) => (v ? v : undefined)),
})

export const GeneralProposalSchema = z.object({
  title: z.string().trim().min(3, 'Give the proposal a short title.').max(200, 'Use at most 200 characters.'),
  body: z.string().trim().max(5000, 'Use at most 5,000 characters.').default(''),
})

export const STANCE_LABELS = {
  agree: 'Agree',
  abstain: 'Abstain',
  disagree: 'Disagree',
  block: 'Block',
} as const
