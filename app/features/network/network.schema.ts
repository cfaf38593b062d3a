import { z } from 'zod'

// The network's forms (issue 18). Every proposal form here proposes a decision of the group;
// nothing crosses to the network until the group has decided it.

const text = (max: number, message: string) =>
  z
    .string()
    .trim()
    .min(1, message)
    .max(max, `At most ${max.toLocaleString('en')} characters.`)

export const EnterNetworkSchema = z.object({
  route: text(4000, 'Say how the group means to come to stand by each other (for example, self and peer assessment).'),
})

export const StoodBySchema = z.object({
  account: text(4000, 'Say how the group came to stand by each other: the route it took and what it found.'),
})

export const StatementSchema = z.object({
  statement: text(20_000, 'Write the statement of the group’s ethical stance toward clients.'),
})

export const ProfileSchema = z.object({
  description: z.string().trim().max(2000, 'At most 2,000 characters.').default(''),
  showMemberCount: z.enum(['on'], { message: 'Tick the box, or leave it empty.' }).optional(),
})

export const AskLinkSchema = z.object({ toGroupId: z.string().min(1, 'Choose the group to ask.') })

export const AnswerLinkSchema = z.object({
  linkId: z.string().min(1),
  answer: z.enum(['accept', 'decline'], { message: 'Choose to accept or to decline.' }),
  reason: z.string().trim().max(4000, 'At most 4,000 characters.').default(''),
})

export const EndLinkSchema = z.object({
  linkId: z.string().min(1),
  reason: text(4000, 'Say why the group ends the link.'),
})

export const ValidationSchema = z
  .object({
    linkId: z.string().min(1),
    verdict: z.enum(['validated', 'withheld'], { message: 'Choose to validate or to withhold validation.' }),
    reasons: z.string().trim().max(8000, 'At most 8,000 characters.').default(''),
  })
  .refine((v) => v.verdict === 'validated' || v.reasons.length > 0, {
    message: 'Withholding validation needs its reasons: the other group reads them.',
    path: ['reasons'],
  })

export const FederalStanceSchema = z.object({
  proposalId: z.string().min(1),
  stance: z.enum(['agree', 'stand_aside', 'block'], { message: 'Choose agree, stand aside or block.' }),
  reason: z.string().trim().max(4000, 'At most 4,000 characters.').default(''),
})

export const LayDownSchema = z.object({ reason: text(4000, 'Say why the group lays itself down.') })

export const FederalProposalFormSchema = z.object({
  kind: z.enum(['general', 'amend_principles', 'grace_period', 'amend_rule', 'elect_officer', 'recall_officer'], {
    message: 'Choose what the proposal is about.',
  }),
  title: text(200, 'Give the proposal a title.'),
  body: text(20_000, 'Say what is proposed, and why.'),
  principles: z.string().optional(),
  graceDays: z.string().optional(),
  quorumPercent: z.string().optional(),
  blocksHoldOpen: z.enum(['on'], { message: 'Tick the box, or leave it empty.' }).optional(),
  office: z.string().optional(),
  personId: z.string().optional(),
  termMonths: z.string().optional(),
  officeId: z.string().optional(),
})

export const ChallengeSchema = z.object({ text: text(8000, 'Write the challenge to the other group’s process.') })
export const ChallengeAnswerSchema = z.object({ challengeId: z.string().min(1), answer: text(8000, 'Write the group’s answer.') })

export const MeetingSchema = z.object({
  startsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/, 'Give the date and time like 2026-12-10 14:30.'),
  place: text(300, 'Say where the joint meeting is (a place, or how to join it).'),
})
export const MeetingNoteSchema = z.object({ meetingId: z.string().min(1), note: text(20_000, 'Write the note.') })

export const GatheringSchema = z
  .object({
    title: text(200, 'Give the Gathering a title.'),
    startsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the first day like 2027-03-12.'),
    endsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the last day like 2027-03-14.'),
    place: text(300, 'Say where it is.'),
    description: z.string().trim().max(4000, 'At most 4,000 characters.').default(''),
  })
  .refine((g) => g.endsOn >= g.startsOn, { message: 'The last day cannot come before the first.', path: ['endsOn'] })

export const ContributionSchema = z.object({
  title: text(200, 'Give your contribution a title.'),
  body: text(20_000, 'Write your contribution.'),
})
export const PublishIssueSchema = z.object({
  title: text(200, 'Give the issue a title.'),
  gatheringId: z.string().optional(),
})
