import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormError, Notice, Select, useFormFailure } from '~/components/form'
import { ChangePasswordSchema, TIME_ZONES, TimeZoneSchema } from '~/features/accounts/accounts.schema'
import { changePassword, setTimeZone } from '~/features/accounts/accounts.server'
import { z } from 'zod'
import { formatDateTime } from '~/utils/format'
import { deleteAccount } from '~/features/accounts/withdrawal.server'
import { listMyActivity } from '~/features/audit/audit.server'
import { MAIL_KIND_LABELS, MAIL_KINDS, MailPreferencesSchema } from '~/features/mail/mail.schema'
import { getMailPreferences, saveMailPreferences } from '~/features/mail/preferences.server'
import { getDb } from '~/utils/db.server'
import { parseWith, runAction } from '~/utils/http.server'
import { endSession, requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Your account — Co-operative inquiry' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return json({
    displayName: user.displayName,
    email: user.email,
    timeZone: user.timeZone ?? 'UTC',
    mail: await getMailPreferences(getDb(), user),
    activity: await listMyActivity(getDb(), user.id, 30),
  })
}

const DeleteSchema = z.object({ confirm: z.string({ message: 'Type “delete my account” to confirm.' }).max(100) })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  return runAction(request, async (form) => {
    if (form.values.intent === 'delete') {
      await deleteAccount(getDb(), user, parseWith(DeleteSchema, form.values))
      return redirect('/', { headers: { 'Set-Cookie': await endSession(getDb(), request) } })
    }
    if (form.values.intent === 'timeZone') {
      await setTimeZone(getDb(), user, parseWith(TimeZoneSchema, form.values))
      return json({ timeZoneSaved: true })
    }
    if (form.values.intent === 'mail') {
      await saveMailPreferences(getDb(), user, parseWith(MailPreferencesSchema, form.values))
      return json({ mailSaved: true })
    }
    await changePassword(getDb(), request, user, parseWith(ChangePasswordSchema, form.values))
    return json({ changed: true })
  })
}

export default function Account() {
  const { displayName, email, timeZone, mail, activity } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const deleting = values.intent === 'delete'
  const done = useActionData() as { changed?: boolean; mailSaved?: boolean; timeZoneSaved?: boolean } | undefined
  const changed = done?.changed
  return (
    <section>
      <h1>Your account</h1>
      <p>
        {displayName} · {email}
      </p>
      <h2>Change your password</h2>
      {changed ? <Notice>Your password has been changed. You have been logged out everywhere else.</Notice> : null}
      <FormError message={formError} />
      <Form method="post" noValidate>
        <Field
          name="currentPassword"
          type="password"
          label="Current password"
          error={deleting ? undefined : errors.currentPassword}
          autoComplete="current-password"
          required
        />
        <Field
          name="newPassword"
          type="password"
          label="New password"
          hint="At least 10 characters; a few unrelated words are strong and easy to remember. The most common passwords are refused."
          error={deleting ? undefined : errors.newPassword}
          autoComplete="new-password"
          required
        />
        <Field
          name="confirmPassword"
          type="password"
          label="New password again"
          error={deleting ? undefined : errors.confirmPassword}
          autoComplete="new-password"
          required
        />
        <button type="submit">Change password</button>
      </Form>

      <h2 id="time-zone-heading">Your time zone</h2>
      {done?.timeZoneSaved ? <Notice>Your time zone is saved: closing times are shown and chosen in it.</Notice> : null}
      <Form method="post" aria-labelledby="time-zone-heading">
        <input type="hidden" name="intent" value="timeZone" />
        <Select
          name="timeZone"
          label="Closing times of proposals are shown, and chosen, in this time zone"
          defaultValue={values.intent === 'timeZone' ? values.timeZone : timeZone}
          error={values.intent === 'timeZone' ? errors.timeZone : undefined}
          options={TIME_ZONES.map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }))}
        />
        <button type="submit">Save my time zone</button>
      </Form>

      <h2 id="mail-heading">Your mails</h2>
      {done?.mailSaved ? <Notice>Your choice of mails is saved.</Notice> : null}
      <p className="muted">
        Mails say what happened and link to it; they never carry what anyone wrote. Every mail has a link to stop mails of its kind.
      </p>
      <Form method="post" aria-labelledby="mail-heading">
        <input type="hidden" name="intent" value="mail" />
        <fieldset className="field">
          <legend>Send me a mail when</legend>
          {MAIL_KINDS.map((kind) => (
            <div key={kind} className="choice">
              <input type="checkbox" id={`mail-${kind}`} name={`mail.${kind}`} defaultChecked={mail[kind]} />
              <label htmlFor={`mail-${kind}`}>{MAIL_KIND_LABELS[kind]}</label>
            </div>
          ))}
        </fieldset>
        {Object.entries(errors)
          .filter(([key]) => key.startsWith('mail.'))
          .map(([key, message]) => (
            <p key={key} className="field-error" role="alert">
              {message}
            </p>
          ))}
        <button type="submit">Save my choice of mails</button>
      </Form>

      <h2 id="activity-heading">Your activity</h2>
      <p className="muted">
        Log-ins, failed log-ins, password and consent changes, exports and withdrawals: the record kept of your account.
      </p>
      {activity.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ul className="activity">
          {activity.map((a, i) => (
            <li key={`${a.at}-${i}`}>
              <span className="muted">{formatDateTime(a.at)}</span> — {a.text}
            </li>
          ))}
        </ul>
      )}

      <h2 id="delete-heading">Delete your account</h2>
      <p>
        You withdraw from every group you were in: what you recorded, rated, said in decisions and raised in peer reviews is deleted, and
        your name and email are removed. The groups keep only that a member withdrew, and when. Themes and decisions you proposed stay as
        the groups’ own, reading “proposed by a former member”, and wherever your name or email was written in a group’s texts it reads “a
        former member”. This cannot be undone.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="delete" />
        <Field
          name="confirm"
          idPrefix="delete"
          label="Type “delete my account” to confirm"
          error={deleting ? errors.confirm : undefined}
          defaultValue={deleting ? values.confirm : undefined}
          maxLength={100}
        />
        <button type="submit" className="danger">
          Delete my account
        </button>
      </Form>
    </section>
  )
}
