import { z } from 'zod'

// The peer review audit's forms (issue 18, item 5). Levels per criterion (`level.<key>`,
// `note.<key>`) are read against the framework by core/assessments.ts, not here: their names
// depend on the group's framework.

const text = (max: number, message: string) =>
  z
    .string()
    .trim()
    .min(1, message)
    .max(max, `At most ${max.toLocaleString('en')} characters.`)

export const AdoptTemplateSchema = z.object({
  templateSlug: z.string().min(1, 'Choose the framework to start from.'),
})

export const ReviseFrameworkSchema = z.object({
  framework: text(40_000, 'Write the framework: a “# ” line for each component, and a “- ” line for each of its criteria.'),
  why: z.string().trim().max(4000, 'At most 4,000 characters.').default(''),
})

export const AssessmentSchema = z.object({
  practisedOn: z.string().trim().min(1, 'Give the date you practised.'),
  occasion: text(500, 'Say in a few words what the occasion was (no client names).'),
  reflection: z.string().trim().max(20_000, 'At most 20,000 characters.').default(''),
})

export const MeetingSchema = z.object({
  heldOn: z.string().trim().min(1, 'Give the date of the meeting.'),
  title: text(200, 'Give the meeting a title.'),
})

export const PeerAssessmentSchema = z.object({
  feedback: text(20_000, 'Write your feedback: what you saw, and how it meets the criteria.'),
  meetingId: z.string().trim().max(64).default(''),
})
