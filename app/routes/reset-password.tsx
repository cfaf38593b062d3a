import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Field, FormError, useFormFailure } from '~/components/form'
import { ResetPasswordSchema } from '~/features/accounts/password-reset.schema'
import { resetLinkIsUsable, resetPassword } from '~/features/accounts/password-reset.server'
import { getDb } from '~/utils/db.server'
import { parseWith, runAction } from '~/utils/http.server'

export const meta: MetaFunction = () => [{ title: 'Set a new password — Co-operative inquiry' }]

const tokenOf = (request: Request) => new URL(request.url).searchParams.get('token') ?? ''

export async function loader({ request }: LoaderFunctionArgs) {
  const token = tokenOf(request)
  return { token, usable: await resetLinkIsUsable(getDb(), token) }
}

export async function action({ request }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
    // The token travels in the link's address, never in the form, so a kept form holds no secret.
    const input = parseWith(ResetPasswordSchema, { ...form.values, token: tokenOf(request) })
    await resetPassword(getDb(), input)
    return redirect('/login?reset=done')
  })
}

export default function ResetPassword() {
  const { token, usable } = useLoaderData<typeof loader>()
  const { errors, formError } = useFormFailure()
  return (
    <section>
      <h1>Set a new password</h1>
      {usable ? (
        <>
          <FormError message={formError ?? errors.token} />
          <Form method="post" action={`/reset-password?token=${encodeURIComponent(token)}`} noValidate>
            <Field
              name="newPassword"
              type="password"
              label="New password"
              hint="At least 10 characters; a few words together make a strong, memorable password."
              error={errors.newPassword}
              autoComplete="new-password"
              required
            />
            <Field
              name="confirmPassword"
              type="password"
              label="The new password again"
              error={errors.confirmPassword}
              autoComplete="new-password"
              required
            />
            <button type="submit">Set the new password</button>
          </Form>
          <p>Setting it logs you out everywhere; then log in with the new password.</p>
        </>
      ) : (
        <p role="alert">
          This reset link does not work: it was used already, it has expired, or it is not one we sent.{' '}
          <Link to="/forgot-password">Ask for a new one</Link>.
        </p>
      )}
    </section>
  )
}
