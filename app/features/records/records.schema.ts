import { z } from 'zod'
import { isRealDate } from '~/utils/dates'

export const WAYS_OF_KNOWING = ['experiential', 'presentational', 'propositional', 'practical'] as const

export const WAY_OF_KNOWING_HINTS: Record<(typeof WAYS_OF_KNOWING)[number], string> = {
  experiential: 'direct encounter: what you felt and met',
  presentational: 'image, story, metaphor, drawing, movement',
  propositional: 'statements and claims about what is so',
  practical: 'skill: knowing how to do something',
}

const MAX_RECORD_CHARS = 20_000

export const RecordSchema = z.object({
  wayOfKnowing: z.enum(WAYS_OF_KNOWING, { message: 'Choose a way of knowing.' }),
  text: z
    .string()
    .trim()
    .min(1, 'Write something in the record.')
    .max(MAX_RECORD_CHARS, `A record holds at most ${MAX_RECORD_CHARS.toLocaleString('en-GB')} characters; split it into two.`),
  occurredAt: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/, 'Give the date (and time if you like) it happened.')
    .refine(isRealDate, 'That date does not exist.')
    .refine((v) => Date.parse(v) <= Date.now() + 86_400_000, 'It cannot have happened in the future.'),
  visibility: z.enum(['private', 'group'], { message: 'Choose who can see it.' }),
})

export const RecordFilterSchema = z.object({
  cycle: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  phase: z.string().max(64).optional().catch(undefined),
  member: z.string().max(64).optional().catch(undefined),
  way: z.enum(WAYS_OF_KNOWING).optional().catch(undefined),
})

export type RecordFilter = z.infer<typeof RecordFilterSchema>
