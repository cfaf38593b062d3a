// The outcome of a concern, in the seed's own terms (seed 003, "Forms of conflict resolution"):
// the form "needs to separate out authentic and honourable differences that are to be properly
// acknowledged and accommodated, from misunderstanding, misrepresentation, manipulation, and
// unaware projection of unprocessed distress".

export const OUTCOMES = ['honourable_difference', 'misunderstanding', 'misrepresentation', 'manipulation', 'unaware_projection'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const OUTCOME_LABELS: Record<Outcome, string> = {
  honourable_difference: 'An honourable difference',
  misunderstanding: 'A misunderstanding',
  misrepresentation: 'A misrepresentation',
  manipulation: 'Manipulation',
  unaware_projection: 'Unaware projection of unprocessed distress',
}

/** One line each: what the group means when it closes a concern this way. */
export const OUTCOME_MEANINGS: Record<Outcome, string> = {
  honourable_difference:
    'An authentic difference of view or practice: it is acknowledged and accommodated, and no one is asked to give it up.',
  misunderstanding: 'Someone took what was said or done to mean something it did not; once it is understood, the concern falls away.',
  misrepresentation: 'What was said or done was reported inaccurately, to the group or to others; the account is put right.',
  manipulation: 'Someone sought to steer others toward their own ends by indirect means; it is named, and it stops.',
  unaware_projection:
    'Distress that had not been processed was placed, unawares, on someone else; it is owned, and taken where it can be worked with.',
}

export const isOutcome = (value: string): value is Outcome => (OUTCOMES as readonly string[]).includes(value)

export const ABOUT_LABELS = {
  practice: 'A concern about a member’s practice',
  between_members: 'A concern between members',
} as const
export type About = keyof typeof ABOUT_LABELS

export const STATUS_LABELS = { open: 'Open', closed: 'Closed', withdrawn: 'Withdrawn' } as const
