import { z } from 'zod'

export const NewInquirySchema = z.object({
  title: z.string().trim().min(3, 'Give the inquiry a short title.').max(160, 'Use at most 160 characters.'),
  question: z
    .string()
    .trim()
    .min(10, 'Write the question or focus the group will inquire into.')
    .max(2000, 'Use at most 2,000 characters.'),
  templateSlug: z.string().min(1, 'Choose a template.').max(80),
})

export const MoveOnSchema = z.object({
  step: z.enum(['next', 'conclude'], { message: 'Choose what to propose.' }),
  skipOptional: z.literal('on', { message: 'Tick the box, or leave it empty.' }).optional(),
  reason: z.string().trim().max(2000, 'Use at most 2,000 characters.').default(''),
})
