import type { ReactNode } from 'react'
import { renderToString } from 'react-dom/server'

// Remix's hooks and links stood in for, so a route's page renders as a browser first gets it
// (server render) from the loader's data and the action's answer alone. A page test mocks
// '@remix-run/react' with this module and renders through `render`:
//
//   vi.mock('@remix-run/react', () => import('../support/remix-stand-in'))
//   const { render } = await import('../support/remix-stand-in')

let loaderData: unknown = null
let actionData: unknown = undefined

export const useLoaderData = () => loaderData
export const useActionData = () => actionData
export const useLocation = () => ({ pathname: '/here', search: '' })
export const Form = ({ children, method }: { children: ReactNode; method?: string }) => <form method={method}>{children}</form>
export const Link = ({ to, children }: { to: string; children: ReactNode }) => <a href={to}>{children}</a>
export const NavLink = Link

/** The page's HTML for this data and answer (none: a first visit), with React's escapes undone for reading. */
export function render(Page: () => ReactNode, data: unknown, answer?: unknown): string {
  loaderData = data
  actionData = answer
  return renderToString(<Page />)
    .replace(/<!-- -->/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}
