import { z } from 'zod'

export const HAZARDS = ['consensus_collusion', 'uncritical_subjectivity', 'unaware_projection', 'dominance', 'other'] as const

export const HAZARD_LABELS: Record<(typeof HAZARDS)[number], { label: string; hint: string }> = {
  consensus_collusion: { label: 'Consensus collusion', hint: 'we are agreeing to leave something unquestioned' },
  uncritical_subjectivity: { label: 'Uncritical subjectivity', hint: 'we are taking our impressions at face value' },
  unaware_projection: { label: 'Unaware projection', hint: 'unprocessed distress may be shaping what we see' },
  dominance: { label: 'Dominance', hint: 'one voice or view is carrying the group' },
  other: { label: 'Something else', hint: 'another way this could be going wrong' },
}

export const NewChallengeSchema = z.object({
  target: z
    .string({ message: 'Choose what you are challenging.' })
    .regex(/^(process|(theme|record|decision):[A-Za-z0-9_-]{1,64})$/, 'Choose what you are challenging.'),
  hazard: z.enum(HAZARDS, { message: 'Name the hazard you see.' }),
  text: z.string().trim().min(10, 'Say what you are challenging and why (at least a sentence).').max(5000, 'Use at most 5,000 characters.'),
})

export const ResolveChallengeSchema = z.object({
  resolution: z.enum(['revised', 'answered', 'left_open'], { message: 'Choose how the challenge is resolved.' }),
  resolutionText: z.string().trim().max(5000, 'Use at most 5,000 characters.').default(''),
})

export const RESOLUTION_LABELS = {
  revised: 'Revised — what changed',
  answered: 'Answered — the answer',
  left_open: 'Left open',
} as const
