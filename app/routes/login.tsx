import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useSearchParams } from '@remix-run/react'
import { Field, FormError, useFormFailure } from '~/components/form'
import { LoginSchema, safeRedirect } from '~/features/accounts/accounts.schema'
import { logIn } from '~/features/accounts/accounts.server'
import { getDb } from '~/utils/db.server'
import { parseWith, runAction } from '~/utils/http.server'
import { getUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Log in — Co-operative inquiry' }]

export async function loader({ request }: LoaderFunctionArgs) {
  // Already signed in: straight on to where the link was going (an invitation, say).
  if (await getUser(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')))
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
    const input = parseWith(LoginSchema, form.values)
    const { setCookie } = await logIn(getDb(), request, input, context?.clientIp ?? 'unknown')
    return redirect(safeRedirect(form.values.redirectTo), { headers: { 'Set-Cookie': setCookie } })
  })
}

export default function Login() {
  const { errors, values, formError } = useFormFailure()
  const [params] = useSearchParams()
  const redirectTo = values.redirectTo ?? params.get('redirectTo') ?? ''
  return (
    <section>
      <h1>Log in</h1>
      {params.get('reset') === 'done' ? (
        <p role="status">Your new password is set, and every session of your account has ended. Log in with it.</p>
      ) : null}
      <FormError message={formError} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" type="email" label="Email" error={errors.email} defaultValue={values.email} autoComplete="email" required />
        <Field name="password" type="password" label="Password" error={errors.password} autoComplete="current-password" required />
        <button type="submit">Log in</button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to={`/signup${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ''}`}>Create an account</Link>
      </p>
    </section>
  )
}
