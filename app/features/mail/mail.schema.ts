import { z } from 'zod'

/**
 * The mails a person may choose to get or not (docs/design.md §Mail). A password reset is not
 * among them: it is sent because the person asked for it.
 */
export const MAIL_KINDS = [
  'invitation',
  'phase_begun',
  'decision_awaits',
  'rating_round',
  'challenge_raised',
  'weekly_digest',
  'co_counselling_reminder',
] as const
export type MailKind = (typeof MAIL_KINDS)[number]

/** Every kind of mail the platform sends, the chosen ones and those sent on request. */
export type AnyMailKind = MailKind | 'password_reset'

export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  invitation: 'An invitation to a group or a pair is sent to me',
  phase_begun: 'A new phase has begun in one of my inquiries',
  decision_awaits: 'A decision awaits my stance, and the day before it closes',
  rating_round: 'A rating round opens, and when it is revealed',
  challenge_raised: 'A challenge is raised on something of mine',
  weekly_digest: 'A weekly digest of what happened in my groups',
  co_counselling_reminder: 'A co-counselling session I am in is a day away',
}

/** What a person gets before they choose: everything but the digest. */
export const WANTED_BY_DEFAULT: Record<MailKind, boolean> = {
  invitation: true,
  phase_begun: true,
  decision_awaits: true,
  rating_round: true,
  challenge_raised: true,
  weekly_digest: false,
  co_counselling_reminder: true,
}

export function isMailKind(value: string): value is MailKind {
  return (MAIL_KINDS as readonly string[]).includes(value)
}

const ticked = z.literal('on', { message: 'Tick the box, or leave it empty.' }).optional()

/**
 * The preferences form: a checkbox per kind ("on" when ticked). A `mail.` field naming no kind
 * of mail is refused beside it; other fields are ignored, as on every form.
 */
export const MailPreferencesSchema = z
  .looseObject(Object.fromEntries(MAIL_KINDS.map((kind) => [`mail.${kind}`, ticked])) as Record<`mail.${MailKind}`, typeof ticked>)
  .superRefine((form, ctx) => {
    for (const key of Object.keys(form)) {
      if (key.startsWith('mail.') && !isMailKind(key.slice('mail.'.length))) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'There is no such kind of mail: choose among the boxes shown.' })
      }
    }
  })
  .transform(
    (form) =>
      Object.fromEntries(MAIL_KINDS.map((kind) => [`mail.${kind}`, form[`mail.${kind}`]])) as Partial<Record<`mail.${MailKind}`, 'on'>>,
  )

/** The one-click unsubscribe link's parameters (RFC 8058). */
export const UnsubscribeSchema = z.object({
  p: z.string().min(1).max(64),
  k: z.string().refine(isMailKind, 'This is not a kind of mail the platform sends.'),
  t: z.string().min(1).max(128),
})
