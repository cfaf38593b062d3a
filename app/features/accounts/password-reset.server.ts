import type { z } from 'zod'
import type { Db } from '~db/connection'
import { countResetRequests, findPasswordReset, insertPasswordReset, retirePasswordResets, usePasswordReset } from '~db/queries/mail'
import { findPersonByEmail, updatePasswordHash } from '~db/queries/people'
import { deleteOtherSessions } from '~db/queries/sessions'
import { recordAudit } from '~/features/audit/audit.server'
import { appOrigin, mailAddress, resetPlaceholder, resetToken } from '~/features/mail/outbox.server'
import { DomainError } from '~/utils/errors.server'
import { hashToken, newId, nowIso } from '~/utils/ids.server'
import { hashPassword } from './password.server'
import type { ForgotPasswordSchema, ResetPasswordSchema } from './password-reset.schema'

// Password reset by mail (docs/design.md §5). The answer to a request is the same whether or
// not the address has an account; the link works once and for one hour, and only its hash is
// stored; using it ends every session of the account. Requests are limited per address and per
// client address, counted in the database so that the limit holds across processes.

export const RESET_LINK_MINUTES = 60
export const RESET_WINDOW_MINUTES = 60
export const MAX_RESETS_PER_EMAIL = 3
export const MAX_RESETS_PER_IP = 10

/** What the page says after any request, sent or not. */
export const RESET_REQUESTED_MESSAGE =
  'If an account uses that address, a mail with a link to set a new password is on its way. The link works once, for one hour.'

export async function requestPasswordReset(db: Db, input: z.infer<typeof ForgotPasswordSchema>, clientIp: string): Promise<void> {
  const since = new Date(Date.now() - RESET_WINDOW_MINUTES * 60_000).toISOString()
  const [byEmail, byIp] = await Promise.all([
    countResetRequests(db, 'emailKey', input.email, since),
    countResetRequests(db, 'ipKey', clientIp, since),
  ])
  if (byEmail >= MAX_RESETS_PER_EMAIL || byIp >= MAX_RESETS_PER_IP) {
    throw new DomainError(
      'too_many',
      `Too many reset requests. For the account's safety, wait up to ${RESET_WINDOW_MINUTES} minutes and ask again.`,
      'email',
    )
  }
  await db.transaction().execute(async (trx) => {
    const now = nowIso()
    const person = await findPersonByEmail(trx, input.email)
    const usable = person && !person.deletedAt && !person.placeholder
    const id = newId()
    const token = usable ? resetToken(id) : null
    await insertPasswordReset(trx, {
      id,
      personId: usable ? person.id : null,
      emailKey: input.email,
      ipKey: clientIp,
      tokenHash: token ? hashToken(token) : null,
      requestedAt: now,
      expiresAt: new Date(Date.now() + RESET_LINK_MINUTES * 60_000).toISOString(),
    })
    if (!usable || !token) return
    await recordAudit(trx, { kind: 'password_reset_requested', personId: person.id })
    await mailAddress(
      trx,
      person.email,
      'password_reset',
      {
        subject: 'Set a new password',
        lines: [
          `Hello ${person.displayName},`,
          '',
          'Someone (we hope you) asked to set a new password for your account. Open this link within one hour to choose it; it works once.',
          'If it was not you, ignore this mail: your password stays as it is.',
        ],
        link: `${appOrigin()}/reset-password?token=${resetPlaceholder(id)}`,
      },
      person.id,
    )
  })
}

const REFUSED = 'This reset link does not work: it was used already, it has expired, or it is not one we sent. Ask for a new one.'

/** Whether a reset link can still be used (the page asks before showing the form). */
export async function resetLinkIsUsable(db: Db, token: string): Promise<boolean> {
  const reset = token ? await findPasswordReset(db, hashToken(token)) : undefined
  return Boolean(reset && reset.personId && !reset.usedAt && reset.expiresAt > nowIso())
}

/** Sets the new password from a reset link, once; every session of the account ends. */
export async function resetPassword(db: Db, input: z.infer<typeof ResetPasswordSchema>): Promise<void> {
  const passwordHash = await hashPassword(input.newPassword)
  await db.transaction().execute(async (trx) => {
    const now = nowIso()
    const reset = await findPasswordReset(trx, hashToken(input.token))
    if (!reset || !reset.personId || reset.usedAt || reset.expiresAt <= now) throw new DomainError('bad_request', REFUSED, 'token')
    if (!(await usePasswordReset(trx, reset.id, now))) throw new DomainError('bad_request', REFUSED, 'token')
    await updatePasswordHash(trx, reset.personId, passwordHash)
    await retirePasswordResets(trx, reset.personId, now)
    await deleteOtherSessions(trx, reset.personId, null)
    await recordAudit(trx, { kind: 'password_reset', personId: reset.personId })
  })
}
