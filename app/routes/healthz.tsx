import { sql } from 'kysely'
import { getDb } from '~/utils/db.server'

/** Liveness and database reachability for a load balancer; reveals nothing else. */
export async function loader() {
  try {
    await sql`select 1`.execute(getDb())
    return new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
  } catch {
    return new Response('database unavailable', { status: 503, headers: { 'Content-Type': 'text/plain' } })
  }
}
