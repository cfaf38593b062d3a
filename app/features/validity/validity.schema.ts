import { z } from 'zod'

export const JUDGEMENTS = ['met', 'partly', 'not_met', 'n_a'] as const
export const JUDGEMENT_LABELS: Record<(typeof JUDGEMENTS)[number], string> = {
  met: 'Met',
  partly: 'Partly',
  not_met: 'Not met',
  n_a: 'Not applicable',
}

export const JudgementSchema = z.object({
  procedureKey: z.string().min(1).max(64),
  status: z.enum(JUDGEMENTS, { message: 'Choose met, partly, not met or not applicable.' }),
  note: z.string().trim().max(4000, 'Use at most 4,000 characters.').default(''),
})

export const DevilsAdvocateSchema = z.object({ personId: z.string().min(1, 'Choose a member.').max(64) })

export const CheckInSchema = z.object({
  text: z.string().trim().min(1, 'Say briefly how you are.').max(2000, 'Use at most 2,000 characters.'),
  needsTime: z.literal('on', { message: 'Tick the box, or leave it empty.' }).optional(),
})
