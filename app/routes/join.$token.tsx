import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FormError, useFormFailure } from '~/components/form'
import { joinByInvitation, viewInvitation } from '~/features/groups/groups.server'
import { getDb } from '~/utils/db.server'
import { runAction, runLoader } from '~/utils/http.server'
import { getUser, requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Invitation — Co-operative inquiry' }]

function tokenOf(params: Record<string, string | undefined>): string {
  const token = params.token ?? ''
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw json({ message: 'This invitation link is not valid.' }, { status: 404 })
  return token
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = tokenOf(params)
  const user = await getUser(request)
  // Before sign-in the link reveals nothing about the group.
  if (!user) return json({ signedIn: false as const, invitation: null, returnTo: new URL(request.url).pathname })
  return runLoader(async () => {
    const invitation = await viewInvitation(getDb(), token)
    return json({ signedIn: true as const, invitation, returnTo: '' })
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = tokenOf(params)
  const user = await requireUser(request)
  return runAction(request, async () => {
    const groupId = await joinByInvitation(getDb(), user, token)
    return redirect(`/groups/${groupId}`)
  })
}

export default function Join() {
  const data = useLoaderData<typeof loader>()
  const { formError } = useFormFailure()
  if (!data.signedIn) {
    const back = encodeURIComponent(data.returnTo)
    return (
      <section>
        <h1>You have been invited to a group</h1>
        <p>Log in or create an account to see the invitation.</p>
        <p className="actions">
          <Link className="button" to={`/signup?redirectTo=${back}`}>
            Create an account
          </Link>
          <Link className="button secondary" to={`/login?redirectTo=${back}`}>
            Log in
          </Link>
        </p>
      </section>
    )
  }
  const { invitation } = data
  if (invitation.state !== 'valid') {
    return (
      <section>
        <h1>This invitation no longer works</h1>
        <p className="warning">
          {invitation.state === 'expired' ? 'This invitation has expired.' : 'This invitation has been withdrawn.'} Ask the group for a new
          link.
        </p>
      </section>
    )
  }
  return (
    <section>
      <h1>Join {invitation.groupName}</h1>
      <FormError message={formError} />
      <p>
        {invitation.invitedBy} invited you to this {invitation.groupKind === 'pair' ? 'client–practitioner pair' : 'inquiry group'}
        {invitation.pairRole ? ` as the ${invitation.pairRole}` : ''}.
      </p>
      {invitation.seat ? (
        <p className="notice">
          This link gives you the seat <strong>{invitation.seat}</strong> of an inquiry imported from an archive. Joining, you take the seat
          over: what it recorded, rated and said becomes yours, under your name, and you count in the group’s decisions from then on.
        </p>
      ) : null}
      <Form method="post">
        <button type="submit">Join the group</button>
      </Form>
    </section>
  )
}
