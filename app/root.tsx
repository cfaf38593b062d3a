import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
  Form, isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData,
} from '@remix-run/react'
import { useNonce } from './utils/nonce'
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

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const user = data?.user ?? null
  const nonce = useNonce()
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="site-header">
          <Link to="/" className="brand">Co-operative inquiry</Link>
          <nav aria-label="Main">
            {user ? (
              <ul>
                <li><Link to="/groups">My groups</Link></li>
                <li><Link to="/account">{user.displayName}</Link></li>
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">Log out</button>
                  </Form>
                </li>
              </ul>
            ) : (
              <ul>
                <li><Link to="/login">Log in</Link></li>
                <li><Link to="/signup">Sign up</Link></li>
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

export function ErrorBoundary() {
  const error = useRouteError()
  if (isRouteErrorResponse(error)) {
    const message =
      typeof error.data === 'object' && error.data && 'message' in error.data ? String(error.data.message) : error.statusText
    return (
      <section className="error-page">
        <h1>{error.status === 404 ? 'Not found' : `Something is not right (${error.status})`}</h1>
        <p>{message}</p>
        <p><Link to="/">Go to the start page</Link></p>
      </section>
    )
  }
  return (
    <section className="error-page">
      <h1>Something went wrong</h1>
      <p>Sorry, we could not show this page. Nothing you entered has been lost; please try again.</p>
      <p><Link to="/">Go to the start page</Link></p>
    </section>
  )
}
