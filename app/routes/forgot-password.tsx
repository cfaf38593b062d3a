import { json, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { Field, FormError, useFormFailure } from '~/components/form'
import { ForgotPasswordSchema } from '~/features/accounts/password-reset.schema'
import { requestPasswordReset, RESET_REQUESTED_MESSAGE } from '~/features/accounts/password-reset.server'
import { getDb } from '~/utils/db.server'
import { parseWith, runAction } from '~/utils/http.server'

export const meta: MetaFunction = () => [{ title: 'Forgot your password? — Co-operative inquiry' }]

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
    const input = parseWith(ForgotPasswordSchema, form.values)
    await requestPasswordReset(getDb(), input, context?.clientIp ?? 'unknown')
    return json({ done: true as const, message: RESET_REQUESTED_MESSAGE })
  })
}

export default function ForgotPassword() {
  const { errors, values, formError } = useFormFailure()
  const data = useActionData<{ done?: true; message?: string }>()
  return (
    <section>
      <h1>Forgot your password?</h1>
      {data?.done ? (
        <p role="status">{data.message}</p>
      ) : (
        <>
          <p>Give the address you log in with. We will mail you a link to set a new password; it works once, for one hour.</p>
          <FormError message={formError} />
          <Form method="post" noValidate>
            <Field name="email" type="email" label="Email" error={errors.email} defaultValue={values.email} autoComplete="email" required />
            <button type="submit">Mail me a link</button>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">Back to log in</Link>
      </p>
    </section>
  )
}
