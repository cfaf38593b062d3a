import { z } from 'zod'

export const NewGroupSchema = z
  .object({
    kind: z.enum(['inquiry_group', 'pair'], { message: 'Choose an inquiry group or a client–practitioner pair.' }),
    name: z.string().trim().min(1, 'Give the group a name.').max(120, 'Use at most 120 characters.'),
    pairRole: z.enum(['client', 'practitioner']).optional(),
    facilitate: z.literal('on', { message: 'Tick the box, or leave it empty.' }).optional(),
  })
  .refine((g) => g.kind !== 'pair' || g.pairRole !== undefined, {
    message: 'In a pair, say whether you are the client or the practitioner.',
    path: ['pairRole'],
  })

export const NewInvitationSchema = z.object({
  expiresInDays: z.coerce
    .number({ message: 'Choose how long the link stays valid.' })
    .int()
    .min(1, 'A link must be valid for at least one day.')
    .max(30, 'A link can be valid for at most 30 days.'),
  /** A placeholder seat of an imported inquiry that whoever joins through the link takes over. */
  seatPersonId: z.string().trim().max(64).optional(),
  /** Where to mail the link; empty: the inviter passes it on themselves. */
  sendTo: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'An email address is at most 254 characters.')
    .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'Enter an email address, like name@example.org, or leave it empty.')
    .optional()
    .transform((v) => (v ? v : undefined)),
})

export const RevokeInvitationSchema = z.object({ invitationId: z.string().min(1).max(64) })

export const FacilitatorSchema = z.object({
  personId: z.string().max(64).optional(),
})

export const GroundRulesSchema = z.object({
  groundRules: z
    .string()
    .trim()
    .min(10, 'Write the ground rules you propose (at least a sentence).')
    .max(5000, 'Use at most 5,000 characters.'),
})
