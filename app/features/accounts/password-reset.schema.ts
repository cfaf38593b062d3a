import { z } from 'zod'
import { NewPasswordSchema } from './accounts.schema'

export const ForgotPasswordSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'An email address is at most 254 characters.')
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address, like name@example.org.'),
})

export const ResetPasswordSchema = z
  .object({
    token: z.string().min(1, 'This reset link is not complete. Ask for a new one.').max(128, 'This reset link is not one we sent.'),
    newPassword: NewPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: 'The two new passwords do not match.',
    path: ['confirmPassword'],
  })
