import { Writable } from 'node:stream'
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { errorFields, getLogger } from './utils/log.server'
import { keepPage } from './utils/page-cache.server'
import { NonceContext } from './utils/nonce'
import { RequestIdContext } from './utils/request-id'

const ABORT_DELAY = 5_000

/**
 * Unexpected server errors are logged here with the request's id (which the error page
 * shows), never sent to the client (Remix hides them in production). The log line has the
 * method and the error, not the URL: tokens travel in paths and query strings.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return
  // A refused request (a 4xx the app or Remix answers on purpose) is not a server error.
  const status = error && typeof error === 'object' && 'status' in error ? Number((error as { status: unknown }).status) : 500
  if (status < 500) return
  getLogger().error({ reqId: context?.requestId, method: request.method, err: errorFields(error) }, 'unexpected error')
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce || undefined
  // No page streams (no loader defers): the whole page is rendered, then sent as one body, so
  // compression deflates it in one call instead of one per chunk React writes (zlib's per-call
  // overhead was an eighth of a loaded dashboard's time). Bots get the same.
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    // A render that has not finished in time is cut short (its error boundary shows).
    let abort = () => {}
    const timer = setTimeout(() => abort(), ABORT_DELAY)
    const chunks: Buffer[] = []
    const body = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk)
        done()
      },
    })
    body.on('finish', () => {
      clearTimeout(timer)
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
      if (!responseHeaders.has('Cache-Control')) responseHeaders.set('Cache-Control', 'private, no-store')
      const html = Buffer.concat(chunks)
      if (loadContext?.pageToKeep && responseStatusCode === 200 && nonce)
        keepPage(loadContext.pageToKeep, html.toString('utf8'), nonce, responseHeaders)
      resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }))
    })
    const render = renderToPipeableStream(
      <NonceContext.Provider value={nonce ?? ''}>
        <RequestIdContext.Provider value={loadContext?.requestId}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
        </RequestIdContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true
          render.pipe(body)
        },
        onShellError(error: unknown) {
          clearTimeout(timer)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) getLogger().error({ reqId: loadContext?.requestId, err: errorFields(error) }, 'error while rendering a page')
        },
      },
    )
    abort = render.abort
  })
}
