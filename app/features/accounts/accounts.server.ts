import type { z } from 'zod'
import { countFailedAttempts, deleteOtherSessions, insertLoginAttempt } from '~db/queries/sessions'
import { findPersonByEmail, findPersonById, insertPerson, updatePasswordHash, updateTimeZone } from '~db/queries/people'
import type { Db } from '~db/connection'
import { recordAudit } from '~/features/audit/audit.server'
import { DomainError, isUniqueViolation } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import { currentSessionHash, endSession, startSession, type SessionUser } from '~/utils/session.server'
import type { ChangePasswordSchema, LoginSchema, SignupSchema, TimeZoneSchema } from './accounts.schema'
import { decoyHash, hashPassword, verifyPassword } from './password.server'

const WINDOW_MINUTES = 15
const MAX_FAILURES_PER_EMAIL = 5
const MAX_FAILURES_PER_IP = 30

/** Creates a person; used by sign-up and by the demo seed, so both make accounts the same way. */
export async function createAccount(
  db: Db,
  input: { email: string; displayName: string; password?: string; passwordHash?: string; isDemo?: boolean },
): Promise<string> {
  if (await findPersonByEmail(db, input.email)) {
    throw new DomainError('conflict', 'An account with this email already exists. Log in instead?', 'email')
  }
  const personId = newId()
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password ?? ''))
  try {
    await db.transaction().execute(async (trx) => {
      await insertPerson(trx, {
        id: personId,
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        isDemo: input.isDemo ? 1 : 0,
        createdAt: nowIso(),
      })
      await recordAudit(trx, { kind: 'signup', personId })
    })
  } catch (error) {
    // Two sign-ups with one email at the same moment: the database's unique email decides.
    if (isUniqueViolation(error)) throw new DomainError('conflict', 'An account with this email already exists. Log in instead?', 'email')
    throw error
  }
  return personId
}

export async function signUp(db: Db, input: z.infer<typeof SignupSchema>): Promise<{ personId: string; setCookie: string }> {
  const personId = await createAccount(db, input)
  return { personId, setCookie: await startSession(db, personId) }
}

/**
 * Logs in with rate limiting by email and by client address. The old session (if any)
 * is deleted and a new id issued, so a session id planted before login is useless after it.
 */
export async function logIn(
  db: Db,
  request: Request,
  input: z.infer<typeof LoginSchema>,
  clientIp: string,
): Promise<{ setCookie: string }> {
  const since = new Date(Date.now() - WINDOW_MINUTES * 60_000).toISOString()
  const [byEmail, byIp] = await Promise.all([
    countFailedAttempts(db, 'emailKey', input.email, since),
    countFailedAttempts(db, 'ipKey', clientIp, since),
  ])
  if (byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP) {
    await recordAudit(db, { kind: 'login_rate_limited', detail: { email: input.email } })
    throw new DomainError(
      'too_many',
      `Too many failed attempts. For your safety, logging in is paused for up to ${WINDOW_MINUTES} minutes.`,
    )
  }
  const person = await findPersonByEmail(db, input.email)
  const ok = await verifyPassword(input.password, person?.passwordHash ?? (await decoyHash()))
  await insertLoginAttempt(db, {
    id: newId(),
    emailKey: input.email,
    ipKey: clientIp,
    succeeded: ok && person ? 1 : 0,
    attemptedAt: nowIso(),
  })
  if (!ok || !person) {
    await recordAudit(db, { kind: 'login_failed', personId: person?.id ?? null })
    throw new DomainError('bad_request', 'That email and password do not match an account.')
  }
  await endSession(db, request)
  const setCookie = await startSession(db, person.id)
  await recordAudit(db, { kind: 'login', personId: person.id })
  return { setCookie }
}

export async function logOut(db: Db, request: Request, user: SessionUser | null): Promise<string> {
  const setCookie = await endSession(db, request)
  if (user) await recordAudit(db, { kind: 'logout', personId: user.id })
  return setCookie
}

/** Changes the password and ends every other session of this person. */
export async function changePassword(
  db: Db,
  request: Request,
  user: SessionUser,
  input: z.infer<typeof ChangePasswordSchema>,
): Promise<void> {
  const person = await findPersonById(db, user.id)
  if (!person || !(await verifyPassword(input.currentPassword, person.passwordHash))) {
    throw new DomainError('bad_request', 'Your current password is not right.', 'currentPassword')
  }
  const passwordHash = await hashPassword(input.newPassword)
  const keep = await currentSessionHash(request)
  await db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, user.id, passwordHash)
    await deleteOtherSessions(trx, user.id, keep)
    await recordAudit(trx, { kind: 'password_changed', personId: user.id })
  })
}

/** The time zone closing times are shown and chosen in (UTC clears it). */
export async function setTimeZone(db: Db, user: SessionUser, input: z.infer<typeof TimeZoneSchema>): Promise<void> {
  await updateTimeZone(db, user.id, input.timeZone === 'UTC' ? null : input.timeZone)
}
