import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { getGroupPublication } from '~/features/network/network.server'
import { getDb } from '~/utils/db.server'
import { requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// A group's publication to the network as data: the versioned shape (network/core/messages.ts)
// that a later step carries between installations. The same as the page, for participants only.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () =>
    json(await getGroupPublication(getDb(), user, groupId), { headers: { 'Cache-Control': 'private, no-store' } }),
  )
}
