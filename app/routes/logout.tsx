import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { logOut } from '~/features/accounts/accounts.server'
import { getDb } from '~/utils/db.server'
import { getUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Log out — Co-operative inquiry' }]

// GET changes nothing: it only offers the button, so a link or prefetch cannot log anyone out.
export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await getUser(request))) throw redirect('/')
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request)
  const setCookie = await logOut(getDb(), request, user)
  return redirect('/', { headers: { 'Set-Cookie': setCookie } })
}

export default function Logout() {
  return (
    <section>
      <h1>Log out</h1>
      <Form method="post">
        <button type="submit">Log out now</button>
      </Form>
    </section>
  )
}
