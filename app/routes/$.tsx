import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { notFoundResponse } from '~/utils/http.server'

export const meta: MetaFunction = () => [{ title: 'Not found — Co-operative inquiry' }]

/** Any address the app does not know is a 404 page, for GET and POST alike. */
export async function loader(_args: LoaderFunctionArgs) {
  throw notFoundResponse()
}

export async function action() {
  throw notFoundResponse()
}

export default function NotFound() {
  return null
}
