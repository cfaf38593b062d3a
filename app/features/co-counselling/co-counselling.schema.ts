import { z } from 'zod'
import { CONTRACTS } from './core/contracts'

// The co-counselling forms (issue 19). None of them has a field for what a client works on: the
// one text anywhere is the client's own private note.

const whole = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, `Give ${what} as a whole number.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Give ${what} between ${min} and ${max}.`)

export const BookSessionSchema = z.object({
  through: z.string().trim().min(1, 'Choose the group you share, or the network.'),
  partners: z
    .array(z.string().trim().min(1))
    .min(1, 'Choose who you will co-counsel with.')
    .max(5, 'A session has at most six people: choose five others at most.'),
  startsAt: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/, 'Give the date and time like 2026-12-10 14:30.'),
  minutesEach: whole(5, 180, 'the minutes each person has as client'),
  overrunMinutes: z
    .string()
    .trim()
    .default('5')
    .pipe(whole(0, 60, 'the minutes a turn may run over')),
})

const contract = z.enum(CONTRACTS, { message: 'Choose the contract: free attention, normal or intensive.' })

export const StartTurnSchema = z.object({ contract, counsellorId: z.string().trim().optional() })
export const ContractSchema = z.object({ turnId: z.string().min(1), contract })

/** An optional whole number: empty or missing is none. */
const optionalWhole = (digits: number, message: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === '' || new RegExp(`^\\d{1,${digits}}$`).test(v), message)
    .transform((v) => (v ? Number(v) : undefined))

export const StopTurnSchema = z.object({
  turnId: z.string().min(1),
  /** Measured by the timer page, in whole seconds. */
  seconds: optionalWhole(6, 'The measured length is in whole seconds.'),
  /** Entered by the counsellor, in whole minutes. */
  minutes: optionalWhole(4, 'Give the length in whole minutes, like 30.'),
})

export const TurnSchema = z.object({ turnId: z.string().min(1) })

export const NoteSchema = z.object({
  noteId: z.string().trim().optional(),
  text: z.string().trim().min(1, 'Write your note, or leave the form.').max(20_000, 'At most 20,000 characters.'),
})
export const DeleteNoteSchema = z.object({ noteId: z.string().trim().min(1) })

export const GroupTotalsSchema = z.object({
  show: z.enum(['yes', 'no'], { message: 'Choose whether the group sees the totals.' }),
})
