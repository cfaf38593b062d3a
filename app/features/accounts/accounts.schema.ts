import { z } from 'zod'
import { weakPasswordReason } from './core/weak-passwords'

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address is at most 254 characters.')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address, like name@example.org.')

// Length over complexity (NIST SP 800-63B): at least 10 characters, anything allowed,
// except the passwords and patterns people try first.
export const NewPasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters; a few words together make a strong, memorable password.')
  .max(200, 'Use at most 200 characters.')
  .superRefine((password, ctx) => {
    const reason = weakPasswordReason(password)
    if (reason) ctx.addIssue({ code: 'custom', message: reason })
  })

export const SignupSchema = z.object({
  displayName: z.string().trim().min(1, 'Enter the name your group will see.').max(80, 'Use at most 80 characters.'),
  email,
  password: NewPasswordSchema,
})

export const LoginSchema = z.object({
  email,
  password: z.string().min(1, 'Enter your password.').max(200, 'Use at most 200 characters.'),
})

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(200),
    newPassword: NewPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: 'The two new passwords do not match.',
    path: ['confirmPassword'],
  })

/** Only same-site paths may be used after login, so a link cannot send people elsewhere. */
export function safeRedirect(to: unknown, fallback = '/groups'): string {
  // Control characters are what this refuses, so the pattern names them.
  // eslint-disable-next-line no-control-regex
  if (typeof to !== 'string' || !to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback
  // Resolve against a placeholder origin: anything that leaves it (//host, /\t/host) is refused.
  const base = 'http://placeholder.invalid'
  try {
    const url = new URL(to, base)
    return url.origin === base ? url.pathname + url.search + url.hash : fallback
  } catch {
    return fallback
  }
}

/** Every IANA time zone this runtime knows, for the account page's list. */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')]

export const TimeZoneSchema = z.object({
  timeZone: z.string().refine((zone) => TIME_ZONES.includes(zone), { message: 'Choose a time zone from the list.' }),
})
