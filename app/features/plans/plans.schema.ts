import { z } from 'zod'

export const PlanSchema = z.object({
  action: z.string().trim().min(5, 'Say what you will do or attend to in your practice.').max(4000, 'Use at most 4,000 characters.'),
  recording: z.string().trim().min(5, 'Say how you will record your experience.').max(2000, 'Use at most 2,000 characters.'),
})

export const FocusSchema = z.object({
  focus: z.string().trim().min(5, 'Write the focus you propose for this cycle.').max(2000, 'Use at most 2,000 characters.'),
})
