import { z } from 'zod'
import { isRealDate } from '~/utils/dates'

export const AGENDA_KINDS = ['satisfaction', 'dissatisfaction', 'proposal', 'between_us'] as const
export const AGENDA_KIND_LABELS: Record<(typeof AGENDA_KINDS)[number], { label: string; hint: string }> = {
  satisfaction: { label: 'Satisfaction', hint: 'something in the work that is good for you' },
  dissatisfaction: { label: 'Dissatisfaction', hint: 'something in the work that is not right for you' },
  proposal: { label: 'Proposal', hint: 'a change of focus or structure' },
  between_us: { label: 'Between us', hint: 'the relationship itself, including feelings carried in from elsewhere' },
}

export const OUTCOMES = ['continue', 'change', 'pause', 'end'] as const
export const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number] | 'not_agreed', string> = {
  continue: 'Continue as we are',
  change: 'Change the focus or structure',
  pause: 'Pause the work',
  end: 'End the work',
  not_agreed: 'Not agreed: the present arrangement stands until the next review',
}

/** The client may raise more items than the practitioner (somewhat more than equal say). */
export const ITEM_LIMITS = { client: 10, practitioner: 3 } as const

export const AgendaItemSchema = z.object({
  kind: z.enum(AGENDA_KINDS, { message: 'Choose what kind of item this is.' }),
  text: z.string().trim().min(3, 'Say what you want to raise.').max(2000, 'Use at most 2,000 characters.'),
})

export const ItemNoteSchema = z.object({
  itemId: z.string().min(1).max(64),
  note: z.string().trim().min(1, 'Write what was said and what will change.').max(2000, 'Use at most 2,000 characters.'),
})

export const MoveItemSchema = z.object({
  itemId: z.string().min(1).max(64),
  direction: z.enum(['up', 'down'], { message: 'Choose up or down.' }),
})

export const OutcomeSchema = z.object({
  outcome: z.enum(OUTCOMES, { message: 'Choose continue, change, pause or end.' }),
  reason: z.string().trim().max(2000, 'Use at most 2,000 characters.').default(''),
})

export const CadenceSchema = z.object({
  cadenceDays: z.coerce
    .number({ message: 'Enter a number of days.' })
    .int('Use whole days.')
    .min(1, 'At least one day.')
    .max(365, 'At most a year.'),
  nextReviewOn: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'Give a date, or leave it empty.')
    .refine((v) => v === '' || isRealDate(v), 'That date does not exist.')
    .default(''),
})

export const PrinciplesSchema = z.object({
  principles: z.string().trim().min(10, 'Write the principles, one per line.').max(10_000, 'Use at most 10,000 characters.'),
  summary: z.string().trim().min(5, 'Say what changes and why.').max(2000, 'Use at most 2,000 characters.'),
})
