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

/** The most a group's answer to an indicator may say: a note, not an essay (the record is the place for that). */
export const ANSWER_NOTE_MAX = 2000

export const IndicatorAnswerSchema = z.object({
  indicatorKey: z
    .string()
    .trim()
    .min(1, 'Choose an indicator.')
    .max(64)
    .regex(/^[a-z][a-z0-9-]*$/, 'Choose an indicator.'),
  note: z
    .string({ message: 'Say what the group made of it.' })
    .trim()
    .min(1, 'Say what the group made of it: a note is what makes this an answer.')
    .max(ANSWER_NOTE_MAX, `Use at most ${ANSWER_NOTE_MAX.toLocaleString('en-GB')} characters.`),
})
