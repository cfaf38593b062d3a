import { z } from 'zod'

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string().optional(),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().optional(),
    SEED_DEMO: z.enum(['true', 'false']).default('true'),
    /** Keys the hashes that stop a person casting two anonymous stances (generated in embedded mode). */
    BALLOT_KEY: z.string().min(32, 'BALLOT_KEY must be at least 32 characters').optional(),
    TEMPLATES_DIR: z.string().optional(),
    /** Public origin (https://inquiry.example.org) when the app runs behind a proxy. */
    APP_ORIGIN: z.string().url().optional(),
    /** smtp://user:pass@host:587 or smtps://…; without it mails are written to data/outbox/ as .eml files. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
      .optional(),
    /** MB each process may keep of results derived from inquiries' data (utils/cache.server.ts); 0 keeps nothing. */
    CACHE_MB: z.coerce
      .number({ message: 'CACHE_MB must be a number of megabytes, 0 or more' })
      .min(0, 'CACHE_MB must be a number of megabytes, 0 or more')
      .max(65_536, 'CACHE_MB must be at most 65536')
      .default(32),
    /** The sender of every mail, e.g. "Co-operative inquiry <inquiry@example.org>". */
    MAIL_FROM: z.string().min(3).default('Co-operative inquiry <no-reply@localhost>'),
  })
  .superRefine((env, ctx) => {
    // With PostgreSQL several app processes share one database: each must hold the same
    // secrets, so they come from the environment rather than a file beside the database.
    if (/^postgres(ql)?:\/\//i.test(env.DATABASE_URL ?? '')) {
      for (const key of ['SESSION_SECRET', 'BALLOT_KEY'] as const) {
        if (!env[key])
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${key} is required with PostgreSQL: every app process must share it (at least 32 characters)`,
          })
      }
    }
  })

type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

/** Validates process.env once; a bad value stops the boot naming the variable. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

/** The environment validated, or an error naming each bad variable. */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  return parsed.data
}

export const isProduction = () => getEnv().NODE_ENV === 'production'
