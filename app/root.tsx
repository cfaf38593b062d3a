import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { safeRedirect } from '~/features/accounts/accounts.schema'
import { useNonce } from './utils/nonce'
import { useRequestId } from './utils/request-id'
import type { ReactNode } from 'react'
import styles from '~/styles/app.css'
import { getUser } from '~/utils/session.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Co-operative inquiry' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  return json({ user: user ? { displayName: user.displayName } : null })
}

/**
 * The header's Log in and Sign up links bring the visitor back where they were (an invitation
 * link, say), or on those pages to where they were already going; only same-site paths.
 */
function returnQuery(pathname: string, search: string): string {
  const onAccountPage = pathname === '/login' || pathname === '/signup'
  const back = onAccountPage ? new URLSearchParams(search).get('redirectTo') : pathname + search
  const to = back ? safeRedirect(back, '') : ''
  return to && to !== '/' && to !== '/logout' ? `?redirectTo=${encodeURIComponent(to)}` : ''
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const user = data?.user ?? null
  const nonce = useNonce()
  const location = useLocation()
  const back = returnQuery(location.pathname, location.search)
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link to="/" className="brand">
            Co-operative inquiry
          </Link>
          <nav aria-label="Main">
            {user ? (
              <ul>
                <li>
                  <Link to="/groups">My groups</Link>
                </li>
                <li>
                  <Link to="/network">The network</Link>
                </li>
                <li>
                  <Link to="/co-counselling">Co-counselling</Link>
                </li>
                <li>
                  <Link to="/account">{user.displayName}</Link>
                </li>
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      Log out
                    </button>
                  </Form>
                </li>
              </ul>
            ) : (
              <ul>
                <li>
                  <Link to={`/login${back}`}>Log in</Link>
                </li>
                <li>
                  <Link to={`/signup${back}`}>Sign up</Link>
                </li>
              </ul>
            )}
          </nav>
        </header>
        <main id="main">{children}</main>
        <ScrollRestoration nonce={nonce || undefined} />
        <Scripts nonce={nonce || undefined} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

/** The request's id on an error page, for a person to quote to whoever runs the server (it finds the request in the log). */
function Reference() {
  const id = useRequestId()
  if (!id) return <p>If this keeps happening, reload the page: it then shows a reference to quote to whoever runs this server.</p>
  return (
    <p>
      If this keeps happening, quote this reference to whoever runs this server: <code data-request-id="">{id}</code>
    </p>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data === 'object' && error.data && 'message' in error.data ? String(error.data.message) : error.statusText
    return (
      <section className="error-page">
        <h1>{error.status === 404 ? 'Not found' : `Something is not right (${error.status})`}</h1>
        <p>{message}</p>
        <p>
          <Link to="/">Go to the start page</Link>
        </p>
        {error.status >= 500 ? <Reference /> : null}
      </section>
    )
  }
  return (
    <section className="error-page">
      <h1>Something went wrong</h1>
      <p>Sorry, we could not show this page. Nothing you entered has been lost; please try again.</p>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
      <Reference />
    </section>
  )
}
