import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormError, Notice, useFormFailure } from '~/components/form'
import { ChangePasswordSchema } from '~/features/accounts/accounts.schema'
import { changePassword } from '~/features/accounts/accounts.server'
import { getDb } from '~/utils/db.server'
import { parseWith, runAction } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Your account — Co-operative inquiry' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return json({ displayName: user.displayName, email: user.email })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  return runAction(request, async (form) => {
    await changePassword(getDb(), request, user, parseWith(ChangePasswordSchema, form.values))
    return json({ changed: true })
  })
}

export default function Account() {
  const { displayName, email } = useLoaderData<typeof loader>()
  const { errors, formError } = useFormFailure()
  const changed = (useActionData() as { changed?: boolean } | undefined)?.changed
  return (
    <section>
      <h1>Your account</h1>
      <p>{displayName} · {email}</p>
      <h2>Change your password</h2>
      {changed ? <Notice>Your password has been changed. You have been logged out everywhere else.</Notice> : null}
      <FormError message={formError} />
      <Form method="post" noValidate>
        <Field name="currentPassword" type="password" label="Current password" error={errors.currentPassword} autoComplete="current-password" required />
        <Field name="newPassword" type="password" label="New password" hint="At least 10 characters." error={errors.newPassword} autoComplete="new-password" required />
        <Field name="confirmPassword" type="password" label="New password again" error={errors.confirmPassword} autoComplete="new-password" required />
        <button type="submit">Change password</button>
      </Form>
    </section>
  )
}
