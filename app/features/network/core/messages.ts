import { z } from 'zod'

// The shapes that cross a group's boundary (issue 18 items 7 and 10), explicit and versioned, so
// that a later step can carry them between installations unchanged. Every reference is a URI,
// never a bare row id, and nothing here can hold a record, a rating, a check-in or an inquiry's
// content: only what a group decided to publish.

const Uri = z.string().regex(/^urn:uuid:[0-9a-f-]{36}$/, 'a urn:uuid URI')
const Iso = z.string().datetime()

export const NETWORK_MESSAGE_VERSION = 1

export const StatementMessage = z.strictObject({
  uri: Uri,
  version: z.number().int().min(1),
  text: z.string(),
  publishedAt: Iso,
})

export const LinkMessage = z.strictObject({
  uri: Uri,
  askingGroup: Uri,
  answeringGroup: Uri,
  status: z.enum(['asked', 'active', 'declined', 'ended']),
  askedAt: Iso,
  answeredAt: Iso.nullable(),
  endedAt: Iso.nullable(),
  reason: z.string().nullable(),
})

export const ValidationMessage = z.strictObject({
  uri: Uri,
  link: Uri,
  byGroup: Uri,
  ofGroup: Uri,
  verdict: z.enum(['validated', 'withheld']),
  reasons: z.string(),
  decidedAt: Iso,
})

export const FederalStanceMessage = z.strictObject({
  proposal: Uri,
  group: Uri,
  stance: z.enum(['agree', 'stand_aside', 'block']),
  reason: z.string(),
  castAt: Iso,
})

export const StandingEventMessage = z.strictObject({
  at: Iso,
  standing: z.enum(['forming', 'standing_by', 'member', 'full_member', 'seeking_link', 'laid_down']),
  note: z.string(),
})

/** Everything a group has published to the network: what a participant anywhere may read of it. */
export const GroupPublicationMessage = z.strictObject({
  type: z.literal('network.group'),
  version: z.literal(NETWORK_MESSAGE_VERSION),
  uri: Uri,
  name: z.string(),
  standing: StandingEventMessage.shape.standing,
  route: z.string().nullable(),
  description: z.string().nullable(),
  memberCount: z.number().int().nullable(),
  statements: z.array(StatementMessage),
  history: z.array(StandingEventMessage),
  links: z.array(LinkMessage),
  validations: z.array(ValidationMessage),
  federalStances: z.array(FederalStanceMessage),
})
export type GroupPublication = z.infer<typeof GroupPublicationMessage>

/** What a group chose its directory entry to show beyond its name and standing (decided by `network_profile`). */
export type NetworkProfile = { description: string; showMemberCount: boolean }

export function parseProfile(json: string): NetworkProfile {
  const raw = JSON.parse(json) as Partial<NetworkProfile>
  return { description: typeof raw.description === 'string' ? raw.description : '', showMemberCount: raw.showMemberCount === true }
}
