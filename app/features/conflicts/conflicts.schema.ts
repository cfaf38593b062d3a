import { z } from 'zod'
import { OUTCOMES } from './core/outcomes'

// The forms of the group's concerns and conflicts (issue 18 item 6). The form's own steps arrive as
// a textarea, one step a line, and are read by core/form.ts parseStepsText.

const text = (max: number, message: string) =>
  z
    .string()
    .trim()
    .min(1, message)
    .max(max, `At most ${max.toLocaleString('en')} characters.`)

export const ProposeFormSchema = z.object({
  intro: z.string().trim().max(8000, 'At most 8,000 characters.').default(''),
  steps: z
    .string({ message: 'Write the steps, one a line: name | involved or group | what happens.' })
    .max(30_000, 'At most 30,000 characters.'),
})

export const RaiseSchema = z.object({
  about: z.enum(['practice', 'between_members'], { message: 'Choose whether it is about a member’s practice or between members.' }),
  concern: text(20_000, 'Write the concern: what happened, and what you want looked at.'),
})

export const NoteSchema = z.object({ note: text(20_000, 'Write what happened at this step.') })

export const MoveOnSchema = z.object({
  fromStep: z.string().min(1, 'Please fill in this field.'),
  note: z.string().trim().max(20_000, 'At most 20,000 characters.').default(''),
})

export const SupporterSchema = z.object({ personId: z.string().min(1, 'Choose the member both of you choose as a supporter.') })

export const OutcomeSchema = z.object({
  outcome: z.enum(OUTCOMES, { message: 'Choose one of the five outcomes the group’s form separates.' }),
  outcomeNote: text(20_000, 'Say how it was resolved, in words those who read the record will understand.'),
})

export const HelpSchema = z.object({
  linkId: z.string().min(1, 'Choose the link group to ask.'),
  summary: text(8000, 'Write the summary the link group will read: they never read the record itself.'),
})

export const AnswerHelpSchema = z.object({
  requestId: z.string().min(1),
  answer: text(20_000, 'Write your group’s answer.'),
})
