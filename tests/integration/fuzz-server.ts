import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import * as entryServer from '~/entry.server'
import * as rootModule from '~/root'
import { ORIGIN, importRoute, routeFiles, routeIdOf, segmentsOf } from './harness'

// Serves requests the way the production server does (entry.server.tsx, root.tsx and
// the route's component, through Remix's own request handler), from the route modules on
// disk. The integration harness calls loaders and actions only; this is for checking what a
// browser would be sent, e.g. that stored text comes out escaped.

type Route = { id: string; parentId: string; path?: string; index?: boolean; file: string }

/** Remix's flat-routes reading of the route files: ids, parents (longest route-id prefix) and relative paths. */
export function flatRoutes(files: string[] = routeFiles()): Route[] {
  const bases = files.map((f) => f.replace(/\.(tsx?|jsx?)$/, ''))
  return files.map((file, i) => {
    const base = bases[i]!
    const parent = bases
      .filter((b) => b !== base && !b.endsWith('_index') && base.startsWith(b + '.'))
      .sort((a, b) => b.length - a.length)[0]
    const skip = parent ? segmentsOf(parent).length : 0
    const segments = segmentsOf(file).slice(skip)
    const index = segments.length > 0 && !segments.at(-1)!.escaped && segments.at(-1)!.text === '_index'
    const path = segments
      .filter((s, j) => !(index && j === segments.length - 1))
      .filter((s) => s.escaped || !s.text.startsWith('_'))
      .map((s) => {
        if (s.escaped) return s.text
        const text = s.text.endsWith('_') ? s.text.slice(0, -1) : s.text
        if (text === '$') return '*'
        return text.startsWith('$') ? ':' + text.slice(1) : text
      })
      .join('/')
    return { id: routeIdOf(file), parentId: parent ? `routes/${parent}` : 'root', path: path || undefined, index: index || undefined, file }
  })
}

let handler: ReturnType<typeof createRequestHandler> | undefined

async function requestHandler() {
  if (handler) return handler
  const routes: ServerBuild['routes'] = { root: { id: 'root', path: '', module: rootModule as never } }
  const manifest: ServerBuild['assets']['routes'] = {
    root: {
      id: 'root',
      path: '',
      module: '/build/root.js',
      imports: [],
      hasAction: false,
      hasLoader: true,
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: true,
    },
  }
  for (const route of flatRoutes()) {
    const module = await importRoute(route.file)
    routes[route.id] = { id: route.id, parentId: route.parentId, path: route.path, index: route.index, module: module as never }
    manifest[route.id] = {
      id: route.id,
      parentId: route.parentId,
      path: route.path,
      index: route.index,
      module: `/build/${route.id}.js`,
      imports: [],
      hasAction: typeof module.action === 'function',
      hasLoader: typeof module.loader === 'function',
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: typeof module.ErrorBoundary === 'function',
    }
  }
  const build: ServerBuild = {
    mode: 'production',
    entry: { module: entryServer as never },
    routes,
    assets: { entry: { module: '/build/entry.client.js', imports: [] }, routes: manifest, url: '/build/manifest.js', version: 'fuzz' },
    publicPath: '/build/',
    assetsBuildDirectory: 'public/build',
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_lazyRouteDiscovery: false,
      v3_singleFetch: false,
    },
    isSpaMode: false,
  }
  handler = createRequestHandler(build, 'production')
  return handler
}

/** A request through Remix's own handler, as the production server passes it on (documents, `?_data=` requests, resource routes). */
export async function serve(request: Request): Promise<Response> {
  const handle = await requestHandler()
  return handle(request, { clientIp: '127.0.0.1', cspNonce: 'fuzz-nonce' })
}

/** GETs a path as a browser or a script would. */
export async function fetchPath(path: string, cookie: string | null, accept = 'text/html'): Promise<Response> {
  const headers = new Headers({ Accept: accept })
  if (cookie) headers.set('Cookie', cookie)
  return serve(new Request(ORIGIN + path, { headers }))
}

/** GETs a page as a browser would, and returns its status and HTML. */
export async function renderPage(path: string, cookie: string | null): Promise<{ status: number; html: string }> {
  const response = await fetchPath(path, cookie)
  return { status: response.status, html: await response.text() }
}
