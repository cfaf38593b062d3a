import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { NETWORK_RECORD_FORMATS } from '~/features/network/core/record'
import { getNetworkRecord } from '~/features/network/record.server'
import { getDb } from '~/utils/db.server'
import { requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

const QuerySchema = z.object({ format: z.enum(NETWORK_RECORD_FORMATS).default('md') })

/**
 * GET /groups/:groupId/network/record?format=md|html — the group's network record (what it
 * published to the network) as a file to keep, for its members only. A resource route: the
 * browser receives the file itself. Markdown unless asked for HTML.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => {
    const parsed = QuerySchema.safeParse({ format: new URL(request.url).searchParams.get('format') ?? undefined })
    if (!parsed.success) throw json({ message: 'format must be md or html.' }, { status: 400 })
    const record = await getNetworkRecord(getDb(), user, groupId, parsed.data.format)
    return new Response(record.body, {
      status: 200,
      headers: {
        'Content-Type': record.contentType,
        'Content-Disposition': `attachment; filename="${record.filename}"`,
        'Cache-Control': 'private, no-store',
      },
    })
  })
}
