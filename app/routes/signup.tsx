import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useSearchParams } from '@remix-run/react'
import { Field, FormError, useFormFailure } from '~/components/form'
import { safeRedirect, SignupSchema } from '~/features/accounts/accounts.schema'
import { signUp } from '~/features/accounts/accounts.server'
import { getDb } from '~/utils/db.server'
import { parseWith, runAction } from '~/utils/http.server'
import { getUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Sign up — Co-operative inquiry' }]

export async function loader({ request }: LoaderFunctionArgs) {
  // Already signed in: straight on to where the link was going (an invitation, say).
  if (await getUser(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')))
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
    const input = parseWith(SignupSchema, form.values)
    const { setCookie } = await signUp(getDb(), input)
    return redirect(safeRedirect(form.values.redirectTo), { headers: { 'Set-Cookie': setCookie } })
  })
}

export default function Signup() {
  const { errors, values, formError } = useFormFailure()
  const [params] = useSearchParams()
  const redirectTo = values.redirectTo ?? params.get('redirectTo') ?? ''
  return (
    <section>
      <h1>Create an account</h1>
      <FormError message={formError} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="displayName"
          label="Your name"
          hint="As your group will see it."
          error={errors.displayName}
          defaultValue={values.displayName}
          autoComplete="name"
          required
        />
        <Field name="email" type="email" label="Email" error={errors.email} defaultValue={values.email} autoComplete="email" required />
        <Field
          name="password"
          type="password"
          label="Password"
          hint="At least 10 characters. A few words together are strong and easy to remember."
          error={errors.password}
          autoComplete="new-password"
          required
        />
        <button type="submit">Create account</button>
      </Form>
      <p>
        Already have an account? <Link to={`/login${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ''}`}>Log in</Link>
      </p>
    </section>
  )
}
