import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getParticipantProfile } from '~/features/network/network.server'
import { getDb } from '~/utils/db.server'
import { requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// A participant's profile in the network: their name, and accreditation through the network's
// process only where they chose to show it. Nothing else of them.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.displayName ?? 'Participant'} — The network — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const personId = requireParam(params, 'personId')
  return runLoader(async () => json(await getParticipantProfile(getDb(), user, personId)))
}

export default function Participant() {
  const { displayName, accreditations } = useLoaderData<typeof loader>()
  return (
    <article>
      <p className="muted">
        <Link to="/network">The network</Link>
      </p>
      <h1>{displayName}</h1>
      {accreditations.length === 0 ? (
        <p>A participant in the network.</p>
      ) : (
        <ul>
          {accreditations.map((a) => (
            <li key={a.groupId}>
              Accredited through the network’s process, as a member of <Link to={`/network/groups/${a.groupId}`}>{a.name}</Link> (
              {a.standingLabel.toLowerCase()}).
            </li>
          ))}
        </ul>
      )}
    </article>
  )
}
