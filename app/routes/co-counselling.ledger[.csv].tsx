import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportOwnLedger } from '~/features/co-counselling/co-counselling.server'
import { getDb } from '~/utils/db.server'
import { runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

/**
 * GET /co-counselling/ledger.csv — the signed-in person's own ledger of attention, per partner and
 * per month (issue 19). The one export of co-counselling: no one can export another's.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return runLoader(async () => {
    const file = await exportOwnLedger(getDb(), user)
    return new Response(file.body, {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${file.filename}"`,
        'Cache-Control': 'private, no-store',
      },
    })
  })
}
