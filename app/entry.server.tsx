import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { errorFields, getLogger } from './utils/log.server'
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
  const waitForAll = isbot(request.headers.get('user-agent') ?? '')
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce ?? ''}>
        <RequestIdContext.Provider value={loadContext?.requestId}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
        </RequestIdContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          if (!responseHeaders.has('Cache-Control')) responseHeaders.set('Cache-Control', 'private, no-store')
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) getLogger().error({ reqId: loadContext?.requestId, err: errorFields(error) }, 'error while streaming a page')
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}
